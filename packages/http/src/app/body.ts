import getRawBody, { type RawBodyError } from 'raw-body';
import type { AppContext } from './context.js';
import { HttpProblem } from './problem.js';

/** 64 KiB: far above any request of this API, far below what could hurt a process. */
export const BODY_LIMIT_BYTES = 64 * 1024;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * True for `application/json` with no charset or a UTF-8 one (RFC 8259: JSON exchanged between
 * systems is UTF-8); parameters are case-insensitive, and other parameters are ignored.
 */
export function isJsonContentType(header: string): boolean {
  const [essence, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (essence !== 'application/json') return false;
  return params.every((param) => {
    const [name, rawValue = ''] = param.split('=', 2).map((s) => s.trim());
    if (name !== 'charset') return true;
    const value = rawValue.replace(/^"(.*)"$/, '$1');
    return value === 'utf-8' || value === 'utf8';
  });
}

/** Whether the request carries a body at all (RFC 9112: framed by a length or a transfer coding). */
function announcesBody(ctx: AppContext): boolean {
  const length = ctx.get('Content-Length');
  return ctx.get('Transfer-Encoding') !== '' || (length !== '' && length !== '0');
}

/**
 * Reads the request body as one JSON object, or `undefined` when there is none. Every way a body can
 * be wrong is a 4xx problem, never a 500: a non-JSON type or a compressed body 415, over the limit
 * 413 (refused from `Content-Length` before reading when it says so), not UTF-8, not JSON or not an
 * object 400 invalid_json.
 */
export async function readJsonObject(ctx: AppContext): Promise<Record<string, unknown> | undefined> {
  if (!announcesBody(ctx)) return undefined;
  if (!isJsonContentType(ctx.get('Content-Type'))) throw new HttpProblem('unsupported_media_type');
  const encoding = ctx.get('Content-Encoding').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    throw new HttpProblem('unsupported_media_type', { detail: 'compressed request bodies are not accepted' });
  }
  const declared = ctx.get('Content-Length');
  let raw: Buffer;
  try {
    raw = await getRawBody(ctx.req, {
      limit: BODY_LIMIT_BYTES,
      length: /^\d+$/.test(declared) ? Number(declared) : null,
    });
  } catch (error) {
    throw fromRawBodyError(ctx, error as RawBodyError);
  }
  if (raw.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(UTF8.decode(raw));
  } catch {
    throw new HttpProblem('invalid_json', { detail: 'the request body is not valid JSON' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpProblem('invalid_json');
  }
  return parsed as Record<string, unknown>;
}

function fromRawBodyError(ctx: AppContext, error: RawBodyError): HttpProblem {
  if (error.type === 'entity.too.large') {
    // The rest of the body is not read; closing the connection after the answer stops the client
    // from streaming it into a socket nobody reads.
    ctx.set('Connection', 'close');
    return new HttpProblem('payload_too_large', {
      detail: `the request body must be at most ${BODY_LIMIT_BYTES} bytes`,
    });
  }
  return new HttpProblem('invalid_json', { detail: 'the request body could not be read' });
}
