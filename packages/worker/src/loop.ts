/** setTimeout's longest delay; a longer one fires at once (with a warning), which would spin. */
export const MAX_DELAY_MS = 2 ** 31 - 1;

export interface LoopOptions {
  /** Before the first run. */
  readonly initialDelayMs: number;
  /** Between the end of one run and the start of the next. */
  readonly intervalMs: number;
  /** One run. Resolving to `true` asks for the next run at once (a full batch: more may be waiting). */
  readonly run: () => Promise<boolean | void>;
  /** A run that threw; the loop carries on at its usual pace. */
  readonly onError: (error: unknown) => void;
}

/**
 * A task repeated on a timer, one run at a time: the next run is scheduled only when the last one has
 * finished, so a slow run never overlaps the next. `stop()` clears the timer and waits for the run in
 * hand, after which nothing of the loop keeps the process alive.
 */
export class Loop {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private state: 'idle' | 'running' | 'stopped' = 'idle';

  constructor(private readonly options: LoopOptions) {}

  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'running';
    this.schedule(this.options.initialDelayMs);
  }

  /** Resolves when no run is in progress and none will start. Idempotent. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  private schedule(delayMs: number): void {
    if (this.state !== 'running') return;
    this.timer = setTimeout(() => this.tick(), Math.min(Math.max(0, delayMs), MAX_DELAY_MS));
  }

  private tick(): void {
    this.timer = undefined;
    this.current = this.runOnce().then((again) => {
      this.current = undefined;
      this.schedule(again ? 0 : this.options.intervalMs);
    });
  }

  private async runOnce(): Promise<boolean> {
    try {
      return (await this.options.run()) === true;
    } catch (error) {
      try {
        this.options.onError(error);
      } catch {
        // A failing error report must not end the loop.
      }
      return false;
    }
  }
}
