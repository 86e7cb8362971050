import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { HttpClient } from 'soap';
import { parseXml } from '../../../src/formats/xml/parse.js';
import { child, NS, type XmlElement } from '../../../src/formats/xml/tree.js';
import { ACTIONS, soapEnvelope, startTestApp, type TestServer } from './app-fixture.js';

const sha1 = (b: Buffer): string => createHash('sha1').update(b).digest('hex');

interface MtomPart { headers: Record<string, string>; body: Buffer }
interface PeerResponse { status: number; envelope: string; parts: MtomPart[] }

/** Sends through node-soap's HTTP client (an independent MTOM writer and reader). */
function nodeSoapCall(url: string, envelope: string, attachments: { contentId: string; body: Buffer }[]): Promise<PeerResponse> {
  const client = new HttpClient({ parseReponseAttachments: true });
  return new Promise((resolve, reject) => {
    client.request(url, envelope, (err: unknown, res?: { status: number; mtomResponseAttachments?: { parts: MtomPart[] } }, body?: string) => {
      if (err || !res) { reject(err instanceof Error ? err : new Error(String(err))); return; }
      resolve({ status: res.status, envelope: String(body), parts: res.mtomResponseAttachments?.parts ?? [] });
    }, { 'Content-Type': `application/soap+xml; charset=utf-8; action="${ACTIONS.pnr}"` },
    { forceMTOM: true, attachments: attachments.map((a) => ({ mimetype: 'application/octet-stream', contentId: a.contentId, name: a.contentId, body: a.body })) });
  });
}

describe('interoperability with the node-soap client', () => {
  let server: TestServer;
  before(async () => { server = await startTestApp(); });
  after(async () => { await server.close(); });

  it('accepts its MTOM request (start-info text/xml) and its MTOM reader reads the response parts', async () => {
    const doc = Buffer.concat([Buffer.from('%PDF-1.4\r\n--\r\n'), Buffer.alloc(70_000, 0x42)]);
    const env = soapEnvelope(ACTIONS.pnr, `<x:P xmlns:x="urn:x"><x:Document id="d1"><xop:Include xmlns:xop="${NS.xop}" href="cid:doc1"/></x:Document></x:P>`);
    const res = await nodeSoapCall(`${server.url}/services/repository`, env, [{ contentId: 'doc1', body: doc }]);
    expect(res.status).to.equal(200);
    const echoed = child(parseXml(res.envelope), NS.soap12, 'Body')?.children[0]?.children[0] as XmlElement;
    expect([Number(echoed.attrs.size), echoed.attrs.sha1]).to.deep.equal([doc.length, sha1(doc)]);
    const part = res.parts.find((p) => (p.headers['content-id'] ?? p.headers['Content-ID']) === '<echo-0@gateway>');
    expect(part && sha1(Buffer.from(part.body))).to.equal(sha1(doc));
  });
});
