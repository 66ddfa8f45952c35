import { escapeHtml as escape } from '../html.js';
import { PROBLEM_CODES, PROBLEMS } from '../problem.js';
import type { Route } from '../route.js';
import { requestSchemas } from '../schemas.js';
import { routeProblemCodes } from './document.js';

// Inline code spans of the summaries, rendered after escaping so nothing else becomes markup.
function inline(text: string): string {
  return escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

interface SchemaLike {
  readonly properties?: Readonly<Record<string, { readonly type?: unknown; readonly enum?: unknown }>>;
  readonly required?: readonly string[];
}

function fields(schema: SchemaLike | undefined): string {
  const properties = Object.entries(schema?.properties ?? {});
  if (properties.length === 0) return '';
  const items = properties.map(([name, prop]) => {
    const type = Array.isArray(prop.enum) ? prop.enum.map(String).join(' | ') : String(prop.type ?? 'any');
    const optional = schema?.required?.includes(name) === true ? '' : '?';
    return `<li><code>${escape(name)}${optional}</code>: ${escape(type)}</li>`;
  });
  return `<p>Body (JSON):</p><ul>${items.join('')}</ul>`;
}

const AUTH_LABEL = {
  none: 'no token',
  refresh: 'refresh token (Bearer or body)',
  access: 'access token',
  admin: 'access token of an admin',
} as const;

/**
 * A plain page rendered on the server: no script and no inline style, so it works under the strict
 * CSP; its stylesheet comes from this origin. The OpenAPI document is the machine-readable twin.
 */
export function docsPage(routes: readonly Route[], schemas: Readonly<Record<string, unknown>>): string {
  const operations = routes.map((route) => {
    const bodyId = route.body === undefined ? undefined : requestSchemas.get(route.body.schema)?.id;
    const bodySchema = bodyId === undefined ? undefined : (schemas[bodyId] as SchemaLike | undefined);
    const statuses = Object.keys(route.responses).join(', ');
    const problems = routeProblemCodes(route)
      .map((code) => `<a href="#problem-${code}"><code>${code}</code></a>`)
      .join(' ');
    return `<section class="op" id="op-${escape(route.operationId)}">
<h3><span class="method">${route.method}</span> <code>${escape(route.path)}</code></h3>
<p>${inline(route.summary)}</p>${route.description === undefined ? '' : `<p>${inline(route.description)}</p>`}
<p>Auth: ${AUTH_LABEL[route.auth]}${route.rateLimit === undefined ? '' : '; rate limited'}.</p>
${fields(bodySchema)}<p>Success: ${statuses}. Problems: ${problems}</p>
</section>`;
  });
  const problemRows = PROBLEM_CODES.map(
    (code) =>
      `<tr id="problem-${code}"><td><code>${code}</code></td><td>${PROBLEMS[code].status}</td><td>${escape(PROBLEMS[code].title)}</td></tr>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Codex Auth API</title>
<link rel="stylesheet" href="/api/v1/docs/docs.css">
</head>
<body>
<h1>Codex Auth API v1</h1>
<p>Machine-readable: <a href="/api/v1/openapi.json">OpenAPI 3.1 document</a>. Every error is an RFC 9457
problem document (<code>application/problem+json</code>) with a stable <code>code</code>.</p>
<h2>Operations</h2>
${operations.join('\n')}
<h2>Problem codes</h2>
<table><thead><tr><th>code</th><th>status</th><th>title</th></tr></thead>
<tbody>${problemRows.join('')}</tbody></table>
</body>
</html>
`;
}

export const DOCS_STYLESHEET = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
code{font:13px ui-monospace,monospace;background:#f3f3f5;padding:0 .25rem;border-radius:3px}
.op{border-top:1px solid #ddd;padding:.5rem 0}
.op h3{margin:.25rem 0;font-size:1rem}
.method{display:inline-block;min-width:4rem;font-weight:700}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}
tr:target{background:#fff6d5}
`;
