import type { DomainDependencies } from '../../dependencies.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { CleanupRefreshTokens } from '../cleanup-refresh-tokens/cleanup-refresh-tokens.js';
import { CleanupResetTokens } from '../cleanup-reset-tokens/cleanup-reset-tokens.js';
import { CleanupSessions } from '../cleanup-sessions/cleanup-sessions.js';
import { PurgeOutbox } from '../purge-outbox/purge-outbox.js';

export interface RunCleanupInput {
  /** Rows are kept this many days past their end, for audit and investigation. */
  readonly graceDays: number;
  /**
   * Asked between two batches of refresh tokens and between two steps; answering true ends the
   * run there, with what is already deleted staying deleted.
   */
  readonly shouldStop?: () => boolean;
}

export interface CleanupReport {
  readonly removedExpired: number;
  readonly removedRevoked: number;
  readonly resetRemoved: number;
  readonly sessionsRemoved: number;
  readonly jobsRemoved: number;
}

/** A run either went through every step or was stopped between two of them by `shouldStop`. */
export type RunCleanupOutput = ({ readonly stopped: false } & CleanupReport) | { readonly stopped: true };

/** Ends the refresh-token step from its progress callback; caught below, never seen outside. */
class Stopped extends Error {
  override name = 'Stopped';
}

/**
 * The whole scheduled clean-up, in its one order: refresh tokens, reset tokens, ended sessions,
 * finished outbox jobs. Sessions go after the tokens so the token counts are of tokens, not of
 * what deleting a session cascaded. Which process runs it, and when, is the caller's affair (the
 * worker schedules it and holds a deployment-wide lock around it).
 */
export class RunCleanup {
  private readonly refreshTokens: CleanupRefreshTokens;
  private readonly resetTokens: CleanupResetTokens;
  private readonly sessions: CleanupSessions;
  private readonly outbox: PurgeOutbox;

  constructor(deps: Pick<DomainDependencies, 'uow' | 'clock' | 'events' | 'settings' | 'outboxQueue'>) {
    this.refreshTokens = new CleanupRefreshTokens(deps);
    this.resetTokens = new CleanupResetTokens(deps);
    this.sessions = new CleanupSessions(deps);
    this.outbox = new PurgeOutbox(deps);
  }

  async execute(input: RunCleanupInput): Promise<Result<RunCleanupOutput, 'validation_failed'>> {
    const { graceDays } = input;
    const stopRequested = () => input.shouldStop?.() ?? false;
    let refresh;
    try {
      refresh = await this.refreshTokens.execute({
        graceDays,
        onProgress: () => {
          if (stopRequested()) throw new Stopped();
        },
      });
    } catch (error) {
      if (error instanceof Stopped) return ok({ stopped: true });
      throw error;
    }
    if (!refresh.ok) return refused('refresh-token cleanup', refresh.message);
    if (stopRequested()) return ok({ stopped: true });
    const reset = await this.resetTokens.execute({ graceDays });
    if (!reset.ok) return refused('reset-token cleanup', reset.message);
    if (stopRequested()) return ok({ stopped: true });
    const sessions = await this.sessions.execute({ graceDays });
    if (!sessions.ok) return refused('session cleanup', sessions.message);
    const jobs = await this.outbox.execute({ graceDays });
    if (!jobs.ok) return refused('outbox purge', jobs.message);
    return ok({
      stopped: false,
      ...refresh.value,
      resetRemoved: reset.value.removed,
      sessionsRemoved: sessions.value.removed,
      jobsRemoved: jobs.value.removed,
    });
  }
}

function refused(step: string, message: string) {
  return fail('validation_failed', `${step} refused: ${message}`);
}
