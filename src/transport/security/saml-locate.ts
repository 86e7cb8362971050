/**
 * Finds the one SAML 2.0 assertion of a wsse:Security header and guards against signature
 * wrapping before any cryptography runs (house-style.md Part C F4, steps 1, 2 and 5):
 * exactly one Assertion in the whole envelope, a direct child of wsse:Security; exactly one
 * ds:Signature inside it, its direct child; one Reference, to that Assertion's ID.
 * Also cuts the assertion's exact text out of the raw envelope for xml-crypto (xml-cut.ts).
 */
import { createHash } from 'node:crypto';
import { inScopeNamespaces, NS, type XmlElement } from '../../formats/xml/tree.js';
import { invalid, type CheckFailure } from './wsse-fault.js';
import { cutElement, startTags } from './xml-cut.js';

export interface LocatedAssertion {
  readonly element: XmlElement;
  /** Its ds:Signature (direct child) in the tree. */
  readonly signature: XmlElement;
  readonly id: string;
  /** The assertion as sent, with the namespace declarations it inherits added to its start tag. */
  readonly xml: string;
  /** SHA-256 (base64) of the SignatureValue. */
  readonly signatureHash: string;
  /** ID + signature hash + hash of the assertion text: the verification-cache key. */
  readonly cacheKey: string;
  /** Base64 certificates in KeyInfo: a hint for choosing a pinned certificate, never trusted. */
  readonly keyInfoCerts: readonly string[];
}

export type Location =
  | { readonly kind: 'absent' }
  | { readonly kind: 'invalid'; readonly failures: readonly CheckFailure[] }
  | { readonly kind: 'found'; readonly assertion: LocatedAssertion };

const ALG = {
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  signature: new Set(['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512']),
  digest: new Set(['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmlenc#sha512']),
};
const NCNAME = /^[A-Za-z_][\w.-]*$/;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('base64');

function descendants(el: XmlElement, ns: string, local: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (c.local === local && c.ns === ns) out.push(c);
    descendants(c, ns, local, out);
  }
  return out;
}

function anyNamed(el: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => { for (const c of e.children) { if (c.local === local) out.push(c); walk(c); } };
  walk(el);
  return out;
}

/**
 * Locates and structurally checks the assertion.
 * @param security - the wsse:Security header element
 * @param raw - the raw envelope text the header was parsed from
 * @returns absent, invalid (with every structural failure) or found
 */
export function locateAssertion(security: XmlElement, raw: string): Location {
  const all = anyNamed(security, 'Assertion');
  if (all.length === 0) return { kind: 'absent' };
  const saml2 = all.filter((a) => a.ns === NS.saml2);
  if (saml2.length === 0) return fail(`the security header carries an Assertion in ${all[0]?.ns || 'no namespace'}, not a SAML 2.0 assertion`);
  const starts = startTags(raw, 'Assertion');
  const rawCount = starts.length;
  if (rawCount === 0) return fail('the raw message does not hold the Assertion of the parsed header');
  if (all.length > 1 || rawCount !== 1) {
    return fail(`the message carries ${Math.max(all.length, rawCount)} Assertion elements; exactly one is allowed (signature wrapping)`);
  }
  const assertion = saml2[0] as XmlElement;
  if (!security.children.includes(assertion)) return fail('the Assertion is not a direct child of wsse:Security (signature wrapping)');
  const id = assertion.attrs.ID ?? '';
  if (!NCNAME.test(id)) return fail('the Assertion has no valid ID attribute');
  const sig = checkSignatureShape(assertion, id);
  if (typeof sig === 'string') return fail(sig);
  // The raw text holds exactly one Assertion start tag, so its end tag is the last one. Text a
  // comment adds after it is ignored by the parser; a cut that goes wrong can only make the
  // signature fail, never let unsigned content in: every value is read from the signed XML.
  const xml = cutElement(raw, starts[0] as RegExpExecArray, 'Assertion', 'last', inScopeNamespaces(assertion));
  if (!xml) return fail('the Assertion could not be cut out of the message');
  const signatureHash = sha256(sig.signatureValue);
  return {
    kind: 'found',
    assertion: {
      element: assertion, signature: sig.element, id, xml, signatureHash, keyInfoCerts: sig.certs,
      cacheKey: `${id}|${signatureHash}|${sha256(xml)}`,
    },
  };
}

const fail = (message: string): Location => ({ kind: 'invalid', failures: [invalid(message)] });

/**
 * Exactly one ds:Signature in the assertion, its direct child, with one Reference to `#id`
 * and algorithms from the allowed set.
 * @returns the SignatureValue and KeyInfo certificates, or the reason the shape is wrong
 */
function checkSignatureShape(assertion: XmlElement, id: string): { element: XmlElement; signatureValue: string; certs: string[] } | string {
  const sigs = descendants(assertion, NS.ds, 'Signature');
  if (sigs.length === 0) return 'the Assertion is not signed';
  if (sigs.length > 1) return `the Assertion holds ${sigs.length} signatures; exactly one is allowed (signature wrapping)`;
  const sig = sigs[0] as XmlElement;
  if (!assertion.children.includes(sig)) return 'the Signature is not a direct child of the Assertion (signature wrapping)';
  const signedInfo = sig.children.filter((c) => c.ns === NS.ds && c.local === 'SignedInfo');
  if (signedInfo.length !== 1) return 'the Signature must hold exactly one SignedInfo';
  const si = signedInfo[0] as XmlElement;
  const refs = si.children.filter((c) => c.ns === NS.ds && c.local === 'Reference');
  if (refs.length !== 1) return `the Signature has ${refs.length} references; exactly one, to the Assertion, is allowed`;
  const ref = refs[0] as XmlElement;
  if (ref.attrs.URI !== `#${id}`) return `the signature references ${ref.attrs.URI ?? 'nothing'}, not the Assertion #${id} (signature wrapping)`;
  const algError = checkAlgorithms(si, ref);
  if (algError) return algError;
  const value = sig.children.find((c) => c.ns === NS.ds && c.local === 'SignatureValue')?.text.replace(/\s+/g, '') ?? '';
  if (!value) return 'the Signature has no SignatureValue';
  const certs = descendants(sig, NS.ds, 'X509Certificate').map((c) => c.text.replace(/\s+/g, ''));
  return { element: sig, signatureValue: value, certs };
}

function checkAlgorithms(signedInfo: XmlElement, ref: XmlElement): string | undefined {
  const alg = (parent: XmlElement, local: string): string | undefined =>
    parent.children.find((c) => c.ns === NS.ds && c.local === local)?.attrs.Algorithm;
  if (alg(signedInfo, 'CanonicalizationMethod') !== ALG.excC14n) return 'SignedInfo must be canonicalised with exc-c14n';
  if (!ALG.signature.has(alg(signedInfo, 'SignatureMethod') ?? '')) return 'the signature algorithm is not RSA-SHA256 or RSA-SHA512';
  if (!ALG.digest.has(alg(ref, 'DigestMethod') ?? '')) return 'the digest algorithm is not SHA-256 or SHA-512';
  const transforms = descendants(ref, NS.ds, 'Transform').map((t) => t.attrs.Algorithm ?? '');
  if (!transforms.includes(ALG.enveloped) || transforms.some((t) => t !== ALG.enveloped && t !== ALG.excC14n)) {
    return 'the reference must use the enveloped-signature and exc-c14n transforms only';
  }
  return undefined;
}
