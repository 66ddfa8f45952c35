export {
  createHttpApp,
  httpDependencies,
  API_VERSION,
  type HttpApp,
  type HttpAppDependencies,
} from './app/create-http-app.js';
export { createHttpServer, clientErrorHandler, handlersSettled } from './app/http-server.js';
export type { AppState } from './app/context.js';
export { PROBLEMS, HTTP_ERROR_CODES, type ProblemCode, type ProblemDocument } from './app/problem.js';
