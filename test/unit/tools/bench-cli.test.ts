import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../support/shared.js';

const bench = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('npm run bench: usage', function () {
  this.timeout(60_000);
  const baseline = (): string => readFileSync(path.join(PROJECT_ROOT, 'bench/results.json'), 'utf8');

  it('answers --help with the cases and where a run\'s figures go', () => {
    const r = bench('--help');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/^npm run bench -- /).and.contain('iti41, iti43, stored-query, xca, xua, under-attack, fhir, mongodb, audit').and.contain('.tmp/bench/');
  });

  it('refuses an unknown case or option in one line with exit 2, measuring nothing and leaving the baseline alone', () => {
    const before = baseline();
    for (const [args, message] of [[['iti41', 'iti99'], /^bench: unknown case iti99; the cases are iti41, /], [['--fast'], /^bench: Unknown option '--fast'; see --help$/]] as const) {
      const r = bench(...args);
      expect(r.code).to.equal(2);
      expect(r.err.trim()).to.match(message);
      expect(r.err.trim().split('\n')).to.have.length(1);
      expect(r.out).to.equal('');
    }
    expect(baseline()).to.equal(before);
  });
});
