import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testKeys, testNow } from '../../support/saml-signer.js';
import { TEST_AUDIENCE, signedEnvelope } from '../../support/saml-tickets.js';

describe('npm run xua -- inspect', () => {
  const now = testNow();
  const inspect = (xml: string, ...args: string[]) => inspectWith(xml, testKeys().trustDir, ...args);
  const inspectWith = (xml: string, trust: string | ((dir: string) => string), ...args: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'xua-cli-'));
    try {
      writeFileSync(join(dir, 'ticket.xml'), xml);
      const trustDir = typeof trust === 'string' ? trust : trust(dir);
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/xua-cli.ts', 'inspect', join(dir, 'ticket.xml'),
        '--trust', trustDir, '--audience', TEST_AUDIENCE, ...args], { encoding: 'utf8', env: { ...process.env, XUA_ISSUERS: '' } });
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

  it('says plainly, without a stack trace, that the trust folder is empty, missing or unreadable', () => {
    const { xml } = signedEnvelope({ now });
    const cases: [string, (dir: string) => string, RegExp][] = [
      ['empty', (dir) => { const t = join(dir, 'trust'); mkdirSync(t); return t; }, /holds no PEM certificate/],
      ['missing', (dir) => join(dir, 'no-such-folder'), /cannot be read \(ENOENT\)/],
      ['a file, not a folder', (dir) => join(dir, 'ticket.xml'), /cannot be read \(ENOTDIR\)/],
      ['holding an unreadable .pem', (dir) => { const t = join(dir, 'trust'); mkdirSync(join(t, 'ca.pem'), { recursive: true }); return t; }, /ca\.pem cannot be read \(EISDIR\)/],
    ];
    for (const [what, trust, message] of cases) {
      const r = inspectWith(xml, trust);
      expect(r.code, `${what}: ${r.out}`).to.equal(2);
      expect(r.out, what).to.match(/^xua inspect: /).and.match(message).and.not.match(/\n\s+at /);
    }
  });

  it('says plainly that the ticket file cannot be read or is not XML', () => {
    const r = inspectWith('not xml at all', testKeys().trustDir);
    expect(r.code, r.out).to.equal(2);
    expect(r.out).to.match(/^xua inspect: /).and.not.match(/\n\s+at /);
  });
});
