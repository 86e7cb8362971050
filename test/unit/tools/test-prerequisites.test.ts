import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../support/shared.js';

const SCRIPT = path.join(PROJECT_ROOT, 'scripts/test-prerequisites.sh');
const check = (pathVar: string, mode = 'check') =>
  spawnSync('/bin/bash', [SCRIPT, mode], { encoding: 'utf8', env: { PATH: pathVar } });

describe('test prerequisites check (npm test\'s pretest)', () => {
  it('passes on this machine, where the suite runs', () => {
    const r = check(process.env.PATH ?? '');
    expect(r.status, r.stderr).to.equal(0);
  });

  it('names each missing program by its Debian package and how to install it, and exits 1 without installing', () => {
    const r = check('/nonexistent');
    expect(r.status).to.equal(1);
    for (const pkg of ['libxml2-utils', 'xmlsec1', 'openssl']) expect(r.stderr).to.contain(pkg);
    expect(r.stderr).to.contain('apt-get install --no-install-recommends');
    expect(r.stderr).not.to.contain('installing');
  });

  it('refuses an unknown mode with exit 2', () => {
    const r = check(process.env.PATH ?? '', 'bogus');
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/^usage: /);
  });
});
