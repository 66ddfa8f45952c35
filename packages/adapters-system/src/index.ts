export { SystemClock } from './system-clock.js';
export { UuidGenerator } from './uuid-generator.js';
