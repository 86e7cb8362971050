import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../src/config/load.js';
import { effectiveSettings, loadCheckedConfig } from '../../../src/startup-checks.js';

describe('start-up checks', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'startup-checks-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadCheckedConfig(env);
      return [];
    } catch (e) {
      expect(e).to.be.instanceOf(ConfigError);
      return [...(e as ConfigError).problems];
    }
  };

  it('checks the files a GATEWAY_CONFIG file names even when an environment value is bad', () => {
    const config = path.join(dir, 'gateway.json');
    writeFileSync(config, JSON.stringify({ XUA_TRUST_DIR: path.join(dir, 'no-such-folder'), XCA_COMMUNITIES: path.join(dir, 'none.json') }));
    const problems = problemsOf({ GATEWAY_CONFIG: config, MAX_QUERY_RESULTS: 'many' });
    expect(problems.map((p) => p.split(/[: ]/)[0])).to.deep.equal(['MAX_QUERY_RESULTS', 'XCA_COMMUNITIES', 'XUA_TRUST_DIR']);
    expect(problems[2]).to.match(/^XUA_TRUST_DIR: .*no-such-folder cannot be read \(ENOENT\)$/);
  });

  it('accepts a configuration whose files are fine, and describes it without secrets or paths', () => {
    const communities = path.join(dir, 'communities.json');
    writeFileSync(communities, JSON.stringify({ communities: [{ homeCommunityId: 'urn:oid:1.2.3', url: 'http://127.0.0.1:1/services/xca' }] }));
    const config = loadCheckedConfig({ XCA_COMMUNITIES: communities, STORAGE_URL: 'mongodb://user:secret@db:27017/x', HOME_COMMUNITY_ID: 'urn:oid:1.2.4' });
    const settings = effectiveSettings(config);
    expect(settings).to.deep.include({ storage: 'mongodb', communities: ['urn:oid:1.2.3'], testOids: ['REPOSITORY_UNIQUE_ID'] });
    expect(JSON.stringify(settings)).not.to.contain('secret').and.not.to.contain(dir);
  });
});
