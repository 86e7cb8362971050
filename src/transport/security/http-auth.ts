/**
 * Who is asking on the FHIR (MHD) side: `Authorization: Bearer <JWT>` or `DPoP <JWT>`
 * (HelseID), or `Authorization: SAML <base64 assertion>`, per XUA_MODE (interface.md, MHD).
 * Framework-free: the HTTP layer passes header values, method and URL.
 * See norway-profile.md §5, docs/access-policy.md §1.
 */
import { ANONYMOUS, type SecurityContext } from '../../domain/security-context.js';
import { parseXml, XmlParseError } from '../../formats/xml/parse.js';
import { NS } from '../../formats/xml/tree.js';
import { verifyHelseIdJwt, type JwtSettings } from './jwt.js';
import { verifySamlTicket } from './saml.js';
import type { XuaSettings } from './xua-settings.js';

export interface HttpAuthRequest {
  readonly authorization?: string | undefined;
  readonly dpop?: string | undefined;
  readonly method: string;
  /** The URL as the client called it (scheme, host, path, query). */
  readonly url: string;
}

export type HttpAuthVerdict =
  | { readonly ok: true; readonly context: SecurityContext }
  | { readonly ok: false; readonly status: 401 | 403; readonly error: string; readonly reason: string;
      /** Value for the WWW-Authenticate response header (RFC 6750 §3, RFC 9449 §7.1). */
      readonly wwwAuthenticate: string };

const quote = (s: string): string => s.replace(/["\\]/g, "'");
const refuse = (status: 401 | 403, scheme: string, error: string, reason: string): HttpAuthVerdict =>
  ({ ok: false, status, error, reason, wwwAuthenticate: `${scheme} error="${error}", error_description="${quote(reason)}"` });

/**
 * @param req - the Authorization and DPoP header values, method and URL
 * @param s - XUA settings (mode, SAML trust) and HelseID settings
 * @param now - the time of the request
 * @returns the caller's context, or the HTTP status and WWW-Authenticate value to answer with
 */
export function authenticateHttp(req: HttpAuthRequest, s: { xua: XuaSettings; jwt: JwtSettings }, now: Date): HttpAuthVerdict {
  if (s.xua.mode === 'off') return { ok: true, context: ANONYMOUS };
  const m = /^(Bearer|DPoP|SAML)\s+(\S+)\s*$/i.exec(req.authorization ?? '');
  if (!m) {
    if (s.xua.mode === 'optional' && !req.authorization) return { ok: true, context: ANONYMOUS };
    return refuse(401, 'Bearer', 'invalid_request', req.authorization ? 'the Authorization header is neither Bearer, DPoP nor SAML' : 'an access token is required');
  }
  const scheme = (m[1] as string).toLowerCase();
  const credential = m[2] as string;
  if (scheme === 'saml') return samlFromHeader(credential, s.xua, now);
  const v = verifyHelseIdJwt(credential, s.jwt, now, { proof: req.dpop, method: req.method, url: req.url });
  return v.ok ? v : refuse(v.status, scheme === 'dpop' ? 'DPoP' : 'Bearer', v.error, v.reason);
}

/** A base64 SAML assertion, checked exactly as one in wsse:Security would be. */
function samlFromHeader(b64: string, xua: XuaSettings, now: Date): HttpAuthVerdict {
  const text = Buffer.from(b64, 'base64').toString('utf8').replace(/^\uFEFF?<\?xml[^>]*\?>/, '');
  const raw = `<wsse:Security xmlns:wsse="${NS.wsse}">${text}</wsse:Security>`;
  let header;
  try {
    header = parseXml(raw);
  } catch (e) {
    if (e instanceof XmlParseError) return refuse(401, 'SAML', 'invalid_token', `the SAML assertion is not XML: ${e.message}`);
    throw e;
  }
  const v = verifySamlTicket(header, raw, xua, now);
  return v.ok ? v : refuse(401, 'SAML', v.faultCode === 'wsse:SecurityTokenUnavailable' ? 'invalid_request' : 'invalid_token', v.reason);
}
