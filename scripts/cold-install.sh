#!/usr/bin/env bash
# Installs this commit into an empty package store and an empty home, as a new contributor or a new CI
# runner would, then loads argon2's native binary on the project's Node. Fails if either fails.
# Why it exists: with a warm store, pnpm's side-effects cache hides install scripts that cannot run on
# a cold machine (argon2's used to test its binary on the system Node 20, crash, and try to compile).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/store"
git clone --quiet "$repo" "$scratch/clone"
cd "$scratch/clone"
echo "cold install: $(git rev-parse --short HEAD), system $(node --version 2>/dev/null || echo 'no node'), empty store $scratch/store"
env HOME="$scratch/home" XDG_CACHE_HOME="$scratch/home/.cache" XDG_DATA_HOME="$scratch/home/.local/share" \
  XDG_CONFIG_HOME="$scratch/home/.config" XDG_STATE_HOME="$scratch/home/.local/state" \
  pnpm install --frozen-lockfile --store-dir "$scratch/store" --reporter=append-only >"$scratch/install.log" 2>&1 || {
  tail -n 40 "$scratch/install.log"
  echo "cold install FAILED (full log above, last 40 lines)" >&2
  exit 1
}
# The store must have been filled by this install (it was empty): otherwise nothing was proven.
[ -n "$(ls -A "$scratch/store")" ] || { echo "cold install used another store" >&2; exit 1; }
cd packages/adapters-crypto
pnpm exec node -e "import('argon2').then(async (a) => { await a.verify(await a.hash('x'), 'x') || process.exit(1); console.log('cold install: ok, argon2 loads on node ' + process.version); })"
