/**
 * Affinity-domain profiles: which code systems each metadata attribute accepts and which
 * rules apply, chosen by configuration (METADATA_PROFILE, METADATA_RULES). See
 * docs/metadata-profiles.md, ITI TF-3 4.2.3 and norway-profile.md §2.
 */
import type { CodeCatalog } from '../codes/code-catalog.js';
import type { ObjectKind, RegistryObjectList } from '../domain/submission.js';

/** How a rule's findings are reported: as errors, as warnings, or not at all. */
export type RuleSeverity = 'error' | 'warning' | 'off';

export const RULE_SEVERITIES: readonly RuleSeverity[] = ['error', 'warning', 'off'];

export type MetadataProfileId = 'norway' | 'ihe-generic';

/** One thing a rule found wrong, before severity is applied. */
export interface Finding {
  /** The metadata attribute at fault, e.g. "patientId" or "authorInstitution". */
  readonly attribute: string;
  readonly owner: ObjectKind;
  /** entryUUID or symbolic id of the object, as sent. */
  readonly location: string;
  /** What is wrong, naming the value. */
  readonly detail: string;
}

/** What a rule may look at. */
export interface RuleContext {
  readonly objects: RegistryObjectList;
  readonly catalog: CodeCatalog;
}

/** One configurable rule of a profile. */
export interface ProfileRule {
  /** Stable id used in findings and in METADATA_RULES, e.g. "no.patient-id.checksum". */
  readonly id: string;
  /** One line saying what the rule checks. */
  readonly summary: string;
  readonly defaultSeverity: RuleSeverity;
  readonly check: (ctx: RuleContext) => readonly Finding[];
}

/** An affinity-domain profile. */
export interface MetadataProfile {
  readonly id: MetadataProfileId;
  readonly description: string;
  /** Folder of metadata-codes/ holding its value sets ("" = the top, the norway lists). */
  readonly codesFolder: string;
  readonly rules: readonly ProfileRule[];
}
