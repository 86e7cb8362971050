/**
 * Builds the FHIR AuditEvent of one transaction outcome, allowed or refused, following IHE
 * Basic Audit Log Patterns (SAML / OAuth access-token use) with the Norwegian trust-framework
 * fields: legal entity, point of care, department, purpose, decision reference, patient,
 * documents touched (with the access decision for each) and outcome. The record's id is the
 * gateway's own (a UUID); the request's correlation id, which a client may choose and repeat, is
 * kept as the BALP transaction entity (XrequestId).
 * See ihe-requirements.md §11 (last item), §12; norway-profile.md §7.
 */
import { randomUUID } from 'node:crypto';
import { cxKey, type Code, type Cx } from '../domain/datatypes.js';
import { NO_ID_OID } from '../domain/norwegian-identifiers.js';
import type { SecurityContext } from '../domain/security-context.js';
import { agentsOf, purposeConcept } from './audit-agents.js';
import { eventCoding } from './audit-codes.js';
import type { AuditedDocument, TransactionOutcome } from './ports.js';
import { EXTENSIONS, PROFILES, SYSTEMS, type AuditEvent, type AuditEventEntity, type Extension } from '../formats/fhir/audit-event.js';

const OUTCOME = { success: '0', partial: '4', failure: '8', refused: '8' } as const;

/**
 * @param o - what happened
 * @returns the AuditEvent to record
 */
export function buildAuditEvent(o: TransactionOutcome): AuditEvent {
  const ev = eventCoding(o.transaction, o.coding);
  const sec = o.security;
  const purposes = [sec.purposeOfUse, sec.purposeOfUseDetails, sec.healthcareService].filter((c): c is Code => c !== undefined);
  const btg = o.breakTheGlass === true || sec.purposeOfUse?.code === 'BTG';
  const extension = [...careRelation(sec), ...patientExtension(o), ...(btg ? [{ url: EXTENSIONS.breakTheGlass, valueBoolean: true }] : [])];
  return {
    resourceType: 'AuditEvent',
    id: o.id ?? randomUUID(),
    ...(sec.tokenType ? { meta: { profile: [sec.tokenType === 'jwt' ? PROFILES.oauth : PROFILES.saml] } } : {}),
    ...(extension.length ? { extension } : {}),
    type: ev.type,
    subtype: ev.subtype,
    action: ev.action,
    recorded: o.recorded.toISOString(),
    outcome: OUTCOME[o.outcome],
    ...(o.outcomeDescription || o.outcome === 'refused' ? { outcomeDesc: o.outcomeDescription ?? 'refused' } : {}),
    ...(purposes.length ? { purposeOfEvent: purposes.map(purposeConcept) } : {}),
    agent: agentsOf(o),
    source: {
      ...(o.server.site ? { site: o.server.site } : {}),
      observer: { display: o.server.endpoint },
      type: [{ system: SYSTEMS.sourceType, code: '4', display: 'Application Server' }],
    },
    entity: entitiesOf(o),
  };
}

function careRelation(sec: SecurityContext): Extension[] {
  const sub: Extension[] = [];
  if (sec.decisionReference) sub.push({ url: 'decision-ref-id', valueString: sec.decisionReference });
  if (sec.decisionDescription) sub.push({ url: 'decision-ref-description', valueString: sec.decisionDescription });
  if (sec.decisionUserSelected !== undefined) sub.push({ url: 'decision-ref-user-selected', valueBoolean: sec.decisionUserSelected });
  if (sec.attestedAt) sub.push({ url: 'toa', valueUnsignedInt: Math.floor(Date.parse(sec.attestedAt) / 1000) });
  return sub.length ? [{ url: EXTENSIONS.careRelation, extension: sub }] : [];
}

const patientOf = (o: TransactionOutcome): Cx | undefined => o.patient ?? o.security.patientId;
const patientIdentifier = (p: Cx) => ({ system: `urn:oid:${p.assigningAuthority}`, value: p.id });

function patientExtension(o: TransactionOutcome): Extension[] {
  const p = patientOf(o);
  return p ? [{ url: EXTENSIONS.patient, valueReference: { identifier: patientIdentifier(p) } }] : [];
}

function entitiesOf(o: TransactionOutcome): AuditEventEntity[] {
  const out: AuditEventEntity[] = [];
  const p = patientOf(o);
  if (p) out.push(patientEntity(p, o.security));
  if (o.submissionSetUniqueId) {
    out.push({ what: { identifier: { value: o.submissionSetUniqueId } }, type: entityType('2'), role: { system: SYSTEMS.objectRole, code: '20', display: 'Job' } });
  }
  if (o.query) out.push(queryEntity(o.query));
  // IHE BALP "transaction" entity: the X-Request-Id / correlation id of the request.
  if (o.correlationId) out.push({ what: { identifier: { value: o.correlationId } }, type: { system: SYSTEMS.balpEntityType, code: 'XrequestId' } });
  for (const d of o.documents ?? []) out.push(documentEntity(d));
  return out;
}

const entityType = (code: '1' | '2'): { system: string; code: string; display: string } =>
  ({ system: SYSTEMS.entityType, code, display: code === '1' ? 'Person' : 'System Object' });

function patientEntity(p: Cx, sec: SecurityContext): AuditEventEntity {
  const ext: Extension[] = [];
  const named = (name: string | undefined): Extension[] => (name ? [{ url: 'name', valueString: name }] : []);
  if (sec.patientPointOfCare) ext.push({ url: EXTENSIONS.childOrganization, extension: [{ url: 'id', valueIdentifier: { system: `urn:oid:${NO_ID_OID.orgnr}`, value: sec.patientPointOfCare } }, ...named(sec.patientPointOfCareName)] });
  if (sec.patientDepartment) ext.push({ url: EXTENSIONS.facility, extension: [{ url: 'id', valueIdentifier: { value: sec.patientDepartment } }, ...named(sec.patientDepartmentName)] });
  return {
    ...(ext.length ? { extension: ext } : {}),
    what: { identifier: patientIdentifier(p) },
    type: entityType('1'),
    role: { system: SYSTEMS.objectRole, code: '1', display: 'Patient' },
  };
}

function queryEntity(q: NonNullable<TransactionOutcome['query']>): AuditEventEntity {
  return {
    ...(q.queryId ? { what: { identifier: { value: q.queryId } } } : {}),
    type: entityType('2'),
    role: { system: SYSTEMS.objectRole, code: '24', display: 'Query' },
    query: Buffer.from(q.text, 'utf8').toString('base64'),
    detail: [{ type: 'QueryEncoding', valueString: 'UTF-8' }, ...(q.homeCommunityId ? [{ type: 'ihe:homeCommunityID', valueString: q.homeCommunityId }] : [])],
  };
}

function documentEntity(d: AuditedDocument): AuditEventEntity {
  const detail = [
    ...(d.repositoryUniqueId ? [{ type: 'Repository Unique Id', valueString: d.repositoryUniqueId }] : []),
    ...(d.homeCommunityId ? [{ type: 'ihe:homeCommunityID', valueString: d.homeCommunityId }] : []),
    ...(d.decision ? [{ type: 'access-decision', valueString: d.decision }] : []),
  ];
  return {
    what: { identifier: { value: d.uniqueId } },
    type: entityType('2'),
    role: { system: SYSTEMS.objectRole, code: '3', display: 'Report' },
    ...(detail.length ? { detail } : {}),
  };
}

/**
 * @param event - an AuditEvent built here
 * @returns the correlation id of the request it records (BALP XrequestId entity)
 */
export function auditCorrelationId(event: AuditEvent): string | undefined {
  return event.entity?.find((e) => e.type?.system === SYSTEMS.balpEntityType && e.type.code === 'XrequestId')?.what?.identifier?.value;
}

/**
 * The patient keys of a record, for the store's per-patient index.
 * @param event - an AuditEvent built here
 * @returns CX keys `id^^^&OID&ISO` of its patient entities
 */
export function auditPatientKeys(event: AuditEvent): string[] {
  return (event.entity ?? [])
    .filter((e) => e.role?.code === '1' && e.role.system === SYSTEMS.objectRole)
    .map((e) => e.what?.identifier)
    .filter((i): i is { system: string; value: string } => i?.system?.startsWith('urn:oid:') === true)
    .map((i) => cxKey({ id: i.value, assigningAuthority: i.system.slice(8) }));
}
