/**
 * Offline check of an ITI-41 / ITI-42 request, as the registry would do it: decode with the
 * ebRIM codecs, run the generic ITI TF-3 rules (src/rules) against an empty registry, then the
 * affinity-domain profile rules (src/profiles). What needs the registry's content (references
 * to registered objects) cannot be known offline and is reported as a warning.
 */
import { TEST_REPOSITORY_UNIQUE_ID } from '../../src/config/schema.js';
import { EMPTY_REGISTRY_OBJECTS, type RegistryObjectList, type SubmittedDocument } from '../../src/domain/submission.js';
import type { Issue } from '../../src/errors/issue.js';
import { provideAndRegisterFromEbrim } from '../../src/formats/ebrim/provide-and-register.js';
import { submitObjectsRequestFromEbrim } from '../../src/formats/ebrim/submit-objects-request.js';
import type { XmlElement } from '../../src/formats/xml/tree.js';
import { createProfileValidator, type ProfileSettings } from '../../src/profiles/validate.js';
import { checkProvidedDocuments, withDocumentAttributes } from '../../src/rules/repository-rules.js';
import { validateSubmission } from '../../src/rules/submission-rules.js';
import type { Transaction } from './read-message.js';

/** Issues that depend on what a registry already holds. */
const NEEDS_REGISTRY: ReadonlySet<string> = new Set(['UNRESOLVED_REFERENCE', 'TARGET_NOT_DOCUMENT', 'TARGET_DEPRECATED']);

/** One line of the report. */
export interface ReportedFinding {
  /** Profile rule id, or the catalogue id of a generic rule. */
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly location: string;
  readonly text: string;
}

function reported(i: Issue): ReportedFinding {
  const profile = i.messageId === 'PROFILE_RULE' ? /^\[([^\]]+)\] (.*)$/s.exec(i.codeContext) : null;
  const offline = NEEDS_REGISTRY.has(i.messageId);
  return {
    rule: profile?.[1] ?? i.messageId,
    severity: i.severity === 'Error' && !offline ? 'error' : 'warning',
    code: i.code,
    location: i.location ?? '-',
    text: (profile?.[2] ?? i.codeContext) + (offline ? ' (not checked offline: depends on the registry content)' : ''),
  };
}

function decode(transaction: Transaction, body: XmlElement): { objects: RegistryObjectList; documents: SubmittedDocument[]; issues: Issue[] } {
  if (transaction === 'ITI-42') return { ...submitObjectsRequestFromEbrim(body), documents: [] };
  return provideAndRegisterFromEbrim(body);
}

/** The repository id the documents are checked against: the one the entries give, if any. */
function repositoryOf(objects: RegistryObjectList): string {
  return objects.documentEntries.find((d) => d.repositoryUniqueId)?.repositoryUniqueId ?? TEST_REPOSITORY_UNIQUE_ID;
}

/**
 * Checks a request body.
 * @param transaction - ITI-41 or ITI-42
 * @param body - the body element
 * @param settings - profile and rule severities
 * @returns the findings in the order decode, generic rules, profile rules
 */
export function checkMessage(transaction: Transaction, body: XmlElement, settings: ProfileSettings): ReportedFinding[] {
  const validateProfile = createProfileValidator(settings);
  const decoded = decode(transaction, body);
  let objects = decoded.objects;
  const issues: Issue[] = [...decoded.issues];
  if (transaction === 'ITI-41') {
    const repository = repositoryOf(objects);
    issues.push(...checkProvidedDocuments(objects, decoded.documents, repository));
    objects = withDocumentAttributes(objects, decoded.documents, repository);
  }
  const options = { uniqueIdFormat: settings.METADATA_PROFILE === 'norway' ? 'lenient' : 'oid' } as const;
  issues.push(...validateSubmission(objects, { byUuid: EMPTY_REGISTRY_OBJECTS, byUniqueId: EMPTY_REGISTRY_OBJECTS }, options).issues);
  issues.push(...validateProfile(objects));
  return issues.map(reported);
}
