import type { DevMailbox } from '@codex-auth/domain';
import {
  MAILBOX_CSP,
  MAILBOX_STYLESHEET,
  MAILBOX_STYLESHEET_PATH,
  mailboxPage,
} from '../dev-mail/mailbox-page.js';
import { defineRoute, type Route } from '../route.js';

/** The newest this many: enough for a session of trying things, small enough to read at once. */
const MAILBOX_LIMIT = 50;

/**
 * Development-only pages, never in the OpenAPI document (they are no part of the API) and never
 * registered in production: `createHttpApp` leaves them out there, so their paths answer 404.
 */
export function devRoutes(deps: { readonly devMailbox: DevMailbox; readonly smtpInUse: boolean }): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/dev/mail',
      operationId: 'devMailbox',
      summary: 'The development mailbox: emails saved instead of sent, newest first',
      tag: 'dev',
      auth: 'none',
      responses: { 200: { description: 'HTML', contentType: 'text/html' } },
      async handle({ ctx }) {
        const messages = await deps.devMailbox.list(MAILBOX_LIMIT);
        const page = mailboxPage(messages, {
          limit: MAILBOX_LIMIT,
          smtpInUse: deps.smtpInUse,
          origin: ctx.origin,
        });
        return {
          status: 200,
          body: page,
          type: 'text/html; charset=utf-8',
          headers: { 'Content-Security-Policy': MAILBOX_CSP },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: MAILBOX_STYLESHEET_PATH,
      operationId: 'devMailboxStylesheet',
      summary: 'The development mailbox stylesheet',
      tag: 'dev',
      auth: 'none',
      responses: { 200: { description: 'CSS' } },
      cacheControl: 'public, max-age=3600',
      handle: () =>
        Promise.resolve({ status: 200, body: MAILBOX_STYLESHEET, type: 'text/css; charset=utf-8' }),
    }),
  ];
}
