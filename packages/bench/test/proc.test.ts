import { expect } from 'chai';
import { cpuMs, parseStat, parseVmRss, processTree, rssBytes } from '../src/proc.js';

describe('bench /proc readers', () => {
  it('reads ppid and utime + stime, counting fields after the last parenthesis', () => {
    // A command name with spaces and a ")" of its own: naive splitting would shift every field.
    const line =
      '4242 (node (worker) 1) S 4200 4242 4200 0 -1 4194560 1234 0 5 0 731 269 0 0 20 0 11 0 12345 1234567 8910 18446744073709551615';
    expect(parseStat(line)).to.deep.equal({ ppid: 4200, ticks: 731 + 269 });
  });

  it('refuses what is not a stat line', () => {
    expect(() => parseStat('no parenthesis here')).to.throw(/not a \/proc stat line/);
    expect(() => parseStat('1 (x) S')).to.throw(/malformed/);
  });

  it('reads VmRSS in bytes, and 0 when the line is absent', () => {
    const status = 'Name:\tnode\nVmPeak:\t 2000000 kB\nVmRSS:\t  145320 kB\nRssAnon:\t 100000 kB\n';
    expect(parseVmRss(status)).to.equal(145320 * 1024);
    expect(parseVmRss('Name:\tzombie\nState:\tZ (zombie)\n')).to.equal(0);
  });

  it('finds this process, and measures its CPU time and memory', () => {
    expect(processTree(process.pid)[0]).to.equal(process.pid);
    expect(processTree(process.ppid)).to.include(process.pid);
    expect(cpuMs([process.pid])).to.be.greaterThan(0);
    expect(rssBytes([process.pid])).to.be.greaterThan(10 * 1024 * 1024);
    expect(rssBytes([process.pid, process.pid])).to.be.greaterThan(rssBytes([process.pid]));
  });
});
