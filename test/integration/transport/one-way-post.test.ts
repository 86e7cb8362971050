import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postOneWay } from '../../../src/transport/client/one-way-post.js';

describe('postOneWay to a reply host that never stops answering', () => {
  it('takes the acknowledgement and drops the connection once its body passes 64 KiB', async () => {
    let written = 0;
    let closed: () => void = () => {};
    const dropped = new Promise<void>((resolve) => { closed = resolve; });
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const pump = (): void => {
          while (!res.destroyed && res.write(Buffer.alloc(16 * 1024, 0x61))) written += 16 * 1024;
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
        res.on('close', () => closed());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true });
    try {
      const body = Buffer.from('<reply/>');
      const delivery = await postOneWay(new URL(`http://127.0.0.1:${port}/reply`), { contentType: 'application/soap+xml', length: body.length, open: async function* () { yield body; } },
        agent, { timeoutMs: 2_000, retries: 0, backoffMs: 0 });
      expect(delivery.status).to.equal(200);
      await dropped;
      expect(written, 'the peer could not send much more than the cap').to.be.below(20 * 1024 * 1024);
    } finally {
      agent.destroy();
      server.closeAllConnections();
      server.close();
    }
  });
});
