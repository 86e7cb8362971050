import type { Association } from './association.js';
import type { DocumentEntry } from './document-entry.js';
import type { Folder } from './folder.js';
import type { SubmissionSet } from './submission-set.js';

/**
 * The bytes of one document as received. Computed size and SHA-1 come from the transport,
 * which sees every byte on its way in; the content can be read more than once.
 */
export interface DocumentContent {
  readonly size: number;
  /** SHA-1 of the bytes, lower-case hex. */
  readonly sha1: string;
  /** Reads the bytes from the start. */
  open(): AsyncIterable<Uint8Array>;
  /** The bytes themselves when they are held in memory. */
  readonly bytes?: Uint8Array;
  /** A file that already holds exactly these bytes, which a store may take over by renaming. */
  readonly filePath?: string;
}

/** A document attached to an ITI-41 submission, keyed by the id of its DocumentEntry. */
export interface SubmittedDocument {
  readonly id: string;
  readonly content: DocumentContent;
}

/** Everything one metadata message carries, as decoded, before any rule has looked at it. */
/** The four kinds of registry object of the metadata model. ITI TF-3 4.1.1 */
export type ObjectKind = 'DocumentEntry' | 'SubmissionSet' | 'Folder' | 'Association';

export interface RegistryObjectList {
  readonly submissionSets: readonly SubmissionSet[];
  readonly documentEntries: readonly DocumentEntry[];
  readonly folders: readonly Folder[];
  readonly associations: readonly Association[];
  /** ObjectRef ids: references to objects already in the registry. */
  readonly objectRefs: readonly string[];
}

/** A submission that passed the structural rules: exactly one SubmissionSet. ITI TF-3 4.1.4 */
export interface Submission {
  readonly submissionSet: SubmissionSet;
  readonly documentEntries: readonly DocumentEntry[];
  readonly folders: readonly Folder[];
  readonly associations: readonly Association[];
}

/** Registry content of any kind, as returned by lookups and queries. */
export interface RegistryObjects {
  readonly submissionSets: readonly SubmissionSet[];
  readonly documentEntries: readonly DocumentEntry[];
  readonly folders: readonly Folder[];
  readonly associations: readonly Association[];
}

export const EMPTY_REGISTRY_OBJECTS: RegistryObjects = Object.freeze({
  submissionSets: [], documentEntries: [], folders: [], associations: [],
});
