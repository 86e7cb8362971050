/**
 * Whose ticket a step carries in the XUA variant. An EPJ asks with a ticket for the patient the
 * clinician has open, so the runner picks, in this order:
 *   1. the patient the request names ($XDSDocumentEntryPatientId, $patientId, …): the gateway
 *      refuses a query whose patient is not the ticket's;
 *   2. the patient of the objects it names by id or uniqueId (GetDocuments, GetAssociations,
 *      retrieves), as the runner submitted them: the gateway leaves out (and refuses to
 *      retrieve) objects of another patient than the ticket's;
 *   3. the test's own patient ($patientid$).
 * See docs/access-policy.md §2 and docs/conformance.md "The XUA variant".
 */
import { descendants, textOf, type XNode } from './xml-node.js';

/** Stored-query parameters that name a patient (ITI TF-2: 3.18.4.1.2.3.7). */
const PATIENT_SLOTS = new Set(['$XDSDocumentEntryPatientId', '$XDSSubmissionSetPatientId', '$XDSFolderPatientId', '$patientId']);
/** A patient id as the runner writes it (CX with an ISO assigning authority). */
const CX = /^[^^&']+\^\^\^&\d+(\.\d+)+&ISO$/;
const OBJECTS = new Set(['ExtrinsicObject', 'RegistryPackage']);

/** The quoted values of a slot value ('a' or ('a','b')), or the bare text when nothing is quoted. */
function valuesOf(text: string): string[] {
  const quoted = [...text.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
  return quoted.length ? quoted : [text.trim()];
}

/** True when a text is a patient id CX the gateway can compare with a ticket's. */
export function isPatientCx(text: string): boolean {
  return CX.test(text);
}

/**
 * The patients of the objects the runner submitted, by entryUUID and uniqueId, learnt from the
 * submissions as sent.
 */
export class PatientOwners {
  private readonly owners = new Map<string, string>();

  /**
   * Notes the objects of a submission (ITI-41, ITI-42 body) and their patient.
   * @param body - the request body as sent
   */
  noteSubmission(body: XNode): void {
    for (const o of descendants(body).filter((n) => OBJECTS.has(n.local))) {
      const identifiers = o.children.filter((c) => c.local === 'ExternalIdentifier').map((c) => c.attrs['value'] ?? '');
      const patient = identifiers.find(isPatientCx);
      if (!patient) continue;
      for (const key of [o.attrs['id'] ?? '', ...identifiers.filter((v) => v !== patient)]) if (key) this.owners.set(key, patient);
    }
  }

  /** The patient of an object named by entryUUID or uniqueId, if the runner submitted it. */
  ownerOf(id: string): string | undefined {
    return this.owners.get(id);
  }
}

/** The patient a stored query names, when it names one that is a CX. */
export function namedPatient(body: XNode): string | undefined {
  const slots = descendants(body).filter((n) => n.local === 'Slot' && PATIENT_SLOTS.has(n.attrs['name'] ?? ''));
  const values = slots.flatMap((s) => descendants(s).filter((n) => n.local === 'Value').flatMap((v) => valuesOf(textOf(v))));
  return values.find(isPatientCx);
}

/** Every id a request names: stored-query slot values and retrieve DocumentUniqueIds. */
function namedIds(body: XNode): string[] {
  return descendants(body).flatMap((n) => {
    if (n.local === 'Value') return valuesOf(textOf(n));
    if (n.local === 'DocumentUniqueId') return [textOf(n).trim()];
    return [];
  });
}

/**
 * The patient a step's ticket is issued for.
 * @param body - the request body (AdhocQueryRequest, RetrieveDocumentSetRequest)
 * @param owners - the patients of submitted objects
 * @param testPatient - the test's own patient, the last resort
 * @returns the patient id CX, and which rule chose it
 */
export function ticketPatient(body: XNode, owners: PatientOwners, testPatient: string | undefined):
  { patient: string | undefined; from: 'named' | 'objects' | 'test' } {
  const named = namedPatient(body);
  if (named) return { patient: named, from: 'named' };
  const owned = namedIds(body).map((id) => owners.ownerOf(id)).find((p) => p !== undefined);
  if (owned) return { patient: owned, from: 'objects' };
  return { patient: testPatient, from: 'test' };
}
