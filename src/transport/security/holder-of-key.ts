/**
 * Holder-of-key confirmation of a XUA ticket (SAML 2.0 core §2.4.1, SAML 2.0 profiles §3.1;
 * WS-Security SAML Token Profile 1.1 §3.5). A ticket whose Subject names a holder key
 * (`Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"`, the key as an X.509 certificate in
 * SubjectConfirmationData/ds:KeyInfo) may only be used by whoever holds that key.
 *
 * What "verified" means here: the gateway listens on plain HTTP (TLS ends in front of it), so no
 * TLS client identity reaches it, and the proof must be in the SOAP message itself: a ds:Signature
 * that is a direct child of wsse:Security (beside the assertion, not the assertion's own), made with
 * the private key of the confirmation certificate, whose references cover the SOAP Body (by its
 * wsu:Id) and the wsu:Timestamp when there is one. The certificate must be within its validity.
 * The gateway is stricter than SAML core's "any one confirmation suffices": a ticket that names
 * a holder key is bound to it even when it also offers bearer confirmation. Bearer tickets (the
 * Norwegian profile, norway-profile.md §4.2) are not affected. On the FHIR side (`Authorization:
 * SAML`) there is no message to sign, so a holder-of-key ticket is refused there. Verification uses xml-crypto with
 * the confirmation key as the only key, never one from the message's KeyInfo, and `Id` as the only
 * id attribute; a duplicated id is refused by xml-crypto (signature wrapping).
 */
import { X509Certificate } from 'node:crypto';
import type { Element as DomElement } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { NS } from '../../formats/xml/tree.js';
import type { SignedAssertion } from './saml-assertion.js';
import { parseDom } from './saml-signature.js';
import { failedAuth, invalid, type CheckFailure } from './wsse-fault.js';

export const HOLDER_OF_KEY = 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key';

/**
 * @param a - the signed assertion
 * @param rawEnvelopeXml - the envelope as received
 * @param now - the time of the request
 * @returns the failures; empty when the ticket is not holder-of-key or the message proves the key
 */
export function checkHolderOfKey(a: SignedAssertion, rawEnvelopeXml: string, now: Date): CheckFailure[] {
  const hok = a.subjectConfirmations.filter((c) => c.method === HOLDER_OF_KEY);
  if (hok.length === 0) return [];
  const certs: X509Certificate[] = [];
  for (const c of hok) {
    if (!c.keyCerts?.length) return [invalid('the holder-of-key SubjectConfirmation names no X.509 certificate (the only key form accepted)')];
    try {
      certs.push(...c.keyCerts.map((b64) => new X509Certificate(Buffer.from(b64, 'base64'))));
    } catch {
      return [invalid('the holder-of-key certificate is not a readable X.509 certificate')];
    }
  }
  const current = certs.filter((c) => Date.parse(c.validFrom) <= now.getTime() && now.getTime() < Date.parse(c.validTo));
  if (current.length === 0) return [failedAuth('the holder-of-key certificate is outside its validity period')];
  const envelope = parseDom(rawEnvelopeXml);
  if (!envelope) return [invalid('the envelope could not be read for the holder-of-key check')];
  // An assertion in an HTTP header (the FHIR side) comes with no message the holder could sign.
  if (envelope.namespaceURI !== NS.soap12 || envelope.localName !== 'Envelope') {
    return [failedAuth('a holder-of-key ticket is accepted only in a SOAP message signed with the holder\'s key')];
  }
  const required = requiredIds(envelope);
  if (typeof required === 'string') return [failedAuth(required)];
  const signatures = messageSignatures(envelope);
  if (signatures.length === 0) return [failedAuth('the ticket is holder-of-key, but the message carries no signature by the holder\'s key in wsse:Security')];
  for (const sig of signatures) {
    for (const cert of current) if (signedBy(sig, cert, rawEnvelopeXml, required)) return [];
  }
  return [failedAuth('the message is not signed over its Body (and wsu:Timestamp) with the holder-of-key certificate of the ticket')];
}

const childElements = (el: DomElement, ns: string, local: string): DomElement[] => {
  const out: DomElement[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) {
    const e = c as DomElement;
    if (c.nodeType === 1 && e.namespaceURI === ns && e.localName === local) out.push(e);
  }
  return out;
};

const securityOf = (envelope: DomElement): DomElement | undefined => {
  const header = childElements(envelope, NS.soap12, 'Header')[0];
  return header && childElements(header, NS.wsse, 'Security')[0];
};

/** The wsu:Ids the signature must cover: the Body's, and the Timestamp's when there is one. */
function requiredIds(envelope: DomElement): string[] | string {
  const body = childElements(envelope, NS.soap12, 'Body')[0];
  const bodyId = body?.getAttributeNS(NS.wsu, 'Id');
  if (!bodyId) return 'the ticket is holder-of-key, but the SOAP Body has no wsu:Id, so no signature can cover it';
  const stamp = (() => { const s = securityOf(envelope); return s && childElements(s, NS.wsu, 'Timestamp')[0]; })();
  if (!stamp) return [bodyId];
  const stampId = stamp.getAttributeNS(NS.wsu, 'Id');
  return stampId ? [bodyId, stampId] : 'the ticket is holder-of-key, but the wsu:Timestamp has no wsu:Id, so no signature can cover it';
}

/** ds:Signature elements that are direct children of wsse:Security (not the assertion's own). */
function messageSignatures(envelope: DomElement): DomElement[] {
  const security = securityOf(envelope);
  return security ? childElements(security, NS.ds, 'Signature') : [];
}

function signedBy(signature: DomElement, cert: X509Certificate, xml: string, required: readonly string[]): boolean {
  const sig = new SignedXml({ publicCert: cert.publicKey, getCertFromKeyInfo: () => null });
  sig.idAttributes = ['Id'];
  try {
    sig.loadSignature(signature as unknown as Parameters<SignedXml['loadSignature']>[0]);
    if (!sig.checkSignature(xml)) return false;
  } catch {
    return false;
  }
  const covered = new Set(sig.getReferences().map((r) => r.uri));
  return required.every((id) => covered.has(`#${id}`));
}
