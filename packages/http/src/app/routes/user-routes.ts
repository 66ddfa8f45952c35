import { DEFAULT_PER_PAGE, MAX_PER_PAGE, USER_STATUSES, type UseCases } from '@codex-auth/domain';
import { userJson, userListJson } from '../presenters.js';
import { CreateUserRequest, UpdateUserRequest, UserEnvelope, UserList } from '../schemas.js';
import { defineRoute, type Route } from '../route.js';

const BASE = '/api/v1/users';

// Repeated query parameters (`?q=a&q=b`) count as their first value.
function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Administration: every route needs an access token whose user is an admin now. */
export function userRoutes({ useCases }: { readonly useCases: UseCases }): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: BASE,
      operationId: 'listUsers',
      summary: 'List users, filtered and paginated',
      description:
        'Invalid or non-positive paging values fall back to the defaults; order is `created_at`, then `id`.',
      tag: 'users',
      auth: 'admin',
      query: [
        {
          name: 'status',
          description: 'Only users in this status; any other value is ignored',
          schema: { type: 'string', enum: [...USER_STATUSES] },
        },
        {
          name: 'q',
          description: 'Case-insensitive substring of the email (`%` and `_` are literal)',
          schema: { type: 'string' },
        },
        { name: 'page', description: 'From 1', schema: { type: 'integer', minimum: 1, default: 1 } },
        {
          name: 'per_page',
          description: `Capped at ${MAX_PER_PAGE}`,
          schema: { type: 'integer', minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE },
        },
      ],
      responses: { 200: { description: 'A page of users', schema: UserList } },
      async handle({ ctx }) {
        const query = ctx.query;
        const result = await useCases.listUsers.execute({
          status: first(query['status']),
          q: first(query['q']),
          page: first(query['page']),
          perPage: first(query['per_page']),
        });
        return result.ok ? { status: 200, body: userListJson(result.value) } : result;
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/{id}`,
      operationId: 'getUser',
      summary: 'One user',
      tag: 'users',
      auth: 'admin',
      responses: { 200: { description: 'The user', schema: UserEnvelope } },
      failures: ['not_found'],
      async handle({ params }) {
        const result = await useCases.getUser.execute({ id: params['id'] ?? '' });
        return result.ok ? { status: 200, body: { user: userJson(result.value) } } : result;
      },
    }),
    defineRoute({
      method: 'POST',
      path: BASE,
      operationId: 'createUser',
      summary: 'Create an account, approved at once',
      tag: 'users',
      auth: 'admin',
      body: { schema: CreateUserRequest, required: true },
      responses: { 201: { description: 'Created', schema: UserEnvelope } },
      failures: ['validation_failed', 'email_taken'],
      async handle({ body }) {
        const result = await useCases.createUser.execute(body);
        return result.ok ? { status: 201, body: { user: userJson(result.value) } } : result;
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: `${BASE}/{id}/approve`,
      operationId: 'approveUser',
      summary: 'Approve (idempotent)',
      tag: 'users',
      auth: 'admin',
      responses: { 200: { description: 'The approved user', schema: UserEnvelope } },
      failures: ['not_found'],
      async handle({ params }) {
        const result = await useCases.approveUser.execute({ id: params['id'] ?? '' });
        return result.ok ? { status: 200, body: { user: userJson(result.value) } } : result;
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: `${BASE}/{id}/reject`,
      operationId: 'rejectUser',
      summary: "Reject, from any status; the user's sessions end",
      tag: 'users',
      auth: 'admin',
      responses: { 200: { description: 'The rejected user', schema: UserEnvelope } },
      failures: ['not_found', 'last_admin'],
      async handle({ params }) {
        const result = await useCases.rejectUser.execute({ id: params['id'] ?? '' });
        return result.ok ? { status: 200, body: { user: userJson(result.value) } } : result;
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: `${BASE}/{id}`,
      operationId: 'updateUser',
      summary: "Change role and/or status; leaving `approved` ends the user's sessions",
      tag: 'users',
      auth: 'admin',
      body: { schema: UpdateUserRequest, required: true },
      responses: { 200: { description: 'The updated user', schema: UserEnvelope } },
      failures: ['validation_failed', 'not_found', 'last_admin'],
      async handle({ params, body }) {
        const result = await useCases.updateUser.execute({ id: params['id'] ?? '', ...body });
        return result.ok ? { status: 200, body: { user: userJson(result.value) } } : result;
      },
    }),
  ];
}
