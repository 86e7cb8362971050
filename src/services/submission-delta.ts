import type { Association } from '../domain/association.js';
import type { Submission, RegistryObjects } from '../domain/submission.js';
import type { SubmissionDelta } from '../storage/ports.js';
import { isReplacing } from '../rules/lifecycle-rules.js';
import { isUuidForm } from '../rules/context.js';

/**
 * Turns a validated submission into the delta the store applies ("validate a delta, then
 * commit"). Pure: the registry service looks up what it needs and passes it in.
 */

/** The current time as a DTM in UTC to the second, as lastUpdateTime wants it. ITI TF-3 4.2.3.1.5 */
export function dtmNow(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * Replaces every symbolic id by a fresh urn:uuid, consistently in objects and association
 * ends; urn:uuid ids stay. ITI TF-3 4.2.3.1.1 (entryUUID), ITI TF-2 3.42.4.1.3.1
 * @param s - a validated submission
 * @param newUuid - source of fresh urn:uuid values
 * @returns the submission with registry ids only
 */
export function assignEntryUuids(s: Submission, newUuid: () => string): Submission {
  const ids = new Map<string, string>();
  const idOf = (id: string): string => {
    if (isUuidForm(id)) return id;
    let u = ids.get(id);
    if (u === undefined) ids.set(id, (u = newUuid()));
    return u;
  };
  return {
    submissionSet: { ...s.submissionSet, entryUuid: idOf(s.submissionSet.entryUuid) },
    documentEntries: s.documentEntries.map((d) => ({ ...d, entryUuid: idOf(d.entryUuid) })),
    folders: s.folders.map((f) => ({ ...f, entryUuid: idOf(f.entryUuid) })),
    associations: s.associations.map((a) => ({
      ...a, entryUuid: idOf(a.entryUuid), sourceUuid: idOf(a.sourceUuid), targetUuid: idOf(a.targetUuid),
    })),
  };
}

/**
 * What the registry holds around the documents a submission replaces: associations that
 * target them (Folder membership, APND, XFRM) and the objects at their source.
 */
export interface LifecycleView {
  readonly associations: readonly Association[];
  readonly sources: RegistryObjects;
}

/** Registered documents this submission replaces (RPLC, XFRM_RPLC targets). */
export function replacedTargets(s: Submission): string[] {
  return [...new Set(s.associations.filter(isReplacing).map((a) => a.targetUuid))];
}

/**
 * Builds the delta of an accepted submission.
 * - New SubmissionSet, DocumentEntries, Folders and Associations are Approved; new Folders get
 *   lastUpdateTime = now whatever the source sent (ITI TF-3 4.2.3.4.4; NIST 12323).
 * - A registered Folder that gets a document moves its lastUpdateTime to now.
 * - RPLC / XFRM_RPLC deprecate the target, and with it the Approved documents that are APND or
 *   XFRM of that target (CP 117; NIST 12022 expects those addenda and transforms Deprecated).
 *   Only direct dependants: a dependant's own addenda stay as they are.
 * - The replacement joins every Folder that holds the original, through a new Folder→DE
 *   HasMember and a SubmissionSet→that-association HasMember, and those Folders' lastUpdateTime
 *   moves (ITI TF-3 4.2.2.2.2; NIST 12327, 12323 rplc).
 * @param s - the submission with registry ids (see assignEntryUuids)
 * @param lifecycle - registry content around replaced documents
 * @param now - the DTM to stamp
 * @param newUuid - source of ids for propagated associations
 * @returns the delta
 */
export function buildDelta(s: Submission, lifecycle: LifecycleView, now: string, newUuid: () => string): SubmissionDelta {
  const approved = <T extends object>(o: T): T => ({ ...o, availabilityStatus: 'Approved' });
  const newIds = new Set([...s.documentEntries, ...s.folders].map((o) => o.entryUuid));
  const propagated = folderPropagation(s, lifecycle, newUuid);
  const associations = [...s.associations, ...propagated];
  const touchedFolders = associations
    .filter((a) => a.type === 'HasMember' && !newIds.has(a.sourceUuid) && a.sourceUuid !== s.submissionSet.entryUuid)
    .map((a) => a.sourceUuid);
  return {
    submissionSets: [approved(s.submissionSet)],
    documentEntries: s.documentEntries.map(approved),
    folders: s.folders.map((f) => ({ ...approved(f), lastUpdateTime: now })),
    associations: associations.map(approved),
    statusChanges: deprecations(s, lifecycle).map((entryUuid) => ({ entryUuid, status: 'Deprecated' as const })),
    folderUpdates: [...new Set(touchedFolders)].map((entryUuid) => ({ entryUuid, lastUpdateTime: now })),
  };
}

/** Replaced targets plus their Approved APND / XFRM dependants. */
function deprecations(s: Submission, lifecycle: LifecycleView): string[] {
  const targets = new Set(replacedTargets(s));
  const approvedDocs = new Set(lifecycle.sources.documentEntries
    .filter((d) => (d.availabilityStatus ?? 'Approved') === 'Approved').map((d) => d.entryUuid));
  const dependants = lifecycle.associations
    .filter((a) => (a.type === 'APND' || a.type === 'XFRM') && targets.has(a.targetUuid) && approvedDocs.has(a.sourceUuid))
    .map((a) => a.sourceUuid);
  return [...new Set([...targets, ...dependants])];
}

/** New Folder→replacement HasMembers (and their SubmissionSet HasMembers) for each Folder of an original. */
function folderPropagation(s: Submission, lifecycle: LifecycleView, newUuid: () => string): Association[] {
  const folders = new Set(lifecycle.sources.folders.map((f) => f.entryUuid));
  const has = new Set(s.associations.filter((a) => a.type === 'HasMember').map((a) => `${a.sourceUuid} ${a.targetUuid}`));
  const out: Association[] = [];
  for (const r of s.associations.filter(isReplacing)) {
    const holders = lifecycle.associations
      .filter((a) => a.type === 'HasMember' && a.targetUuid === r.targetUuid && folders.has(a.sourceUuid));
    for (const holder of holders) {
      const key = `${holder.sourceUuid} ${r.sourceUuid}`;
      if (has.has(key)) continue;
      has.add(key);
      const member: Association = {
        entryUuid: newUuid(), type: 'HasMember', sourceUuid: holder.sourceUuid, targetUuid: r.sourceUuid, extraMetadata: {},
      };
      out.push(member, {
        entryUuid: newUuid(), type: 'HasMember', sourceUuid: s.submissionSet.entryUuid, targetUuid: member.entryUuid, extraMetadata: {},
      });
    }
  }
  return out;
}
