/**
 * Walks a RegistryObjectList and lists the values profile rules look at (coded values, patient
 * ids, authors, persons, times), each with the attribute name and the object it belongs to, so
 * that every finding can name its attribute and location. ITI TF-3 4.2.3.
 */
import type { Author, Code, Cx, Dtm, Xcn } from '../domain/datatypes.js';
import type { ObjectKind, RegistryObjectList } from '../domain/submission.js';
import { parseHd } from '../formats/hl7v2/hd.js';

/** Where a value sits: attribute, kind of object and its id. */
export interface Place {
  readonly attribute: string;
  readonly owner: ObjectKind;
  readonly location: string;
}

/** A coded value as sent; codingScheme is empty when a string attribute was not coded. */
export interface CodedValue extends Place {
  readonly value: Code;
}

export interface PlacedCx extends Place { readonly cx: Cx }
export interface PlacedAuthor extends Omit<Place, 'attribute'> { readonly author: Author }
export interface PlacedXcn extends Place { readonly xcn: Xcn }
export interface PlacedTime extends Place { readonly time: Dtm }

/**
 * Reads a coded string attribute (authorRole, authorSpecialty). ITI TF-3 4.2.3.1.4 allows the
 * CX-like form code^^^&OID&ISO; the CWE-like form code^display^OID is read too. Anything else
 * is an uncoded value (empty codingScheme).
 * @param raw - the value as sent
 */
function parseCodedString(raw: string): Code {
  const parts = raw.split('^');
  const code = parts[0] ?? '';
  const authority = parseHd(parts[3] ?? '').universalId;
  if (authority) return { code, codingScheme: authority };
  if (parts[2]) return { code, codingScheme: parts[2], ...(parts[1] ? { displayName: parts[1] } : {}) };
  return { code: raw, codingScheme: '' };
}

/** Every author of every DocumentEntry and SubmissionSet. */
export function authorsOf(objects: RegistryObjectList): PlacedAuthor[] {
  return [
    ...objects.documentEntries.flatMap((e) => e.authors.map((author) => ({ owner: 'DocumentEntry' as const, location: e.entryUuid, author }))),
    ...objects.submissionSets.flatMap((s) => s.authors.map((author) => ({ owner: 'SubmissionSet' as const, location: s.entryUuid, author }))),
  ];
}

function authorCodes(objects: RegistryObjectList): CodedValue[] {
  return authorsOf(objects).flatMap(({ owner, location, author }) => [
    ...author.roles.map((r) => ({ attribute: 'authorRole', owner, location, value: parseCodedString(r) })),
    ...author.specialties.map((s) => ({ attribute: 'authorSpecialty', owner, location, value: parseCodedString(s) })),
  ]);
}

/** Every coded value of the objects, attribute by attribute. ITI TF-3 4.2.3.2, 4.2.3.3, 4.2.3.4 */
export function codedValues(objects: RegistryObjectList): CodedValue[] {
  const out: CodedValue[] = [];
  const add = (attribute: string, owner: ObjectKind, location: string, value: Code | undefined): void => {
    if (value) out.push({ attribute, owner, location, value });
  };
  for (const e of objects.documentEntries) {
    const at = (a: string, v: Code | undefined): void => add(a, 'DocumentEntry', e.entryUuid, v);
    at('classCode', e.classCode);
    at('typeCode', e.typeCode);
    at('formatCode', e.formatCode);
    at('healthcareFacilityTypeCode', e.healthcareFacilityTypeCode);
    at('practiceSettingCode', e.practiceSettingCode);
    e.confidentialityCodes.forEach((c) => at('confidentialityCode', c));
    e.eventCodeList.forEach((c) => at('eventCodeList', c));
  }
  for (const s of objects.submissionSets) add('contentTypeCode', 'SubmissionSet', s.entryUuid, s.contentTypeCode);
  for (const f of objects.folders) f.codeList.forEach((c) => add('folderCodeList', 'Folder', f.entryUuid, c));
  for (const a of objects.associations) add('associationDocumentation', 'Association', a.entryUuid, a.documentation);
  return [...out, ...authorCodes(objects)];
}

/** Every patient identifier: patientId of all objects and sourcePatientId of DocumentEntries. */
export function patientIds(objects: RegistryObjectList): PlacedCx[] {
  const out: PlacedCx[] = [];
  for (const e of objects.documentEntries) {
    if (e.patientId) out.push({ attribute: 'patientId', owner: 'DocumentEntry', location: e.entryUuid, cx: e.patientId });
    if (e.sourcePatientId) out.push({ attribute: 'sourcePatientId', owner: 'DocumentEntry', location: e.entryUuid, cx: e.sourcePatientId });
  }
  for (const s of objects.submissionSets) if (s.patientId) out.push({ attribute: 'patientId', owner: 'SubmissionSet', location: s.entryUuid, cx: s.patientId });
  for (const f of objects.folders) if (f.patientId) out.push({ attribute: 'patientId', owner: 'Folder', location: f.entryUuid, cx: f.patientId });
  return out;
}

/** Every person (XCN): authorPerson of all authors and legalAuthenticator of DocumentEntries. */
export function persons(objects: RegistryObjectList): PlacedXcn[] {
  const authors = authorsOf(objects).flatMap(({ owner, location, author }) =>
    author.person ? [{ attribute: 'authorPerson', owner, location, xcn: author.person }] : []);
  const legal = objects.documentEntries.flatMap((e) =>
    e.legalAuthenticator ? [{ attribute: 'legalAuthenticator', owner: 'DocumentEntry' as const, location: e.entryUuid, xcn: e.legalAuthenticator }] : []);
  return [...authors, ...legal];
}

/** Every DTM the submitter sets: creation and service times, submissionTime. ITI TF-3 4.2.3.1.5 */
export function times(objects: RegistryObjectList): PlacedTime[] {
  const out: PlacedTime[] = [];
  for (const e of objects.documentEntries) {
    const at = (attribute: string, time: Dtm | undefined): void => {
      if (time !== undefined) out.push({ attribute, owner: 'DocumentEntry', location: e.entryUuid, time });
    };
    at('creationTime', e.creationTime);
    at('serviceStartTime', e.serviceStartTime);
    at('serviceStopTime', e.serviceStopTime);
  }
  for (const s of objects.submissionSets) {
    if (s.submissionTime !== undefined) out.push({ attribute: 'submissionTime', owner: 'SubmissionSet', location: s.entryUuid, time: s.submissionTime });
  }
  return out;
}
