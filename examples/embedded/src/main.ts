import { demo } from './embedded-auth.js';

for (const line of await demo()) console.log(line);
