import { aUser, createTestWorld, RecordingMailer } from '@codex-auth/domain/testing';
import { expectOk } from '../../helpers.js';

/** A world where `n` users each asked for a reset link, with the worker that would deliver them. */
export async function worldWithResetRequests(n: number) {
  const world = createTestWorld();
  const users = Array.from({ length: n }, () => aUser().build());
  await world.given(...users);
  for (const u of users) expectOk(await world.useCases.requestPasswordReset.execute({ email: u.email }));
  const mailer = new RecordingMailer();
  const deliver = world.deliverOutbox(mailer);
  return { world, users, mailer, deliver };
}
