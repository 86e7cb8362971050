import { registryResponseToEbrim } from '../formats/ebrim/registry-response.js';
import type { SoapTransaction } from './types.js';
import { iti18FailureResponse, iti18Handler } from './xds/iti18.js';
import { iti41Handler } from './xds/iti41.js';
import { iti42Handler } from './xds/iti42.js';
import { iti43Handler } from './xds/iti43.js';
import { igIti18Handler } from './ig/iti18.js';
import { igIti43Handler } from './ig/iti43.js';
import { ITI38_ACTION, iti38Handler } from './xca/iti38.js';
import { ITI39_ACTION, iti39Handler } from './xca/iti39.js';
import { retrieveFailureResponse } from './retrieve-response.js';

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
    handle: iti43Handler, failureResponse: retrieveFailureResponse,
    internalError: 'REPOSITORY_INTERNAL',
  },
  // XCA Responding Gateway (ITI TF-2 3.38, 3.39): ITI-39 answers always as MTOM; both support the
  // Asynchronous Web Services Exchange (3.38.1, 3.39.1), which the XDS rows do not claim.
  {
    id: 'ITI-38', action: ITI38_ACTION, endpoints: ['xca'], asyncReply: true,
    handle: iti38Handler, failureResponse: iti18FailureResponse, internalError: 'REGISTRY_INTERNAL',
  },
  {
    id: 'ITI-39', action: ITI39_ACTION, endpoints: ['xca'], alwaysMtom: true, asyncReply: true,
    handle: iti39Handler, failureResponse: retrieveFailureResponse, internalError: 'REPOSITORY_INTERNAL',
  },
  // XCA Initiating Gateway for local consumers (/services/ig): ITI-18 and ITI-43 fanned out.
  // Ids of their own, so that logs, metrics and audit tell them from the registry's rows.
  {
    id: 'ITI-18-IG', action: 'urn:ihe:iti:2007:RegistryStoredQuery', endpoints: ['ig'], forwardsTicket: true,
    handle: igIti18Handler, failureResponse: iti18FailureResponse, internalError: 'REGISTRY_INTERNAL',
  },
  {
    id: 'ITI-43-IG', action: 'urn:ihe:iti:2007:RetrieveDocumentSet', endpoints: ['ig'], forwardsTicket: true,
    handle: igIti43Handler, failureResponse: retrieveFailureResponse, internalError: 'REPOSITORY_INTERNAL',
  },
];
