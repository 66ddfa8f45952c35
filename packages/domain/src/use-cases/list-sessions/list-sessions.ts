import type { DomainDependencies } from '../../dependencies.js';
import type { Principal } from '../../model/principal.js';
import { ok, type Result } from '../../shared/result.js';

export interface ListSessionsInput {
  readonly principal: Principal;
}

export interface SessionView {
  readonly id: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  readonly userAgent: string | null;
  readonly ip: string | null;
  /** The session the request was made with. */
  readonly current: boolean;
}

export type ListSessionsResult = Result<{ readonly items: readonly SessionView[] }, never>;

/** The caller's live sessions, newest first. */
export class ListSessions {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'clock'>) {}

  async execute(input: ListSessionsInput): Promise<ListSessionsResult> {
    const { uow, clock } = this.deps;
    const { userId, sessionId } = input.principal;
    const sessions = await uow.run((scope) => scope.sessions.listLive(userId, clock.now()));
    return ok({
      items: sessions.map((s) => ({
        id: s.id,
        createdAt: s.createdAt,
        lastUsedAt: s.lastUsedAt,
        userAgent: s.userAgent,
        ip: s.ip,
        current: s.id === sessionId,
      })),
    });
  }
}
