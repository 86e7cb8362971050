/**
 * Author (DocumentEntry.author, SubmissionSet.author) ↔ contained FHIR resources, as MHD
 * Comprehensive metadata carries it: a Practitioner for a person alone, an Organization for an
 * institution alone, otherwise a PractitionerRole with the person, the institutions, the roles
 * (code), the specialties and the telecom addresses. Several institutions (in Norway the legal
 * entity and then the department) form a partOf chain: each is part of the one before it, and
 * the PractitionerRole points at the last. See ITI TF-3 4.2.3.1.4 and the MHD map
 * (fsh/documentReference.fsh: author → DocumentEntry.author).
 */
import type { Author, Xon } from '../../domain/datatypes.js';
import type { CodeSystemNaming } from './code-systems.js';
import type { ContainedReader, ContainedWriter } from './contained.js';
import type { IssueList } from './decode-issues.js';
import {
  cweFromConcept, cweToConcept, xcnFromPractitioner, xcnToPractitioner, xonFromOrganization, xonToOrganization, xtnFromContactPoint, xtnToContactPoint,
} from './parties.js';
import type { ContactPoint, ContainedResource, Organization, Reference } from './resources.js';

/** Deepest partOf chain read back; a longer (or circular) chain is refused. */
const MAX_INSTITUTIONS = 16;

/**
 * Writes one author as contained resources.
 * @param author - the author
 * @param id - local id prefix, unique within the resource (e.g. `author1`)
 * @param contained - where the resources go
 * @param naming - code-system naming for roles and specialties
 * @returns the Reference to the author's resource
 */
export function authorToFhir(author: Author, id: string, contained: ContainedWriter, naming: CodeSystemNaming): Reference {
  const { person, institutions, roles, specialties, telecommunications: telecom } = author;
  if (!person && institutions.length === 1 && !roles.length && !specialties.length) {
    return contained.add(id, xonToOrganization(institutions[0] as Xon, telecom));
  }
  if (person && !institutions.length && !roles.length && !specialties.length) {
    return contained.add(id, xcnToPractitioner(person, telecom));
  }
  let organization: Reference | undefined;
  institutions.forEach((xon, i) => {
    const org = xonToOrganization(xon);
    organization = contained.add(`${id}-org${i + 1}`, organization ? { ...org, partOf: organization } : org);
  });
  return contained.add(id, {
    resourceType: 'PractitionerRole',
    ...(person ? { practitioner: contained.add(`${id}-person`, xcnToPractitioner(person)) } : {}),
    ...(organization ? { organization } : {}),
    ...(roles.length ? { code: roles.map((r) => cweToConcept(r, naming)) } : {}),
    ...(specialties.length ? { specialty: specialties.map((s) => cweToConcept(s, naming)) } : {}),
    ...(telecom.length ? { telecom: telecom.map(xtnToContactPoint) } : {}),
  });
}

function telecomsOf(points: readonly ContactPoint[] | undefined): string[] {
  return (points ?? []).map(xtnFromContactPoint).filter((t): t is string => t !== undefined);
}

function institutionChain(start: ContainedResource | undefined, reader: ContainedReader, issues: IssueList, at: string): Xon[] {
  const chain: Xon[] = [];
  const seen = new Set<ContainedResource>();
  let org = start;
  while (org) {
    if (org.resourceType !== 'Organization' || seen.has(org) || chain.length >= MAX_INSTITUTIONS) {
      issues.error(at, `the author's organisation chain is not a list of at most ${MAX_INSTITUTIONS} contained Organizations`);
      return chain.reverse();
    }
    seen.add(org);
    chain.push(xonFromOrganization(org));
    org = (org as Organization).partOf ? reader.resolve((org as Organization).partOf) : undefined;
  }
  return chain.reverse();
}

/**
 * Reads one author from the resource a Reference points to.
 * @param ref - DocumentReference.author[i], List.source, …
 * @param reader - the contained resources of the resource being read
 * @param naming - code-system naming for roles and specialties
 * @param issues - where problems go
 * @param at - FHIRPath of `ref`, for issues
 * @returns the author, or undefined when the reference is not to a contained author resource
 */
export function authorFromFhir(
  ref: Reference, reader: ContainedReader, naming: CodeSystemNaming, issues: IssueList, at: string,
): Author | undefined {
  const r = reader.resolve(ref);
  const empty: Author = { institutions: [], roles: [], specialties: [], telecommunications: [] };
  if (r?.resourceType === 'Organization') return { ...empty, institutions: [xonFromOrganization(r)], telecommunications: telecomsOf(r.telecom) };
  if (r?.resourceType === 'Practitioner') {
    const person = xcnFromPractitioner(r);
    return { ...empty, ...(person ? { person } : {}), telecommunications: telecomsOf(r.telecom) };
  }
  if (r?.resourceType === 'PractitionerRole') {
    const p = reader.resolve(r.practitioner);
    const person = p?.resourceType === 'Practitioner' ? xcnFromPractitioner(p) : undefined;
    return {
      ...(person ? { person } : {}),
      institutions: institutionChain(reader.resolve(r.organization), reader, issues, `${at}.organization`),
      roles: (r.code ?? []).map((c) => cweFromConcept(c, naming)).filter((s): s is string => s !== undefined),
      specialties: (r.specialty ?? []).map((c) => cweFromConcept(c, naming)).filter((s): s is string => s !== undefined),
      telecommunications: telecomsOf(r.telecom),
    };
  }
  issues.warning(at, `author ${ref.reference ?? '(no reference)'} is not a contained Practitioner, PractitionerRole or Organization and was not read`, 'not-supported');
  return undefined;
}
