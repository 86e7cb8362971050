/**
 * The agents of an AuditEvent: the client (110153), this gateway (110152), the human user of
 * the SAML ticket or JWT (BALP UserSamlAgent / UserOauthAgent, with the Norwegian legal
 * entity, point of care and department), and the calling system when a JWT names it.
 * See ihe-requirements.md §11–§12, norway-profile.md §7 (HL7 Norway AuditEvent IG agent[user]).
 */
import type { Code } from '../domain/datatypes.js';
import { NO_ID_OID } from '../domain/norwegian-identifiers.js';
import { isIsoOid } from '../domain/oid.js';
import type { SecurityContext } from '../domain/security-context.js';
import type { TransactionOutcome } from './ports.js';
import { EXTENSIONS, SYSTEMS, type AuditEventAgent, type CodeableConcept, type Extension } from '../formats/fhir/audit-event.js';

const HL7_PURPOSE_OIDS = new Set(['2.16.840.1.113883.1.11.20448', '2.16.840.1.113883.5.8']);

/** A domain code as a CodeableConcept: HL7 purposes map to v3-ActReason, OIDs to urn:oid:. */
export function purposeConcept(c: Code): CodeableConcept {
  const system = HL7_PURPOSE_OIDS.has(c.codingScheme) ? SYSTEMS.actReason
    : isIsoOid(c.codingScheme) ? `urn:oid:${c.codingScheme}` : c.codingScheme;
  return { coding: [{ ...(system ? { system } : {}), code: c.code, ...(c.displayName ? { display: c.displayName } : {}) }] };
}

const dcmType = (code: string, display: string): CodeableConcept => ({ coding: [{ system: SYSTEMS.dcm, code, display }] });

/**
 * @param o - the transaction outcome
 * @returns client, server, and (when known) user and calling-system agents
 */
export function agentsOf(o: TransactionOutcome): AuditEventAgent[] {
  const client = o.client?.replyTo ?? o.client?.address;
  const agents: AuditEventAgent[] = [
    {
      type: dcmType('110153', 'Source Role ID'),
      ...(client ? { who: { display: client } } : {}),
      requestor: false,
      ...(o.client?.address ? { network: { address: o.client.address, type: '2' as const } } : {}),
    },
    {
      type: dcmType('110152', 'Destination Role ID'),
      who: { display: o.server.endpoint },
      requestor: false,
      network: { address: o.server.endpoint, type: '5' },
    },
  ];
  const user = userAgent(o.security);
  if (user) agents.push(user);
  if (o.security.clientId) {
    agents.push({
      type: dcmType('110150', 'Application'),
      who: { identifier: { value: o.security.clientId }, ...(o.security.clientName ? { display: o.security.clientName } : {}) },
      requestor: false,
    });
  }
  return agents;
}

function userAgent(sec: SecurityContext): AuditEventAgent | undefined {
  if (!sec.subjectId) return undefined;
  const code = sec.tokenType === 'jwt' ? 'UserOauthAgent' : 'UserSamlAgent';
  const extension = organisationExtensions(sec);
  return {
    ...(extension.length ? { extension } : {}),
    type: { coding: [{ system: SYSTEMS.balpUserAgent, code }] },
    ...(sec.role ? { role: [purposeConcept(sec.role)] } : {}),
    who: {
      identifier: { ...(sec.issuer ? { system: sec.issuer } : {}), value: sec.subjectId },
      ...(sec.subjectName ? { display: sec.subjectName } : {}),
    },
    requestor: true,
    ...(sec.assertionId ? { policy: [sec.assertionId] } : {}),
    ...(sec.purposeOfUse ? { purposeOfUse: [purposeConcept(sec.purposeOfUse)] } : {}),
  };
}

const idName = (url: string, system: string | undefined, id: string, name: string | undefined): Extension => ({
  url,
  extension: [
    { url: 'id', valueIdentifier: { ...(system ? { system } : {}), value: id } },
    ...(name ? [{ url: 'name', valueString: name }] : []),
  ],
});

/** HPR number (BALP otherId), legal entity, point of care and department of the user. */
function organisationExtensions(sec: SecurityContext): Extension[] {
  const ext: Extension[] = [];
  if (sec.hprNumber) ext.push({ url: EXTENSIONS.otherId, valueIdentifier: { system: `urn:oid:${NO_ID_OID.hpr}`, value: sec.hprNumber } });
  if (sec.organizationId) ext.push(idName(EXTENSIONS.organization, `urn:oid:${NO_ID_OID.orgnr}`, sec.organizationId, sec.organizationName));
  if (sec.childOrganizationId) ext.push(idName(EXTENSIONS.childOrganization, `urn:oid:${NO_ID_OID.orgnr}`, sec.childOrganizationId, sec.childOrganizationName));
  if (sec.facility) {
    const system = sec.facility.codingScheme ? `urn:oid:${sec.facility.codingScheme}` : undefined;
    ext.push(idName(EXTENSIONS.facility, system, sec.facility.code, sec.facilityName));
  }
  return ext;
}
