import type { OutboundCall } from '../../services/initiating-gateway.js';
import type { RequestContext, SoapRequest } from '../types.js';

/**
 * The call the initiating gateway makes on the consumer's behalf: same caller, same
 * correlation id, and the caller's SAML assertion to pass on (ITI TF-2 3.40, XUA).
 */
export function outboundCall(request: SoapRequest, ctx: RequestContext): OutboundCall {
  return {
    security: ctx.security, correlationId: ctx.correlationId, samlAssertion: request.samlAssertion,
  };
}
