/**
 * The XUA check as the SOAP dispatch's SoapSecurityCheck: requests of the transactions whose
 * row says `xua` (transactions/table.ts) are checked with verifySamlTicket; a refusal becomes the
 * SOAP 1.2 Sender fault with the WS-Security subcode (errors/messages.ts SOAP_FAULTS). Other
 * transactions pass as anonymous. See ihe-requirements.md §11, docs/access-policy.md §1.
 */
import { ANONYMOUS } from '../../domain/security-context.js';
import type { SoapSecurityCheck } from '../soap/dispatch.js';
import { SoapFault } from '../soap/fault.js';
import { verifySamlTicket } from './saml.js';
import type { WsseFaultCode } from './wsse-fault.js';
import type { XuaSettings } from './xua-settings.js';

const FAULTS = {
  'wsse:SecurityTokenUnavailable': 'WSSE_TOKEN_UNAVAILABLE',
  'wsse:InvalidSecurityToken': 'WSSE_INVALID_TOKEN',
  'wsse:FailedAuthentication': 'WSSE_FAILED_AUTHENTICATION',
} as const satisfies Record<WsseFaultCode, string>;

/**
 * @param settings - XUA settings (xuaSettingsFromConfig)
 * @param clock - the time source (tests pass a fixed one)
 * @returns a security check for DispatchDeps.security
 */
export function xuaSecurityCheck(settings: XuaSettings, clock: () => Date = () => new Date()): SoapSecurityCheck {
  return async (message, transaction) => {
    if (!transaction.xua) return ANONYMOUS;
    const v = verifySamlTicket(message.securityHeader, message.rawEnvelope, settings, clock());
    if (!v.ok) throw new SoapFault(FAULTS[v.faultCode], [v.reason]);
    return v.context;
  };
}
