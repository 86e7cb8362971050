import { expect } from 'chai';
import { combineRecords } from '../../../src/domain/access-record.js';
import { touchedBy, UnexpectedError, XdsError } from '../../../src/errors/issue.js';
import { storeErrorAsXds } from '../../../src/services/store-errors.js';
import { Touched } from '../../../src/services/touched.js';
import { StoreUnavailableError } from '../../../src/storage/errors.js';

const PATIENT = { id: '13116900216', assigningAuthority: '2.16.578.1.12.4.1.4.1' };
const OTHER = { id: '01017012343', assigningAuthority: '2.16.578.1.12.4.1.4.1' };

describe('What a request touched, returned by the services', () => {
  it('keeps the first patient, the latest query id, SubmissionSet and refusal, and every document in order', () => {
    const combined = combineRecords(
      { patient: PATIENT, queryId: 'q1', documents: [{ uniqueId: 'a', decision: 'allow' }] },
      { patient: OTHER, queryId: 'q2', submissionSetUniqueId: 'ss', refusal: 'no', breakTheGlass: true, documents: [{ uniqueId: 'b', decision: 'mask' }] },
    );
    expect(combined).to.deep.equal({
      patient: PATIENT, queryId: 'q2', submissionSetUniqueId: 'ss', refusal: 'no', breakTheGlass: true,
      documents: [{ uniqueId: 'a', decision: 'allow' }, { uniqueId: 'b', decision: 'mask' }],
    });
    expect(combineRecords({}, {})).to.deep.equal({});
  });

  it('attaches what was touched before a step failed to its error: an XdsError stays one, anything else becomes UnexpectedError', async () => {
    const touched = new Touched({ patient: PATIENT, queryId: 'q' });
    const refused = await touched.during(async () => { throw new XdsError([], { refusal: 'not your patient' }); }).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(XdsError);
    expect(touchedBy(refused)).to.deep.equal({ patient: PATIENT, queryId: 'q', refusal: 'not your patient' });
    const boom = new TypeError('boom');
    const unexpected = await touched.during(async () => { throw boom; }).catch((e: unknown) => e);
    expect(unexpected).to.be.instanceOf(UnexpectedError);
    expect((unexpected as UnexpectedError).reason).to.equal(boom);
    expect((unexpected as Error).message).to.equal('boom');
    expect(touchedBy(unexpected)).to.deep.equal({ patient: PATIENT, queryId: 'q' });
    expect(touchedBy(new Error('plain'))).to.deep.equal({});
  });

  it('still maps a storage failure to the actor\'s catalogue error when it comes wrapped, keeping what was touched', async () => {
    const down = new StoreUnavailableError('the database is down');
    const wrapped = await new Touched({ patient: PATIENT }).during(async () => { throw down; }).catch((e: unknown) => e);
    const mapped = storeErrorAsXds(wrapped, 'registry');
    expect(mapped).to.be.instanceOf(XdsError);
    expect((mapped as XdsError).issues.map((i) => i.code)).to.deep.equal(['XDSRegistryNotAvailable']);
    expect((mapped as XdsError).cause).to.equal(down);
    expect(touchedBy(mapped)).to.deep.equal({ patient: PATIENT });
  });
});
