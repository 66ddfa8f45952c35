# syntax=docker/dockerfile:1
# One image for every process of the Procfile: web (the default command), worker, and the admin CLI
# whose `migrate` is the release step. See the README's "Deploy" section.
#   docker build -t codex-auth .
#   docker run --env-file .env -p 8000:8000 codex-auth                       # web
#   docker run --env-file .env codex-auth node packages/worker/dist/main.js   # worker
#   docker run --env-file .env codex-auth node packages/cli/dist/main.js migrate

# The project's Node, exactly: the root devDependency `node` (npm:node@24.21.0) that every `pnpm`
# script runs on. scripts/deploy.test.ts fails when the two differ.
ARG NODE_VERSION=24.21.0

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# pnpm exactly as `packageManager` says (and as CI installs it).
RUN npm install --global pnpm@12.4.2 && npm cache clean --force
# Dependencies first, from the lockfile alone: this layer is rebuilt only when the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline && pnpm build
# Keep what runs: a fresh install of the production dependencies only (from the store filled above,
# so offline), and the compiled output. argon2's prebuilt binaries ship inside its package: nothing
# is compiled, as pnpm-workspace.yaml's allowBuilds says.
RUN rm -rf node_modules packages/*/node_modules examples/*/node_modules \
  && pnpm install --frozen-lockfile --offline --prod \
  && rm -rf examples docs scripts tools packages/*/src packages/*/test packages/*/scripts

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Code stays root-owned, so the process cannot change it; only DATA_DIR (./.data, used by the
# embedded database outside production) is the runtime user's.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages ./packages
RUN mkdir .data && chown node:node .data
# `node` is the unprivileged user of the official image (uid 1000).
USER node
EXPOSE 8000
# No curl in slim images: Node's own fetch. PORT as the web process reads it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The Procfile's `web:` line, allocator setting included (docs/performance.md, "Memory after logins"):
# glibc reads GLIBC_TUNABLES only when the process starts, so it is set on the command, not by the app.
CMD ["env", "GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072:glibc.malloc.hugetlb=1", "node", "packages/server/dist/main.js"]
