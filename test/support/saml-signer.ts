/**
 * The independent signer for XUA tests: keys and certificates made with openssl, assertions
 * signed with Debian's xmlsec1 (never with the library the gateway verifies with), so a
 * passing test shows interoperability, not agreement of one library with itself.
 * See house-style.md Part C F4 and ihe-requirements.md §11.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestKeyPair {
  readonly keyPath: string;
  readonly certPath: string;
  readonly certPem: string;
}

export interface TestKeys {
  readonly dir: string;
  /** The identity provider whose certificate is pinned in `trustDir`. */
  readonly trusted: TestKeyPair;
  /** A key whose certificate is not pinned: an attacker signing with their own key. */
  readonly untrusted: TestKeyPair;
  /** A folder holding only the trusted certificate, as XUA_TRUST_DIR would. */
  readonly trustDir: string;
}

let cached: TestKeys | undefined;

function makePair(dir: string, name: string, cn: string): TestKeyPair {
  const keyPath = join(dir, `${name}.key.pem`);
  const certPath = join(dir, `${name}.cert.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256',
    '-keyout', keyPath, '-out', certPath, '-days', '3', '-subj', `/O=Test/CN=${cn}`], { stdio: 'pipe' });
  return { keyPath, certPath, certPem: readFileSync(certPath, 'utf8') };
}

/**
 * Creates a trusted and an untrusted RSA key with self-signed certificates (valid three days)
 * in a folder that the caller keeps or removes.
 * @param dir - where to write them (created when missing)
 * @returns the key pairs and a trust folder holding only the trusted certificate
 */
export function createTestKeys(dir: string): TestKeys {
  mkdirSync(dir, { recursive: true });
  const trusted = makePair(dir, 'idp', 'test-helseid-xdssaml');
  const untrusted = makePair(dir, 'attacker', 'attacker');
  const trustDir = join(dir, 'trust');
  mkdirSync(trustDir, { recursive: true });
  writeFileSync(join(trustDir, 'idp.pem'), trusted.certPem);
  return { dir, trusted, untrusted, trustDir };
}

/**
 * Opens keys that createTestKeys wrote earlier, so that a gateway already pinning them can be
 * tested again.
 * @param dir - the folder createTestKeys wrote
 * @param validForMs - how long the trusted certificate must still be valid
 * @returns the keys, or undefined when some are missing or the certificate expires too soon
 */
export function openTestKeys(dir: string, validForMs: number): TestKeys | undefined {
  const pair = (name: string): TestKeyPair => {
    const certPath = join(dir, `${name}.cert.pem`);
    return { keyPath: join(dir, `${name}.key.pem`), certPath, certPem: readFileSync(certPath, 'utf8') };
  };
  try {
    const trusted = pair('idp');
    const untrusted = pair('attacker');
    const trustDir = join(dir, 'trust');
    readFileSync(join(trustDir, 'idp.pem'));
    readFileSync(trusted.keyPath);
    const validTo = Date.parse(new X509Certificate(trusted.certPem).validTo);
    return validTo - Date.now() > validForMs ? { dir, trusted, untrusted, trustDir } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates (once per process) test keys in a temporary folder, removed when the process exits.
 * @returns the key pairs and a trust folder holding only the trusted certificate
 */
export function testKeys(): TestKeys {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'xua-keys-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  cached = createTestKeys(dir);
  return cached;
}

/**
 * The enveloped-signature template xmlsec1 fills in: exc-c14n, RSA-SHA256, SHA-256, one
 * reference to the assertion's ID, the certificate in KeyInfo (as NHN tickets carry it).
 * @param id - the Assertion's ID attribute
 * @returns a ds:Signature element to place right after saml2:Issuer
 */
export function signatureTemplate(id: string): string {
  return '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>'
    + '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
    + '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
    + `<ds:Reference URI="#${id}"><ds:Transforms>`
    + '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>'
    + '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>'
    + '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/>'
    + '</ds:Reference></ds:SignedInfo><ds:SignatureValue/>'
    + '<ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>';
}

/**
 * Signs every signature template in a document with xmlsec1. The document may be a lone
 * assertion or a whole SOAP envelope holding one: xmlsec1 resolves the reference by the
 * Assertion's ID attribute, registered with --id-attr.
 * @param xml - a document containing a ds:Signature template inside a saml2:Assertion
 * @param pair - the key and certificate to sign with
 * @returns the signed document text
 */
export function signWithXmlsec(xml: string, pair: TestKeyPair): string {
  return xmlsecSign(xml, pair, ['--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion']);
}

/** Runs `xmlsec1 --sign` over the document with the pair's key and certificate and further arguments. */
function xmlsecSign(xml: string, pair: TestKeyPair, args: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'xua-sign-'));
  try {
    const input = join(dir, 'template.xml');
    const output = join(dir, 'signed.xml');
    writeFileSync(input, xml);
    execFileSync('xmlsec1', ['--sign', '--privkey-pem', `${pair.keyPath},${pair.certPath}`, ...args, '--output', output, input], { stdio: 'pipe' });
    return readFileSync(output, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Signs the message signature template of a SOAP envelope (the ds:Signature that is a direct
 * child of wsse:Security, WS-Security SAML Token Profile §3.5) with xmlsec1; its references name
 * the Body and the wsu:Timestamp by wsu:Id.
 * @param xml - the envelope with the template in place
 * @param pair - the holder's key and certificate
 * @returns the signed envelope
 */
export function signMessageWithXmlsec(xml: string, pair: TestKeyPair): string {
  return xmlsecSign(xml, pair, [
    '--id-attr:Id', 'http://www.w3.org/2003/05/soap-envelope:Body',
    '--id-attr:Id', 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd:Timestamp',
    '--node-xpath', "/*[local-name()='Envelope']/*[local-name()='Header']/*[local-name()='Security']/*[local-name()='Signature']",
  ]);
}

/**
 * Verifies with xmlsec1 against one trusted certificate: the independent cross-check.
 * @param xml - a signed document
 * @param certPath - the certificate to trust
 * @returns true when xmlsec1 accepts the signature
 */
export function verifyWithXmlsec(xml: string, certPath: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'xua-verify-'));
  try {
    const input = join(dir, 'signed.xml');
    writeFileSync(input, xml);
    execFileSync('xmlsec1', ['--verify', '--trusted-pem', certPath,
      '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion', input], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A "now" for tests: after the test certificates were made, so they are within their validity
 * (openssl 3.0 cannot back-date a certificate).
 */
export function testNow(): Date {
  testKeys();
  return new Date();
}
