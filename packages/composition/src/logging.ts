import type { DomainEvent, EventLog } from '@codex-auth/domain';
import winston from 'winston';
import { requestContext } from './request-context.js';

export type Logger = winston.Logger;

/**
 * One JSON object per line on stdout, with `timestamp`, `level`, `message` and, inside a request,
 * `request_id` (and `ip`). `silent` is for tests that capture lines through `stream` instead.
 */
export function createLogger(options: {
  level: string;
  stream?: NodeJS.WritableStream;
  silent?: boolean;
}): Logger {
  const withRequest = winston.format((info) => {
    const ctx = requestContext.getStore();
    if (ctx !== undefined) {
      info.request_id ??= ctx.requestId;
      if (ctx.ip !== undefined) info.ip ??= ctx.ip;
    }
    return info;
  });
  return winston.createLogger({
    level: options.level,
    silent: options.silent ?? false,
    format: winston.format.combine(withRequest(), winston.format.timestamp(), winston.format.json()),
    transports: [
      options.stream === undefined
        ? new winston.transports.Console()
        : new winston.transports.Stream({ stream: options.stream }),
    ],
  });
}

/** Domain events as log lines: `event` is the event's name; ids in snake_case as API.md lists them. */
export class LoggerEventLog implements EventLog {
  constructor(private readonly logger: Logger) {}

  record(event: DomainEvent): void {
    try {
      this.logger.info(event.name, {
        event: event.name,
        ...(event.userId === undefined ? {} : { user_id: event.userId }),
        ...(event.sessionId === undefined ? {} : { session_id: event.sessionId }),
        ...(event.reason === undefined ? {} : { reason: event.reason }),
        ...(event.details ?? {}),
      });
    } catch {
      // A log failure must never fail the request that caused it.
    }
  }
}

const MAX_ERROR_MESSAGE = 500;

/**
 * An error as log fields: its code (a SQLSTATE, `ECONNREFUSED`, …) and message, never a stack, query
 * text or bound value. The database adapter already takes query text off its errors; the message is
 * clipped so that a chatty driver cannot flood the log.
 */
export function errorFields(error: unknown): { error: string; error_code?: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return {
    error: message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE)}…` : message,
    ...(typeof code === 'string' || typeof code === 'number' ? { error_code: String(code) } : {}),
  };
}
