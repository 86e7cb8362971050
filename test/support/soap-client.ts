/**
 * A small SOAP 1.2 / MTOM client for tests and benchmarks. It shares no code with the gateway's
 * transport, so the two check each other.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';

export interface Attachment {
  readonly contentId: string;
  readonly contentType: string;
  readonly data: Buffer;
}

export interface SoapResult {
  readonly status: number;
  readonly contentType: string;
  /** The SOAP envelope text (root part for MTOM). */
  readonly envelope: string;
  /** MTOM parts by Content-ID (without angle brackets). */
  readonly attachments: ReadonlyMap<string, Buffer>;
  readonly headers: http.IncomingHttpHeaders;
}

export const keepAliveAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * The SOAP 1.2 envelope with WS-Addressing headers around a body.
 * @param extraHeaders - further header blocks as XML text (e.g. a wsse:Security header holding a XUA ticket)
 */
export function envelope(action: string, body: string, to = 'http://127.0.0.1/services', messageId = `urn:uuid:${randomUUID()}`,
  extraHeaders = ''): string {
  return '<?xml version="1.0" encoding="UTF-8"?>'
    + '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing">'
    + `<soap:Header><wsa:Action soap:mustUnderstand="true">${action}</wsa:Action><wsa:MessageID>${messageId}</wsa:MessageID>`
    + `<wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo><wsa:To>${to}</wsa:To>${extraHeaders}</soap:Header>`
    + `<soap:Body>${body}</soap:Body></soap:Envelope>`;
}

/** Builds a multipart/related MTOM request; returns its Content-Type and body. */
export function mtomPackage(action: string, env: string, attachments: readonly Attachment[]): { contentType: string; body: Buffer } {
  const boundary = `MIMEBoundary_${randomUUID().replace(/-/g, '')}`;
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type="application/soap+xml"\r\n`
    + `Content-Transfer-Encoding: binary\r\nContent-ID: <root.message@test>\r\n\r\n${env}\r\n`)];
  for (const a of attachments) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Type: ${a.contentType}\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${a.contentId}>\r\n\r\n`));
    parts.push(a.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const contentType = `multipart/related; boundary="${boundary}"; type="application/xop+xml"; start="<root.message@test>"; `
    + `start-info="application/soap+xml"; action="${action}"`;
  return { contentType, body: Buffer.concat(parts) };
}

export interface RawResponse { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/** Sends bytes (no keep-alive unless an agent is given) and collects the whole response. */
export function send(url: string, headers: Record<string, string>, body: Buffer | string, method = 'POST',
  agent: http.Agent | false = false): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Posts raw bytes over the keep-alive agent and collects the whole response. */
export function post(url: string, contentType: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return send(url, { 'content-type': contentType, ...headers }, body, 'POST', keepAliveAgent);
}

/**
 * Sends a SOAP request, plain or MTOM, and splits the response into envelope and parts.
 * `opts.headers` are further SOAP header blocks (XML text), such as wsse:Security.
 */
export async function callSoap(url: string, action: string, body: string,
  opts: { mtom?: readonly Attachment[]; headers?: string } = {}): Promise<SoapResult> {
  const env = envelope(action, body, url, undefined, opts.headers ?? '');
  const { contentType, payload } = opts.mtom
    ? (() => { const p = mtomPackage(action, env, opts.mtom ?? []); return { contentType: p.contentType, payload: p.body }; })()
    : { contentType: `application/soap+xml; charset=UTF-8; action="${action}"`, payload: Buffer.from(env) };
  const res = await post(url, contentType, payload);
  const ct = String(res.headers['content-type'] ?? '');
  if (!/^multipart\/related/i.test(ct)) {
    return { status: res.status, contentType: ct, envelope: res.body.toString('utf8'), attachments: new Map(), headers: res.headers };
  }
  const { root, parts } = splitMultipart(res.body, ct);
  return { status: res.status, contentType: ct, envelope: root, attachments: parts, headers: res.headers };
}

/** A plain, buffer-based multipart/related splitter (first part, or the `start` part, is the root). */
export function splitMultipart(body: Buffer, contentType: string): { root: string; parts: Map<string, Buffer> } {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const start = /start="?<?([^">;]+)>?"?/i.exec(contentType)?.[1];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts = new Map<string, Buffer>();
  let root: string | undefined;
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    const afterDelim = pos + delimiter.length;
    if (body.subarray(afterDelim, afterDelim + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', afterDelim);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd);
    if (headerEnd < 0 || next < 0) throw new Error('truncated multipart body');
    const headers = body.subarray(afterDelim, headerEnd).toString('latin1');
    const content = body.subarray(headerEnd + 4, next);
    const id = /content-id:\s*<?([^>\r\n]+)>?/i.exec(headers)?.[1]?.trim() ?? '';
    if (root === undefined && (start === undefined || start === id)) root = content.toString('utf8');
    else parts.set(id, content);
    pos = next + 2;
  }
  if (root === undefined) throw new Error('no root part');
  return { root, parts };
}

/** The value of the first attribute `name` on the first element with local name `local`. */
export function attrOf(xml: string, local: string, name: string): string | undefined {
  const m = new RegExp(`<(?:\\w+:)?${local}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml);
  return m?.[1];
}

/** All errorCode values of RegistryError elements in a response. */
export function errorCodes(xml: string): string[] {
  return [...xml.matchAll(/<(?:\w+:)?RegistryError\b[^>]*\serrorCode="([^"]*)"/g)].map((m) => m[1] ?? '');
}
