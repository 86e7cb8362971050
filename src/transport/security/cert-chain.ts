/**
 * Certificate chains for ticket signatures: a signing certificate that is not pinned is trusted
 * when it chains, through CA certificates sent with it in KeyInfo or kept beside the roots, to a
 * CA certificate of XUA_TRUST_ROOTS_DIR, and every certificate of the chain is valid at the time
 * of the request. Each link is checked with node's X509Certificate: the issuer name matches
 * (`checkIssued`), the issuer's key verifies the certificate's signature (`verify`), and the
 * issuer is a CA (basicConstraints cA). The KeyInfo certificates are only candidates: nothing in
 * the message is trusted unless it leads to a configured root. Revocation (CRL, OCSP) is not
 * checked: the gateway has no network path to the issuers here (docs/access-policy.md §1).
 * See norway-profile.md §4.2, ihe-requirements.md §11, house-style.md Part C F4 step 3.
 */
import { X509Certificate } from 'node:crypto';
import type { TrustedCert } from './trusted-cert.js';

/** Longest chain accepted: leaf, up to three intermediates, root. */
const MAX_DEPTH = 5;
/** Most KeyInfo certificates looked at; more is refused rather than searched. */
const MAX_KEYINFO_CERTS = 8;

/** A configured CA certificate (root, or an intermediate kept with the roots). */
export interface TrustRoot {
  readonly source: string;
  readonly cert: X509Certificate;
  /** A self-signed certificate: where a chain may end. */
  readonly anchor: boolean;
}

/**
 * @param cert - a parsed CA certificate
 * @param source - the file it came from
 * @returns the root; `anchor` when it is self-issued and self-signed
 * @throws Error when it is not a CA certificate
 */
export function trustRootOf(cert: X509Certificate, source: string): TrustRoot {
  if (!cert.ca) throw new Error(`${source}: ${cert.subject.replace(/\n/g, ', ')} is not a CA certificate (basicConstraints cA)`);
  return { source, cert, anchor: cert.checkIssued(cert) && cert.verify(cert.publicKey) };
}

const within = (c: X509Certificate, now: Date): boolean => Date.parse(c.validFrom) <= now.getTime() && now.getTime() < Date.parse(c.validTo);
const nameOf = (c: X509Certificate): string => c.subject.replace(/\n/g, ', ');

/**
 * The signing certificate of a ticket, when it chains to a configured root.
 * @param keyInfoCerts - base64 DER certificates of the signature's KeyInfo; the first is the signer's
 * @param roots - the configured CA certificates
 * @param now - the time of the request
 * @returns the signer as a TrustedCert whose validTo is the end of the whole chain's validity,
 *   or why it is not trusted
 */
export function chainedSigner(keyInfoCerts: readonly string[], roots: readonly TrustRoot[], now: Date): TrustedCert | string {
  if (keyInfoCerts.length > MAX_KEYINFO_CERTS) return `KeyInfo carries more than ${MAX_KEYINFO_CERTS} certificates`;
  let sent: X509Certificate[];
  try {
    sent = keyInfoCerts.map((b64) => new X509Certificate(Buffer.from(b64, 'base64')));
  } catch {
    return 'a KeyInfo certificate is not a readable X.509 certificate';
  }
  const leaf = sent[0];
  if (!leaf) return 'the signature names no certificate in KeyInfo';
  const candidates = [...roots.map((r) => ({ cert: r.cert, anchor: r.anchor })), ...sent.slice(1).map((cert) => ({ cert, anchor: false }))];
  let current = leaf;
  // The signer is trusted only while every certificate of its chain is valid.
  let chainEnd = Date.parse(leaf.validTo);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (!within(current, now)) return `the certificate ${nameOf(current)} is outside its validity period`;
    chainEnd = Math.min(chainEnd, Date.parse(current.validTo));
    const issuer = candidates.find((c) => c.cert.ca && !c.cert.raw.equals(current.raw) && current.checkIssued(c.cert) && current.verify(c.cert.publicKey));
    if (!issuer) return `the signing certificate ${nameOf(leaf)} does not chain to a root of XUA_TRUST_ROOTS_DIR`;
    if (issuer.anchor) {
      if (!within(issuer.cert, now)) return `the root ${nameOf(issuer.cert)} is outside its validity period`;
      return {
        source: `chain to ${nameOf(issuer.cert)}`, pem: leaf.toString(), publicKey: leaf.publicKey, derBase64: leaf.raw.toString('base64'),
        subject: nameOf(leaf), validFrom: new Date(leaf.validFrom), validTo: new Date(Math.min(chainEnd, Date.parse(issuer.cert.validTo))),
      };
    }
    current = issuer.cert;
  }
  return `the certificate chain of ${nameOf(leaf)} is longer than ${MAX_DEPTH}`;
}
