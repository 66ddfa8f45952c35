import type { ContractRunner, SubjectFactory } from './harness.js';
import { attemptLimiterContract, type AttemptLimiterSubject } from './attempt-limiter.contract.js';
import { devMailboxContract, type DevMailboxSubject } from './dev-mailbox.contract.js';
import { distributedLockContract, type LockSubject } from './distributed-lock.contract.js';
import { outboxContract } from './outbox.contract.js';
import { passwordResetTokenRepositoryContract } from './password-reset-token-repository.contract.js';
import { refreshTokenRepositoryContract } from './refresh-token-repository.contract.js';
import { secretSealerContract, type SealerSubject } from './secret-sealer.contract.js';
import { sessionRepositoryContract } from './session-repository.contract.js';
import { windowCountersContract, type CountersSubject } from './window-counters.contract.js';
import { unitOfWorkContract } from './unit-of-work.contract.js';
import { userRepositoryContract } from './user-repository.contract.js';

export { ContractViolation } from './check.js';
export type { ContractRunner, ContractSubject, SubjectFactory } from './harness.js';
export type { AttemptLimiterSubject, CountersSubject, DevMailboxSubject, LockSubject, SealerSubject };
export {
  attemptLimiterContract,
  devMailboxContract,
  distributedLockContract,
  outboxContract,
  passwordResetTokenRepositoryContract,
  refreshTokenRepositoryContract,
  secretSealerContract,
  sessionRepositoryContract,
  unitOfWorkContract,
  userRepositoryContract,
  windowCountersContract,
};

/** Every persistence contract, for an adapter set that implements all the ports. */
export function persistenceContracts(runner: ContractRunner, factory: SubjectFactory): void {
  unitOfWorkContract(runner, factory);
  userRepositoryContract(runner, factory);
  sessionRepositoryContract(runner, factory);
  refreshTokenRepositoryContract(runner, factory);
  passwordResetTokenRepositoryContract(runner, factory);
  outboxContract(runner, factory);
}
