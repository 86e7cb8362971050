/**
 * sourcePatientId and sourcePatientInfo ↔ DocumentReference.context.sourcePatientInfo: a
 * Reference whose identifier is the sourcePatientId, pointing at a contained Patient that holds
 * the PID fields FHIR has a place for: PID-3 (identifiers), PID-5 (names), PID-7 (birth date,
 * a finer time in the core patient-birthTime extension) and PID-8 (sex: M, F, O, U). Other PID
 * fields have no element in MHD's map and are not carried. See ITI TF-3 4.2.3.2.23-24 and the
 * MHD map (context.sourcePatientInfo.identifier / .reference).
 */
import type { Cx } from '../../domain/datatypes.js';
import { parseCx, serializeCx } from '../hl7v2/cx.js';
import { joinComponents } from '../hl7v2/hd.js';
import { prune } from '../prune.js';
import type { ContainedReader, ContainedWriter } from './contained.js';
import { cxFromIdentifier, cxToIdentifier, dtmFromFhir, dtmToFhir } from './datatypes.js';
import { PATIENT_BIRTH_TIME } from './mhd-vocabulary.js';
import type { HumanName, Identifier, Patient, Reference } from './resources.js';

const GENDER = { M: 'male', F: 'female', O: 'other', U: 'unknown' } as const;
const SEX = { male: 'M', female: 'F', other: 'O', unknown: 'U' } as const;

function pidFields(info: readonly string[], field: string): string[] {
  const prefix = `PID-${field}|`;
  return info.filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length));
}

function xpnToName(xpn: string): HumanName {
  const [family, given, second, suffix, prefix, ...rest] = xpn.split('^');
  if (rest.length || (!given && second)) return { text: xpn };
  const name = prune<HumanName>({
    family: family || undefined, given: given ? [given, ...(second ? [second] : [])] : undefined,
    suffix: suffix ? [suffix] : undefined, prefix: prefix ? [prefix] : undefined,
  });
  return xpnFromName(name) === xpn ? name : { text: xpn };
}

function xpnFromName(n: HumanName): string {
  return n.text ?? joinComponents([n.family, n.given?.[0], n.given?.[1], n.suffix?.[0], n.prefix?.[0]]);
}

function pidIdentifier(cxText: string): Identifier {
  const cx = parseCx(cxText);
  return cx && serializeCx({ id: cx.id, assigningAuthority: cx.assigningAuthority }) === cxText ? cxToIdentifier(cx) : { value: cxText };
}

function birthElements(pid7: string | undefined): Pick<Patient, 'birthDate' | '_birthDate'> {
  if (!pid7) return {};
  const date = dtmToFhir(pid7.slice(0, 8));
  if (!date) return {};
  if (pid7.length <= 8) return { birthDate: date };
  const time = dtmToFhir(pid7);
  return { birthDate: date, ...(time ? { _birthDate: { extension: [{ url: PATIENT_BIRTH_TIME, valueDateTime: time }] } } : {}) };
}

/**
 * Writes context.sourcePatientInfo.
 * @param sourcePatientId - the patient id in the source system
 * @param info - sourcePatientInfo as `PID-n|value` strings
 * @param contained - where the Patient goes
 * @returns the Reference, or undefined when there is neither an id nor any info
 */
export function sourcePatientToFhir(sourcePatientId: Cx | undefined, info: readonly string[], contained: ContainedWriter): Reference | undefined {
  if (!sourcePatientId && !info.length) return undefined;
  const identifier = pidFields(info, '3').map(pidIdentifier);
  const names = pidFields(info, '5').map(xpnToName);
  const sex = pidFields(info, '8')[0] as keyof typeof GENDER | undefined;
  const ref = contained.add('sourcePatient', prune<Omit<Patient, 'id'>>({
    resourceType: 'Patient',
    identifier: identifier.length ? identifier : undefined,
    name: names.length ? names : undefined,
    gender: sex ? GENDER[sex] : undefined,
    ...birthElements(pidFields(info, '7')[0]),
  }));
  return sourcePatientId ? { ...ref, identifier: cxToIdentifier(sourcePatientId) } : ref;
}

/**
 * Reads context.sourcePatientInfo.
 * @param ref - the Reference as sent
 * @param reader - the contained resources of the DocumentReference
 * @returns sourcePatientId (the reference's identifier, else the Patient's first) and the PID fields
 */
export function sourcePatientFromFhir(ref: Reference | undefined, reader: ContainedReader): { id?: Cx; info: string[] } {
  const p = reader.resolve(ref);
  const patient = p?.resourceType === 'Patient' ? p : undefined;
  const info: string[] = [];
  for (const id of patient?.identifier ?? []) {
    const cx = cxFromIdentifier(id);
    const text = cx ? serializeCx(cx) : id.value;
    if (text) info.push(`PID-3|${text}`);
  }
  for (const n of patient?.name ?? []) info.push(`PID-5|${xpnFromName(n)}`);
  const time = patient?._birthDate?.extension?.find((e) => e.url === PATIENT_BIRTH_TIME)?.valueDateTime;
  const birth = time ? dtmFromFhir(time) : patient?.birthDate ? dtmFromFhir(patient.birthDate) : undefined;
  if (birth) info.push(`PID-7|${birth}`);
  if (patient?.gender) info.push(`PID-8|${SEX[patient.gender]}`);
  const id = cxFromIdentifier(ref?.identifier) ?? cxFromIdentifier(patient?.identifier?.[0]);
  return { ...(id ? { id } : {}), info };
}
