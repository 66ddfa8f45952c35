/**
 * The /me reference: what the least a Node server can do for `GET /me` costs on this machine —
 * Koa, a jsonwebtoken verify and one primary-key select through `pg`. Nothing else (no session
 * check, no headers, no logging), so the service's figures read as a ratio to it.
 * Forked by the bench with BENCH_REF_PORT, BENCH_REF_DATABASE_URL and BENCH_REF_JWT_SECRET.
 */
import Koa from 'koa';
import jwt from 'jsonwebtoken';
import pg from 'pg';

const env = process.env;
const pool = new pg.Pool({ connectionString: env['BENCH_REF_DATABASE_URL'], max: 10 });
const secret = env['BENCH_REF_JWT_SECRET'] ?? '';
const app = new Koa();

app.use(async (ctx) => {
  if (ctx.method !== 'GET' || ctx.path !== '/api/v1/auth/me') return; // Koa answers 404
  const token = /^Bearer (.+)$/.exec(ctx.get('authorization'))?.[1];
  let sub: unknown;
  try {
    sub = (
      jwt.verify(token ?? '', secret, {
        algorithms: ['HS256'],
        issuer: 'codex-auth',
        audience: 'codex-auth',
      }) as jwt.JwtPayload
    ).sub;
  } catch {
    ctx.status = 401;
    return;
  }
  const { rows } = await pool.query(
    'SELECT id, email, role, status, created_at, approved_at FROM users WHERE id = $1',
    [sub],
  );
  if (rows.length === 0) ctx.status = 401;
  else ctx.body = rows[0];
});

const server = app.listen(Number(env['BENCH_REF_PORT']), '127.0.0.1', () => process.send?.('listening'));
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
