import { AUDIT_CODING } from '../audit/audit-codes.js';
import { SOAP_ACTION } from '../domain/vocabulary.js';
import { registryResponseToEbrim } from '../formats/ebrim/registry-response.js';
import type { SoapTransaction } from './types.js';
import { iti18FailureResponse, iti18Handler } from './xds/iti18.js';
import { iti41Handler } from './xds/iti41.js';
import { iti42Handler } from './xds/iti42.js';
import { iti43Handler } from './xds/iti43.js';
import { igIti18Handler } from './ig/iti18.js';
import { igIti43Handler } from './ig/iti43.js';
import { iti38Handler } from './xca/iti38.js';
import { iti39Handler } from './xca/iti39.js';
import { retrieveFailureResponse } from './retrieve-response.js';

const registryFailure = (issues: Parameters<SoapTransaction['failureResponse']>[0]): string => registryResponseToEbrim('Failure', issues);

/**
 * The SOAP transactions the gateway serves: one row per transaction, dispatched by
 * wsa:Action on the endpoints named (the alias /services/itiNN is implied). XUA covers the
 * queries and retrieves (ihe-requirements.md §11, docs/access-policy.md §1).
 * Actions: ITI TF-2 3.18.5, 3.41.5, 3.42.5, 3.43.5 (WSDL); interface.md "SOAP endpoints".
 */
export const SOAP_TRANSACTIONS: readonly SoapTransaction[] = [
  {
    id: 'ITI-18', transaction: 'ITI-18', action: SOAP_ACTION.registryStoredQuery, endpoints: ['registry'],
    xua: true, query: true, audit: AUDIT_CODING.query('Registry Stored Query'),
    handle: iti18Handler, failureResponse: iti18FailureResponse, internalError: 'REGISTRY_INTERNAL',
  },
  {
    id: 'ITI-42', transaction: 'ITI-42', action: SOAP_ACTION.registerDocumentSet, endpoints: ['registry'],
    xua: false, query: false, audit: AUDIT_CODING.import('Register Document Set-b'),
    handle: iti42Handler, failureResponse: registryFailure, internalError: 'REGISTRY_INTERNAL',
  },
  {
    id: 'ITI-41', transaction: 'ITI-41', action: SOAP_ACTION.provideAndRegister, endpoints: ['repository'],
    xua: false, query: false, audit: AUDIT_CODING.import('Provide and Register Document Set-b'),
    handle: iti41Handler, failureResponse: registryFailure, internalError: 'REPOSITORY_INTERNAL',
  },
  {
    id: 'ITI-43', transaction: 'ITI-43', action: SOAP_ACTION.retrieveDocumentSet, endpoints: ['repository'],
    xua: true, query: false, audit: AUDIT_CODING.export('Retrieve Document Set'),
    handle: iti43Handler, failureResponse: retrieveFailureResponse, internalError: 'REPOSITORY_INTERNAL',
  },
  // XCA Responding Gateway (ITI TF-2 3.38, 3.39): ITI-39 answers always as MTOM; both name this
  // community as the location of their errors (3.38.4.1.3, 3.39.4.1.3) and support the
  // Asynchronous Web Services Exchange (3.38.1, 3.39.1), which the XDS rows do not claim.
  {
    id: 'ITI-38', transaction: 'ITI-38', action: SOAP_ACTION.crossGatewayQuery, endpoints: ['xca'], asyncReply: true, errorsAtCommunity: true,
    xua: true, query: true, audit: AUDIT_CODING.query('Cross Gateway Query'),
    handle: iti38Handler, failureResponse: iti18FailureResponse, internalError: 'REGISTRY_INTERNAL',
  },
  {
    id: 'ITI-39', transaction: 'ITI-39', action: SOAP_ACTION.crossGatewayRetrieve, endpoints: ['xca'], alwaysMtom: true, asyncReply: true,
    errorsAtCommunity: true,
    xua: true, query: false, audit: AUDIT_CODING.export('Cross Gateway Retrieve'),
    handle: iti39Handler, failureResponse: retrieveFailureResponse, internalError: 'REPOSITORY_INTERNAL',
  },
  // XCA Initiating Gateway for local consumers (/services/ig): ITI-18 and ITI-43 fanned out.
  // Ids of their own, so that logs and metrics tell them from the registry's rows; the audit
  // trail records them as the ITI-18 / ITI-43 they are. Their ticket is checked here before it
  // is passed on, and the local community's part of their answer obeys the access policy.
  {
    id: 'ITI-18-IG', transaction: 'ITI-18', action: SOAP_ACTION.registryStoredQuery, endpoints: ['ig'], forwardsTicket: true,
    xua: true, query: true, audit: AUDIT_CODING.query('Registry Stored Query'),
    handle: igIti18Handler, failureResponse: iti18FailureResponse, internalError: 'REGISTRY_INTERNAL',
  },
  {
    id: 'ITI-43-IG', transaction: 'ITI-43', action: SOAP_ACTION.retrieveDocumentSet, endpoints: ['ig'], forwardsTicket: true,
    xua: true, query: false, audit: AUDIT_CODING.export('Retrieve Document Set'),
    handle: igIti43Handler, failureResponse: retrieveFailureResponse, internalError: 'REPOSITORY_INTERNAL',
  },
];
