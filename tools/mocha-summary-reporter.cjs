'use strict';
// Mocha's Spec reporter plus one plain closing line, `N passed, N failed, N skipped`,
// which CI's log reader looks for (it does not parse mocha's own "N passing" summary).
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = this.stats;
      // Printed after Spec's epilogue (registered first), on a line of its own.
      process.stdout.write(`\n${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`);
    });
  }
}

module.exports = SummaryReporter;
