/**
 * The NIST XDS Toolkit test plans against the whole gateway, through the project's conformance
 * runner (`npm run conformance`), in both variants: XUA off, and XUA required with a signed
 * ticket on every ITI-18/43/38/39 step plus the negative checks. Every test in
 * conformance/expected-passes.json ("xua:" ids included) must still pass.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT, requireShared } from '../support/shared.js';

describe('the NIST XDS Toolkit test plans', function () {
  this.timeout(240_000);

  it('still pass every test in the expected-passes list, with XUA off and with XUA required', function () {
    requireShared(this);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/conformance.ts'], {
      cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 230_000,
    });
    const out = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    const summary = out.trim().split('\n').slice(-18).join('\n');
    expect(run.status, summary).to.equal(0);
    const last = /^(\d+) passed, (\d+) failed, (\d+) not applicable$/.exec(out.trim().split('\n').pop() ?? '');
    expect(last, summary).not.to.equal(null);
    expect(Number(last?.[2]), summary).to.equal(0);
    expect(Number(last?.[1]), summary).to.be.greaterThan(0);
    expect(out, 'the XUA variant ran').to.match(/under XUA +\d+/).and.match(/XUA negative checks +[1-9]\d* +0 /);
  });
});
