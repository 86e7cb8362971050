/** Helpers for the registry and repository service tests: a gateway's services over a memory store. */
import { expect } from 'chai';
import type { Config } from '../../../src/config/schema.js';
import { ANONYMOUS } from '../../../src/domain/security-context.js';
import type { RegistryObjectList } from '../../../src/domain/submission.js';
import { XdsError, type Issue } from '../../../src/errors/issue.js';
import { createLogger } from '../../../src/logging/logger.js';
import { createServices } from '../../../src/services/create-services.js';
import type { CallContext, Services } from '../../../src/services/services.js';
import { closeStorage, openStorage } from '../../../src/storage/open-storage.js';
import type { Storage } from '../../../src/storage/ports.js';
import { aFolder, aHasMember, anAssociation, aSubmission } from '../../support/builders.js';
import { testConfig, testStorageUrl } from '../../support/test-config.js';

export const CALL: CallContext = { security: ANONYMOUS, correlationId: 'test-correlation' };
export const LOG = createLogger('silent');

export interface Harness {
  readonly config: Config;
  readonly storage: Storage;
  readonly services: Services;
  close(): Promise<void>;
}

/** Services over a fresh in-memory store, as the gateway wires them. */
export async function harness(settings: Record<string, string> = {}): Promise<Harness> {
  const config = testConfig(settings);
  const storage = await openStorage(testStorageUrl(), { log: LOG });
  const services = await createServices(config, storage, LOG);
  return { config, storage, services, close: () => closeStorage(storage) };
}

/** Awaits a call that must fail with XdsError and returns its issues. */
export async function rejection(p: Promise<unknown>): Promise<readonly Issue[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof XdsError) return e.issues;
    throw e;
  }
  expect.fail('expected the call to fail with XdsError');
}

/** The codes of issues, to compare in one line. */
export const codes = (issues: readonly Issue[]): string[] => issues.map((i) => i.code);

/** A submission whose one new DocumentEntry has `type` relationship to `targetUuid`. */
export function aRelatedSubmission(type: 'RPLC' | 'APND' | 'XFRM' | 'XFRM_RPLC', targetUuid: string): RegistryObjectList {
  const s = aSubmission();
  const rel = anAssociation({ type, sourceUuid: s.documentEntries[0]!.entryUuid, targetUuid });
  return { ...s, associations: [...s.associations, rel] };
}

/** A submission of a new Folder holding its one new DocumentEntry (NIST 12000 shape). */
export function aSubmissionInFolder(): { objects: RegistryObjectList; folderUuid: string; documentUuid: string } {
  const s = aSubmission();
  const ss = s.submissionSets[0]!;
  const de = s.documentEntries[0]!;
  const folder = aFolder();
  const inFolder = aHasMember(folder, de, false);
  const objects = { ...s, folders: [folder], associations: [...s.associations, aHasMember(ss, folder, false), inFolder, aHasMember(ss, inFolder, false)] };
  return { objects, folderUuid: folder.entryUuid, documentUuid: de.entryUuid };
}

/** A submission adding its one new DocumentEntry to a registered Folder (NIST 12001 shape). */
export function aSubmissionIntoFolder(folderUuid: string, patch: Parameters<typeof aSubmission>[0] = {}): RegistryObjectList {
  const s = aSubmission(patch);
  const ss = s.submissionSets[0]!;
  const inFolder = aHasMember({ entryUuid: folderUuid }, s.documentEntries[0]!, false);
  return { ...s, associations: [...s.associations, inFolder, aHasMember(ss, inFolder, false)] };
}
