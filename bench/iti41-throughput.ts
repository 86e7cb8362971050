/**
 * ITI-41 throughput: single-document (10 KB) MTOM submissions per second over loopback with
 * a fixed number of concurrent clients, each waiting for its answer before sending the next.
 */
import { randomBytes } from 'node:crypto';
import { mtomPackage, envelope, post } from '../test/support/soap-client.js';
import { provideAndRegisterRequest, submitObjectsRequest } from '../test/support/xds-messages.js';
import { SOAP_ACTION } from '../src/domain/vocabulary.js';

const ACTION = SOAP_ACTION.provideAndRegister;

export interface ThroughputResult { perSecond: number; ok: number; failed: number; seconds: number }

async function submitOne(url: string, doc: Buffer): Promise<boolean> {
  const { xml } = submitObjectsRequest();
  const body = provideAndRegisterRequest(xml, { contentId: 'doc1@bench' });
  const pkg = mtomPackage(ACTION, envelope(ACTION, body, url), [{ contentId: 'doc1@bench', contentType: 'text/plain', data: doc }]);
  const res = await post(url, pkg.contentType, pkg.body);
  return res.status === 200 && res.body.includes('ResponseStatusType:Success');
}

/**
 * Runs `clients` loops for `seconds` against the repository endpoint.
 * @returns successful submissions per second and the failure count
 */
export async function measureIti41(baseUrl: string, opts: { clients: number; seconds: number; documentBytes: number }): Promise<ThroughputResult> {
  const url = `${baseUrl}/services/repository`;
  const doc = randomBytes(opts.documentBytes);
  let ok = 0;
  let failed = 0;
  const end = Date.now() + opts.seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: opts.clients }, async () => {
    while (Date.now() < end) {
      try { if (await submitOne(url, doc)) ok += 1; else failed += 1; } catch { failed += 1; }
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: ok / seconds, ok, failed, seconds };
}
