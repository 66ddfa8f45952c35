/** Which schema migrations a store has applied and which it still lacks, by name, oldest first. */
export interface MigrationStatus {
  readonly applied: readonly string[];
  readonly pending: readonly string[];
}

/**
 * The store's schema, as the processes around the use cases see it: the release step migrates, the
 * long-running processes refuse to start on a schema that is behind. No use case needs it.
 */
export interface SchemaMigrations {
  migrationStatus(): Promise<MigrationStatus>;
  /** Applies pending migrations; returns their names. Concurrent callers take turns. */
  migrateLatest(): Promise<readonly string[]>;
  /** Undoes the last applied migration (development only: a forward-only store refuses). */
  migrateDown(): Promise<readonly string[]>;
}
