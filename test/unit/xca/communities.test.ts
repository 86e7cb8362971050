import { expect } from 'chai';
import { parseCommunities } from '../../../src/config/communities.js';
import { ConfigError } from '../../../src/config/load.js';
import { testConfig } from '../../support/test-config.js';

const OWN = 'urn:oid:2.999.1.1';
const one = (extra: Record<string, unknown> = {}): unknown => ({
  communities: [{ homeCommunityId: 'urn:oid:2.999.2', queryUrl: 'https://a.example/xca', retrieveUrl: 'https://a.example/xca', ...extra }],
});

function problems(json: unknown): string[] {
  try {
    parseCommunities(json, OWN);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  expect.fail('expected a ConfigError');
}

describe('XCA_COMMUNITIES file', () => {
  it('applies the defaults for timeout, retries, back-off and documents per retrieve', () => {
    const [c] = parseCommunities(one(), OWN);
    expect(c).to.include({ timeoutMs: 10_000, retries: 1, retryBackoffMs: 100, maxDocumentsPerRetrieve: 50 });
  });

  it('reads url as both the ITI-38 and the ITI-39 endpoint', () => {
    const [c] = parseCommunities({ communities: [{ homeCommunityId: 'urn:oid:2.999.2', url: 'http://b.example/services/xca' }] }, OWN);
    expect(c).to.include({ queryUrl: 'http://b.example/services/xca', retrieveUrl: 'http://b.example/services/xca' });
  });

  it('keeps TLS settings and checks server certificates unless told otherwise', () => {
    const [c] = parseCommunities(one({ tls: { caFile: '/etc/ca.pem', certFile: '/c.pem', keyFile: '/k.pem' } }), OWN);
    expect(c?.tls).to.deep.equal({ caFile: '/etc/ca.pem', certFile: '/c.pem', keyFile: '/k.pem', rejectUnauthorized: true });
  });

  it('names every bad value at once', () => {
    const p = problems({ communities: [{ homeCommunityId: 'urn:uuid:2.999.2', queryUrl: 'ftp://x', retrieveUrl: 'http://x', timeoutMs: 0 }] });
    expect(p.join('\n')).to.contain('communities.0.homeCommunityId').and.contain('communities.0.queryUrl').and.contain('communities.0.timeoutMs');
  });

  it('takes a bare OID as homeCommunityId and keeps it in the urn:oid: form', () => {
    const [c] = parseCommunities(one({ homeCommunityId: '2.16.578.1.12.4.5.100.1' }), OWN);
    expect(c?.homeCommunityId).to.equal('urn:oid:2.16.578.1.12.4.5.100.1');
    expect(problems(one({ homeCommunityId: '2.999.1.1' })).join()).to.contain('used twice');
    expect(testConfig({ HOME_COMMUNITY_ID: '2.16.578.1.12.4.5.100.1' }).HOME_COMMUNITY_ID).to.equal('urn:oid:2.16.578.1.12.4.5.100.1');
  });

  it('refuses a client certificate without its key', () => {
    expect(problems(one({ tls: { certFile: '/c.pem' } })).join()).to.contain('certFile and keyFile go together');
  });

  it('refuses a homeCommunityId used twice or equal to this gateway\'s own', () => {
    const twice = { communities: [...(one() as { communities: unknown[] }).communities, ...(one() as { communities: unknown[] }).communities] };
    expect(problems(twice).join()).to.contain('used twice');
    expect(problems(one({ homeCommunityId: OWN })).join()).to.contain(OWN);
  });

  it('refuses unknown settings, so that a misspelt one is not silently ignored', () => {
    expect(problems(one({ timeoutMS: 5 })).join()).to.contain('timeoutMS');
  });
});
