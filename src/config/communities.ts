/**
 * The XCA_COMMUNITIES file: the remote Responding Gateways the Initiating Gateway fans out to.
 * A JSON file `{ "communities": [ … ] }`, validated by its own schema at start (house-style A9);
 * a bad file stops the process with every problem named. See ihe-requirements.md §9.2 and
 * norway-profile.md §3.3 (homeCommunityId as urn:oid:<OID>).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './load.js';
import { communityIdSetting } from './schema.js';

const httpUrl = z.string().url().refine((u) => /^https?:\/\//i.test(u), 'an http:// or https:// URL');

/** TLS towards one community: trust anchors and, for mutual TLS, our client certificate. */
const TlsSchema = z.object({
  /** PEM file(s) of the CAs that may sign the community's server certificate; system CAs when absent. */
  caFile: z.string().min(1).optional(),
  /** PEM client certificate and key for mutual TLS (Norsk helsenett requires it). */
  certFile: z.string().min(1).optional(),
  keyFile: z.string().min(1).optional(),
  /** Whether to check the server certificate; only a test set-up turns this off. */
  rejectUnauthorized: z.boolean().default(true),
  /** SNI / certificate name when it differs from the URL's host. */
  servername: z.string().min(1).optional(),
}).strict().refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), 'certFile and keyFile go together');

/** One remote community. Defaults suit a responding gateway on Norsk helsenett. */
const CommunitySchema = z.object({
  homeCommunityId: communityIdSetting,
  /** A name for logs. */
  name: z.string().min(1).optional(),
  /** ITI-38 Cross Gateway Query endpoint. */
  queryUrl: httpUrl,
  /** ITI-39 Cross Gateway Retrieve endpoint. */
  retrieveUrl: httpUrl,
  /** Longest wait for one community, all attempts included: a dead community costs at most this. */
  timeoutMs: z.number().int().min(1).max(600_000).default(10_000),
  /** Further attempts after a failure to connect or a 5xx without a SOAP answer. */
  retries: z.number().int().min(0).max(10).default(1),
  /** Back-off before the first retry; doubled for each further one. */
  retryBackoffMs: z.number().int().min(0).max(60_000).default(100),
  /** Most DocumentRequests in one ITI-39 request; larger retrieves are split. */
  maxDocumentsPerRetrieve: z.number().int().min(1).max(10_000).default(50),
  tls: TlsSchema.optional(),
}).strict();

export type Community = z.infer<typeof CommunitySchema>;
export type CommunityTls = NonNullable<Community['tls']>;

/** `url` is shorthand for one endpoint serving both ITI-38 and ITI-39 (e.g. /services/xca). */
const withUrlShorthand = (v: unknown): unknown => {
  if (typeof v !== 'object' || v === null || !('url' in v)) return v;
  const { url, ...rest } = v as Record<string, unknown>;
  return { queryUrl: url, retrieveUrl: url, ...rest };
};

const FileSchema = z.object({ communities: z.array(z.preprocess(withUrlShorthand, CommunitySchema)) }).strict();

/**
 * Validates the content of an XCA_COMMUNITIES file.
 * @param json - the parsed JSON
 * @param ownHome - this gateway's HOME_COMMUNITY_ID, which no remote community may reuse
 * @param source - the file name, for messages
 * @returns the communities, defaults applied
 * @throws ConfigError naming every problem as "XCA_COMMUNITIES <path>: <message>"
 */
export function parseCommunities(json: unknown, ownHome: string, source = 'XCA_COMMUNITIES'): Community[] {
  const r = FileSchema.safeParse(json);
  const problems = r.success ? [] : r.error.issues.map((i) => `${source} ${i.path.join('.') || '(root)'}: ${i.message}`);
  const list = r.success ? r.data.communities : [];
  const seen = new Set<string>([ownHome]);
  list.forEach((c, i) => {
    if (seen.has(c.homeCommunityId)) {
      problems.push(`${source} communities.${i}.homeCommunityId: ${c.homeCommunityId} is used twice (or is this gateway's own HOME_COMMUNITY_ID)`);
    }
    seen.add(c.homeCommunityId);
  });
  if (problems.length) throw new ConfigError(problems);
  return list;
}

/**
 * Reads and validates the XCA_COMMUNITIES file.
 * @param file - the path from XCA_COMMUNITIES; none means no remote community
 * @param ownHome - this gateway's HOME_COMMUNITY_ID
 * @returns the communities
 * @throws ConfigError for an unreadable file, bad JSON or bad content
 */
export function loadCommunities(file: string | undefined, ownHome: string): Community[] {
  if (!file) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([`XCA_COMMUNITIES: cannot read ${file} as JSON: ${(e as Error).message}`]);
  }
  return parseCommunities(json, ownHome, `XCA_COMMUNITIES (${file})`);
}
