import { expect } from 'chai';
import { cxKey } from '../../../src/domain/datatypes.js';
import { STORED_QUERY_ID } from '../../../src/domain/vocabulary.js';
import { createRegistryService } from '../../../src/services/registry.js';
import { aDocumentEntry, aHasMember, aSubmission, aSubmissionSet, OTHER_PATIENT_ID, PATIENT_ID } from '../../support/builders.js';
import {
  aRelatedSubmission, aSubmissionInFolder, aSubmissionIntoFolder, CALL, codes, harness, LOG, rejection, type Harness,
} from './service-support.js';

describe('registry service: Register Document Set-b (ITI TF-2 3.42)', () => {
  let h: Harness;
  beforeEach(async () => { h = await harness(); });
  afterEach(async () => { await h.close(); });

  const register = (objects: Parameters<Harness['services']['registry']['registerDocumentSet']>[0]) =>
    h.services.registry.registerDocumentSet(objects, CALL);
  const entry = async (uuid: string) => (await h.storage.metadata.getByUuids([uuid])).documentEntries[0];

  it('stores a submission with symbolic ids under fresh urn:uuids, everything Approved (NIST 11990)', async () => {
    const ss = aSubmissionSet({ entryUuid: 'SubmissionSet01' });
    const de = aDocumentEntry({ entryUuid: 'Document01' });
    // It returns what it touched too, for the audit record: the patient and the SubmissionSet.
    expect(await register({ submissionSets: [ss], documentEntries: [de], folders: [], associations: [aHasMember(ss, de)], objectRefs: [] }))
      .to.deep.equal({ issues: [], touched: { patient: ss.patientId, submissionSetUniqueId: ss.uniqueId } });
    const stored = await h.storage.metadata.getByUniqueIds('DocumentEntry', [de.uniqueId!]);
    const storedDe = stored.documentEntries[0]!;
    expect(storedDe.entryUuid).to.match(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(storedDe.availabilityStatus).to.equal('Approved');
    const storedSs = (await h.storage.metadata.getByUniqueIds('SubmissionSet', [ss.uniqueId!])).submissionSets[0]!;
    const links = await h.storage.metadata.getAssociations({ uuids: [storedDe.entryUuid], side: 'target' });
    expect(links.map((a) => [a.sourceUuid, a.availabilityStatus])).to.deep.equal([[storedSs.entryUuid, 'Approved']]);
  });

  it('replaces a document: original Deprecated, replacement Approved and in the original\'s Folder (NIST 11992, 12327)', async () => {
    const first = aSubmissionInFolder();
    await register(first.objects);
    const rplc = aRelatedSubmission('RPLC', first.documentUuid);
    await register(rplc);
    const replacement = rplc.documentEntries[0]!.entryUuid;
    expect((await entry(first.documentUuid))?.availabilityStatus).to.equal('Deprecated');
    expect((await entry(replacement))?.availabilityStatus).to.equal('Approved');
    const members = await h.storage.metadata.getAssociations({ uuids: [first.folderUuid], side: 'source', types: ['HasMember'] });
    expect(members.map((a) => a.targetUuid)).to.have.members([first.documentUuid, replacement]);
    const joined = members.find((a) => a.targetUuid === replacement)!;
    const holders = await h.storage.metadata.getAssociations({ uuids: [joined.entryUuid], side: 'target' });
    expect(holders.map((a) => a.sourceUuid)).to.deep.equal([rplc.submissionSets[0]!.entryUuid]);
  });

  it('deprecates the addenda and transforms of a replaced document, not the replacement (NIST 12022)', async () => {
    const first = aSubmission({ documents: 2 });
    await register(first);
    const [doc1, doc2] = first.documentEntries.map((d) => d.entryUuid);
    const apnd = aRelatedSubmission('APND', doc1!);
    const xfrm = aRelatedSubmission('XFRM', doc1!);
    await register(apnd);
    await register(xfrm);
    expect((await entry(doc1!))?.availabilityStatus).to.equal('Approved');
    const rplc = aRelatedSubmission('RPLC', doc1!);
    await register(rplc);
    const status = async (s: { documentEntries: readonly { entryUuid: string }[] }) => (await entry(s.documentEntries[0]!.entryUuid))?.availabilityStatus;
    expect([await status(apnd), await status(xfrm), await status(rplc)]).to.deep.equal(['Deprecated', 'Deprecated', 'Approved']);
    expect([(await entry(doc1!))?.availabilityStatus, (await entry(doc2!))?.availabilityStatus]).to.deep.equal(['Deprecated', 'Approved']);
  });

  it('deprecates the target of XFRM_RPLC (NIST 11995)', async () => {
    const first = aSubmission();
    await register(first);
    await register(aRelatedSubmission('XFRM_RPLC', first.documentEntries[0]!.entryUuid));
    expect((await entry(first.documentEntries[0]!.entryUuid))?.availabilityStatus).to.equal('Deprecated');
  });

  it('refuses an addendum to a replaced document (NIST 11993 apnd_rplc)', async () => {
    const first = aSubmission();
    const original = first.documentEntries[0]!.entryUuid;
    await register(first);
    await register(aRelatedSubmission('RPLC', original));
    const late = aRelatedSubmission('APND', original);
    expect(codes(await rejection(register(late)))).to.deep.equal(['XDSRegistryDeprecatedDocumentError']);
    expect(await entry(late.documentEntries[0]!.entryUuid)).to.equal(undefined);
  });

  it('stores nothing of a submission with one bad DocumentEntry (NIST 12084)', async () => {
    const s = aSubmission({ documents: 2 });
    const { classCode: _drop, ...bad } = s.documentEntries[1]!;
    const issues = await rejection(register({ ...s, documentEntries: [s.documentEntries[0]!, bad] }));
    expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSRegistryMetadataError', bad.entryUuid]]);
    const found = await h.storage.metadata.getByUuids([...s.documentEntries.map((d) => d.entryUuid), s.submissionSets[0]!.entryUuid]);
    expect([...found.documentEntries, ...found.submissionSets]).to.deep.equal([]);
  });

  it('accepts the identical document again under its uniqueId and refuses another hash (NIST 12004)', async () => {
    const first = aSubmission();
    const de = first.documentEntries[0]!;
    await register(first);
    await register(aSubmission({ documentEntry: { uniqueId: de.uniqueId!, hash: de.hash!.toUpperCase(), size: de.size! } }));
    const other = aSubmission({ documentEntry: { uniqueId: de.uniqueId!, hash: 'b'.repeat(40), size: de.size! } });
    expect(codes(await rejection(register(other)))).to.deep.equal(['XDSNonIdenticalHash']);
    const copies = await h.storage.metadata.getByUniqueIds('DocumentEntry', [de.uniqueId!]);
    expect(copies.documentEntries).to.have.length(2);
  });

  it('refuses a SubmissionSet uniqueId that is already registered', async () => {
    const first = aSubmission();
    await register(first);
    const again = aSubmission({ submissionSet: { uniqueId: first.submissionSets[0]!.uniqueId! } });
    expect(codes(await rejection(register(again)))).to.deep.equal(['XDSDuplicateUniqueIdInRegistry']);
  });

  it('lets exactly one of two racing submissions of one uniqueId with different content win', async () => {
    const a = aSubmission();
    const uid = a.documentEntries[0]!.uniqueId!;
    const b = aSubmission({ documentEntry: { uniqueId: uid, hash: 'c'.repeat(40) } });
    const results = await Promise.allSettled([register(a), register(b)]);
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(codes((lost.reason as { issues: [] }).issues)).to.deep.equal(['XDSNonIdenticalHash']);
    expect((await h.storage.metadata.getByUniqueIds('DocumentEntry', [uid])).documentEntries).to.have.length(1);
  });

  it('refuses a document for another patient in an existing Folder (NIST 12002)', async () => {
    const first = aSubmissionInFolder();
    await register(first.objects);
    const other = aSubmissionIntoFolder(first.folderUuid, { submissionSet: { patientId: OTHER_PATIENT_ID }, documentEntry: { patientId: OTHER_PATIENT_ID, sourcePatientId: OTHER_PATIENT_ID } });
    expect(codes(await rejection(register(other)))).to.deep.equal(['XDSPatientIdDoesNotMatch']);
  });

  it('refuses a replacement for another patient (NIST 11998)', async () => {
    const first = aSubmission();
    await register(first);
    const rplc = aRelatedSubmission('RPLC', first.documentEntries[0]!.entryUuid);
    const moved = { ...rplc, submissionSets: rplc.submissionSets.map((s) => ({ ...s, patientId: OTHER_PATIENT_ID })),
      documentEntries: rplc.documentEntries.map((d) => ({ ...d, patientId: OTHER_PATIENT_ID })) };
    expect(codes(await rejection(register(moved)))).to.deep.equal(['XDSPatientIdDoesNotMatch']);
    expect((await entry(first.documentEntries[0]!.entryUuid))?.availabilityStatus).to.equal('Approved');
  });

  it('answers a stored query from what was registered', async () => {
    const s = aSubmission();
    await register(s);
    const slots = new Map([
      ['$XDSDocumentEntryPatientId', [[`'${cxKey(PATIENT_ID)}'`]]],
      ['$XDSDocumentEntryStatus', [["('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')"]]],
    ]);
    const { result } = await h.services.registry.storedQuery({ queryId: STORED_QUERY_ID.FindDocuments, returnType: 'ObjectRef', slots }, CALL);
    expect(result).to.deep.equal({ returnType: 'ObjectRef', refs: [s.documentEntries[0]!.entryUuid] });
  });
});

describe('registry service: Folder lastUpdateTime (NIST 12323)', () => {
  let h: Harness;
  beforeEach(async () => { h = await harness(); });
  afterEach(async () => { await h.close(); });

  it('sets lastUpdateTime on creation, on each added document and on a replacement of a member', async () => {
    let now = new Date('2024-03-04T10:00:00Z');
    const registry = createRegistryService({ store: h.storage.metadata, config: h.config, log: LOG, clock: () => now });
    const folderTime = async (uuid: string) => (await h.storage.metadata.getByUuids([uuid])).folders[0]?.lastUpdateTime;
    const first = aSubmissionInFolder();
    await registry.registerDocumentSet(first.objects, CALL);
    expect(await folderTime(first.folderUuid)).to.equal('20240304100000');
    now = new Date('2024-03-04T11:30:15Z');
    const added = aSubmissionIntoFolder(first.folderUuid);
    await registry.registerDocumentSet(added, CALL);
    expect(await folderTime(first.folderUuid)).to.equal('20240304113015');
    now = new Date('2024-03-05T08:00:00Z');
    await registry.registerDocumentSet(aRelatedSubmission('RPLC', added.documentEntries[0]!.entryUuid), CALL);
    expect(await folderTime(first.folderUuid)).to.equal('20240305080000');
  });
});
