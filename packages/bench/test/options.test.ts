import { expect } from 'chai';
import { FULL, parseOptions, procfileEnvironment, SHORT } from '../src/options.js';

describe('bench options', () => {
  it('runs the full mode by default, the short one with --short or BENCH_MODE', () => {
    expect(parseOptions([], {}).mode).to.equal('full');
    expect(parseOptions(['--short'], {})).to.include({ mode: 'short', seconds: SHORT.seconds, json: false });
    expect(parseOptions([], { BENCH_MODE: 'short' }).mode).to.equal('short');
    expect(parseOptions(['--full'], { BENCH_MODE: 'short' }).mode).to.equal('full');
  });

  it('prints JSON with --json or BENCH_JSON=1', () => {
    expect(parseOptions(['--json'], {}).json).to.equal(true);
    expect(parseOptions([], { BENCH_JSON: '1' }).json).to.equal(true);
  });

  it('reads the database and Redis servers, with local defaults', () => {
    const defaults = parseOptions([], {});
    expect(defaults.databaseUrl).to.equal('postgres://postgres@127.0.0.1:5432/postgres');
    expect(defaults.redisUrl).to.equal('redis://127.0.0.1:6379/15');
    expect(parseOptions([], { BENCH_DATABASE_URL: 'postgres://x@db/y' }).databaseUrl).to.equal(
      'postgres://x@db/y',
    );
  });

  it('lets BENCH_SECONDS shorten the load, never the warm-up past it', () => {
    const options = parseOptions(['--full'], { BENCH_SECONDS: '0.5' });
    expect(options.seconds).to.equal(0.5);
    expect(options.warmUpSeconds).to.equal(0.5);
    expect(options.bigUsers).to.equal(FULL.bigUsers);
  });

  it('refuses unknown flags and bad values, with the usage', () => {
    expect(() => parseOptions(['--fast'], {})).to.throw();
    expect(() => parseOptions([], { BENCH_MODE: 'medium' })).to.throw(/usage: pnpm bench/);
    expect(() => parseOptions([], { BENCH_SECONDS: 'abc' })).to.throw(/BENCH_SECONDS/);
    expect(() => parseOptions(['--help'], {})).to.throw(/usage: pnpm bench/);
  });

  it("starts the server with the Procfile's allocator setting unless BENCH_ALLOCATOR=default", () => {
    expect(parseOptions([], {}).allocator).to.equal('procfile');
    expect(parseOptions([], { BENCH_ALLOCATOR: 'default' }).allocator).to.equal('default');
    expect(() => parseOptions([], { BENCH_ALLOCATOR: 'jemalloc' })).to.throw(/BENCH_ALLOCATOR/);
  });

  it('reads the variables a Procfile line sets before node', () => {
    const procfile = [
      'release: node packages/cli/dist/main.js migrate',
      'web: env A=1 B=x=y node packages/server/dist/main.js',
      '',
    ].join('\n');
    expect(procfileEnvironment(procfile, 'web')).to.deep.equal({ A: '1', B: 'x=y' });
    expect(procfileEnvironment(procfile, 'release')).to.deep.equal({});
    expect(() => procfileEnvironment(procfile, 'worker')).to.throw(/no worker: line/);
  });
});
