export type LockOutcome<T> = { readonly acquired: true; readonly value: T } | { readonly acquired: false };

/** A lock every process of the deployment sees, for jobs any of them may start but one should run. */
export interface DistributedLock {
  /**
   * Runs `fn` unless another holder of the lock `name` is running it, anywhere in the deployment;
   * then answers `{ acquired: false }` at once, without waiting.
   */
  withAdvisoryLock<T>(name: string, fn: () => Promise<T>): Promise<LockOutcome<T>>;
}
