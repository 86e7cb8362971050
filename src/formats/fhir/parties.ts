/**
 * People, organisations and their contact points: XCN ↔ Practitioner, XON ↔ Organization,
 * XTN ↔ ContactPoint, and HL7 v2 CWE strings (author role and specialty) ↔ CodeableConcept.
 * Values that do not fit the structured form are carried whole so nothing is lost.
 * See ITI TF-3 4.2.3.1.4 (author), 4.2.3.1.8-10 (XCN, XON, XTN).
 */
import type { Xcn, Xon, Xtn } from '../../domain/datatypes.js';
import { prune } from '../prune.js';
import type { CodeSystemNaming } from './code-systems.js';
import { V2_IDENTIFIER_TYPE } from './mhd-vocabulary.js';
import type { CodeableConcept, ContactPoint, HumanName, Identifier, Organization, Practitioner } from './resources.js';

/** A person's identifier and name as Practitioner elements. */
export function xcnToPractitioner(xcn: Xcn, telecom: readonly Xtn[] = []): Omit<Practitioner, 'id'> {
  const given = [xcn.givenName, xcn.secondNames].filter((g): g is string => g !== undefined);
  const name = prune<HumanName>({
    family: xcn.familyName, given: given.length ? given : undefined,
    prefix: xcn.prefix ? [xcn.prefix] : undefined, suffix: xcn.suffix ? [xcn.suffix] : undefined,
  });
  const identifier = xcn.idNumber
    ? [prune<Identifier>({ system: xcn.assigningAuthority ? `urn:oid:${xcn.assigningAuthority}` : undefined, value: xcn.idNumber })]
    : undefined;
  return prune<Omit<Practitioner, 'id'>>({
    resourceType: 'Practitioner', identifier, name: Object.keys(name).length ? [name] : undefined,
    telecom: telecom.length ? telecom.map(xtnToContactPoint) : undefined,
  });
}

/** The person a Practitioner names, or undefined when it names nobody (telecom only). */
export function xcnFromPractitioner(p: Practitioner): Xcn | undefined {
  const id = p.identifier?.[0];
  const name = p.name?.[0];
  const xcn = prune<Xcn>({
    idNumber: id?.value, assigningAuthority: id?.system?.startsWith('urn:oid:') ? id.system.slice(8) : undefined,
    familyName: name?.family, givenName: name?.given?.[0], secondNames: name?.given?.[1],
    prefix: name?.prefix?.[0], suffix: name?.suffix?.[0],
  });
  return Object.keys(xcn).length ? xcn : undefined;
}

/** An organisation as Organization elements. */
export function xonToOrganization(xon: Xon, telecom: readonly Xtn[] = []): Omit<Organization, 'id'> {
  const identifier = xon.organizationIdentifier
    ? [prune<Identifier>({
      system: xon.assigningAuthority ? `urn:oid:${xon.assigningAuthority}` : undefined,
      value: xon.organizationIdentifier,
      type: xon.identifierTypeCode ? { coding: [{ system: V2_IDENTIFIER_TYPE, code: xon.identifierTypeCode }] } : undefined,
    })]
    : undefined;
  return prune<Omit<Organization, 'id'>>({
    resourceType: 'Organization', identifier, name: xon.organizationName,
    telecom: telecom.length ? telecom.map(xtnToContactPoint) : undefined,
  });
}

/** The organisation an Organization describes. */
export function xonFromOrganization(o: Organization): Xon {
  const id = o.identifier?.[0];
  return prune<Xon>({
    organizationName: o.name ?? '',
    organizationIdentifier: id?.value,
    assigningAuthority: id?.system?.startsWith('urn:oid:') ? id.system.slice(8) : undefined,
    identifierTypeCode: id?.type?.coding?.[0]?.code,
  });
}

const XTN_EMAIL = /^\^\^Internet\^([^^]+)$/;
const XTN_PHONE = /^\^\^PH\^\^\^\^\^\^\^\^\^([^^]+)$/;

/** XTN → ContactPoint: e-mail (`^^Internet^addr`) and phone (XTN.12) structured, anything else whole. */
export function xtnToContactPoint(xtn: Xtn): ContactPoint {
  const email = XTN_EMAIL.exec(xtn);
  if (email?.[1]) return { system: 'email', value: email[1] };
  const phone = XTN_PHONE.exec(xtn);
  if (phone?.[1]) return { system: 'phone', value: phone[1] };
  return { system: 'other', value: xtn };
}

/** The inverse of xtnToContactPoint. */
export function xtnFromContactPoint(c: ContactPoint): Xtn | undefined {
  if (!c.value) return undefined;
  if (c.system === 'email') return `^^Internet^${c.value}`;
  if (c.system === 'phone') return `^^PH^^^^^^^^^${c.value}`;
  return c.value;
}

const CWE = /^([^^&]+)\^([^^&]*)\^([^^&]+)$/;

/** An HL7 v2 CWE string (`code^display^system`) as a CodeableConcept; other text as its text. */
export function cweToConcept(cwe: string, naming: CodeSystemNaming): CodeableConcept {
  const m = CWE.exec(cwe);
  if (!m) return { text: cwe };
  const [, code, display, system] = m as unknown as [string, string, string, string];
  return { coding: [prune({ system: naming.toFhirSystem(system), code, display: display || undefined })] };
}

/** The inverse of cweToConcept. */
export function cweFromConcept(c: CodeableConcept, naming: CodeSystemNaming): string | undefined {
  const coding = c.coding?.[0];
  if (coding?.code && coding.system) return `${coding.code}^${coding.display ?? ''}^${naming.fromFhirSystem(coding.system)}`;
  return c.text;
}
