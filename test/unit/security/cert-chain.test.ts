import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainedSigner, trustRootOf, type TrustRoot } from '../../../src/transport/security/cert-chain.js';
import { loadTrustRoots } from '../../../src/transport/security/xua-settings.js';
import type { TestKeyPair } from '../../support/saml-signer.js';
import { signedEnvelope } from '../../support/saml-tickets.js';
import { acceptance, refusal, verifyEnvelope, xuaTestSettings } from '../../support/xua-harness.js';

const DAY = 24 * 3600 * 1000;

/** A small PKI made with openssl: two roots, an intermediate, leaves under each, a non-CA "issuer". */
class TestPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'xua-pki-'));

  constructor() {
    writeFileSync(join(this.dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
    writeFileSync(join(this.dir, 'leaf.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n');
  }

  /** A self-signed CA certificate. */
  root(name: string, days = 3650): TestKeyPair {
    const keyPath = join(this.dir, `${name}.key.pem`);
    const certPath = join(this.dir, `${name}.cert.pem`);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-keyout', keyPath, '-out', certPath,
      '-days', String(days), '-subj', `/O=Test PKI/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], { stdio: 'pipe' });
    return { keyPath, certPath, certPem: readFileSync(certPath, 'utf8') };
  }

  /** A certificate issued by `issuer`: a CA when `ca`, else a signing (leaf) certificate. */
  issue(name: string, issuer: TestKeyPair, o: { ca?: boolean; days?: number } = {}): TestKeyPair {
    const keyPath = join(this.dir, `${name}.key.pem`);
    const csr = join(this.dir, `${name}.csr`);
    const certPath = join(this.dir, `${name}.cert.pem`);
    execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', csr, '-subj', `/O=Test PKI/CN=${name}`], { stdio: 'pipe' });
    execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', issuer.certPath, '-CAkey', issuer.keyPath, '-CAcreateserial',
      '-out', certPath, '-days', String(o.days ?? 30), '-sha256', '-extfile', join(this.dir, o.ca ? 'ca.ext' : 'leaf.ext')], { stdio: 'pipe' });
    return { keyPath, certPath, certPem: readFileSync(certPath, 'utf8') };
  }

  close(): void { rmSync(this.dir, { recursive: true, force: true }); }
}

const der = (p: TestKeyPair): string => new X509Certificate(p.certPem).raw.toString('base64');
const rootOf = (p: TestKeyPair): TrustRoot => trustRootOf(new X509Certificate(p.certPem), p.certPath);

/**
 * Ticket signatures by certificates that chain to configured roots (XUA_TRUST_ROOTS_DIR), with
 * every certificate of the chain within its validity. Certificates made by openssl; tickets
 * signed by xmlsec1. norway-profile.md §4.2.
 */
describe('XUA: certificate chains to configured roots', function () {
  this.timeout(60_000);
  const pki = new TestPki();
  const root = pki.root('root');
  const otherRoot = pki.root('other-root');
  const intermediate = pki.issue('intermediate', root, { ca: true, days: 10 });
  const leaf = pki.issue('signer', intermediate, { days: 30 });
  const direct = pki.issue('direct-signer', root, { days: 1 });
  const rogue = pki.issue('rogue-signer', otherRoot);
  const notCa = pki.issue('not-a-ca', root);
  const underLeaf = pki.issue('under-a-leaf', notCa);
  const now = new Date();
  after(() => pki.close());

  it('accepts a signer that chains through an intermediate sent with it, or kept with the roots', () => {
    expect(chainedSigner([der(leaf), der(intermediate)], [rootOf(root)], now)).to.include({ subject: 'O=Test PKI, CN=signer' });
    expect(chainedSigner([der(leaf)], [rootOf(root), rootOf(intermediate)], now)).to.include({ subject: 'O=Test PKI, CN=signer' });
    expect(chainedSigner([der(direct)], [rootOf(root)], now)).to.include({ subject: 'O=Test PKI, CN=direct-signer' });
  });

  it('refuses a signer without a path to a configured root, or whose issuer is not a CA', () => {
    expect(chainedSigner([der(leaf)], [rootOf(root)], now)).to.match(/does not chain to a root/);
    expect(chainedSigner([der(rogue)], [rootOf(root)], now)).to.match(/does not chain to a root/);
    expect(chainedSigner([der(underLeaf), der(notCa)], [rootOf(root)], now)).to.match(/does not chain to a root/);
    // a root sent in KeyInfo is only a candidate, never an anchor
    expect(chainedSigner([der(rogue), der(otherRoot)], [rootOf(root)], now)).to.match(/does not chain to a root/);
    expect(chainedSigner(['not base64 of a certificate'], [rootOf(root)], now)).to.match(/not a readable X.509/);
  });

  it('refuses a chain with an expired signer or an expired intermediate', () => {
    expect(chainedSigner([der(direct)], [rootOf(root)], new Date(now.getTime() + 2 * DAY))).to.match(/signer.*outside its validity period/);
    expect(chainedSigner([der(leaf), der(intermediate)], [rootOf(root)], new Date(now.getTime() + 12 * DAY))).to.match(/intermediate.*outside its validity period/);
  });

  it('refuses a leaf certificate as a root at start', () => {
    const dir = join(pki.dir, 'roots-with-leaf');
    mkdirSync(dir);
    writeFileSync(join(dir, 'leaf.pem'), leaf.certPem);
    expect(() => loadTrustRoots(dir)).to.throw(/leaf.pem: .*not a CA certificate/);
  });

  it('verifies an xmlsec1-signed ticket by a chained signer, and refuses one signed under another root', () => {
    const rootsDir = join(pki.dir, 'roots');
    mkdirSync(rootsDir);
    writeFileSync(join(rootsDir, 'root.pem'), root.certPem);
    writeFileSync(join(rootsDir, 'intermediate.pem'), intermediate.certPem);
    const settings = () => xuaTestSettings({ trustedCerts: [], trustRoots: loadTrustRoots(rootsDir) });
    const good = signedEnvelope({ now }, leaf).xml;
    expect(acceptance(verifyEnvelope(good, now, settings())).context.subjectId).to.be.a('string');
    const bad = refusal(verifyEnvelope(signedEnvelope({ now }, rogue).xml, now, settings()));
    expect(bad.faultCode).to.equal('wsse:FailedAuthentication');
    expect(bad.reason).to.contain('does not chain to a root');
    const late = refusal(verifyEnvelope(signedEnvelope({ now }, direct).xml, new Date(now.getTime() + 2 * DAY), settings()));
    expect(late.failures.join('; ')).to.contain('direct-signer is outside its validity period');
  });

  it('stops trusting a cached ticket when its signer\'s chain expires, though the ticket itself is still valid', () => {
    const rootsDir = join(pki.dir, 'roots-cache');
    mkdirSync(rootsDir);
    writeFileSync(join(rootsDir, 'root.pem'), root.certPem);
    const settings = xuaTestSettings({ trustedCerts: [], trustRoots: loadTrustRoots(rootsDir), clockSkewSeconds: 10 * 24 * 3600 });
    const xml = signedEnvelope({ now, notOnOrAfterOffset: 30 * 24 * 3600 }, direct).xml;
    acceptance(verifyEnvelope(xml, now, settings));
    expect(acceptance(verifyEnvelope(xml, new Date(now.getTime() + 3600_000), settings)).cached).to.equal(true);
    const late = refusal(verifyEnvelope(xml, new Date(now.getTime() + 2 * DAY), settings));
    expect(late.failures.join('; ')).to.contain('direct-signer is outside its validity period');
  });
});
