/**
 * Domain value types ↔ FHIR data types: DTM ↔ dateTime (precision kept), SHA-1 hex ↔ base64,
 * uniqueId / entryUUID / CX ↔ Identifier, coded values ↔ CodeableConcept.
 * See ITI TF-2 Appendix Z.9.1 (identifiers) and ITI TF-3 4.2.3.1 (data types).
 */
import type { Code, Cx, Dtm } from '../../domain/datatypes.js';
import { prune } from '../prune.js';
import type { CodeSystemNaming } from './code-systems.js';
import { URI_SYSTEM } from './mhd-vocabulary.js';
import type { CodeableConcept, Identifier } from './resources.js';

const DTM = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?$/;
/** FHIR R4 dateTime (and date, instant), with the value ranges of its regex; seconds may be left out on input. */
const FHIR_DATE_TIME = new RegExp('^(\\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\\d|3[01])'
  + '(?:T([01]\\d|2[0-3]):([0-5]\\d)(?::([0-5]\\d|60)(?:\\.\\d+)?)?(Z|[+-](?:0\\d|1[0-3]):[0-5]\\d|[+-]14:00)?)?)?)?$');

/**
 * A DTM as a FHIR dateTime, keeping its precision: YYYY, YYYY-MM, YYYY-MM-DD, or a UTC time.
 * FHIR R4 has no hour- or minute-only time, so those are written with zero minutes and seconds.
 * @param dtm - YYYY[MM[DD[hh[mm[ss]]]]], UTC (ITI TF-3 4.2.3.1.5)
 * @returns the dateTime, or undefined when `dtm` is not a DTM
 */
export function dtmToFhir(dtm: Dtm): string | undefined {
  const m = DTM.exec(dtm);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  if (!mo) return y;
  if (!d) return `${y}-${mo}`;
  if (!h) return `${y}-${mo}-${d}`;
  return `${y}-${mo}-${d}T${h}:${mi ?? '00'}:${s ?? '00'}Z`;
}

/**
 * A FHIR dateTime (or date, or instant) as a DTM in UTC, with the precision it was sent in
 * (fractions of a second dropped).
 * @param value - the FHIR value
 * @returns the DTM, or undefined when `value` is not a FHIR dateTime
 */
export function dtmFromFhir(value: string): Dtm | undefined {
  const m = FHIR_DATE_TIME.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, zone] = m;
  if (h === undefined) return `${y}${mo ?? ''}${d ?? ''}`;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  const offset = !zone || zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const utc = new Date(local - offset * 60_000);
  if (Number.isNaN(utc.getTime())) return undefined;
  return utc.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** SHA-1 as 40 hex characters → FHIR Attachment.hash (base64 of the 20 bytes). */
export function sha1HexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/**
 * FHIR Attachment.hash → SHA-1 hex. The IG's own examples carry base64 of the hex text instead
 * of the bytes; that form is read too and reported by `nonStandard`.
 * @param base64 - the hash as sent
 * @returns the hex digest, or undefined when it is neither form of a SHA-1
 */
export function sha1FromBase64(base64: string): { hex: string; nonStandard: boolean } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 20) return { hex: bytes.toString('hex'), nonStandard: false };
  const text = bytes.toString('latin1');
  return bytes.length === 40 && /^[0-9a-fA-F]{40}$/.test(text) ? { hex: text.toLowerCase(), nonStandard: true } : undefined;
}

const OID = /^[0-2](\.(0|[1-9]\d*))+$/;

/**
 * A uniqueId as an Identifier: an OID as `urn:oid:` under urn:ietf:rfc:3986, `OID^extension`
 * as the extension under the system `urn:oid:OID`. ITI TF-2 Z.9.1.1
 * @param uniqueId - the XDS uniqueId
 * @param use - the Identifier.use the profile fixes (usual for uniqueId; none for sourceId)
 */
export function uniqueIdToIdentifier(uniqueId: string, use?: 'usual'): Identifier {
  const u = use ? { use } : {};
  const caret = uniqueId.indexOf('^');
  if (caret > 0 && OID.test(uniqueId.slice(0, caret))) {
    return { ...u, system: `urn:oid:${uniqueId.slice(0, caret)}`, value: uniqueId.slice(caret + 1) };
  }
  return { ...u, system: URI_SYSTEM, value: OID.test(uniqueId) ? `urn:oid:${uniqueId}` : uniqueId };
}

/** The inverse of uniqueIdToIdentifier; undefined when the Identifier has no value. */
export function uniqueIdFromIdentifier(id: Identifier): string | undefined {
  const value = id.value;
  if (!value) return undefined;
  if (id.system?.startsWith('urn:oid:')) return `${id.system.slice(8)}^${value}`;
  return value.startsWith('urn:oid:') ? value.slice(8) : value;
}

/** An entryUUID (`urn:uuid:…`) as the official Identifier MHD's EntryUUIDIdentifier profile asks for. */
export function entryUuidToIdentifier(entryUuid: string): Identifier {
  return { use: 'official', system: URI_SYSTEM, value: entryUuid };
}

/** True for an Identifier that carries an entryUUID (official, urn:uuid: value). */
export function isEntryUuidIdentifier(id: Identifier): boolean {
  return id.use === 'official' && (id.value ?? '').startsWith('urn:uuid:');
}

/** A patient identifier (CX) as an Identifier: system `urn:oid:` of the assigning authority. */
export function cxToIdentifier(cx: Cx): Identifier {
  return { system: `urn:oid:${cx.assigningAuthority}`, value: cx.id };
}

/** The inverse of cxToIdentifier; undefined unless the system is `urn:oid:` and a value is given. */
export function cxFromIdentifier(id: Identifier | undefined): Cx | undefined {
  if (!id?.value || !id.system?.startsWith('urn:oid:')) return undefined;
  return { id: id.value, assigningAuthority: id.system.slice(8) };
}

/** A coded value as a CodeableConcept with one Coding. */
export function codeToConcept(code: Code, naming: CodeSystemNaming): CodeableConcept {
  return { coding: [prune({ system: naming.toFhirSystem(code.codingScheme), code: code.code, display: code.displayName })] };
}

/** The first Coding of a concept that has a system and a code, as a coded value. */
export function codeFromConcept(concept: CodeableConcept | undefined, naming: CodeSystemNaming): Code | undefined {
  const c = concept?.coding?.find((x) => x.code && x.system);
  if (!c?.code || !c.system) return undefined;
  return prune<Code>({ code: c.code, codingScheme: naming.fromFhirSystem(c.system), displayName: c.display });
}
