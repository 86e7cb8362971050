import { expect } from 'chai';
import { databaseName, withDatabase } from '../../../src/storage/mongodb/url.js';
import { testStorageUrl } from '../../support/test-config.js';

/** MongoDB connection-string helpers (storage/mongodb/url.ts). */
describe('MongoDB connection strings', () => {
  it('reads the database from the path, or uses the default', () => {
    expect(databaseName('mongodb://h:27017/registry?replicaSet=rs0')).to.equal('registry');
    expect(databaseName('mongodb://a:1,b:2/?replicaSet=rs0')).to.equal('dokumentdeling');
    expect(databaseName('mongodb+srv://u:p@cluster.example.net')).to.equal('dokumentdeling');
  });

  it('names another database and keeps hosts, credentials and options', () => {
    expect(withDatabase('mongodb://u:p@a:1,b:2/old?replicaSet=rs0&w=majority', 't1')).to.equal('mongodb://u:p@a:1,b:2/t1?replicaSet=rs0&w=majority');
    expect(withDatabase('mongodb://127.0.0.1:4000/', 't2')).to.equal('mongodb://127.0.0.1:4000/t2');
    expect(() => withDatabase('file:./data', 'x')).to.throw(/not a mongodb/);
  });

  it('gives tests memory: unless TEST_STORAGE_URL names a store, and a fresh database on MongoDB', () => {
    expect(testStorageUrl({})).to.equal('memory:');
    expect(testStorageUrl({ TEST_STORAGE_URL: 'file:/tmp/x' })).to.equal('file:/tmp/x');
    const a = testStorageUrl({ TEST_STORAGE_URL: 'mongodb://127.0.0.1:4000/' });
    const b = testStorageUrl({ TEST_STORAGE_URL: 'mongodb://127.0.0.1:4000/' });
    expect(a).to.match(/^mongodb:\/\/127\.0\.0\.1:4000\/test_[0-9a-f-]{12}$/);
    expect(a).not.to.equal(b);
  });
});
