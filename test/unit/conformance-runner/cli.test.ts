import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../support/shared.js';
import { writeMiniTestkit } from './mini-testkit.js';

const conformance = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/conformance.ts', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('npm run conformance: usage', function () {
  this.timeout(60_000);

  it('answers --help with the collections and the profile a gateway given by --url needs', () => {
    const r = conformance('--help');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/^npm run conformance -- /)
      .and.contain('registry, repository, responding-gateway, initiating-gateway')
      .and.contain('METADATA_PROFILE=ihe-generic');
  });

  it('refuses an unknown collection, an unknown test, an unknown option and a bad --url in one line with exit 2, before running anything', () => {
    const testkit = writeMiniTestkit();
    const cases: [string[], RegExp][] = [
      [['--collection', 'registry,radiology', '--testkit', testkit], /^conformance: unknown collection radiology; the collections are registry, /],
      [['--test', 'T-query,99999', '--testkit', testkit], /^conformance: unknown test 99999: not in /],
      [['--fast'], /^conformance: Unknown option '--fast'; see --help$/],
      [['--url', 'localhost:8080'], /^conformance: --url must be a gateway's base URL/],
      [['--xua', '--plain'], /^conformance: --xua and --plain exclude each other$/],
    ];
    for (const [args, message] of cases) {
      const r = conformance(...args);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.err.trim().split('\n'), r.err).to.have.length(1);
      expect(r.err.trim()).to.match(message);
      expect(r.out, 'nothing ran').to.equal('');
    }
  });
});
