/**
 * `DATA_DIR=memory://`: the embedded database in memory. Apart from embedded.ts, so that naming it
 * does not load PGlite (see database.ts).
 */
export const IN_MEMORY = 'memory://';
