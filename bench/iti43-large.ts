/**
 * ITI-43 large-document retrieval: throughput in MB/s and the server's peak RSS growth while
 * one large document streams out as MTOM.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { callSoap, envelope, mtomPackage, post } from '../test/support/soap-client.js';
import { provideAndRegisterRequest, retrieveRequest, submitObjectsRequest } from '../test/support/xds-messages.js';
import { memoryOf, resetPeak } from '../test/support/gateway-process.js';
import { SOAP_ACTION } from '../src/domain/vocabulary.js';

const PNR = SOAP_ACTION.provideAndRegister;
const RETRIEVE = SOAP_ACTION.retrieveDocumentSet;

/** Stores one document of `bytes` random bytes through ITI-41 and returns its uniqueId and SHA-1. */
export async function storeLargeDocument(baseUrl: string, bytes: number): Promise<{ uniqueId: string; sha1: string }> {
  const doc = randomBytes(bytes);
  const sha1 = createHash('sha1').update(doc).digest('hex');
  const { xml, documentUniqueId } = submitObjectsRequest({ mimeType: 'application/pdf' });
  const url = `${baseUrl}/services/repository`;
  const pkg = mtomPackage(PNR, envelope(PNR, provideAndRegisterRequest(xml, { contentId: 'big@bench' }), url),
    [{ contentId: 'big@bench', contentType: 'application/pdf', data: doc }]);
  const res = await post(url, pkg.contentType, pkg.body);
  if (!res.body.includes('ResponseStatusType:Success')) throw new Error(`ITI-41 of the large document failed: ${res.body.toString().slice(0, 2000)}`);
  return { uniqueId: documentUniqueId, sha1 };
}

/** Retrieves it once as MTOM, consuming the stream without keeping it; returns seconds and bytes. */
export function retrieveOnce(baseUrl: string, repositoryUniqueId: string, uniqueId: string, hash = false): Promise<{ seconds: number; bytes: number; sha1?: string }> {
  const url = `${baseUrl}/services/repository`;
  const env = envelope(RETRIEVE, retrieveRequest(repositoryUniqueId, [uniqueId]), url);
  const pkg = mtomPackage(RETRIEVE, env, []);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const h = hash ? createHash('sha1') : undefined;
    const req = http.request(url, { method: 'POST', headers: { 'content-type': pkg.contentType } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; h?.update(c); });
      res.on('end', () => resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes, ...(h ? { sha1: h.digest('hex') } : {}) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(pkg.body);
  });
}

/** Measures MB/s over `runs` retrievals and the server's RSS growth during them. */
export async function measureIti43(baseUrl: string, pid: number, opts: { repositoryUniqueId: string; bytes: number; runs: number }): Promise<{ mbPerSecond: number[]; rssGrowthMb: number[]; verified: boolean }> {
  const { uniqueId, sha1 } = await storeLargeDocument(baseUrl, opts.bytes);
  // One buffered retrieval first: the bytes that come back must be the bytes that went in.
  const check = await callSoap(`${baseUrl}/services/repository`, RETRIEVE, retrieveRequest(opts.repositoryUniqueId, [uniqueId]), { mtom: [] });
  const part = [...check.attachments.values()][0];
  const verified = part !== undefined && createHash('sha1').update(part).digest('hex') === sha1;
  const mbPerSecond: number[] = [];
  const rssGrowthMb: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    if (global.gc) global.gc();
    await new Promise((r) => setTimeout(r, 300));
    const before = memoryOf(pid).rss;
    resetPeak(pid);
    const r = await retrieveOnce(baseUrl, opts.repositoryUniqueId, uniqueId);
    const peak = memoryOf(pid).peak;
    mbPerSecond.push(opts.bytes / 1e6 / r.seconds);
    rssGrowthMb.push(Math.max(0, peak - before) / 1e6);
  }
  return { mbPerSecond, rssGrowthMb, verified };
}
