import type { AccessRecord } from '../domain/access-record.js';
import type { ResponseStatus } from '../formats/ebrim/registry-response.js';
import type { HandlerOutcome, SoapRequest } from './types.js';

/**
 * A handler's outcome: its response status, what its service touched, and for a query
 * transaction the query as the consumer sent it (SoapRequest.queryText).
 * @param status - the ebRS status of the response
 * @param touched - what the service returned it touched
 * @param request - the request, for its query
 */
export function handlerOutcome(status: ResponseStatus, touched: AccessRecord, request: SoapRequest): HandlerOutcome {
  return { ...touched, status, ...(request.queryText !== undefined ? { queryText: request.queryText } : {}) };
}
