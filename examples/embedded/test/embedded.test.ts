import { expect } from 'chai';
import { createEmbeddedAuth, demo } from '../src/embedded-auth.js';

describe('example: embedding the domain in another service', () => {
  it('registers, approves, logs in, authenticates and refreshes with no container or server', async () => {
    expect(await demo()).to.deep.equal([
      'registered grace@example.com as pending',
      'login before approval: account_pending',
      'approved: approved',
      'logged in: bearer token, expires in 300s',
      'protected call by: grace@example.com (user)',
      'refreshed: new pair issued',
      'replaying the spent token within the grace window: the same successor again',
      'events: register_ok, login_not_approved, user_approved, login_ok, refresh_ok, refresh_ok',
    ]);
  });

  it("applies the host's own settings", async () => {
    const auth = createEmbeddedAuth();
    const weak = await auth.register.execute({ email: 'x@example.com', password: 'nine char' });
    expect(weak.ok ? 'ok' : weak.code).to.equal('validation_failed');
  });
});
