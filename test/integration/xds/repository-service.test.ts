import { expect } from 'chai';
import type { RetrievedDocument } from '../../../src/domain/retrieve.js';
import { createServices } from '../../../src/services/create-services.js';
import { aDocumentContent, aProvideAndRegister, OTHER_PATIENT_ID } from '../../support/builders.js';
import { CALL, codes, harness, LOG, rejection, type Harness } from './service-support.js';

async function text(d: RetrievedDocument | { open(): AsyncIterable<Uint8Array> }): Promise<string> {
  const source = 'content' in d ? d.content : d;
  const parts: Uint8Array[] = [];
  for await (const p of source.open()) parts.push(p);
  return Buffer.concat(parts).toString('utf8');
}

describe('repository service: Provide and Register Document Set-b (ITI TF-2 3.41)', () => {
  let h: Harness;
  beforeEach(async () => { h = await harness(); });
  afterEach(async () => { await h.close(); });

  const provide = (p: ReturnType<typeof aProvideAndRegister>) => h.services.repository.provideAndRegister(p.objects, p.documents, CALL);

  it('stores the bytes and registers hash, size and this repository (NIST 11966)', async () => {
    const p = aProvideAndRegister({ bare: true, documentEntry: { mimeType: 'text/plain; charset=UTF-8' } });
    const ss = p.objects.submissionSets[0]!;
    expect(await provide(p)).to.deep.equal({ issues: [], touched: { patient: ss.patientId, submissionSetUniqueId: ss.uniqueId } });
    const uid = p.objects.documentEntries[0]!.uniqueId!;
    const de = (await h.storage.metadata.getByUniqueIds('DocumentEntry', [uid])).documentEntries[0]!;
    const content = p.documents[0]!.content;
    expect(de).to.include({ hash: content.sha1, size: content.size, repositoryUniqueId: h.config.REPOSITORY_UNIQUE_ID });
    const stored = await h.storage.documents.get(uid);
    expect(stored && (await text(stored))).to.equal(await text(content));
  });

  it('refuses a supplied hash that does not match and stores nothing (NIST 11981)', async () => {
    const p = aProvideAndRegister();
    const de = { ...p.objects.documentEntries[0]!, hash: '0'.repeat(40) };
    const issues = await rejection(provide({ ...p, objects: { ...p.objects, documentEntries: [de] } }));
    expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSRepositoryMetadataError', de.entryUuid]]);
    expect(await h.storage.documents.get(de.uniqueId!)).to.equal(undefined);
  });

  it('refuses a supplied size that does not match (NIST 12369)', async () => {
    const p = aProvideAndRegister();
    const de = { ...p.objects.documentEntries[0]!, size: 1 };
    expect(codes(await rejection(provide({ ...p, objects: { ...p.objects, documentEntries: [de] } })))).to.deep.equal(['XDSRepositoryMetadataError']);
  });

  it('refuses a DocumentEntry without document and a document without DocumentEntry (NIST 11983)', async () => {
    const p = aProvideAndRegister({ documents: 2 });
    expect(codes(await rejection(provide({ ...p, documents: p.documents.slice(0, 1) })))).to.deep.equal(['XDSMissingDocument']);
    const extra = { id: 'urn:uuid:6f0a3f43-7d2b-4b7e-9a55-000000000001', content: aDocumentContent() };
    expect(codes(await rejection(provide({ ...p, documents: [...p.documents, extra] })))).to.deep.equal(['XDSMissingDocumentMetadata']);
  });

  it('relays a registry refusal and keeps no bytes (NIST 11986)', async () => {
    const p = aProvideAndRegister({ documentEntry: { patientId: OTHER_PATIENT_ID } });
    expect(codes(await rejection(provide(p)))).to.deep.equal(['XDSPatientIdDoesNotMatch']);
    expect(await h.storage.documents.get(p.objects.documentEntries[0]!.uniqueId!)).to.equal(undefined);
  });

  it('keeps an accepted document\'s bytes when the same uniqueId comes again with other content', async () => {
    const first = aProvideAndRegister();
    await provide(first);
    const uid = first.objects.documentEntries[0]!.uniqueId!;
    const again = aProvideAndRegister({ bare: true, documentEntry: { uniqueId: uid } });
    const changed = { ...again, documents: [{ id: again.documents[0]!.id, content: aDocumentContent('Endret innhold') }] };
    expect(codes(await rejection(provide(changed)))).to.deep.equal(['XDSNonIdenticalHash', 'XDSNonIdenticalSize']);
    expect(await text((await h.storage.documents.get(uid))!)).to.equal(await text(first.documents[0]!.content));
  });

  it('accepts the identical document again and keeps its bytes', async () => {
    const first = aProvideAndRegister();
    await provide(first);
    const uid = first.objects.documentEntries[0]!.uniqueId!;
    await provide(aProvideAndRegister({ documentEntry: { uniqueId: uid } }));
    expect(await h.storage.documents.get(uid)).to.not.equal(undefined);
    expect((await h.storage.metadata.getByUniqueIds('DocumentEntry', [uid])).documentEntries).to.have.length(2);
  });
});

describe('repository service: Retrieve Document Set (ITI TF-2 3.43)', () => {
  let h: Harness;
  beforeEach(async () => { h = await harness(); });
  afterEach(async () => { await h.close(); });

  it('returns the documents found with their registered mimeType and one issue per unknown document', async () => {
    const p = aProvideAndRegister({ documents: 2, bare: true, documentEntry: { mimeType: 'application/pdf' } });
    await h.services.repository.provideAndRegister(p.objects, p.documents, CALL);
    const repo = h.config.REPOSITORY_UNIQUE_ID;
    const [u1, u2] = p.objects.documentEntries.map((d) => d.uniqueId!);
    const { documents, issues } = await h.services.repository.retrieve([
      { repositoryUniqueId: repo, documentUniqueId: u1! },
      { repositoryUniqueId: repo, documentUniqueId: '2.999.404' },
      { repositoryUniqueId: repo, documentUniqueId: u2! },
    ], CALL);
    expect(documents.map((d) => [d.documentUniqueId, d.mimeType, d.repositoryUniqueId])).to.deep.equal([[u1, 'application/pdf', repo], [u2, 'application/pdf', repo]]);
    expect(await text(documents[0]!)).to.equal(await text(p.documents[0]!.content));
    expect(documents[0]!.content.size).to.equal(p.documents[0]!.content.size);
    expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSDocumentUniqueIdError', '2.999.404']]);
  });

  it('answers a request for another repository with XDSUnknownRepositoryId', async () => {
    const { documents, issues } = await h.services.repository.retrieve([{ repositoryUniqueId: '1.2.3.4', documentUniqueId: '2.999.1' }], CALL);
    expect(documents).to.deep.equal([]);
    expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSUnknownRepositoryId', '2.999.1']]);
  });
});

describe('repository service: start-up sweep', () => {
  it('removes stored bytes that no committed DocumentEntry names, and keeps the others', async () => {
    const h = await harness();
    try {
      const p = aProvideAndRegister();
      await h.services.repository.provideAndRegister(p.objects, p.documents, CALL);
      await h.storage.documents.put('2.999.9.1', aDocumentContent('foreldreløs'));
      await createServices(h.config, h.storage, LOG);
      expect(await h.storage.documents.get('2.999.9.1')).to.equal(undefined);
      expect(await h.storage.documents.get(p.objects.documentEntries[0]!.uniqueId!)).to.not.equal(undefined);
    } finally {
      await h.close();
    }
  });
});
