import { expect } from 'chai';
import { cxKey, type Cx } from '../../../src/domain/datatypes.js';
import type { SecurityContext } from '../../../src/domain/security-context.js';
import { createLogger } from '../../../src/logging/logger.js';
import { checkRequest, decideDocument } from '../../../src/policy/access-policy.js';
import { withPatientMatch, withSamePerson, samePersonKeys } from '../../../src/services/patient-match.js';
import { EmbeddedPatientLinks } from '../../../src/storage/embedded/patient-links.js';
import { aDocumentEntry } from '../../support/builders.js';
import { aDelta, aDocumentEntry as storedEntry, aSubmissionSet } from '../../contract/contract-builders.js';
import { EmbeddedMetadataStore } from '../../../src/storage/embedded/index.js';

const FNR: Cx = { id: '13116900216', assigningAuthority: '2.16.578.1.12.4.1.4.1' };
const LOCAL: Cx = { id: 'L42', assigningAuthority: '2.999.55.1' };
const OTHER: Cx = { id: 'L43', assigningAuthority: '2.999.55.1' };
const doctor: SecurityContext = {
  kind: 'health-personnel', subjectId: '02056600214', organizationId: '964979383', patientId: FNR,
  purposeOfUse: { code: 'TREAT', codingScheme: '2.16.840.1.113883.1.11.20448' },
};

describe('ACCESS_PATIENT_MATCH: the ticket\'s patient and the patient cross-reference', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const call = { security: doctor, correlationId: 'c' };
  const decide = async (mode: 'strict' | 'xref' | 'off', queried: Cx) => {
    const patients = await EmbeddedPatientLinks.open({ log: createLogger('silent') });
    await patients.link(FNR, [LOCAL]);
    const matched = await withPatientMatch(call, { patients, config: { ACCESS_PATIENT_MATCH: mode } });
    return {
      request: checkRequest(matched.security, { patientId: queried }, now).allowed,
      document: decideDocument(matched.security, aDocumentEntry({ patientId: queried }), now).effect,
    };
  };

  it('xref (default): a linked local id is the ticket\'s patient, an unlinked one is not', async () => {
    expect(await decide('xref', LOCAL)).to.deep.equal({ request: true, document: 'allow' });
    expect(await decide('xref', OTHER)).to.deep.equal({ request: false, document: 'deny' });
  });

  it('strict: only the very CX of the ticket, as before the cross-reference', async () => {
    expect(await decide('strict', LOCAL)).to.deep.equal({ request: false, document: 'deny' });
    expect(await decide('strict', FNR)).to.deep.equal({ request: true, document: 'allow' });
  });

  it('off: the ticket\'s patient is not compared', async () => {
    expect(await decide('off', OTHER)).to.deep.equal({ request: true, document: 'allow' });
  });

  it('widens a patient filter to every id of the person, and leaves other filters alone', async () => {
    const patients = await EmbeddedPatientLinks.open({ log: createLogger('silent') });
    await patients.link(FNR, [LOCAL]);
    const keys = await samePersonKeys(LOCAL, patients);
    expect(keys).to.deep.equal(['L42^^^&2.999.55.1&ISO', '13116900216^^^&2.16.578.1.12.4.1.4.1&ISO']);
    const store = await EmbeddedMetadataStore.open({ log: createLogger('silent') });
    const [atLocal, atFnr, elsewhere] = [storedEntry(LOCAL), storedEntry(FNR), storedEntry(OTHER)];
    await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(LOCAL), documentEntries: [atLocal, atFnr, elsewhere] }));
    const view = withSamePerson(store, keys);
    const found = async (p: Cx) => (await view.findDocumentEntries({ patientIds: [cxKey(p)], statuses: ['Approved'] })).map((d) => d.entryUuid).sort();
    expect(await found(LOCAL)).to.deep.equal([atLocal.entryUuid, atFnr.entryUuid].sort());
    expect(await found(OTHER)).to.deep.equal([elsewhere.entryUuid]);
    await store.close();
  });
});
