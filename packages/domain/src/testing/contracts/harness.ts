import type { OutboxQueue } from '../../ports/outbox.js';
import type { TransactionScope, UnitOfWork } from '../../ports/unit-of-work.js';

/**
 * The few test-runner functions a contract needs, passed in (mocha's globals fit as they are), so
 * the contracts stay free of any test framework and the domain of any dependency.
 */
export interface ContractRunner {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
  beforeEach(body: () => Promise<void>): void;
  afterEach(body: () => Promise<void>): void;
}

/** One adapter set under test: everything reached through the unit of work, plus the queue. */
export interface ContractSubject {
  readonly uow: UnitOfWork;
  readonly outboxQueue: OutboxQueue;
  /** Called after each test. */
  dispose?(): Promise<void>;
}

/** Called before each test; must return an empty store. */
export type SubjectFactory = () => Promise<ContractSubject>;

export interface SubjectAccess {
  readonly subject: () => ContractSubject;
  /** One unit of work on the current subject. */
  readonly run: <T>(work: (scope: TransactionScope) => Promise<T>) => Promise<T>;
  /** One read outside a transaction (`UnitOfWork.read`) on the current subject. */
  readonly read: <T>(work: (scope: TransactionScope) => Promise<T>) => Promise<T>;
}

/** Registers hooks that make a fresh subject for each test, and hands out the current one. */
export function useSubject(runner: ContractRunner, factory: SubjectFactory): SubjectAccess {
  let current: ContractSubject | undefined;
  runner.beforeEach(async () => {
    current = await factory();
  });
  runner.afterEach(async () => {
    await current?.dispose?.();
    current = undefined;
  });
  const subject = () => {
    if (current === undefined) throw new Error('contract subject used outside a test');
    return current;
  };
  return { subject, run: (work) => subject().uow.run(work), read: (work) => subject().uow.read(work) };
}
