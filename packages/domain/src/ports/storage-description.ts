/**
 * What the store is, for the processes that report on it or depend on its shape: an `embedded`
 * store lives inside one process (the web process then runs the worker's loops itself), a
 * `postgres` one is shared by every process of the deployment.
 */
export interface StorageDescription {
  readonly kind: 'postgres' | 'embedded';
  /** Where the data lives, safe to log (no password). */
  readonly location: string;
  /** True when a trivial query answers within `timeoutMs`; never throws, never hangs. */
  ping(timeoutMs?: number): Promise<boolean>;
}
