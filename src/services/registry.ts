import { randomUUID } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { AccessRecord } from '../domain/access-record.js';
import type { StoredQueryRequest } from '../domain/stored-query.js';
import { EMPTY_REGISTRY_OBJECTS, type RegistryObjectList, type Submission } from '../domain/submission.js';
import { hasErrors, issue, XdsError, type Issue } from '../errors/issue.js';
import type { Logger } from '../logging/logger.js';
import type { ProfileValidator } from '../profiles/validate.js';
import { runStoredQuery } from '../queries/execute.js';
import { parseStoredQuery } from '../queries/interpret.js';
import { lookupKeys, validateSubmission, type RegistryView, type RuleOptions } from '../rules/submission-rules.js';
import { StoreConflictError } from '../storage/errors.js';
import type { MetadataStore, PatientIdentityStore, SubmissionDelta } from '../storage/ports.js';
import { admitRequest, queryRestriction } from './access-control.js';
import { samePersonKeys, withPatientMatch, withSamePerson } from './patient-match.js';
import { KeyedLock } from './serial.js';
import type { CallContext, RegistryService, StoredQueryOutcome, SubmissionOutcome } from './services.js';
import { Touched } from './touched.js';
import {
  assignEntryUuids, buildDelta, dtmNow, replacedTargets, type LifecycleView,
} from './submission-delta.js';

export interface RegistryDeps {
  readonly store: MetadataStore;
  readonly config: Pick<Config, 'MAX_QUERY_RESULTS' | 'HOME_COMMUNITY_ID' | 'METADATA_PROFILE' | 'ACCESS_PATIENT_MATCH'>;
  readonly log: Logger;
  /** The patient identity cross-reference (services/patient-match.ts); none: every id is only itself. */
  readonly patients?: PatientIdentityStore;
  /**
   * Held over the ids a submission names (uniqueIds, entryUUIDs, referenced objects) from
   * validation to commit, so that two submissions touching the same object never interleave
   * while unrelated ones validate concurrently and share the store's group commit.
   */
  readonly locks?: KeyedLock;
  readonly clock?: () => Date;
  readonly newUuid?: () => string;
  /** The affinity-domain profile's checks (codes, identifiers), run after the ITI TF-3 rules. */
  readonly validateProfile?: ProfileValidator;
}

/** Looks up what the message names by urn:uuid and by uniqueId. ITI TF-2 3.42.4.1.3 */
async function loadView(store: MetadataStore, objects: RegistryObjectList): Promise<RegistryView> {
  const k = lookupKeys(objects);
  const [byUuid, des, sss, fols] = await Promise.all([
    k.uuids.length ? store.getByUuids(k.uuids) : EMPTY_REGISTRY_OBJECTS,
    k.documentUniqueIds.length ? store.getByUniqueIds('DocumentEntry', k.documentUniqueIds) : EMPTY_REGISTRY_OBJECTS,
    k.submissionSetUniqueIds.length ? store.getByUniqueIds('SubmissionSet', k.submissionSetUniqueIds) : EMPTY_REGISTRY_OBJECTS,
    k.folderUniqueIds.length ? store.getByUniqueIds('Folder', k.folderUniqueIds) : EMPTY_REGISTRY_OBJECTS,
  ]);
  return {
    byUuid,
    byUniqueId: {
      ...EMPTY_REGISTRY_OBJECTS,
      documentEntries: des.documentEntries, submissionSets: sss.submissionSets, folders: fols.folders,
    },
  };
}

/** Folder memberships and APND / XFRM dependants of the documents a submission replaces. */
async function loadLifecycle(store: MetadataStore, s: Submission): Promise<LifecycleView> {
  const targets = replacedTargets(s);
  if (targets.length === 0) return { associations: [], sources: EMPTY_REGISTRY_OBJECTS };
  const associations = await store.getAssociations({ uuids: targets, side: 'target', types: ['HasMember', 'APND', 'XFRM'] });
  const sourceIds = [...new Set(associations.map((a) => a.sourceUuid))];
  const sources = sourceIds.length ? await store.getByUuids(sourceIds) : EMPTY_REGISTRY_OBJECTS;
  return { associations, sources };
}

/** Maps a store's refusal of a delta (a concurrent writer won) to catalogue issues. */
function conflictIssues(e: StoreConflictError): Issue[] | undefined {
  switch (e.kind) {
    case 'uniqueIdExists':
      return e.ids.map((id) => issue('DUPLICATE_UNIQUE_ID_IN_REGISTRY', [id, 'an object of this submission'], { location: id }));
    case 'entryUuidExists':
      return e.ids.map((id) => issue('ENTRY_UUID_EXISTS', [id], { location: id }));
    case 'unknownObject':
      return [issue('REGISTRY_CONFLICT', [e.ids.join(', ')])];
    default:
      return undefined; // duplicateInDelta: a fault of ours, reported as an internal error
  }
}

/**
 * The ids whose registry state a submission reads and changes. Two submissions with no id in
 * common cannot invalidate each other's checks (ITI TF-2 3.42.4.1.3): SubmissionSet and Folder
 * uniqueIds are also refused by the store itself, DocumentEntry uniqueIds only here.
 */
function lockKeys(objects: RegistryObjectList): string[] {
  const k = lookupKeys(objects);
  return [
    ...k.uuids.map((u) => `uuid:${u}`),
    ...k.documentUniqueIds.map((u) => `de:${u}`),
    ...k.submissionSetUniqueIds.map((u) => `ss:${u}`),
    ...k.folderUniqueIds.map((u) => `fol:${u}`),
  ];
}

async function commit(store: MetadataStore, delta: SubmissionDelta): Promise<void> {
  try {
    await store.commitSubmission(delta);
  } catch (e) {
    const issues = e instanceof StoreConflictError ? conflictIssues(e) : undefined;
    if (issues) throw new XdsError(issues);
    throw e;
  }
}

/**
 * ITI-18 (and ITI-38 through the responding gateway): the access policy decides the request
 * first, then restricts its result (docs/access-policy.md §2–§3). ITI TF-2 3.18.4.1.3
 */
async function storedQuery(deps: RegistryDeps, request: StoredQueryRequest, received: CallContext, now: Date): Promise<StoredQueryOutcome> {
  // Parsed once; the policy decides on the patient it names before its other faults are reported.
  const parsed = parseStoredQuery(request);
  const touched = new Touched({ queryId: request.queryId, ...(parsed.patient ? { patient: parsed.patient } : {}) });
  return touched.during(async () => {
    // A person's documents may be filed under any of their ids (docs/patient-identities.md).
    const person = parsed.patient ? await samePersonKeys(parsed.patient, deps.patients) : [];
    const call = await withPatientMatch(received, deps, person);
    touched.add(admitRequest(call, parsed.patient, now, 'POLICY_REFUSED'));
    if (!parsed.ok) throw new XdsError(parsed.issues);
    const answer = await runStoredQuery(withSamePerson(deps.store, person), parsed.query, {
      maxResults: deps.config.MAX_QUERY_RESULTS, homeCommunityId: deps.config.HOME_COMMUNITY_ID, restrict: queryRestriction(call, now, touched),
      samePerson: new Set(person),
    });
    return { ...answer, touched: touched.record };
  });
}

/**
 * The Document Registry: Register Document Set-b and Registry Stored Query.
 * @param deps - the metadata store, settings, log and optional shared write queue
 * @returns the service
 */
export function createRegistryService(deps: RegistryDeps): RegistryService {
  const { store, config, log } = deps;
  const locks = deps.locks ?? new KeyedLock();
  const clock = deps.clock ?? (() => new Date());
  const newUuid = deps.newUuid ?? (() => `urn:uuid:${randomUUID()}`);
  // Norwegian sources do not follow ITI TF-3 4.2.3.2.26 for uniqueIds (norway-profile.md §1);
  // only the length limits hold there.
  const options: RuleOptions = { uniqueIdFormat: config.METADATA_PROFILE === 'norway' ? 'lenient' : 'oid' };

  /** ITI TF-2 3.42.4.1.3: validate everything, then commit the whole delta or nothing. */
  const register = async (objects: RegistryObjectList, call: CallContext): Promise<SubmissionOutcome> => {
    // Taken first, so that a refused submission is in the patient's audit trail too.
    const ss = objects.submissionSets[0];
    const touched: AccessRecord = {
      ...(ss?.patientId ? { patient: ss.patientId } : {}), ...(ss?.uniqueId ? { submissionSetUniqueId: ss.uniqueId } : {}),
    };
    return { issues: await new Touched(touched).during(() => validateAndCommit(objects, call)), touched };
  };

  const validateAndCommit = async (objects: RegistryObjectList, call: CallContext): Promise<readonly Issue[]> => {
    const view = await loadView(store, objects);
    const validated = validateSubmission(objects, view, options);
    const { submission } = validated;
    const issues = deps.validateProfile ? [...validated.issues, ...deps.validateProfile(objects)] : validated.issues;
    if (submission === undefined || hasErrors(issues)) throw new XdsError(issues);
    const assigned = assignEntryUuids(submission, newUuid);
    const delta = buildDelta(assigned, await loadLifecycle(store, assigned), dtmNow(clock()), newUuid);
    await commit(store, delta);
    log.info('submission registered', {
      correlationId: call.correlationId, submissionSet: assigned.submissionSet.entryUuid,
      documentEntries: delta.documentEntries.length, deprecated: delta.statusChanges.length,
    });
    return issues;
  };

  return {
    registerDocumentSet: (objects, call) => locks.with(lockKeys(objects), () => register(objects, call)),
    storedQuery: async (request, call) => storedQuery(deps, request, call, clock()),
  };
}
