export { loadConfig, ConfigError, CONFIG_VARIABLES, type Config, type Environment } from './config.js';
export { parseRateLimits, type RateLimitWindow } from './rate-limit.js';
export { resolveSecrets, type Secrets } from './secrets.js';
export { createLogger, errorFields, LoggerEventLog, type Logger } from './logging.js';
export { startApplication, StartupError, type StartOptions } from './startup.js';
export { requestContext, type RequestContext } from './request-context.js';
export {
  APP_TOKENS,
  createApplication,
  createDevMailbox,
  createMailer,
  domainModule,
  type Application,
  type ApplicationOptions,
} from './container.js';
export { ensureDevelopmentAdmin, DEVELOPMENT_ADMIN_EMAIL, type DevelopmentAdmin } from './bootstrap.js';
