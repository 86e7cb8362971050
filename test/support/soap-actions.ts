import { SOAP_ACTION } from '../../src/domain/vocabulary.js';

/** The wsa:Action of each SOAP transaction the tests send, by short name. */
export const ACTION = {
  pnr: SOAP_ACTION.provideAndRegister,
  query: SOAP_ACTION.registryStoredQuery,
  retrieve: SOAP_ACTION.retrieveDocumentSet,
  xcq: SOAP_ACTION.crossGatewayQuery,
  xcr: SOAP_ACTION.crossGatewayRetrieve,
} as const;
