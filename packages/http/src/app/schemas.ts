import {
  LOCALE_FIELD_MESSAGE,
  LOCALES,
  ROLE_FIELD_MESSAGE,
  ROLES,
  SETTABLE_STATUS_FIELD_MESSAGE,
  SETTABLE_STATUSES,
  USER_STATUSES,
} from '@codex-auth/domain';
import { z } from 'zod';
import { PROBLEM_CODES } from './problem.js';

/**
 * The JSON shapes of the API, once: routes validate requests with them and the OpenAPI document is
 * generated from them, so the document cannot drift from what the server accepts and answers.
 * Request schemas check types only; the domain judges content (email syntax, password strength)
 * with its own messages, so a client sees one wording whichever layer refused.
 */
export const requestSchemas = z.registry<{ id: string }>();
export const responseSchemas = z.registry<{ id: string }>();

const text = (description: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .meta({ description });

// The domain's lists and messages: the same wording whichever layer refuses.
const role = z.enum(ROLES, { error: ROLE_FIELD_MESSAGE });
const settableStatus = z.enum(SETTABLE_STATUSES, { error: SETTABLE_STATUS_FIELD_MESSAGE });
const locale = z
  .enum(LOCALES, { error: LOCALE_FIELD_MESSAGE })
  .meta({ description: "The language of the account's emails; `en` when absent. Not returned in the user" });

export const CredentialsRequest = z
  .object({
    email: text(
      'Trimmed and lower-cased before use. A new account stores it in Unicode NFC with the domain in ' +
        'ASCII (IDNA); invisible characters and lookalikes of an existing address are refused',
    ),
    password: text('The password'),
  })
  .register(requestSchemas, { id: 'CredentialsRequest' });

export const RegisterRequest = CredentialsRequest.extend({ locale: locale.optional() }).register(
  requestSchemas,
  { id: 'RegisterRequest' },
);

export const RefreshTokenRequest = z
  .object({
    refresh_token: text('Alternatively sent as `Authorization: Bearer <refresh token>`').optional(),
  })
  .register(requestSchemas, { id: 'RefreshTokenRequest' });

export const ForgotPasswordRequest = z
  .object({ email: text('The account email') })
  .register(requestSchemas, { id: 'ForgotPasswordRequest' });

export const ResetPasswordRequest = z
  .object({ token: text('The token from the reset link'), password: text('The new password') })
  .register(requestSchemas, { id: 'ResetPasswordRequest' });

export const ChangePasswordRequest = z
  .object({ current_password: text('The current password'), new_password: text('The new password') })
  .register(requestSchemas, { id: 'ChangePasswordRequest' });

export const CreateUserRequest = z
  .object({
    email: text('The new account email; canonicalised and checked for lookalikes as at registration'),
    password: text('Its password'),
    role: role.optional().meta({ description: '`user` when absent' }),
    locale: locale.optional(),
  })
  .register(requestSchemas, { id: 'CreateUserRequest' });

export const UpdateUserRequest = z
  .object({
    role: role.optional(),
    status: settableStatus.optional().meta({ description: 'Leaving `approved` revokes every session' }),
  })
  .register(requestSchemas, { id: 'UpdateUserRequest' });

const isoTime = z.iso.datetime().meta({ description: 'ISO 8601, UTC' });

export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.enum(ROLES),
    status: z.enum(USER_STATUSES),
    created_at: isoTime,
    approved_at: isoTime.nullable(),
  })
  .register(responseSchemas, { id: 'User' });

export const UserEnvelope = z.object({ user: UserSchema }).register(responseSchemas, { id: 'UserEnvelope' });

export const UserList = z
  .object({
    items: z.array(UserSchema),
    meta: z.object({
      page: z.int(),
      per_page: z.int(),
      pages: z.int(),
      total: z.int(),
    }),
  })
  .register(responseSchemas, { id: 'UserList' });

export const TokenResponse = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal('bearer'),
    expires_in: z.int().meta({ description: 'Seconds until the access token expires' }),
  })
  .register(responseSchemas, { id: 'TokenResponse' });

export const SessionSchema = z
  .object({
    id: z.uuid(),
    created_at: isoTime,
    last_used_at: isoTime,
    user_agent: z.string().nullable(),
    ip: z.string().nullable(),
    current: z.boolean().meta({ description: 'The session of the access token that asked' }),
  })
  .register(responseSchemas, { id: 'Session' });

export const SessionList = z
  .object({ items: z.array(SessionSchema) })
  .register(responseSchemas, { id: 'SessionList' });

export const DetailResponse = z.object({ detail: z.string() }).register(responseSchemas, { id: 'Detail' });

export const LogoutAllResponse = z
  .object({ detail: z.string(), revoked: z.int() })
  .register(responseSchemas, { id: 'LogoutAllResponse' });

export const LivenessResponse = z
  .object({ status: z.literal('ok') })
  .register(responseSchemas, { id: 'Liveness' });

export const HealthResponse = z
  .object({ status: z.enum(['ok', 'degraded']), db: z.enum(['ok', 'unavailable']) })
  .register(responseSchemas, { id: 'Health' });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.enum(PROBLEM_CODES as [string, ...string[]]),
    instance: z.string().meta({ description: 'The request path' }),
    request_id: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ description: 'RFC 9457 problem document' })
  .register(responseSchemas, { id: 'Problem' });

/** The OpenAPI document itself, as far as a client needs to know before reading it. */
export const OpenApiDocumentResponse = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .meta({ description: 'An OpenAPI 3.1 document' })
  .register(responseSchemas, { id: 'OpenApiDocument' });

export type UserJson = z.output<typeof UserSchema>;
export type TokenJson = z.output<typeof TokenResponse>;
export type SessionJson = z.output<typeof SessionSchema>;
