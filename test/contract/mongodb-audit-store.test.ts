import { expect } from 'chai';
import { buildAuditEvent } from '../../src/audit/audit-event.js';
import { InvalidCursorError } from '../../src/audit/ports.js';
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
        transaction: 'ITI-18', outcome: 'success', recorded: new Date(at), security: ANONYMOUS, correlationId: id, id,
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

    it('pages a patient\'s log newest first with cursors, records of the same instant included, and refuses a forged cursor', async () => {
      const store = await openMongoAuditStore(withDatabase(url, db));
      const at = (i: number) => new Date(Date.parse('2025-02-01T00:00:00Z') + Math.floor(i / 2) * 1000);
      for (let i = 0; i < 9; i++) {
        await store.append(buildAuditEvent({
          transaction: 'ITI-18', outcome: 'success', recorded: at(i), security: ANONYMOUS, correlationId: `q${i}`, id: `q${i}`,
          server: { endpoint: '/services/registry' }, patient: OTHER_PATIENT_ID,
        }));
      }
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.pageByPatient(cxKey(OTHER_PATIENT_ID), { limit: 4, ...(cursor ? { cursor } : {}) });
        ids.push(...page.events.map((e) => e.id).filter((id) => id.startsWith('q')));
        cursor = page.next;
      } while (cursor);
      expect(ids).to.deep.equal(['q8', 'q7', 'q6', 'q5', 'q4', 'q3', 'q2', 'q1', 'q0']);
      const err = await store.pageByPatient(cxKey(OTHER_PATIENT_ID), { limit: 4, cursor: '{"$gt":""}' }).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(InvalidCursorError);
      await store.close();
    });
  });
}
