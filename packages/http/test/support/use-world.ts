import { World } from './world.js';

export interface UseWorldOptions {
  /** Runs once the World is up, before the suite's tests (users to share, secrets to watch). */
  readonly setUp?: (world: World) => Promise<void> | void;
  /** Whether the suite ends by checking that no password or token it handled reached a log line. */
  readonly checkSecrets?: boolean;
  /** Environment for the suite's Application, over the test defaults (e.g. a per-account limit). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The suite's World, as every HTTP suite opens it: started before the first test, checked for
 * logged secrets (unless told not to) and stopped after the last. `onStart` receives it so the suite can keep it in a
 * variable of its own (the World exists only once `before` has run).
 */
export function useWorld(onStart: (world: World) => void, options: UseWorldOptions = {}): void {
  let world: World | undefined;
  before(async () => {
    world = await World.start(options.env);
    onStart(world);
    await options.setUp?.(world);
  });
  after(async () => {
    if (options.checkSecrets ?? true) await world?.assertNoSecretsLogged();
    await world?.stop();
  });
}
