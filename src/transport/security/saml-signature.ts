/**
 * Verifies the assertion's enveloped XML-DSig with xml-crypto against a PINNED certificate, or
 * a KeyInfo certificate that chains to a root of XUA_TRUST_ROOTS_DIR (cert-chain.ts); never
 * against a certificate only because the message brings it (house-style.md Part C F4, steps 3–6).
 * Otherwise the certificate in KeyInfo only selects which pinned certificate to try.
 * See ihe-requirements.md §11 (TF2-40 §3.40.4.1.2).
 */
import { DOMParser, type Element as DomElement } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { inScopeNamespaces, NS } from '../../formats/xml/tree.js';
import type { LocatedAssertion } from './saml-locate.js';
import { failedAuth, invalid, type CheckFailure } from './wsse-fault.js';
import { cutElement, startTags } from './xml-cut.js';
import { chainedSigner, type TrustRoot } from './cert-chain.js';
import type { TrustedCert } from './trusted-cert.js';

export type SignatureVerdict =
  | { readonly ok: true; readonly signedXml: string; readonly signer: TrustedCert }
  | { readonly ok: false; readonly failures: readonly CheckFailure[] };

/**
 * @param located - the structurally checked assertion
 * @param trusted - the pinned certificates
 * @param now - verification time (pinned certificates and chains must be valid then)
 * @param roots - CA certificates that a KeyInfo certificate may chain to
 * @returns the canonical signed XML of the assertion (the only text attributes are read
 *   from), or why the signature is not accepted
 */
export function verifyAssertionSignature(located: LocatedAssertion, trusted: readonly TrustedCert[], now: Date,
  roots: readonly TrustRoot[] = []): SignatureVerdict {
  const parsed = signatureElement(located);
  if (typeof parsed === 'string') return { ok: false, failures: [invalid(parsed)] };
  const candidates = chooseCertificates(located, trusted, now, roots);
  if (typeof candidates === 'string') return { ok: false, failures: [failedAuth(candidates)] };
  const errors: string[] = [];
  for (const cert of candidates) {
    const outcome = checkWith(cert, parsed, located.xml);
    if (typeof outcome !== 'string') return { ok: true, signedXml: outcome.signedXml, signer: cert };
    errors.push(outcome);
  }
  return { ok: false, failures: [failedAuth(`the signature does not verify: ${errors.join('; ')}`)] };
}

/** Parses XML with xmldom; undefined when it is not well-formed. */
export const parseDom = (xml: string): DomElement | undefined => {
  let failed = false;
  try {
    const root = new DOMParser({ locator: false, onError: (level) => { if (level !== 'warning') failed = true; } })
      .parseFromString(xml, 'text/xml').documentElement;
    return failed || !root ? undefined : root;
  } catch {
    return undefined;
  }
};

/**
 * The Signature element to load into xml-crypto. Parsing only the Signature's own text is
 * cheaper than the whole assertion; when that cut is not clean (another element named
 * Signature, a comment imitating its end tag), the whole assertion is parsed instead.
 */
function signatureElement(located: LocatedAssertion): DomElement | string {
  const starts = startTags(located.xml, 'Signature');
  if (starts.length === 1) {
    const text = cutElement(located.xml, starts[0] as RegExpExecArray, 'Signature', 'first', inScopeNamespaces(located.signature));
    const el = text === undefined ? undefined : parseDom(text);
    if (el && el.namespaceURI === NS.ds && el.localName === 'Signature') return el;
  }
  return parseAssertion(located);
}

/** Parses the cut-out assertion and returns its Signature element (a direct child). */
function parseAssertion(located: LocatedAssertion): DomElement | string {
  const root = parseDom(located.xml);
  if (!root) return 'the Assertion is not well-formed on its own';
  if (root.namespaceURI !== NS.saml2 || root.localName !== 'Assertion' || root.getAttribute('ID') !== located.id) {
    return 'the Assertion cut from the message is not the one located (signature wrapping)';
  }
  for (let c = root.firstChild; c; c = c.nextSibling) {
    const el = c as DomElement;
    if (c.nodeType === 1 && el.namespaceURI === NS.ds && el.localName === 'Signature') return el;
  }
  return 'the Assertion is not signed';
}

/**
 * The certificates to try: the pinned one equal to the KeyInfo certificate when the message
 * names one; else, with roots configured, the KeyInfo certificate when it chains to one of them
 * (an unknown certificate is refused at once); without KeyInfo, every pinned certificate.
 */
function chooseCertificates(located: LocatedAssertion, trusted: readonly TrustedCert[], now: Date, roots: readonly TrustRoot[]): TrustedCert[] | string {
  const pinnedHit = trusted.some((c) => located.keyInfoCerts.includes(c.derBase64));
  if (roots.length > 0 && located.keyInfoCerts.length > 0 && !pinnedHit) {
    const signer = chainedSigner(located.keyInfoCerts, roots, now);
    return typeof signer === 'string' ? signer : [signer];
  }
  if (trusted.length === 0) return 'no certificate is pinned in XUA_TRUST_DIR, so no signature can be trusted';
  const current = trusted.filter((c) => c.validFrom <= now && now < c.validTo);
  if (current.length === 0) return 'every pinned certificate is outside its validity period';
  if (located.keyInfoCerts.length === 0) return current;
  const named = current.filter((c) => located.keyInfoCerts.includes(c.derBase64));
  if (named.length > 0) return named;
  const known = trusted.some((c) => located.keyInfoCerts.includes(c.derBase64));
  return known
    ? 'the signing certificate is pinned but outside its validity period'
    : 'the Assertion is signed by a certificate that is not pinned in XUA_TRUST_DIR (untrusted key)';
}

/**
 * One xml-crypto check. Both `false` and a thrown error mean "invalid" (F4 step 4).
 * idAttributes is narrowed to SAML's ID so no other attribute can stand in for the reference.
 */
function checkWith(cert: TrustedCert, signature: DomElement, xml: string): { signedXml: string } | string {
  const sig = new SignedXml({ publicCert: cert.publicKey, getCertFromKeyInfo: () => null });
  sig.idAttributes = ['ID'];
  try {
    // xml-crypto's types name the global DOM Node; at run time it works on xmldom nodes.
    sig.loadSignature(signature as unknown as Parameters<SignedXml['loadSignature']>[0]);
    if (!sig.checkSignature(xml)) return 'a reference digest does not match (the assertion was altered)';
  } catch (e) {
    return (e as Error).message.replace(/signature value \S+ is/, 'signature value is').slice(0, 200);
  }
  const refs = sig.getSignedReferences();
  if (refs.length !== 1 || !refs[0]) return 'the signature does not cover exactly one reference';
  return { signedXml: refs[0] };
}
