/**
 * The caller's SAML assertion, cut out of the request exactly as sent, for the initiating
 * gateway to pass on (ITI TF-2 3.40, XUA: the X-Service User's assertion travels with the
 * request). Uses the same structural guards as the XUA check, so a wrapped or duplicated
 * assertion is never forwarded.
 */
import type { InboundSoapMessage } from '../soap/envelope.js';
import { locateAssertion } from './saml-locate.js';

/**
 * @param message - the received request
 * @returns the assertion text with its inherited namespace declarations, or undefined when
 *   the request carries no single, well-placed SAML 2.0 assertion
 */
export function forwardableAssertion(message: InboundSoapMessage): string | undefined {
  if (!message.securityHeader) return undefined;
  const located = locateAssertion(message.securityHeader, message.rawEnvelope);
  return located.kind === 'found' ? located.assertion.xml : undefined;
}
