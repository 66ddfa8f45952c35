// Preloaded (`--import`) into a web process under test: on exit, prints one line naming every
// package whose files the process loaded, so a test can tell what a configuration pulls in.
import { registerHooks } from 'node:module';

const loaded = new Set();
registerHooks({
  load(url, context, next) {
    const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(url)?.[1];
    const workspace = /\/packages\/([^/]+)\/(?:src|dist)\//.exec(url)?.[1];
    if (name !== undefined) loaded.add(name);
    else if (workspace !== undefined) loaded.add(`@codex-auth/${workspace}`);
    return next(url, context);
  },
});
process.on('exit', () => {
  process.stderr.write(`\nLOADED_PACKAGES ${JSON.stringify([...loaded].sort())}\n`);
});
