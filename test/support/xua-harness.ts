/**
 * Glue for XUA tests: settings pinned to the xmlsec1 test IdP, and a verify call that parses
 * an envelope the way the SOAP transport does (namespace-resolved tree + raw text).
 */
import { parseXml } from '../../src/formats/xml/parse.js';
import { NS, child } from '../../src/formats/xml/tree.js';
import { verifySamlTicket, type SamlVerdict } from '../../src/transport/security/saml.js';
import { createXuaSettings, loadTrustedCerts, type XuaSettings } from '../../src/transport/security/xua-settings.js';
import { testKeys } from './saml-signer.js';
import { CITIZEN_ISSUER, TEST_AUDIENCE, TEST_ISSUER } from './saml-tickets.js';

/**
 * @param overrides - any setting to change
 * @returns settings: XUA required, the test IdP pinned, NHN's audience and issuers accepted
 */
export function xuaTestSettings(overrides: Partial<Parameters<typeof createXuaSettings>[0]> = {}): XuaSettings {
  return createXuaSettings({
    mode: 'required',
    trustedCerts: loadTrustedCerts(testKeys().trustDir),
    audiences: [TEST_AUDIENCE],
    issuers: [TEST_ISSUER, CITIZEN_ISSUER],
    clockSkewSeconds: 300,
    ...overrides,
  });
}

/** The wsse:Security header of an envelope, as the transport would hand it over. */
export function securityHeaderOf(envelopeXml: string): ReturnType<typeof child> {
  const header = child(parseXml(envelopeXml), NS.soap12, 'Header');
  return header && child(header, NS.wsse, 'Security');
}

/**
 * @param envelopeXml - a SOAP envelope
 * @param settings - XUA settings (fresh test settings unless given)
 * @param now - verification time
 * @returns the verdict of verifySamlTicket
 */
export function verifyEnvelope(envelopeXml: string, now: Date, settings: XuaSettings = xuaTestSettings()): SamlVerdict {
  return verifySamlTicket(securityHeaderOf(envelopeXml), envelopeXml, settings, now);
}

/** Narrows a verdict to a refusal, failing the test with the context when it passed. */
export function refusal(v: SamlVerdict): Extract<SamlVerdict, { ok: false }> {
  if (v.ok) throw new Error(`expected a refusal, got a context for ${v.context.subjectId ?? 'anonymous'}`);
  return v;
}

/** Narrows a verdict to an acceptance, failing the test with the reasons when it was refused. */
export function acceptance(v: SamlVerdict): Extract<SamlVerdict, { ok: true }> {
  if (!v.ok) throw new Error(`expected acceptance, got ${v.faultCode}: ${v.failures.join('; ')}`);
  return v;
}
