import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BUILT_ENTRY, startGatewayProcess } from '../../support/gateway-process.js';
import { PROJECT_ROOT } from '../../support/shared.js';

describe('the production build (npm run build, npm run start:prod)', function () {
  this.timeout(120_000);

  before(() => {
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  });

  it('emits JavaScript for every source file into dist/', () => {
    expect(existsSync(path.join(PROJECT_ROOT, 'dist/main.js'))).to.equal(true);
    expect(existsSync(path.join(PROJECT_ROOT, 'dist/storage/mongodb/adapter.js')), 'the lazily loaded MongoDB adapter').to.equal(true);
  });

  it('start:prod runs the compiled JavaScript with plain node, no tsx', () => {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['start:prod']).to.equal(`node ${BUILT_ENTRY.join(' ')}`);
  });

  it('serves WSDLs and is ready, reading wsdl/ and metadata-codes/ from the project root', async () => {
    const gw = await startGatewayProcess({ STORAGE_URL: 'memory:', NODE_OPTIONS: '' }, BUILT_ENTRY);
    try {
      expect((await fetch(`${gw.url}/readyz`)).status).to.equal(200);
      const wsdl = await fetch(`${gw.url}/services/repository?wsdl`);
      expect(wsdl.status).to.equal(200);
      expect(await wsdl.text()).to.contain('ProvideAndRegisterDocumentSet-b');
    } finally {
      await gw.stop();
    }
  });
});
