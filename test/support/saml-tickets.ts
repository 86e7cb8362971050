/**
 * Builds Norwegian XUA tickets (norway-profile.md §4.2–§4.5) and SOAP envelopes carrying them,
 * signed by xmlsec1 (test/support/saml-signer.ts). Every field can be overridden so that the
 * negative matrix is one option away from a valid ticket.
 */
import { randomUUID } from 'node:crypto';
import { AVAILABILITY_STATUS, STORED_QUERY_ID } from '../../src/domain/vocabulary.js';
import { signatureTemplate, signMessageWithXmlsec, signWithXmlsec, testKeys, type TestKeyPair } from './saml-signer.js';

export const TEST_ISSUER = 'https://helseid-xdssaml.test.nhn.no';
export const CITIZEN_ISSUER = 'sikkerhet.helsenorge.no';
export const TEST_AUDIENCE = 'nhn:dokumentdeling-saml';
export const TEST_PATIENT = '13116900216';
export const TEST_USER = '02056600214';
export const FNR_OID = '2.16.578.1.12.4.1.4.1';

export interface TicketOptions {
  readonly id?: string;
  readonly issuer?: string;
  readonly audience?: string | null;
  readonly now: Date;
  /** Seconds from `now`; defaults -60 and +3600 (HelseID tickets live 60 minutes). */
  readonly notBeforeOffset?: number;
  readonly notOnOrAfterOffset?: number;
  readonly names?: 'v1' | 'v2' | 'hybrid';
  readonly nameId?: string;
  readonly patient?: string;
  /** The resource-id value as sent, instead of a CX built from `patient`. */
  readonly patientCx?: string;
  readonly purposes?: readonly string[];
  readonly roles?: readonly string[];
  readonly acp?: string | null;
  readonly bppc?: string | null;
  readonly oneTimeUse?: boolean;
  readonly citizen?: boolean;
  /** Raw saml2:Attribute elements added to the AttributeStatement. */
  readonly extraAttributes?: string;
  /** Declare the saml2/xsi/xs prefixes on the Envelope instead of the Assertion. */
  readonly inheritNamespaces?: boolean;
  readonly authnContexts?: readonly string[];
  /** Makes the ticket holder-of-key, confirmed by this certificate (PEM). */
  readonly holderCertPem?: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const iso = (d: Date, offsetSeconds: number): string => new Date(d.getTime() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function attribute(name: string, values: readonly (string | null)[]): string {
  const vals = values.map((v) => (v === null
    ? '<saml2:AttributeValue xsi:nil="true"/>'
    : `<saml2:AttributeValue xsi:type="xs:string">${v}</saml2:AttributeValue>`)).join('');
  return `<saml2:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${vals}</saml2:Attribute>`;
}

/** A name in both generations, or just one, per the ticket's `names` option. */
function named(o: TicketOptions, v2: string, v1: string | undefined, values: readonly (string | null)[]): string {
  const names = o.names ?? 'hybrid';
  const out: string[] = [];
  if (names !== 'v1') out.push(attribute(v2, values));
  if (names !== 'v2' && v1 && v1 !== v2) out.push(attribute(v1, values));
  if (names === 'v1' && (!v1 || v1 === v2)) out.push(attribute(v2, values));
  return out.join('');
}

const ce = (el: string, code: string, system: string, display: string): string =>
  esc(`<${el} xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CE" code="${code}" codeSystem="${system}" displayName="${display}"/>`);
const ii = (ext: string, root: string): string =>
  esc(`<id xmlns="urn:hl7-org:v3" type="II" extension="${ext}" root="${root}" displayable="false"/>`);

function healthPersonnelAttributes(o: TicketOptions): string {
  const purposes = o.purposes ?? ['TREAT'];
  const roles = o.roles ?? ['LE'];
  return [
    named(o, 'urn:oasis:names:tc:xacml:1.0:subject:subject-id', 'urn:oasis:names:tc:xspa:1.0:subject:subject-id', ['LEGE LISA']),
    named(o, 'urn:oasis:names:tc:xspa:1.0:subject:npi', 'urn:oasis:names:tc:xspa:2.0:subject:npi', ['565501872']),
    named(o, 'urn:ihe:iti:xua:2017:subject:provider-identifier', undefined, [ii('565501872', '2.16.578.1.12.4.1.4.4')]),
    named(o, 'urn:oasis:names:tc:xacml:2.0:subject:role', 'urn:oasis:names:tc:xspa:1.0:subject:role',
      roles.map((r) => ce('Role', r, 'urn:oid:2.16.578.1.12.4.1.1.9060', 'Lege'))),
    named(o, 'urn:oasis:names:tc:xspa:1.0:subject:organization', undefined, ['RANDABERG KOMMUNE']),
    named(o, 'urn:oasis:names:tc:xspa:1.0:subject:organization-id', undefined,
      [esc('<id xmlns="urn:hl7-org:v3" type="II" extension="964979383" root="urn:oid:2.16.578.1.12.4.1.4.101" assigningAuthorityName="https://www.brreg.no/"/>')]),
    o.names === 'v1' ? '' : attribute('urn:oasis:names:tc:xspa:1.0:subject:child-organization', [ii('974600951', '2.16.578.1.12.4.1.4.101')]),
    o.names === 'v1' ? '' : attribute('urn:nhn:trust-framework:1.0:ext:subject:child-organization-name', ['RANDABERG SYKEHJEM']),
    o.names === 'v1' ? '' : attribute('urn:oasis:names:tc:xspa:1.0:subject:facility', [ii('4208723', '2.16.578.1.12.4.1.4.102')]),
    o.names === 'v1' ? '' : attribute('urn:nhn:trust-framework:1.0:ext:care-relationship:healthcare-service',
      [ce('HealthcareService', 'KP01', 'urn:oid:2.16.578.1.12.4.1.1.8663', 'Legetjeneste ved sykehjem mv.')]),
    named(o, 'urn:oasis:names:tc:xacml:2.0:action:purpose', 'urn:oasis:names:tc:xspa:1.0:subject:purposeOfUse',
      purposes.map((p) => ce('Purpose', p, 'urn:oid:2.16.840.1.113883.1.11.20448', p))),
    o.names === 'v1' ? '' : attribute('urn:nhn:trust-framework:1.0:ext:care-relationship:decision-ref',
      [esc('<decision-ref><id value="9b2c1f3e-6a7d-4c8e-b1a2-3d4e5f607182"/><user-selected value="True"/></decision-ref>')]),
  ].join('');
}

function citizenAttributes(o: TicketOptions): string {
  const purposes = o.purposes ?? ['13'];
  return [
    attribute('urn:oasis:names:tc:xspa:1.0:subject:subject-id', ['KARI NORDMANN']),
    attribute('urn:oasis:names:tc:xspa:1.0:subject:npi', [o.nameId ?? TEST_PATIENT]),
    attribute('urn:oasis:names:tc:xspa:1.0:subject:organization', ['Norsk Helsenett']),
    attribute('urn:oasis:names:tc:xspa:1.0:subject:organization-id', ['994598759']),
    attribute('urn:oasis:names:tc:xspa:1.0:subject:purposeofuse',
      purposes.map((p) => ce('PurposeOfUse', p, '1.0.14265.1', 'Subject of care uses'))),
  ].join('');
}

function commonAttributes(o: TicketOptions): string {
  const patient = esc(o.patientCx ?? `${o.patient ?? TEST_PATIENT}^^^&${FNR_OID}&ISO`);
  const acp = o.acp === undefined ? null : o.acp;
  const bppc = o.bppc === undefined ? null : o.bppc;
  return [
    named(o, 'urn:oasis:names:tc:xacml:1.0:resource:resource-id', 'urn:oasis:names:tc:xacml:2.0:resource:resource-id', [patient]),
    named(o, 'urn:ihe:iti:xca:2010:homeCommunityId', 'urn:no:ehelse:saml:1.0:subject:homeCommunityId', ['2.16.578.1.12.4.1.7.1.1']),
    attribute('urn:ihe:iti:xua:2012:acp', [acp]),
    attribute('urn:ihe:iti:bppc:2007:docid', [bppc]),
  ].join('');
}

/**
 * An unsigned assertion with a signature template after the Issuer.
 * @param o - ticket options
 * @returns the assertion text and its ID
 */
export function assertionTemplate(o: TicketOptions): { xml: string; id: string } {
  const id = o.id ?? `_${randomUUID()}`;
  const nsDecl = o.inheritNamespaces ? '' : ' xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion"'
    + ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema"';
  const nb = iso(o.now, o.notBeforeOffset ?? -60);
  const na = iso(o.now, o.notOnOrAfterOffset ?? 3600);
  const audience = o.audience === null ? '' : `<saml2:AudienceRestriction><saml2:Audience>${o.audience ?? TEST_AUDIENCE}</saml2:Audience></saml2:AudienceRestriction>`;
  const authn = (o.authnContexts ?? ['urn:oasis:names:tc:SAML:2.0:ac:classes:X509'])
    .map((c) => `<saml2:AuthnStatement AuthnInstant="${nb}"><saml2:AuthnContext><saml2:AuthnContextClassRef>${c}</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement>`).join('');
  const attrs = (o.citizen ? citizenAttributes(o) : healthPersonnelAttributes(o)) + commonAttributes(o) + (o.extraAttributes ?? '');
  const xml = `<saml2:Assertion${nsDecl} ID="${id}" IssueInstant="${nb}" Version="2.0">`
    + `<saml2:Issuer>${o.issuer ?? (o.citizen ? CITIZEN_ISSUER : TEST_ISSUER)}</saml2:Issuer>${signatureTemplate(id)}`
    + `<saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${o.nameId ?? (o.citizen ? TEST_PATIENT : TEST_USER)}</saml2:NameID>`
    + `${confirmation(o)}</saml2:Subject>`
    + `<saml2:Conditions NotBefore="${nb}" NotOnOrAfter="${na}">${audience}${o.oneTimeUse ? '<saml2:OneTimeUse/>' : ''}</saml2:Conditions>`
    + `${authn}<saml2:AttributeStatement>${attrs}</saml2:AttributeStatement></saml2:Assertion>`;
  return { xml, id };
}

/** Bearer, or holder-of-key with the certificate in SubjectConfirmationData/ds:KeyInfo (SAML profiles §3.1). */
function confirmation(o: TicketOptions): string {
  if (!o.holderCertPem) return '<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"/>';
  const b64 = o.holderCertPem.replace(/-----[^-]+-----|\s+/g, '');
  return '<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key">'
    + '<saml2:SubjectConfirmationData xsi:type="saml2:KeyInfoConfirmationDataType">'
    + `<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${b64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`
    + '</saml2:SubjectConfirmationData></saml2:SubjectConfirmation>';
}

/**
 * A holder-of-key ticket in an envelope whose Body carries wsu:Id "body-1": the assertion signed
 * by the IdP, then (unless `messageSigner` is null) a message signature over the Body and the
 * wsu:Timestamp (or `covers`) beside it in wsse:Security, both by xmlsec1.
 * @param o - ticket and envelope options (holderCertPem names the holder key)
 * @param messageSigner - who signs the message: the holder, an impostor, or nobody (null)
 * @param covers - the ids the message signature references
 */
export function holderOfKeyEnvelope(o: TicketOptions & Omit<EnvelopeOptions, 'now'>, messageSigner: TestKeyPair | null,
  covers: readonly string[] = ['body-1', 'TS-1']): string {
  const { xml } = assertionTemplate(o);
  const env = envelope(xml, o).replace('<s:Body>', '<s:Body xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" wsu:Id="body-1">');
  const ticketSigned = signWithXmlsec(env, testKeys().trusted);
  if (!messageSigner) return ticketSigned;
  const refs = covers.map((id) => `<ds:Reference URI="#${id}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>`
    + '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>').join('');
  const template = '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>'
    + '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
    + `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>${refs}</ds:SignedInfo>`
    + '<ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>';
  return signMessageWithXmlsec(ticketSigned.replace('</wsse:Security>', `${template}</wsse:Security>`), messageSigner);
}

export interface EnvelopeOptions {
  readonly now: Date;
  /** Seconds around `now` for wsu:Timestamp Created / Expires, or false to leave it out. */
  readonly timestamp?: { created: number; expires: number } | false;
  readonly inheritNamespaces?: boolean;
  readonly action?: string;
}

/**
 * A SOAP 1.2 ITI-38 request whose wsse:Security holds the given assertion and a wsu:Timestamp
 * (NHN requests carry Created/Expires 15 minutes apart).
 */
export function envelope(assertionXml: string, o: EnvelopeOptions): string {
  const ts = o.timestamp === false ? ''
    : `<wsu:Timestamp wsu:Id="TS-1"><wsu:Created>${iso(o.now, o.timestamp?.created ?? -5)}</wsu:Created><wsu:Expires>${iso(o.now, o.timestamp?.expires ?? 895)}</wsu:Expires></wsu:Timestamp>`;
  const inherited = o.inheritNamespaces ? ' xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion"'
    + ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema"' : '';
  return '<?xml version="1.0" encoding="UTF-8"?>'
    + `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"${inherited}>`
    + `<s:Header><a:Action s:mustUnderstand="1">${o.action ?? 'urn:ihe:iti:2007:CrossGatewayQuery'}</a:Action>`
    + `<a:MessageID>urn:uuid:${randomUUID()}</a:MessageID>`
    + '<wsse:Security s:mustUnderstand="1" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"'
    + ' xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">'
    + `${ts}${assertionXml}</wsse:Security></s:Header>`
    + '<s:Body><query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">'
    + '<query:ResponseOption returnComposedObjects="true" returnType="LeafClass"/>'
    + `<rim:AdhocQuery id="${STORED_QUERY_ID.FindDocuments}"><rim:Slot name="$XDSDocumentEntryPatientId">`
    + `<rim:ValueList><rim:Value>'${TEST_PATIENT}^^^&amp;${FNR_OID}&amp;ISO'</rim:Value></rim:ValueList></rim:Slot>`
    + `<rim:Slot name="$XDSDocumentEntryStatus"><rim:ValueList><rim:Value>('${AVAILABILITY_STATUS.approved}')</rim:Value></rim:ValueList></rim:Slot>`
    + '</rim:AdhocQuery></query:AdhocQueryRequest></s:Body></s:Envelope>';
}

/**
 * A signed ticket inside a SOAP envelope, signed in place by xmlsec1 (so a ticket whose
 * prefixes are declared on the Envelope is signed exactly as it travels).
 * @param o - ticket and envelope options
 * @param signer - the key pair; the trusted test IdP unless given
 * @returns the envelope text and the assertion ID
 */
export function signedEnvelope(o: TicketOptions & Omit<EnvelopeOptions, 'now'>, signer?: TestKeyPair): { xml: string; id: string } {
  const { xml, id } = assertionTemplate(o);
  const env = envelope(xml, o);
  return { xml: signWithXmlsec(env, signer ?? testKeys().trusted), id };
}

/** An envelope whose assertion has no signature at all. */
export function unsignedEnvelope(o: TicketOptions & Omit<EnvelopeOptions, 'now'>): { xml: string; id: string } {
  const { xml, id } = assertionTemplate(o);
  const unsigned = xml.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '');
  return { xml: envelope(unsigned, o), id };
}
