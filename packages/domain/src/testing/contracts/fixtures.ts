import type { Session } from '../../model/session.js';
import type { RefreshToken } from '../../model/refresh-token.js';
import type { User } from '../../model/user.js';

// Real UUIDs (version 4 shape), since SQL adapters store ids in uuid columns.
export function uuid(n: number, group = 1): string {
  return `${group.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const T0 = new Date('2026-03-01T12:00:00.000Z');

export function at(seconds: number): Date {
  return new Date(T0.getTime() + seconds * 1000);
}

export function user(n: number, changes: Partial<User> = {}): User {
  return {
    id: uuid(n, 1),
    email: `person${n}@example.com`,
    passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$hash${n}`,
    role: 'user',
    status: 'approved',
    createdAt: at(n),
    approvedAt: at(n + 1),
    tokensValidAfter: null,
    locale: 'en',
    ...changes,
  };
}

export function session(n: number, userId: string, changes: Partial<Session> = {}): Session {
  return {
    id: uuid(n, 2),
    userId,
    createdAt: at(n),
    lastUsedAt: at(n),
    expiresAt: at(n + 86_400),
    userAgent: 'Mozilla/5.0 (contract)',
    ip: '203.0.113.7',
    revokedAt: null,
    ...changes,
  };
}

export function refreshToken(n: number, s: Session, changes: Partial<RefreshToken> = {}): RefreshToken {
  return {
    jti: uuid(n, 3),
    sessionId: s.id,
    userId: s.userId,
    parentJti: null,
    createdAt: at(n),
    expiresAt: at(n + 3600),
    spentAt: null,
    replacedBy: null,
    revokedAt: null,
    ...changes,
  };
}
