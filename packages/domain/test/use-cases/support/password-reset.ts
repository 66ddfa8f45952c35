import type { AuthSettings, OutboxJob } from '@codex-auth/domain';
import { aUser, createTestWorld, RecordingMailer } from '@codex-auth/domain/testing';
import { expectOk } from '../../helpers.js';

/** A world with one user who may ask for a reset link, and the worker that delivers it. */
export async function withUser(
  status: 'approved' | 'pending' | 'disabled' = 'approved',
  settings: Partial<AuthSettings> = {},
) {
  const world = createTestWorld(settings);
  const user = aUser().withEmail('reset.me@example.com').withStatus(status).build();
  await world.given(user);
  const mailer = new RecordingMailer();
  return { world, user, mailer, deliver: world.deliverOutbox(mailer) };
}

export type Setup = Awaited<ReturnType<typeof withUser>>;

/** Asks for a link and lets the worker deliver it; the token of the last link issued. */
export async function requestLink({ world, deliver }: Setup, email: string) {
  expectOk(await world.useCases.requestPasswordReset.execute({ email }));
  expectOk(await deliver.execute());
  return world.randomTokens.generated.at(-1)!;
}

export const jobs = (setup: Setup): OutboxJob[] => [...setup.world.db.tables.outbox.values()];
