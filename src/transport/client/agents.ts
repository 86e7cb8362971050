/**
 * One keep-alive HTTP(S) agent per community, so that a fan-out reuses its connections and
 * each community gets its own TLS settings (trust anchors, client certificate for mutual
 * TLS). Certificate files are read once, at start. house-style A6 (outbound).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Community, CommunityTls } from '../../config/communities.js';
import { ConfigError } from '../../config/load.js';

/** Connections kept open per community; a fan-out uses one per request in flight. */
const MAX_SOCKETS = 64;

function readPem(file: string, what: string, home: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new ConfigError([`XCA_COMMUNITIES ${home} tls.${what}: cannot read ${file}: ${(e as Error).message}`]);
  }
}

function tlsOptions(tls: CommunityTls | undefined, home: string): https.AgentOptions {
  if (!tls) return {};
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.caFile ? { ca: readPem(tls.caFile, 'caFile', home) } : {}),
    ...(tls.certFile ? { cert: readPem(tls.certFile, 'certFile', home) } : {}),
    ...(tls.keyFile ? { key: readPem(tls.keyFile, 'keyFile', home) } : {}),
    ...(tls.servername ? { servername: tls.servername } : {}),
  };
}

/** The agents of all communities, by homeCommunityId and scheme. */
export class CommunityAgents {
  private readonly agents = new Map<string, http.Agent>();
  private readonly tls = new Map<string, https.AgentOptions>();

  /**
   * @param communities - the configured communities
   * @throws ConfigError when a certificate file cannot be read
   */
  constructor(communities: readonly Community[]) {
    for (const c of communities) this.tls.set(c.homeCommunityId, tlsOptions(c.tls, c.homeCommunityId));
  }

  /**
   * The agent for a community's URL: HTTPS ones carry the community's TLS settings.
   * @param home - the community's homeCommunityId
   * @param url - the endpoint to call
   */
  agentFor(home: string, url: URL): http.Agent {
    const secure = url.protocol === 'https:';
    const key = `${secure ? 's' : 'p'} ${home}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const base = { keepAlive: true, maxSockets: MAX_SOCKETS };
      agent = secure ? new https.Agent({ ...base, ...(this.tls.get(home) ?? {}) }) : new http.Agent(base);
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Closes every kept-alive connection. */
  destroy(): void {
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }
}
