import { expect } from 'chai';
import { checkProvidedDocuments, withDocumentAttributes } from '../../../src/rules/repository-rules.js';
import { aDocumentContent, aProvideAndRegister } from '../../support/builders.js';
import { without } from './rule-support.js';

const REPO = '2.999.1.2';

describe('repository rules for Provide and Register (ITI TF-2 3.41.4.1.3)', () => {
  it('accepts documents that match their DocumentEntries', () => {
    const { objects, documents } = aProvideAndRegister({ documents: 2, bare: true });
    expect(checkProvidedDocuments(objects, documents, REPO)).to.deep.equal([]);
  });

  it('rejects a DocumentEntry without a document with XDSMissingDocument (NIST 11983)', () => {
    const { objects, documents } = aProvideAndRegister({ documents: 2 });
    const issues = checkProvidedDocuments(objects, documents.slice(1), REPO);
    expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSMissingDocument', objects.documentEntries[0]!.entryUuid]]);
  });

  it('rejects a document without a DocumentEntry with XDSMissingDocumentMetadata (NIST 11983)', () => {
    const { objects, documents } = aProvideAndRegister();
    const issues = checkProvidedDocuments(objects, [...documents, { id: 'Document99', content: aDocumentContent() }], REPO);
    expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSMissingDocumentMetadata', 'Document99']]);
  });

  it('rejects two DocumentEntries with one uniqueId with XDSRepositoryDuplicateUniqueIdInMessage', () => {
    const { objects, documents } = aProvideAndRegister({ documents: 2 });
    const [d1, d2] = objects.documentEntries;
    const twin = { ...d2!, uniqueId: d1!.uniqueId! };
    const issues = checkProvidedDocuments({ ...objects, documentEntries: [d1!, twin] }, documents, REPO);
    expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSRepositoryDuplicateUniqueIdInMessage', twin.entryUuid]]);
  });

  it('rejects a supplied hash that is not the SHA-1 of the document (NIST 11981 submit_bad_hash)', () => {
    const { objects, documents } = aProvideAndRegister();
    const de = { ...objects.documentEntries[0]!, hash: 'f'.repeat(40) };
    const issues = checkProvidedDocuments({ ...objects, documentEntries: [de] }, documents, REPO);
    expect(issues.map((i) => [i.messageId, i.code, i.location])).to.deep.equal([['HASH_MISMATCH', 'XDSRepositoryMetadataError', de.entryUuid]]);
  });

  it('accepts a supplied hash in upper case (NIST 11981 submit_uppercase_hash)', () => {
    const { objects, documents } = aProvideAndRegister();
    const de = { ...objects.documentEntries[0]!, hash: objects.documentEntries[0]!.hash!.toUpperCase() };
    expect(checkProvidedDocuments({ ...objects, documentEntries: [de] }, documents, REPO)).to.deep.equal([]);
  });

  it('rejects a supplied size that is not the byte count (NIST 11981 submit_bad_size)', () => {
    const { objects, documents } = aProvideAndRegister();
    const de = { ...objects.documentEntries[0]!, size: 3 };
    const issues = checkProvidedDocuments({ ...objects, documentEntries: [de] }, documents, REPO);
    expect(issues.map((i) => [i.messageId, i.code])).to.deep.equal([['SIZE_MISMATCH', 'XDSRepositoryMetadataError']]);
  });

  it('rejects a supplied repositoryUniqueId of another repository', () => {
    const { objects, documents } = aProvideAndRegister();
    const de = { ...objects.documentEntries[0]!, repositoryUniqueId: '1.2.3' };
    const issues = checkProvidedDocuments({ ...objects, documentEntries: [de] }, documents, REPO);
    expect(issues.map((i) => [i.messageId, i.code, i.location])).to.deep.equal([['REPOSITORY_ID_MISMATCH', 'XDSRepositoryMetadataError', de.entryUuid]]);
  });

  it('sets hash, size and repositoryUniqueId from the bytes before registering', () => {
    const { objects, documents } = aProvideAndRegister({ bare: true });
    const bare = without(objects.documentEntries[0]!, 'hash', 'size', 'repositoryUniqueId');
    const content = aDocumentContent('Annen tekst');
    const out = withDocumentAttributes({ ...objects, documentEntries: [bare] }, [{ id: documents[0]!.id, content }], REPO);
    expect(out.documentEntries[0]).to.include({ hash: content.sha1, size: content.size, repositoryUniqueId: REPO });
  });
});
