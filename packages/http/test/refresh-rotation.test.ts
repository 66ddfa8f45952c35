import { expect } from 'chai';
import { expectProblem } from './support/problems.js';
import type { World } from './support/world.js';
import { useCasesWith, type Client } from './support/world.js';
import { useWorld } from './support/use-world.js';

describe('refresh rotation over HTTP', function () {
  this.timeout(60_000);
  let world: World;

  useWorld((w) => (world = w));

  const refresh = (client: Client, token: string) =>
    client.request('POST', '/api/v1/auth/refresh', { token });

  it('concurrent refreshes of one token all succeed within the grace window, with one successor', async () => {
    const { tokens } = await world.approvedUser();
    const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(world.client, tokens.refresh)));
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200, 200, 200]);
    // The winner's successor for all: the session does not fork into five live refresh tokens.
    expect(new Set(answers.map((a) => a.body.refresh_token)).size).to.equal(1);
    expect(new Set(answers.map((a) => a.body.access_token)).size).to.equal(5);
    for (const a of answers) world.remember({ access: a.body.access_token, refresh: a.body.refresh_token });
    const sessions = await world.request('GET', '/api/v1/auth/sessions', {
      token: answers[0]!.body.access_token,
    });
    expect(sessions.body.items).to.have.length(1);
  });

  it('with REFRESH_REUSE_GRACE_SECONDS=0 exactly one wins, and the reuse revokes the session', async () => {
    const client = await world.serve({
      useCases: useCasesWith(world.application, { refreshReuseGraceSeconds: 0 }),
    });
    // Several rounds: whether the loser read its clock before the winner is down to scheduling.
    for (let round = 0; round < 10; round += 1) {
      const { tokens } = await world.approvedUser();
      const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(client, tokens.refresh)));
      const winners = answers.filter((a) => a.status === 200);
      expect(winners, `round ${round}`).to.have.length(1);
      for (const loser of answers.filter((a) => a.status !== 200)) {
        expect(loser.status).to.equal(401);
        expect(['refresh_reused', 'refresh_revoked']).to.include(loser.body.code);
      }
      const issued = world.remember({
        access: winners[0]!.body.access_token,
        refresh: winners[0]!.body.refresh_token,
      });
      // The session went with the reuse: the winner's new tokens are dead too.
      expectProblem(await refresh(client, issued.refresh), 401, 'refresh_revoked');
      expectProblem(
        await client.request('GET', '/api/v1/auth/me', { token: issued.access }),
        401,
        'unauthorized',
      );
    }
  });

  it('a spent token shown after the grace window is refresh_reused and the whole session is revoked', async () => {
    const client = await world.serve({
      useCases: useCasesWith(world.application, { refreshReuseGraceSeconds: 1 }),
    });
    const { tokens } = await world.approvedUser();
    const first = await refresh(client, tokens.refresh);
    expect(first.status).to.equal(200);
    const next = world.remember({ access: first.body.access_token, refresh: first.body.refresh_token });

    const withinGrace = await refresh(client, tokens.refresh);
    expect(withinGrace.status).to.equal(200);
    expect(withinGrace.body.refresh_token).to.equal(next.refresh);
    world.remember({ access: withinGrace.body.access_token, refresh: withinGrace.body.refresh_token });

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const reused = await refresh(client, tokens.refresh);
    expectProblem(reused, 401, 'refresh_reused');
    expectProblem(await refresh(client, next.refresh), 401, 'refresh_revoked');
    expectProblem(
      await client.request('GET', '/api/v1/auth/me', { token: next.access }),
      401,
      'unauthorized',
    );
    const lines = (await world.settledLines()).filter((l) => l['request_id'] === reused.body.request_id);
    expect(lines.map((l) => l['event'])).to.include('refresh_reused');
  });

  it('refreshes racing a logout and a logout_all of the same session never answer 500', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { tokens } = await world.approvedUser();
      const answers = await Promise.all([
        refresh(world.client, tokens.refresh),
        refresh(world.client, tokens.refresh),
        world.request('POST', '/api/v1/auth/logout', { token: tokens.refresh }),
        world.request('POST', '/api/v1/auth/logout_all', { token: tokens.access }),
      ]);
      for (const answer of answers) {
        expect(answer.status, answer.text).to.be.oneOf([200, 401]);
        if (answer.status === 200 && 'access_token' in answer.body) {
          world.remember({ access: answer.body.access_token, refresh: answer.body.refresh_token });
        }
      }
    }
  });
});
