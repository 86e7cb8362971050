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
      expect(r.out, what).to.match(/^xua: /).and.match(message).and.not.match(/\n\s+at /);
    }
  });

  it('says plainly that the ticket file cannot be read or is not XML', () => {
    const r = inspectWith('not xml at all', testKeys().trustDir);
    expect(r.code, r.out).to.equal(2);
    expect(r.out).to.match(/^xua: /).and.not.match(/\n\s+at /);
  });
});

describe('npm run xua: usage and bad input', () => {
  const xua = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/xua-cli.ts', ...args], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('answers --help with the usage and the exit codes', () => {
    const r = xua('--help');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/^npm run xua -- inspect <ticket\.xml>/).and.match(/exit codes: 0 accepted, 1 refused, 2/);
  });

  it('reports an unknown option, a missing file, a file that is no XML and a bad trust folder in one line with exit 2, never a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xua-cli-'));
    try {
      writeFileSync(join(dir, 'text.xml'), 'not xml at all');
      for (const args of [['inspect', 'x.xml', '--strict'], ['inspect', join(dir, 'missing.xml')], ['inspect', join(dir, 'text.xml')],
        ['inspect', join(dir, 'text.xml'), '--trust', join(dir, 'nowhere')], ['check', 'x.xml'], ['inspect', 'x.xml', '--at', 'yesterday']]) {
        const r = xua(...args);
        expect(r.code, args.join(' ')).to.equal(2);
        expect(r.err.trim().split('\n'), `${args.join(' ')}: ${r.err}`).to.have.length(1);
        expect(r.err).to.match(/^xua: /).and.not.match(/\n\s+at /);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
