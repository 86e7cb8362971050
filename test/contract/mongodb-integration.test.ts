/**
 * The XDS, stored-query and XCA integration suites once more, on MongoDB: the same tests that
 * run on the embedded store, in a child mocha with TEST_STORAGE_URL pointing at MONGODB_URL
 * (each test storage gets a database of its own). Without MONGODB_URL this reports that it did
 * not run, and fails where the MongoDB suites are required (CI).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../support/shared.js';
import { MONGODB_URL, mongoNotConfigured } from './mongodb-fixture.js';

const SUITES = ['test/integration/xds/**/*.test.ts', 'test/integration/queries/**/*.test.ts', 'test/integration/xca/**/*.test.ts'];

if (!MONGODB_URL) {
  mongoNotConfigured('the XDS, stored-query and XCA integration suites');
} else {
  describe('the XDS, stored-query and XCA integration suites on MongoDB', function () {
    this.timeout(600_000);
    it('pass unchanged with MongoDB as the store', () => {
      const run = spawnSync(process.execPath, [
        'node_modules/mocha/bin/mocha.js', '--no-config', '--import=tsx', '--timeout', '60000', '--reporter', 'dot', ...SUITES,
      ], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, TEST_STORAGE_URL: MONGODB_URL }, timeout: 590_000 });
      const out = `${run.stdout ?? ''}${run.stderr ?? ''}`;
      expect(run.status, out.split('\n').slice(-60).join('\n')).to.equal(0);
      expect(out).to.match(/\d+ passing/);
    });
  });
}
