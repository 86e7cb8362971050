import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testKeys, testNow } from '../../support/saml-signer.js';
import { TEST_AUDIENCE, signedEnvelope } from '../../support/saml-tickets.js';

describe('npm run xua -- inspect', () => {
  const now = testNow();
  const inspect = (xml: string, ...args: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'xua-cli-'));
    try {
      writeFileSync(join(dir, 'ticket.xml'), xml);
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/xua-cli.ts', 'inspect', join(dir, 'ticket.xml'),
        '--trust', testKeys().trustDir, '--audience', TEST_AUDIENCE, ...args], { encoding: 'utf8', env: { ...process.env, XUA_ISSUERS: '' } });
      return { code: r.status, out: r.stdout + r.stderr };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('prints the verdict, each failed check and the principal', () => {
    const { xml } = signedEnvelope({ now });
    const ok = inspect(xml, '--at', now.toISOString());
    expect(ok.code, ok.out).to.equal(0);
    expect(ok.out).to.match(/verdict: ACCEPTED/).and.match(/"hprNumber": "565501872"/);
    const late = inspect(xml.replace('RANDABERG KOMMUNE', 'ANNEN KOMMUNE'), '--at', new Date(now.getTime() + 3 * 3600_000).toISOString());
    expect(late.code).to.equal(1);
    expect(late.out).to.match(/verdict: REFUSED \(wsse:FailedAuthentication\)/)
      .and.match(/- the signature does not verify/)
      .and.match(/- the Assertion expired at/)
      .and.match(/UNVERIFIED/);
  });
});
