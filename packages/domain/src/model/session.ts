/** One login: the family of refresh tokens descending from it shares its fate. */
export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  /** When the newest refresh token of the session expires; after it the session is dead. */
  readonly expiresAt: Date;
  readonly userAgent: string | null;
  readonly ip: string | null;
  readonly revokedAt: Date | null;
}

export function isSessionLive(session: Session, now: Date): boolean {
  return session.revokedAt === null && session.expiresAt.getTime() > now.getTime();
}

/** Client-supplied strings are stored for display only; bound them so a header cannot bloat a row. */
export const USER_AGENT_MAX_LENGTH = 512;

export function clampUserAgent(userAgent: string | null | undefined): string | null {
  if (userAgent === undefined || userAgent === null || userAgent === '') return null;
  return userAgent.length > USER_AGENT_MAX_LENGTH ? userAgent.slice(0, USER_AGENT_MAX_LENGTH) : userAgent;
}
