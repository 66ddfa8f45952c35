import { expect } from 'chai';
import type { ErrorCode, Result, Success } from '@codex-auth/domain';

/** Asserts success and returns the value, so a test reads as the story of what happened. */
export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) expect.fail(`expected success, got ${result.code}: ${result.message}`);
  return (result as Success<T>).value;
}

export function expectFailure(result: Result<unknown>, code: ErrorCode): void {
  if (result.ok) expect.fail(`expected failure ${code}, got success`);
  expect(result.code).to.equal(code);
}

import type { TokenPair, User } from '@codex-auth/domain';
import { DEFAULT_TEST_PASSWORD, type TestWorld } from '@codex-auth/domain/testing';

/** Logs `user` in (they must be in the world already) and returns the tokens. */
export async function loginAs(
  world: TestWorld,
  user: User,
  password = DEFAULT_TEST_PASSWORD,
): Promise<TokenPair> {
  return expectOk(
    await world.useCases.login.execute({
      email: user.email,
      password,
      userAgent: 'test-agent',
      ip: '198.51.100.1',
    }),
  );
}

export async function principalOf(world: TestWorld, pair: TokenPair) {
  return expectOk(await world.useCases.authenticate.execute({ accessToken: pair.accessToken }));
}
