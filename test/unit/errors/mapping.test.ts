import { expect } from 'chai';
import { issue, XdsError } from '../../../src/errors/issue.js';
import { errorMapping } from '../../../src/errors/mapping.js';
import { MESSAGES, SOAP_FAULTS, type MessageId, type SoapFaultId } from '../../../src/errors/messages.js';
import { operationOutcomeFromIssues } from '../../../src/formats/fhir/operation-outcome.js';
import { storeErrorAsXds, withStoreErrors } from '../../../src/services/store-errors.js';
import { StoreBusyError, StoreUnavailableError } from '../../../src/storage/errors.js';

describe('The error mapping (one row per catalogue code)', () => {
  it('gives every message its RegistryError code and an HTTP status for FHIR', () => {
    for (const id of Object.keys(MESSAGES) as MessageId[]) {
      const m = errorMapping(id);
      expect(m.registryError, id).to.equal(MESSAGES[id].code);
      expect(m.soapFault, id).to.equal(undefined);
      expect(m.fhir.http, id).to.be.within(200, 599);
    }
  });

  it('gives every SOAP fault its code and subcode, and no RegistryError', () => {
    for (const id of Object.keys(SOAP_FAULTS) as SoapFaultId[]) {
      const m = errorMapping(id);
      expect(m.registryError, id).to.equal(undefined);
      expect(m.soapFault?.code, id).to.equal(SOAP_FAULTS[id].code);
    }
  });

  it('follows the house-style table for the categories MHD answers', () => {
    const fhir = (id: MessageId | SoapFaultId) => errorMapping(id).fhir;
    expect(fhir('WSSE_INVALID_TOKEN')).to.deep.equal({ type: 'login', http: 401 });
    expect(fhir('NOT_WELL_FORMED')).to.deep.equal({ type: 'structure', http: 400 });
    expect(fhir('POLICY_REFUSED')).to.deep.equal({ type: 'forbidden', http: 403 });
    expect(fhir('MISSING_PARAM')).to.deep.equal({ type: 'invalid', http: 400 });
    expect(fhir('DUPLICATE_UNIQUE_ID_IN_REGISTRY')).to.deep.equal({ type: 'conflict', http: 409 });
    expect(fhir('UNKNOWN_DOCUMENT')).to.deep.equal({ type: 'not-found', http: 404 });
    expect(fhir('REGISTRY_BUSY')).to.deep.equal({ type: 'transient', http: 503 });
    expect(fhir('REGISTRY_INTERNAL')).to.deep.equal({ type: 'exception', http: 500 });
  });

  it('builds one OperationOutcome from catalogue issues, its status that of the first error', () => {
    const { status, body } = operationOutcomeFromIssues([
      issue('EXTRA_METADATA_NOT_SAVED', ['x', 'y']), issue('UNKNOWN_PATIENT_ID', ['1^^^&1.2&ISO'], { location: 'de1' }),
    ]);
    expect(status).to.equal(400);
    expect(body.issue.map((i) => [i.severity, i.code])).to.deep.equal([['warning', 'invalid'], ['error', 'invalid']]);
    expect(body.issue[1]?.expression).to.deep.equal(['de1']);
  });
});

describe('Storage errors at the service boundary', () => {
  const codeOf = (e: unknown) => (e instanceof XdsError ? e.issues[0]?.code : undefined);

  it('answers an unavailable store with the actor\'s code and a busy object with XDSRegistryBusy', () => {
    const away = new StoreUnavailableError('away');
    expect(codeOf(storeErrorAsXds(away, 'registry'))).to.equal('XDSRegistryNotAvailable');
    expect(codeOf(storeErrorAsXds(away, 'repository'))).to.equal('XDSRepositoryError');
    expect(codeOf(storeErrorAsXds(new StoreBusyError('urn:uuid:1'), 'registry'))).to.equal('XDSRegistryBusy');
    const other = new Error('other');
    expect(storeErrorAsXds(other, 'registry')).to.equal(other);
  });

  it('maps what a wrapped service method throws, and passes its result through', async () => {
    const service = withStoreErrors({
      fails: async (): Promise<number> => { throw new StoreUnavailableError('closed'); },
      works: async (n: number): Promise<number> => n + 1,
    }, 'registry');
    expect(await service.works(1)).to.equal(2);
    expect(codeOf(await service.fails().then(() => undefined, (e: unknown) => e))).to.equal('XDSRegistryNotAvailable');
  });
});
