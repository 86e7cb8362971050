import { registryResponseToEbrim } from '../formats/ebrim/registry-response.js';
import { retrieveDocumentSetResponseToEbrim } from '../formats/ebrim/retrieve-document-set.js';
import type { SoapTransaction } from './types.js';
import { iti18FailureResponse, iti18Handler } from './xds/iti18.js';
import { iti41Handler } from './xds/iti41.js';
import { iti42Handler } from './xds/iti42.js';
import { iti43Handler } from './xds/iti43.js';

/**
 * The SOAP transactions the gateway serves: one row per transaction, dispatched by
 * wsa:Action on the endpoints named (the alias /services/itiNN is implied).
 * Actions: ITI TF-2 3.18.5, 3.41.5, 3.42.5, 3.43.5 (WSDL); interface.md "SOAP endpoints".
 */
export const SOAP_TRANSACTIONS: readonly SoapTransaction[] = [
  {
    id: 'ITI-18', action: 'urn:ihe:iti:2007:RegistryStoredQuery', endpoints: ['registry'],
    handle: iti18Handler, failureResponse: iti18FailureResponse, internalError: 'REGISTRY_INTERNAL',
  },
  {
    id: 'ITI-42', action: 'urn:ihe:iti:2007:RegisterDocumentSet-b', endpoints: ['registry'],
    handle: iti42Handler, failureResponse: (issues) => registryResponseToEbrim('Failure', issues),
    internalError: 'REGISTRY_INTERNAL',
  },
  {
    id: 'ITI-41', action: 'urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b', endpoints: ['repository'],
    handle: iti41Handler, failureResponse: (issues) => registryResponseToEbrim('Failure', issues),
    internalError: 'REPOSITORY_INTERNAL',
  },
  {
    id: 'ITI-43', action: 'urn:ihe:iti:2007:RetrieveDocumentSet', endpoints: ['repository'],
    handle: iti43Handler, failureResponse: (issues) => retrieveDocumentSetResponseToEbrim('Failure', [], issues),
    internalError: 'REPOSITORY_INTERNAL',
  },
];
