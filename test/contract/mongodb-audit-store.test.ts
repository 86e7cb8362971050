import { expect } from 'chai';
import { buildAuditEvent } from '../../src/audit/audit-event.js';
import { cxKey } from '../../src/domain/datatypes.js';
import { ANONYMOUS } from '../../src/domain/security-context.js';
import { openMongoAuditStore } from '../../src/storage/mongodb/audit-store.js';
import { withDatabase } from '../../src/storage/mongodb/connection.js';
import { OTHER_PATIENT_ID, PATIENT_ID } from '../support/builders.js';
import { dropDatabase, freshDatabase, MONGODB_URL, mongoNotConfigured } from './mongodb-fixture.js';

/** The audit trail in MongoDB (collection auditEvents) against MONGODB_URL, on a database of its own. */
const url = MONGODB_URL;
if (url === undefined) {
  mongoNotConfigured('Audit store');
} else {
  describe('Audit store (MongoDB)', function () {
    this.timeout(20_000);
    const db = freshDatabase();
    after(() => dropDatabase(url, db));

    it('keeps records per patient, newest first, across a reopen', async () => {
      const event = (id: string, at: string, patient = PATIENT_ID) => buildAuditEvent({
        transaction: 'ITI-18', outcome: 'success', recorded: new Date(at), security: ANONYMOUS, correlationId: id,
        server: { endpoint: '/services/registry' }, patient,
      });
      const store = await openMongoAuditStore(withDatabase(url, db));
      await Promise.all([
        store.append(event('a', '2025-01-01T10:00:00Z')), store.append(event('b', '2025-01-01T11:00:00Z')),
        store.append(event('other', '2025-01-01T12:00:00Z', OTHER_PATIENT_ID)), store.append(event('a', '2025-01-01T09:00:00Z')),
      ]);
      await store.close();
      const reopened = await openMongoAuditStore(withDatabase(url, db));
      expect((await reopened.findByPatient(cxKey(PATIENT_ID))).map((e) => [e.id, e.recorded])).to.deep.equal([
        ['b', '2025-01-01T11:00:00.000Z'], ['a', '2025-01-01T10:00:00.000Z'], ['a', '2025-01-01T09:00:00.000Z'],
      ]);
      expect((await reopened.findByPatient(cxKey(OTHER_PATIENT_ID))).map((e) => e.id)).to.deep.equal(['other']);
      await reopened.close();
    });
  });
}
