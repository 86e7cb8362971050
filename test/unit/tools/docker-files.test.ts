/**
 * docker/compose.yml, docker/Dockerfile and .dockerignore, checked without a Docker engine: they
 * parse, the paths they name exist and reach the image, every setting they give is one the
 * gateway knows and accepts, and the image runs the compiled JavaScript on a current LTS Node.js.
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { parseCommunities } from '../../../src/config/communities.js';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigSchema } from '../../../src/config/schema.js';
import { PROJECT_ROOT } from '../../support/shared.js';

const DOCKER = path.join(PROJECT_ROOT, 'docker');
const read = (p: string): string => readFileSync(path.join(PROJECT_ROOT, p), 'utf8');
const SETTINGS = new Set(Object.keys(ConfigSchema.shape));
/** Current Node.js LTS lines (22 "Jod", 24 "Krypton"). */
const LTS = ['22', '24'];

interface Instruction { readonly op: string; readonly args: string }
/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Instruction[] {
  return text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    .map((l) => { const [op = '', ...rest] = l.split(/\s+/); return { op: op.toUpperCase(), args: rest.join(' ') }; });
}

/** KEY=value pairs of an env file, commented-out examples ("# KEY=value") included. */
function envFileKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const m of text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=(.*)$/gm)) keys.set(m[1] as string, (m[2] as string).trim());
  return keys;
}

interface ComposeService {
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  env_file?: { path: string; required: boolean }[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

describe('Docker files', () => {
  const compose = load(read('docker/compose.yml')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
  const gateway = compose.services.gateway as ComposeService;
  const mongo = compose.services.mongo as ComposeService;
  const steps = instructions(read('docker/Dockerfile'));
  const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

  describe('Dockerfile', () => {
    it('builds and runs on a current LTS Node.js', () => {
      const images = steps.filter((s) => s.op === 'FROM').map((s) => /^node:(\d+)-/.exec(s.args)?.[1]);
      expect(images).to.have.length(2);
      for (const major of images) expect(LTS, `node:${major}`).to.include(major);
    });

    it('compiles with npm run build and runs the compiled JavaScript with plain node, no tsx', () => {
      expect(steps.some((s) => s.op === 'RUN' && s.args.includes('npm run build'))).to.equal(true);
      expect(steps.find((s) => s.op === 'COPY' && s.args.startsWith('--from=build'))?.args).to.equal('--from=build /app/dist ./dist');
      expect(steps.at(-1)).to.deep.equal({ op: 'CMD', args: '["node", "dist/main.js"]' });
      expect(steps.filter((s) => s.op === 'RUN').map((s) => s.args).join(' ')).not.to.contain('tsx');
      const runtime = steps.slice(steps.findLastIndex((s) => s.op === 'FROM'));
      expect(runtime.find((s) => s.op === 'RUN' && s.args.includes('npm ci'))?.args).to.contain('--omit=dev');
    });

    it('copies only paths that exist and that .dockerignore lets through, and what the compiled code reads at run time', () => {
      const sources = steps.filter((s) => s.op === 'COPY' && !s.args.startsWith('--from')).flatMap((s) => s.args.split(/\s+/).slice(0, -1));
      expect(sources).to.include.members(['package.json', 'package-lock.json', 'tsconfig.build.json', 'src', 'metadata-codes', 'wsdl']);
      for (const src of sources) {
        expect(existsSync(path.join(PROJECT_ROOT, src)), src).to.equal(true);
        expect(ignored.some((p) => p === src || p === src.split('/')[0]), `${src} is ignored`).to.equal(false);
      }
      for (const heavy of ['node_modules', '.git', 'data', '.tmp', 'dist']) expect(ignored, heavy).to.include(heavy);
    });

    it('sets only settings the gateway knows, with the embedded store in the /data volume', () => {
      const env = Object.fromEntries(steps.filter((s) => s.op === 'ENV')
        .flatMap((s) => s.args.split(/\s+/).map((kv) => kv.split('=') as [string, string])));
      expect(env.STORAGE_URL).to.equal('file:/data');
      for (const key of Object.keys(env).filter((k) => k !== 'NODE_ENV')) expect(SETTINGS, key).to.include(key);
      expect(loadConfig(env).STORAGE_URL).to.equal('file:/data');
      expect(steps.find((s) => s.op === 'VOLUME')?.args).to.equal('["/data"]');
    });
  });

  describe('compose.yml', () => {
    it('builds the gateway from the project root with docker/Dockerfile', () => {
      const context = path.resolve(DOCKER, gateway.build?.context ?? '?');
      expect(context).to.equal(PROJECT_ROOT);
      expect(existsSync(path.join(context, gateway.build?.dockerfile ?? '?'))).to.equal(true);
    });

    it('starts as shipped: the settings file is optional and the defaults are a configuration the gateway accepts', () => {
      expect(gateway.env_file).to.deep.equal([{ path: 'gateway.env', required: false }]);
      const env = Object.fromEntries(Object.entries(gateway.environment ?? {})
        .map(([k, v]) => [k, String(v).replace(/^\$\{\w+:-(.*)\}$/, '$1')]));
      for (const key of Object.keys(env)) expect(SETTINGS, key).to.include(key);
      const config = loadConfig(env);
      expect(config.XUA_MODE, 'a working default without a trust folder').to.equal('optional');
      expect(config.STORAGE_URL).to.match(/^mongodb:\/\/mongo:27017\/\w+\?replicaSet=rs0$/);
    });

    it('runs MongoDB as a one-node replica set that the healthcheck initiates, and the gateway waits for it', () => {
      expect(mongo.command).to.include.members(['--replSet', 'rs0']);
      expect(mongo.healthcheck?.test.join(' ')).to.contain("rs.initiate({ _id: 'rs0'").and.contain('isWritablePrimary');
      expect(gateway.depends_on).to.deep.equal({ mongo: { condition: 'service_healthy' } });
    });

    it('mounts data, trust certificates and the communities folder, which exist, where the example settings point', () => {
      const mounts = (gateway.volumes ?? []).map((v) => v.split(':'));
      expect(mounts.map((m) => m[1])).to.include.members(['/data', '/etc/gateway/xua-trust', '/etc/gateway/communities']);
      for (const [source] of mounts.filter(([s]) => s?.startsWith('.'))) expect(existsSync(path.join(DOCKER, source as string)), source).to.equal(true);
      for (const [name] of mounts.filter(([s]) => !s?.startsWith('.'))) expect(compose.volumes, name).to.have.property(name as string);
      const example = envFileKeys(read('docker/gateway.env.example'));
      expect(example.get('XUA_TRUST_DIR')?.startsWith('/etc/gateway/xua-trust')).to.equal(true);
      expect(example.get('XCA_COMMUNITIES')?.startsWith('/etc/gateway/communities/')).to.equal(true);
    });

    it('gateway.env.example names only settings the gateway knows, and its values are accepted', () => {
      const example = envFileKeys(read('docker/gateway.env.example'));
      expect(example.size).to.be.above(5);
      for (const key of example.keys()) expect(SETTINGS, key).to.include(key);
      const active = Object.fromEntries(read('docker/gateway.env.example').split('\n')
        .filter((l) => /^[A-Z]/.test(l)).map((l) => l.split('=', 2) as [string, string]));
      expect(() => loadConfig(active)).not.to.throw();
    });
  });

  it('examples/communities.json is a valid XCA_COMMUNITIES file', () => {
    const communities = parseCommunities(JSON.parse(read('examples/communities.json')), 'urn:oid:2.999.1.1');
    expect(communities.map((c) => c.homeCommunityId)).to.deep.equal(['urn:oid:2.999.10.1', 'urn:oid:2.999.10.2']);
  });
});
