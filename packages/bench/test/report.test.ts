import { expect } from 'chai';
import {
  describeRatios,
  evaluateTargets,
  formatNumber,
  formatReport,
  formatTable,
  meets,
  MiB,
  ratio,
  type Extras,
  type Measurement,
} from '../src/report.js';

function row(id: string, rate: number, extra: Partial<Measurement> = {}): Measurement {
  return {
    id,
    label: id,
    unit: 'req/s',
    rate,
    count: rate * 10,
    seconds: 10,
    p50Ms: 1,
    p99Ms: 5,
    cpuMsPerUnit: 0.5,
    peakRssBytes: 100 * MiB,
    failures: 0,
    ...extra,
  };
}

const extras: Extras = {
  rssAfterStartBytes: 90 * MiB,
  rssIdleAfterHashesBytes: 200 * MiB,
  hashesBeforeIdle: 2000,
  meXactPerRequest: 2,
};

describe('bench report', () => {
  it('computes ratios, and none from missing or zero figures', () => {
    expect(ratio(3, 4)).to.equal(0.75);
    expect(ratio(null, 4)).to.equal(null);
    expect(ratio(3, undefined)).to.equal(null);
    expect(ratio(3, 0)).to.equal(null);
    expect(ratio(Number.NaN, 2)).to.equal(null);
  });

  it('compares with each kind of goal', () => {
    expect(meets(1.3, '<=', 1.3)).to.equal(true);
    expect(meets(1.31, '<=', 1.3)).to.equal(false);
    expect(meets(0.7, '>=', 0.7)).to.equal(true);
    expect(meets(25, '<', 25)).to.equal(false);
    expect(meets(null, '<', 25)).to.equal(null);
  });

  it('evaluates the issue 10 targets from the rows and extras', () => {
    const rows = [
      row('me', 800, { cpuMsPerUnit: 0.6, peakRssBytes: 140 * MiB }),
      row('me-ref', 1000, { cpuMsPerUnit: 0.5, peakRssBytes: 100 * MiB }),
      row('refresh', 300),
      row('login', 57, { reference: 'argon2' }),
      row('argon2', 60, { unit: 'hash/s' }),
      row('me-wc2', 720),
      row('healthz-flood', 100, { p99Ms: 30 }),
    ];
    const byId = Object.fromEntries(evaluateTargets(rows, extras).map((t) => [t.id, t]));
    expect(byId['me-cpu']!.value).to.be.closeTo(1.2, 1e-9);
    expect(byId['me-cpu']!.met).to.equal(true);
    expect(byId['me-rps']!.value).to.be.closeTo(0.8, 1e-9);
    expect(byId['me-xact']!.met).to.equal(false);
    expect(byId['refresh-rps']!.value).to.be.closeTo(0.3, 1e-9);
    expect(byId['refresh-rps']!.met).to.equal(false);
    expect(byId['login-rps']!.value).to.be.closeTo(0.95, 1e-9);
    expect(byId['login-rps']!.met).to.equal(true);
    expect(byId['rss-start']!.value).to.equal(90);
    expect(byId['rss-start']!.met).to.equal(true);
    expect(byId['rss-idle']!.label).to.include('2000');
    expect(byId['rss-idle']!.met).to.equal(false);
    expect(byId['me-rss']!.value).to.be.closeTo(1.4, 1e-9);
    expect(byId['wc2-rps']!.value).to.be.closeTo(0.9, 1e-9);
    expect(byId['wc2-rps']!.met).to.equal(false);
    expect(byId['healthz-p99']!.value).to.equal(30);
    expect(byId['healthz-p99']!.met).to.equal(false);
  });

  it('marks targets whose scenario did not run as not measured', () => {
    const targets = evaluateTargets([row('me', 800)], { ...extras, meXactPerRequest: null });
    const byId = Object.fromEntries(targets.map((t) => [t.id, t]));
    expect(byId['me-rps']!.met).to.equal(null);
    expect(byId['me-xact']!.value).to.equal(null);
    expect(byId['wc2-rps']!.met).to.equal(null);
  });

  it('formats numbers short and aligns table columns', () => {
    expect(formatNumber(12345.6)).to.equal('12,346');
    expect(formatNumber(123.4)).to.equal('123');
    expect(formatNumber(12.34)).to.equal('12.3');
    expect(formatNumber(1.234)).to.equal('1.23');
    expect(formatNumber(0.1234)).to.equal('0.123');
    expect(formatNumber(null)).to.equal('—');
    const table = formatTable(
      ['name', 'rate'],
      [
        ['a', '1'],
        ['longer', '1,000'],
      ],
    ).split('\n');
    expect(table).to.deep.equal(['name    rate', '------  -----', 'a           1', 'longer  1,000']);
  });

  it('describes a row against its reference', () => {
    const text = describeRatios(
      row('me', 500, { cpuMsPerUnit: 1, peakRssBytes: 150 * MiB }),
      row('me-ref', 1000, { label: 'bare /me' }),
    );
    expect(text).to.equal('0.50× rate, 2.00× CPU, 1.50× RSS of bare /me');
    expect(describeRatios(row('x', 1), undefined)).to.equal('');
  });

  it('prints the whole report with both tables and the notes', () => {
    const rows = [row('me', 800, { reference: 'me-ref' }), row('me-ref', 1000)];
    const text = formatReport({
      mode: 'short',
      environment: { node: 'v24' },
      rows,
      extras,
      targets: evaluateTargets(rows, extras),
      notes: ['something skipped'],
    });
    expect(text).to.include('codex-auth bench (short mode): node=v24');
    expect(text).to.include('0.80× rate');
    expect(text).to.match(/\/me req\/s vs reference\s+0\.800 ×\s+>= 0\.7 ×\s+met/);
    expect(text).to.include('MISSED');
    expect(text).to.include('note: something skipped');
  });
});
