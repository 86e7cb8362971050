/**
 * Reads a SAML 2.0 assertion from the canonical XML that the signature covers (xml-crypto's
 * getSignedReferences), so every value used afterwards is a signed value
 * (house-style.md Part C F4 step 6). SAML core 2.3–2.7; ihe-requirements.md §11.
 */
import { parseXml, XmlParseError } from '../../formats/xml/parse.js';
import { NS, child, children, type XmlElement } from '../../formats/xml/tree.js';

/** One AttributeValue: its text, whether it is xsi:nil, and any element content. */
export interface AttributeValue {
  readonly text: string;
  readonly nil: boolean;
  readonly element?: XmlElement;
}

export interface SamlAttribute {
  readonly name: string;
  readonly values: readonly AttributeValue[];
}

export interface SubjectConfirmation {
  readonly method: string;
  /** Base64 X.509 certificates of SubjectConfirmationData/ds:KeyInfo (holder-of-key). */
  readonly keyCerts?: readonly string[];
  readonly notBefore?: string;
  readonly notOnOrAfter?: string;
}

/** The parts of a signed assertion the gateway uses. Times are the ISO strings as sent. */
export interface SignedAssertion {
  readonly id: string;
  readonly version: string;
  readonly issueInstant?: string;
  readonly issuer?: string;
  readonly nameId?: string;
  readonly subjectConfirmations: readonly SubjectConfirmation[];
  readonly notBefore?: string;
  readonly notOnOrAfter?: string;
  readonly hasConditions: boolean;
  /** One list per AudienceRestriction; each restriction must be met (SAML core 2.5.1.4). */
  readonly audienceRestrictions: readonly (readonly string[])[];
  readonly oneTimeUse: boolean;
  readonly authnStatementCount: number;
  readonly authnContextClassRefs: readonly string[];
  readonly attributes: readonly SamlAttribute[];
}

const opt = <K extends string>(key: K, value: string | undefined): { [P in K]?: string } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };

/**
 * @param signedXml - the canonical XML of the signed assertion
 * @returns the assertion's fields
 * @throws XmlParseError if the text is not XML or not an Assertion
 */
export function readSignedAssertion(signedXml: string): SignedAssertion {
  const a = parseXml(signedXml);
  if (a.ns !== NS.saml2 || a.local !== 'Assertion') throw new XmlParseError('the signed element is not a SAML 2.0 Assertion');
  const subject = child(a, NS.saml2, 'Subject');
  const conditions = child(a, NS.saml2, 'Conditions');
  const authn = children(a, NS.saml2, 'AuthnStatement');
  return {
    id: a.attrs.ID ?? '',
    version: a.attrs.Version ?? '',
    ...opt('issueInstant', a.attrs.IssueInstant),
    ...opt('issuer', child(a, NS.saml2, 'Issuer')?.text.trim()),
    ...opt('nameId', subject && child(subject, NS.saml2, 'NameID')?.text.trim()),
    subjectConfirmations: subject ? children(subject, NS.saml2, 'SubjectConfirmation').map(readConfirmation) : [],
    ...opt('notBefore', conditions?.attrs.NotBefore),
    ...opt('notOnOrAfter', conditions?.attrs.NotOnOrAfter),
    hasConditions: conditions !== undefined,
    audienceRestrictions: conditions
      ? children(conditions, NS.saml2, 'AudienceRestriction').map((r) => children(r, NS.saml2, 'Audience').map((x) => x.text.trim()))
      : [],
    oneTimeUse: conditions ? child(conditions, NS.saml2, 'OneTimeUse') !== undefined : false,
    authnStatementCount: authn.length,
    authnContextClassRefs: authn.flatMap((s) => children(s, NS.saml2, 'AuthnContext'))
      .flatMap((c) => children(c, NS.saml2, 'AuthnContextClassRef')).map((r) => r.text.trim()),
    attributes: children(a, NS.saml2, 'AttributeStatement').flatMap((s) => children(s, NS.saml2, 'Attribute')).map(readAttribute),
  };
}

function readConfirmation(sc: XmlElement): SubjectConfirmation {
  const data = child(sc, NS.saml2, 'SubjectConfirmationData');
  const keyCerts = (data ? children(data, NS.ds, 'KeyInfo') : []).flatMap((k) => children(k, NS.ds, 'X509Data'))
    .flatMap((x) => children(x, NS.ds, 'X509Certificate')).map((c) => c.text.replace(/\s+/g, ''));
  return {
    method: sc.attrs.Method ?? '',
    ...(keyCerts.length ? { keyCerts } : {}),
    ...opt('notBefore', data?.attrs.NotBefore),
    ...opt('notOnOrAfter', data?.attrs.NotOnOrAfter),
  };
}

function readAttribute(attr: XmlElement): SamlAttribute {
  return {
    name: attr.attrs.Name ?? '',
    values: children(attr, NS.saml2, 'AttributeValue').map((v) => {
      const nil = v.attrs[`{${NS.xsi}}nil`];
      const element = v.children[0];
      return { text: v.text.trim(), nil: nil === 'true' || nil === '1', ...(element ? { element } : {}) };
    }),
  };
}
