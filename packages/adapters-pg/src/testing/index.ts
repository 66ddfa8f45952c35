/** Helpers for tests that need a real database: this package's, and acceptance tests elsewhere. */
export { startTcpProxy, targetOf, type TcpProxy } from './tcp-proxy.js';
export {
  announceSkip,
  createTestDatabase,
  findTestServer,
  openTestDatabase,
  truncateAll,
  SKIP_REAL_POSTGRES,
  TABLES,
  type FreshDatabase,
  type TestDatabase,
  type TestServer,
} from './test-database.js';
