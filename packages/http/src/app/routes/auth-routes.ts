import type { Logger } from '@codex-auth/composition';
import type { UseCases } from '@codex-auth/domain';
import { sessionJson, tokenJson, userJson } from '../presenters.js';
import {
  ChangePasswordRequest,
  CredentialsRequest,
  RegisterRequest,
  DetailResponse,
  ForgotPasswordRequest,
  LogoutAllResponse,
  RefreshTokenRequest,
  ResetPasswordRequest,
  SessionList,
  TokenResponse,
  UserEnvelope,
  UserSchema,
} from '../schemas.js';
import { defineRoute, type Route } from '../route.js';

export interface AuthRouteDeps {
  readonly useCases: UseCases;
  readonly logger: Logger;
}

const BASE = '/api/v1/auth';

/** The `detail` of successful answers; those marked seed are compared by the seed's clients. */
export const REPLIES = {
  loggedOut: 'logged out', // seed
  allRevoked: 'all sessions revoked', // seed
  resetRequested: 'if the account exists, a reset link has been sent',
  passwordUpdated: 'password updated',
} as const;

export function authRoutes({ useCases, logger }: AuthRouteDeps): Route[] {
  return [
    defineRoute({
      method: 'POST',
      path: `${BASE}/register`,
      operationId: 'register',
      summary: 'Sign up; the account waits for approval',
      tag: 'auth',
      auth: 'none',
      body: { schema: RegisterRequest, required: true },
      rateLimit: 'register',
      responses: { 201: { description: 'Registered, `status: pending`', schema: UserEnvelope } },
      failures: ['validation_failed', 'email_taken', 'registration_closed'],
      async handle({ body }) {
        const result = await useCases.registerUser.execute(body);
        return result.ok ? { status: 201, body: { user: userJson(result.value) } } : result;
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/login`,
      operationId: 'login',
      summary: 'Log in: opens a session and returns an access and a refresh token',
      description: 'Rate limited per client ip (every attempt) and per email (failed attempts only).',
      tag: 'auth',
      auth: 'none',
      body: { schema: CredentialsRequest, required: true },
      rateLimit: 'login',
      responses: { 200: { description: 'Logged in', schema: TokenResponse } },
      failures: [
        'validation_failed',
        'invalid_credentials',
        'account_pending',
        'account_rejected',
        'account_disabled',
      ],
      // Failed attempts per account are the use case's to count and refuse (a 429 like the ip limit's).
      async handle({ body, ip, userAgent }) {
        const result = await useCases.login.execute({ ...body, ip, userAgent });
        return result.ok ? { status: 200, body: tokenJson(result.value) } : result;
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/me`,
      operationId: 'me',
      summary: 'The calling user',
      tag: 'auth',
      auth: 'access',
      responses: { 200: { description: 'The user object, at top level', schema: UserSchema } },
      // The account as authentication read it, with the session, in the same single query.
      handle: async ({ principal }) => ({ status: 200, body: userJson(principal.user) }),
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/refresh`,
      operationId: 'refresh',
      summary: 'Rotate a refresh token: it is spent and a new pair issued in the same session',
      description:
        'The refresh token comes as `Authorization: Bearer <refresh token>` (preferred) or in the body. ' +
        'A spent token shown again within the grace window gets a new access token and the refresh token ' +
        'that replaced it; after the window it revokes the whole session.',
      tag: 'auth',
      auth: 'refresh',
      body: { schema: RefreshTokenRequest, required: false },
      rateLimit: 'refresh',
      responses: { 200: { description: 'A new pair', schema: TokenResponse } },
      failures: [
        'validation_failed',
        'refresh_required',
        'invalid_refresh',
        'refresh_revoked',
        'refresh_reused',
        'account_pending',
        'account_rejected',
        'account_disabled',
      ],
      async handle({ body, bearer, ip, userAgent }) {
        const refreshToken = bearer ?? body.refresh_token ?? '';
        const result = await useCases.refreshSession.execute({ refreshToken, ip, userAgent });
        return result.ok ? { status: 200, body: tokenJson(result.value) } : result;
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/logout`,
      operationId: 'logout',
      summary: "End the refresh token's session (idempotent)",
      description: 'The refresh token comes as `Authorization: Bearer <refresh token>` or in the body.',
      tag: 'auth',
      auth: 'refresh',
      body: { schema: RefreshTokenRequest, required: false },
      responses: { 200: { description: '`{"detail":"logged out"}`', schema: DetailResponse } },
      failures: ['validation_failed', 'refresh_required', 'invalid_refresh'],
      // The seed answered a missing token here with 400, unlike /refresh.
      statusOverrides: { refresh_required: 400 },
      async handle({ body, bearer }) {
        const refreshToken = bearer ?? body.refresh_token ?? '';
        const result = await useCases.logout.execute({ refreshToken });
        if (result.ok) return { status: 200, body: { detail: REPLIES.loggedOut } };
        if (result.code === 'refresh_required') {
          logger.info('logout_missing_token', { event: 'logout_missing_token' });
        }
        return result;
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/logout_all`,
      operationId: 'logoutAll',
      summary: "End every session of the caller's account, the caller's own included",
      tag: 'auth',
      auth: 'access',
      responses: { 200: { description: 'How many sessions ended', schema: LogoutAllResponse } },
      async handle({ principal }) {
        const result = await useCases.logoutAll.execute({ principal });
        if (!result.ok) return result;
        return { status: 200, body: { detail: REPLIES.allRevoked, revoked: result.value.revoked } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/sessions`,
      operationId: 'listSessions',
      summary: "The caller's live sessions, newest first",
      tag: 'auth',
      auth: 'access',
      responses: { 200: { description: 'Live sessions', schema: SessionList } },
      async handle({ principal }) {
        const result = await useCases.listSessions.execute({ principal });
        if (!result.ok) return result;
        return { status: 200, body: { items: result.value.items.map(sessionJson) } };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: `${BASE}/sessions/{id}`,
      operationId: 'revokeSession',
      summary: "End one of the caller's own sessions",
      tag: 'auth',
      auth: 'access',
      responses: { 204: { description: 'Ended' } },
      failures: ['not_found'],
      async handle({ principal, params }) {
        const result = await useCases.revokeSession.execute({ principal, sessionId: params['id'] ?? '' });
        return result.ok ? { status: 204 } : result;
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/forgot-password`,
      operationId: 'forgotPassword',
      summary:
        'Email a reset link (queued; sent by the worker, at most 3 per account per hour by default); the answer and its timing are the same whether or not the account exists',
      tag: 'auth',
      auth: 'none',
      body: { schema: ForgotPasswordRequest, required: true },
      rateLimit: 'forgotPassword',
      responses: { 202: { description: 'Accepted', schema: DetailResponse } },
      failures: ['validation_failed'],
      async handle({ body }) {
        const result = await useCases.requestPasswordReset.execute(body);
        return result.ok ? { status: 202, body: { detail: REPLIES.resetRequested } } : result;
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/reset-password`,
      operationId: 'resetPassword',
      summary: "Set a new password with a reset link's token; every session ends",
      tag: 'auth',
      auth: 'none',
      body: { schema: ResetPasswordRequest, required: true },
      responses: { 200: { description: 'Updated', schema: DetailResponse } },
      failures: ['validation_failed', 'invalid_token'],
      async handle({ body }) {
        const result = await useCases.resetPassword.execute(body);
        return result.ok ? { status: 200, body: { detail: REPLIES.passwordUpdated } } : result;
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/change-password`,
      operationId: 'changePassword',
      summary: "Change the caller's password; every other session ends",
      tag: 'auth',
      auth: 'access',
      body: { schema: ChangePasswordRequest, required: true },
      responses: { 200: { description: 'Updated', schema: DetailResponse } },
      failures: ['validation_failed', 'invalid_credentials', 'rate_limited'],
      // Wrong current passwords count against the account's attempt limit, in the use case.
      async handle({ body, principal }) {
        const result = await useCases.changePassword.execute({
          principal,
          currentPassword: body.current_password,
          newPassword: body.new_password,
        });
        return result.ok ? { status: 200, body: { detail: REPLIES.passwordUpdated } } : result;
      },
    }),
  ];
}
