/** Helpers shared by the rule tests: run the rules and look at the issues. */
import type { Association } from '../../../src/domain/association.js';
import type { DocumentEntry } from '../../../src/domain/document-entry.js';
import type { Folder } from '../../../src/domain/folder.js';
import type { RegistryObjectList, RegistryObjects } from '../../../src/domain/submission.js';
import { EMPTY_REGISTRY_OBJECTS } from '../../../src/domain/submission.js';
import type { Issue } from '../../../src/errors/issue.js';
import { DEFAULT_RULE_OPTIONS, validateSubmission, type RegistryView, type RuleOptions } from '../../../src/rules/submission-rules.js';

export const EMPTY_VIEW: RegistryView = { byUuid: EMPTY_REGISTRY_OBJECTS, byUniqueId: EMPTY_REGISTRY_OBJECTS };

/** A registry view holding these objects under both their entryUUIDs and their uniqueIds. */
export function viewOf(objects: Partial<RegistryObjects>): RegistryView {
  const all = { ...EMPTY_REGISTRY_OBJECTS, ...objects };
  return { byUuid: all, byUniqueId: all };
}

/** Runs the rules and returns the issues. */
export function issuesOf(objects: RegistryObjectList, view: RegistryView = EMPTY_VIEW, options: RuleOptions = DEFAULT_RULE_OPTIONS): Issue[] {
  return validateSubmission(objects, view, options).issues;
}

/** The issues as "code@location" strings, compact to compare. */
export function found(issues: readonly Issue[]): string[] {
  return issues.map((i) => `${i.code}@${i.location ?? ''}`);
}

/** A copy of the submission with some parts replaced or added. */
export function withParts(
  s: RegistryObjectList,
  parts: { documentEntries?: DocumentEntry[]; folders?: Folder[]; associations?: Association[]; addAssociations?: Association[] },
): RegistryObjectList {
  return {
    ...s,
    ...(parts.documentEntries ? { documentEntries: parts.documentEntries } : {}),
    ...(parts.folders ? { folders: parts.folders } : {}),
    associations: [...(parts.associations ?? s.associations), ...(parts.addAssociations ?? [])],
  };
}

/** A copy of an object without some of its properties (exactOptionalPropertyTypes forbids `x: undefined`). */
export function without<T extends object, K extends keyof T>(o: T, ...keys: K[]): Omit<T, K> {
  const copy: Partial<T> = { ...o };
  for (const k of keys) delete copy[k];
  return copy as Omit<T, K>;
}
