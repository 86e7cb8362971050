import { documentStoreContract } from './document-store.contract.js';
import { metadataStoreContract } from './metadata-store.contract.js';
import { patientIdentityContract } from './patient-identity.contract.js';
import {
  dropDatabase, freshDatabase, MONGODB_URL, mongoNotConfigured, openDocuments, openMetadata, openPatients,
} from './mongodb-fixture.js';

/**
 * The storage contract suites, unchanged, against the MongoDB adapter at MONGODB_URL: one
 * database per store under test, dropped afterwards.
 */
const url = MONGODB_URL;
if (url === undefined) {
  mongoNotConfigured('Storage contract');
} else {
  metadataStoreContract('mongodb', async () => {
    const db = freshDatabase();
    return { store: await openMetadata(url, db), reopen: () => openMetadata(url, db), cleanup: () => dropDatabase(url, db) };
  });

  patientIdentityContract('mongodb', async () => {
    const db = freshDatabase();
    return { store: await openPatients(url, db), reopen: () => openPatients(url, db), cleanup: () => dropDatabase(url, db) };
  });

  documentStoreContract('mongodb (GridFS)', async () => {
    const db = freshDatabase();
    return { store: await openDocuments(url, db), reopen: () => openDocuments(url, db), cleanup: () => dropDatabase(url, db) };
  });
}
