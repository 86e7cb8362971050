/**
 * XUA over HTTP: the whole gateway started in-process (startGateway) with XUA_MODE=required,
 * the xmlsec1 test IdP pinned in XUA_TRUST_DIR and the embedded store in a temporary folder
 * (so the audit trail is the durable file store); tickets signed by xmlsec1; SOAP requests
 * carrying them in wsse:Security; and readers for the audit trail (the file and GET /fhir/AuditEvent).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuditEvent } from '../../../src/formats/fhir/audit-event.js';
import type { AuditStore } from '../../../src/audit/ports.js';
import { startGateway, type RunningGateway } from '../../../src/gateway.js';
import { createLogger } from '../../../src/logging/logger.js';
import { signWithXmlsec, testKeys, testNow } from '../../support/saml-signer.js';
import { assertionTemplate, CITIZEN_ISSUER, FNR_OID, TEST_AUDIENCE, TEST_ISSUER, TEST_PATIENT, type TicketOptions } from '../../support/saml-tickets.js';
import { errorCodes, post, splitMultipart } from '../../support/soap-client.js';
import { provideAndRegisterRequest, submitObjectsRequest } from '../../support/xds-messages.js';
import { ACTION } from '../../support/soap-actions.js';
import { testConfig } from '../../support/test-config.js';

export { ACTION };

export const HOME = 'urn:oid:2.999.88.1';
export const REPOSITORY = '2.999.88.1.1';
export const PATIENT_CX = `${TEST_PATIENT}^^^&${FNR_OID}&ISO`;

export interface XuaGateway {
  readonly gateway: RunningGateway;
  readonly url: string;
  readonly dir: string;
  close(): Promise<void>;
}

/**
 * Starts a gateway with XUA required, the test IdP trusted and the store under a temp folder.
 * @param auditStore - a store to use instead of the embedded one (the failure test)
 * @param mode - XUA_MODE
 * @param settings - further settings (limits)
 */
export async function startXuaGateway(auditStore?: AuditStore, mode: 'required' | 'optional' = 'required',
  settings: Record<string, string> = {}): Promise<XuaGateway> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xua-gateway-'));
  const config = testConfig({
    STORAGE_URL: `file:${dir}`, HOME_COMMUNITY_ID: HOME, REPOSITORY_UNIQUE_ID: REPOSITORY,
    XUA_MODE: mode, XUA_TRUST_DIR: testKeys().trustDir, XUA_AUDIENCES: TEST_AUDIENCE,
    XUA_ISSUERS: `${TEST_ISSUER},${CITIZEN_ISSUER}`, ...settings,
  });
  const gateway = await startGateway(config, createLogger('silent'), auditStore ? { auditStore } : {});
  return {
    gateway, url: gateway.url, dir,
    close: async () => { await gateway.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

/**
 * A ticket signed on its own by xmlsec1, as an EPJ holds it and sends it with each request.
 * @param o - ticket options (now defaults to the test clock)
 * @returns the signed saml2:Assertion text
 */
export function ticket(o: Partial<TicketOptions> = {}): string {
  const { xml } = assertionTemplate({ now: testNow(), ...o });
  return signWithXmlsec(xml, testKeys().trusted).replace(/^<\?xml[^>]*\?>\s*/, '');
}

/** A SOAP 1.2 request with WS-Addressing and, when given, the ticket in wsse:Security. */
export function soapEnvelope(action: string, body: string, assertion?: string): string {
  const now = new Date();
  const security = assertion === undefined ? ''
    : '<wsse:Security s:mustUnderstand="true" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"'
      + ' xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">'
      + `<wsu:Timestamp><wsu:Created>${now.toISOString()}</wsu:Created><wsu:Expires>${new Date(now.getTime() + 900_000).toISOString()}</wsu:Expires></wsu:Timestamp>`
      + `${assertion}</wsse:Security>`;
  return '<?xml version="1.0" encoding="UTF-8"?>'
    + '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing">'
    + `<s:Header><a:Action s:mustUnderstand="true">${action}</a:Action><a:MessageID>urn:uuid:${randomUUID()}</a:MessageID>${security}</s:Header>`
    + `<s:Body>${body}</s:Body></s:Envelope>`;
}

export interface Answer {
  readonly status: number;
  readonly envelope: string;
  readonly attachments: ReadonlyMap<string, Buffer>;
  readonly correlationId: string;
}

/**
 * Posts a plain SOAP request with a correlation id of its own.
 * @returns status, the envelope (root part of an MTOM answer), the parts, the correlation id
 */
export async function call(url: string, action: string, body: string, assertion?: string): Promise<Answer> {
  const correlationId = `xua-${randomUUID()}`;
  const res = await post(url, `application/soap+xml; charset=UTF-8; action="${action}"`, soapEnvelope(action, body, assertion),
    { 'x-correlation-id': correlationId });
  const ct = String(res.headers['content-type'] ?? '');
  if (!/^multipart\/related/i.test(ct)) return { status: res.status, envelope: res.body.toString('utf8'), attachments: new Map(), correlationId };
  const { root, parts } = splitMultipart(res.body, ct);
  return { status: res.status, envelope: root, attachments: parts, correlationId };
}

/** Provides one document through ITI-41 (not under XUA); returns its uniqueId and entryUUID-free id. */
export async function provide(url: string, text: string, o: { confidentiality?: string; patientId?: string } = {}): Promise<string> {
  const { xml, documentUniqueId } = submitObjectsRequest({ patientId: o.patientId ?? TEST_PATIENT, confidentiality: o.confidentiality ?? 'N', mimeType: 'text/plain' });
  const res = await call(`${url}/services/repository`, ACTION.pnr, provideAndRegisterRequest(xml, { inline: Buffer.from(text) }));
  if (!res.envelope.includes('ResponseStatusType:Success')) throw new Error(`ITI-41 failed: ${errorCodes(res.envelope).join(', ')}`);
  return documentUniqueId;
}

/** The SOAP fault's subcode value and reason text. */
export function faultOf(envelope: string): { code: string; subcode: string; reason: string } {
  const code = /<env:Code><env:Value>([^<]*)</.exec(envelope)?.[1] ?? '';
  const subcode = /<env:Subcode><env:Value[^>]*>([^<]*)</.exec(envelope)?.[1] ?? '';
  const reason = /<env:Text[^>]*>([^<]*)</.exec(envelope)?.[1] ?? '';
  return { code, subcode, reason };
}

/** The status keyword of a response (Success, PartialSuccess, Failure). */
export function statusOf(envelope: string): string {
  return /status="[^"]*:(Success|PartialSuccess|Failure)"/.exec(envelope)?.[1] ?? '?';
}

/** The audit records in the store's segment files, in the order written. */
export function auditFile(dir: string): AuditEvent[] {
  const folder = path.join(dir, 'audit');
  const text = readdirSync(folder).filter((n) => n.endsWith('.jsonl')).sort().map((n) => readFileSync(path.join(folder, n), 'utf8')).join('');
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as AuditEvent);
}

/** GET /fhir/AuditEvent with the given query and Authorization header. */
export async function readAuditLog(url: string, query: string, authorization?: string): Promise<{ status: number; body: { total?: number; entry?: { resource: AuditEvent }[]; issue?: { code: string }[] } }> {
  const res = await fetch(`${url}/fhir/AuditEvent?${query}`, { headers: authorization ? { authorization } : {} });
  return { status: res.status, body: await res.json() as never };
}

/** The Authorization header value carrying a ticket: `SAML <base64>`. */
export const samlAuthorization = (assertion: string): string => `SAML ${Buffer.from(assertion, 'utf8').toString('base64')}`;
