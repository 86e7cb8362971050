/**
 * Norwegian XUA ticket attributes → SecurityContext (norway-profile.md §4.3–§4.5). Tickets
 * still carry the V1 and the V2 names side by side, so both are read and V2 wins. A concept
 * that must be single (purpose of use, role, patient …) given twice, in one generation or as
 * different values across the two, refuses the ticket: which of two purposes would apply?
 * Points of care and departments are one thing told by an identifier and a name, which NHN
 * sends under one attribute name or several (docs/xua-tickets.md lists the layouts).
 */
import type { Code } from '../../domain/datatypes.js';
import type { SecurityContext } from '../../domain/security-context.js';
import type { AttributeValue, SignedAssertion } from './saml-assertion.js';
import { bareOid, readCe, readCx, readFragment, readIi } from './hl7-values.js';
import { definedFields, type Loose } from './fields.js';
import { isSyntheticPersonId } from '../../domain/norwegian-identifiers.js';
import { SYNTHETIC_RULE_ID } from '../../profiles/norway/patient-id-rules.js';
import type { RuleSeverity } from '../../profiles/types.js';
import { invalid, type CheckFailure } from './wsse-fault.js';

interface Concept {
  readonly label: string;
  readonly v2: readonly string[];
  readonly v1: readonly string[];
  /** Single-valued concepts refuse a second value. */
  readonly multi?: boolean;
}

const XSPA = 'urn:oasis:names:tc:xspa:1.0:subject:';
const TF = 'urn:nhn:trust-framework:1.0:ext:';
const NHN = 'urn:no:ehelse:saml:1.0:subject:';

/** The attribute table: V2 names first, then the V1 names they replaced (SAML spec §0.5). */
const ATTRIBUTES = {
  subjectName: { label: 'user name', v2: ['urn:oasis:names:tc:xacml:1.0:subject:subject-id'], v1: [`${XSPA}subject-id`] },
  npi: { label: 'HPR number (npi)', v2: [`${XSPA}npi`], v1: ['urn:oasis:names:tc:xspa:2.0:subject:npi'] },
  providerId: { label: 'provider identifier', v2: ['urn:ihe:iti:xua:2017:subject:provider-identifier'], v1: [] },
  role: { label: 'role', v2: ['urn:oasis:names:tc:xacml:2.0:subject:role'], v1: [`${XSPA}role`] },
  organization: { label: 'organization', v2: [`${XSPA}organization`], v1: [] },
  organizationId: { label: 'organization-id', v2: [`${XSPA}organization-id`], v1: [] },
  pointOfCare: { label: 'point of care (child organization)', v2: [`${XSPA}child-organization`, `${TF}subject:child-organization-name`], v1: [] },
  department: { label: 'department (facility)', v2: [`${XSPA}facility`, `${TF}subject:facility-name`], v1: [] },
  healthcareService: { label: 'healthcare service', v2: [`${TF}care-relationship:healthcare-service`], v1: ['urn:no:ehelse:saml:1.1:subject:healthcareservice'] },
  purpose: { label: 'purpose of use', v2: ['urn:oasis:names:tc:xacml:2.0:action:purpose'], v1: [`${XSPA}purposeOfUse`, `${XSPA}purposeofuse`] },
  purposeDetails: { label: 'purpose-of-use details', v2: [`${TF}care-relationship:purpose-of-use-details`], v1: [] },
  decisionRef: { label: 'decision reference', v2: [`${TF}care-relationship:decision-ref`], v1: [] },
  resource: { label: 'patient (resource-id)', v2: ['urn:oasis:names:tc:xacml:1.0:resource:resource-id'], v1: ['urn:oasis:names:tc:xacml:2.0:resource:resource-id'] },
  patientPointOfCare: { label: 'patient point of care', v2: [`${TF}resource:child-organization`, `${TF}resource:child-organization-id`, `${TF}resource:child-organization-name`], v1: [] },
  patientDepartment: { label: 'patient department', v2: [`${TF}resource:facility`, `${TF}resource:facility-id`, `${TF}resource:facility-name`], v1: [] },
  homeCommunityId: { label: 'homeCommunityId', v2: ['urn:ihe:iti:xca:2010:homeCommunityId'], v1: [`${NHN}homeCommunityId`, 'urn:nhin:names:saml:homeCommunityId'] },
  acp: { label: 'ACP', v2: ['urn:ihe:iti:xua:2012:acp'], v1: [], multi: true },
  bppc: { label: 'BPPC docid', v2: ['urn:ihe:iti:bppc:2007:docid'], v1: [], multi: true },
  securityLevel: { label: 'security level', v2: [`${NHN}SecurityLevel`], v1: ['SecurityLevel'] },
  scope: { label: 'scope', v2: [`${NHN}Scope`], v1: ['Scope'], multi: true },
  clientId: { label: 'client id', v2: [`${NHN}client_id`], v1: ['client_id'] },
} as const satisfies Record<string, Concept>;

type ConceptId = keyof typeof ATTRIBUTES;

/** Reads values per concept from a signed assertion, recording conflicts as failures. */
class AttributeReader {
  readonly failures: CheckFailure[] = [];
  usedV1 = false;
  usedV2 = false;
  constructor(private readonly assertion: SignedAssertion) {}

  /** Non-nil values under V2 and V1 names; notes which generations the ticket uses. */
  private generations(c: Concept): [AttributeValue[], AttributeValue[]] {
    const of = (names: readonly string[]): AttributeValue[] =>
      this.assertion.attributes.filter((a) => names.includes(a.name)).flatMap((a) => a.values).filter((v) => !v.nil);
    const v2 = of(c.v2);
    const v1 = of(c.v1);
    if (v2.length && c.v1.length) this.usedV2 = true;
    if (v1.length) this.usedV1 = true;
    return [v2, v1];
  }

  /** All values (multi-valued concepts), V2 names preferred. */
  all(id: ConceptId): AttributeValue[] {
    const [v2, v1] = this.generations(ATTRIBUTES[id]);
    return v2.length ? v2 : v1;
  }

  /** The single value of a concept; a second one, or a V1 value differing from V2, is refused. */
  one(id: ConceptId, key: (v: AttributeValue) => string = (v) => v.text): AttributeValue | undefined {
    const c: Concept = ATTRIBUTES[id];
    const [v2, v1] = this.generations(c);
    for (const [gen, vals] of [['V2', v2], ['V1', v1]] as const) {
      if (vals.length > 1) { this.failures.push(invalid(`the ticket carries ${vals.length} values of ${c.label} (${gen} names); exactly one is allowed`)); return undefined; }
    }
    if (v2[0] && v1[0] && key(v2[0]) !== key(v1[0])) {
      this.failures.push(invalid(`the ticket carries a second ${c.label}: ${key(v2[0])} under the V2 name and ${key(v1[0])} under the V1 name`));
      return undefined;
    }
    return v2[0] ?? v1[0];
  }

  text(id: ConceptId): string | undefined {
    return this.one(id)?.text || undefined;
  }

  code(id: ConceptId): Code | undefined {
    const v = this.one(id, (x) => readCe(x)?.code ?? x.text);
    if (!v) return undefined;
    const ce = readCe(v);
    if (!ce) this.failures.push(invalid(`the ${ATTRIBUTES[id].label} attribute is not an HL7 CE with a code`));
    return ce;
  }

  ii(id: ConceptId): { root: string; extension: string } | undefined {
    const v = this.one(id, (x) => readIi(x)?.extension ?? x.text);
    return v ? readIi(v) : undefined;
  }

  /**
   * One thing told by an identifier and a name (a point of care, a department), under any of
   * the concept's names and in any order: an II or a bare number is the identifier, other text
   * the name. Repeating the same identifier or name is harmless; two different ones are refused.
   */
  idAndName(id: ConceptId): { id?: { root: string; extension: string }; name?: string } {
    const c: Concept = ATTRIBUTES[id];
    const [v2, v1] = this.generations(c);
    const ids = new Map<string, { root: string; extension: string }>();
    const names = new Set<string>();
    for (const v of [...v2, ...v1]) {
      const text = v.text.trim();
      const ii = readFragment(v).length > 0 || /^\d+$/.test(text) ? readIi(v) : undefined;
      if (ii?.extension) ids.set(ii.extension, ii);
      else if (text && !text.startsWith('<')) names.add(text);
    }
    for (const [what, set] of [['identifiers', [...ids.keys()]], ['names', [...names]]] as const) {
      if (set.length > 1) this.failures.push(invalid(`the ticket carries ${set.length} different ${what} of ${c.label} (${set.join(', ')}); one is allowed`));
    }
    const [first] = ids.values();
    const [name] = names;
    return { ...(first ? { id: first } : {}), ...(name ? { name } : {}) };
  }
}


/**
 * Builds the principal from a signed assertion.
 * @param a - the signed assertion (attributes come only from the signed XML)
 * @param citizenIssuers - issuers whose tickets are citizen tickets (norway-profile §4.4)
 * @param syntheticPatients - no.patient-id.synthetic: `error` refuses a ticket for a synthetic test person
 * @returns the context, or the failures (a second purpose or role, an unreadable patient …)
 */
export function principalFromAssertion(a: SignedAssertion, citizenIssuers: readonly string[], syntheticPatients: RuleSeverity = 'warning'):
  { ok: true; context: SecurityContext } | { ok: false; failures: readonly CheckFailure[] } {
  const r = new AttributeReader(a);
  const citizen = a.issuer !== undefined && citizenIssuers.includes(a.issuer);
  const context = definedFields<SecurityContext>({
    kind: citizen ? 'citizen' : 'health-personnel',
    tokenType: 'saml',
    subjectId: a.nameId,
    ...subjectFields(r, citizen),
    ...careFields(r, syntheticPatients),
    homeCommunityId: homeCommunity(r.text('homeCommunityId')),
    acpCodes: r.all('acp').map((v) => bareOid(v.text)),
    bppcDocIds: r.all('bppc').map((v) => bareOid(v.text)),
    scopes: r.all('scope').flatMap((v) => v.text.split(/[\s,]+/)).filter(Boolean),
    clientId: r.text('clientId'),
    securityLevel: r.text('securityLevel'),
    issuer: a.issuer,
    assertionId: a.id,
    validUntil: a.notOnOrAfter,
  });
  if (r.failures.length) return { ok: false, failures: r.failures };
  const ticketVersion = r.usedV1 && r.usedV2 ? 'hybrid' : r.usedV1 ? 'v1' : 'v2';
  return { ok: true, context: { ...context, ticketVersion } };
}

/** Who the user is and where they work: name, HPR, role, legal entity, point of care, department. */
function subjectFields(r: AttributeReader, citizen: boolean): Loose<SecurityContext> {
  const npi = r.text('npi');
  const provider = r.ii('providerId');
  const pointOfCare = r.idAndName('pointOfCare');
  const department = r.idAndName('department');
  const facility = department.id;
  return {
    subjectName: r.text('subjectName'),
    // A citizen ticket's npi and provider-identifier carry the citizen's FNR, not an HPR number.
    hprNumber: citizen ? undefined : npi ?? provider?.extension,
    providerId: provider ? `${provider.root}^${provider.extension}` : undefined,
    role: r.code('role'),
    organizationName: r.text('organization'),
    organizationId: r.ii('organizationId')?.extension,
    childOrganizationId: pointOfCare.id?.extension,
    childOrganizationName: pointOfCare.name,
    facility: facility ? { code: facility.extension, codingScheme: facility.root } : undefined,
    facilityName: department.name,
  };
}

/** The care relation: purpose, healthcare service, decision reference and the patient. */
function careFields(r: AttributeReader, syntheticPatients: RuleSeverity): Loose<SecurityContext> {
  const resource = r.text('resource');
  const patientId = resource ? readCx(resource) : undefined;
  if (resource && !patientId) r.failures.push(invalid(`the patient (resource-id) ${resource} is not a CX id^^^&OID&ISO`));
  if (patientId && syntheticPatients === 'error' && isSyntheticPersonId(patientId)) {
    r.failures.push(invalid(`the patient (resource-id) ${patientId.id} is a synthetic test identity, which ${SYNTHETIC_RULE_ID}=error refuses`));
  }
  return {
    healthcareService: r.code('healthcareService'),
    purposeOfUse: r.code('purpose'),
    purposeOfUseDetails: r.code('purposeDetails'),
    ...decisionRef(r.one('decisionRef')),
    patientId,
    ...patientPlace(r),
  };
}

/** The patient's point of care and department (Tillitsrammeverk §6.3.1: resource:child-organization, resource:facility). */
function patientPlace(r: AttributeReader): Loose<SecurityContext> {
  const pointOfCare = r.idAndName('patientPointOfCare');
  const department = r.idAndName('patientDepartment');
  return {
    patientPointOfCare: pointOfCare.id?.extension,
    patientPointOfCareName: pointOfCare.name,
    patientDepartment: department.id?.extension,
    patientDepartmentName: department.name,
  };
}

function homeCommunity(v: string | undefined): string | undefined {
  return v ? `urn:oid:${bareOid(v)}` : undefined;
}

/** `<decision-ref><id value=…/><user-selected value="True"/><description value=…/></decision-ref>` */
function decisionRef(v: AttributeValue | undefined): Partial<SecurityContext> {
  if (!v) return {};
  const els = readFragment(v);
  const value = (name: string): string | undefined => els.find((e) => e.name === name)?.attrs.value;
  const id = value('id') ?? (els.length === 0 ? v.text : undefined);
  const selected = value('user-selected');
  return definedFields<Partial<SecurityContext>>({
    decisionReference: id,
    decisionDescription: value('description'),
    decisionUserSelected: selected === undefined ? undefined : selected.toLowerCase() === 'true',
  });
}
