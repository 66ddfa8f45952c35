import { expect } from 'chai';
import { expectOk, principalOf } from '../helpers.js';
import { twoSessions } from './support/sessions.js';

describe('ListSessions', () => {
  it('lists live sessions newest first, marking the current one', async () => {
    const { world, first, second } = await twoSessions();
    const principal = await principalOf(world, first);
    const { items } = expectOk(await world.useCases.listSessions.execute({ principal }));
    expect(items.map((s) => s.current)).to.deep.equal([false, true]);
    expect(items[0]?.id).to.equal((await principalOf(world, second)).sessionId);
    expect(items[0]).to.include({ userAgent: 'test-agent', ip: '198.51.100.1' });
    expect(items[0]).to.have.keys(['id', 'createdAt', 'lastUsedAt', 'userAgent', 'ip', 'current']);
  });
});
