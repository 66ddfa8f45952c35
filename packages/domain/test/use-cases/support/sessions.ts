import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { loginAs } from '../../helpers.js';

/** One user with two sessions (10 s apart) and a stranger with one. */
export async function twoSessions() {
  const world = createTestWorld();
  const user = aUser().build();
  const stranger = aUser().build();
  await world.given(user, stranger);
  const first = await loginAs(world, user);
  world.clock.advanceSeconds(10);
  const second = await loginAs(world, user);
  const theirs = await loginAs(world, stranger);
  return { world, user, first, second, theirs };
}
