import { z } from 'zod';
import { canonicalCommunityId, isHomeCommunityId, isIsoOid, MAX_OID_LENGTH } from '../domain/oid.js';

/** Test homeCommunityId used when none is configured: an OID under 2.999 (ITU-T example arc). */
export const TEST_HOME_COMMUNITY_ID = 'urn:oid:2.999.1.1';
/** Test repositoryUniqueId used when none is configured. */
export const TEST_REPOSITORY_UNIQUE_ID = '2.999.1.2';
const DEFAULT_XUA_MODE = 'optional';

const oid = z.string().max(MAX_OID_LENGTH).refine(isIsoOid, 'an OID such as 1.2.3');
const list = z.string().optional()
  .transform((s) => (s ? s.split(',').map((a) => a.trim()).filter(Boolean) : []));
/** An allowed reply host: a DNS name (optionally "*." for its subdomains) or an IP literal, optionally with a port. */
const REPLY_HOST = /^(?:(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const bytes = (def: number) => z.coerce.number().int().positive().default(def);
const count = (def: number, min: number) => z.coerce.number().int().min(min).default(def);
/**
 * A homeCommunityId setting: `urn:oid:<OID>` or the bare OID, kept in the canonical urn:oid: form
 * (norway-profile.md §3.3).
 */
export const communityIdSetting = z.preprocess((v) => (typeof v === 'string' ? canonicalCommunityId(v) : v), z.string()
  .refine(isHomeCommunityId, 'urn:oid:<OID> (or the bare OID), OID at most 64 characters'));

/**
 * Every setting of the gateway, validated before anything listens. Names are those of
 * the interface contract (README, interface.md).
 */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  STORAGE_URL: z.string()
    .regex(/^(file:|memory:|mongodb(\+srv)?:\/\/)/, 'file:<dir>, memory: or mongodb://…')
    .default('file:./data'),
  HOME_COMMUNITY_ID: communityIdSetting.default(TEST_HOME_COMMUNITY_ID),
  REPOSITORY_UNIQUE_ID: oid.default(TEST_REPOSITORY_UNIQUE_ID),
  XUA_MODE: z.enum(['off', 'optional', 'required']).default(DEFAULT_XUA_MODE),
  XUA_TRUST_DIR: z.string().optional(),
  /** CA certificates that ticket-signing certificates (sent in KeyInfo) may chain to; cert-chain.ts. */
  XUA_TRUST_ROOTS_DIR: z.string().optional(),
  XUA_AUDIENCES: list,
  XUA_ISSUERS: list,
  /** Tolerance for NotBefore / NotOnOrAfter and wsu:Timestamp; 300 s as NHN's reference validator. */
  XUA_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
  /** Issuers whose tickets are citizen tickets (Helsenorge); norway-profile.md §4.4. */
  XUA_CITIZEN_ISSUERS: z.string().default('sikkerhet.helsenorge.no')
    .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean)),
  /** HelseID JWT (FHIR side): accepted issuers, audiences, keys and scopes; norway-profile.md §5. */
  HELSEID_ISSUERS: list,
  HELSEID_AUDIENCES: list,
  HELSEID_JWKS_FILE: z.string().optional(),
  HELSEID_KEYS_DIR: z.string().optional(),
  HELSEID_SCOPES: list,
  /** Scopes that let a system token (no user) read patients' access logs, GET /fhir/AuditEvent; none by default. */
  AUDIT_READ_SCOPES: list,
  /** The file audit trail (STORAGE_URL=file:) is kept in segments of this many MiB; each full one is closed and indexed. */
  AUDIT_SEGMENT_MB: z.coerce.number().int().min(1).max(4096).default(16),
  /** Closed audit segments older than this many days are deleted; 0 keeps the whole trail (the default). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  XCA_COMMUNITIES: z.string().optional(),
  /**
   * Hosts the XCA responding gateway sends asynchronous replies to (a non-anonymous wsa:ReplyTo,
   * ITI TF-2 3.38.1, Appendix V.5), comma separated: "host", "host:port" or "*.domain". The
   * address comes from the caller, so none are allowed unless listed: empty refuses them all.
   */
  XCA_ASYNC_REPLY_HOSTS: list.refine((hosts) => hosts.every((h) => REPLY_HOST.test(h)),
    'comma-separated host, host:port or *.domain entries'),
  /** Longest time one attempt to deliver an asynchronous reply may take. */
  XCA_ASYNC_REPLY_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  GATEWAY_CONFIG: z.string().optional(),
  /** Largest SOAP request accepted, in bytes (MTOM parts included). */
  MAX_REQUEST_BYTES: bytes(1024 * 1024 * 1024),
  /** Largest XML part (the SOAP envelope) accepted, in bytes. */
  MAX_XML_BYTES: bytes(64 * 1024 * 1024),
  /** A request whose body sends nothing for this long is refused (408); guards against stalled uploads. */
  REQUEST_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Longest time a whole request may take to arrive (HTTP server requestTimeout). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(600_000),
  /**
   * Limits on every XML message read (requests, and answers from other communities). Each is
   * checked as the text streams through the parser, which stops at the first one broken, so
   * a request's parsing work is bounded before anything else (authentication included) runs.
   */
  XML_MAX_DEPTH: count(64, 8),
  XML_MAX_ELEMENTS: count(500_000, 100),
  /** Per element, namespace declarations included. */
  XML_MAX_ATTRIBUTES: count(64, 8),
  /** Per message. */
  XML_MAX_NAMESPACE_DECLARATIONS: count(10_000, 16),
  /** Longest text, CDATA section, comment or attribute value; inline documents larger than this go as MTOM parts. */
  XML_MAX_TEXT_CHARS: count(16 * 1024 * 1024, 1024),
  /** Largest SOAP Header, start tag to end tag. */
  SOAP_MAX_HEADER_CHARS: count(256 * 1024, 1024),
  /** Largest SAML assertion (XUA ticket), checked before any signature work. */
  XUA_MAX_TICKET_CHARS: count(64 * 1024, 1024),
  /** Most milliseconds of CPU time the parsing of one message may take before it is refused. */
  REQUEST_CPU_BUDGET_MS: count(5_000, 10),
  /** Most MIME parts in one MTOM request or answer. */
  MTOM_MAX_PARTS: count(1_000, 2),
  /** Attachment bytes one MTOM message may hold in memory; parts beyond this go to temp files. */
  MTOM_MEMORY_BYTES: z.coerce.number().int().min(0).default(8 * 1024 * 1024),
  /**
   * How the ticket's patient is matched with the queried patient and the documents: `strict` (the
   * same CX), `xref` (the same person in the patient cross-reference; the default) or `off` (not
   * compared: test set-ups only). docs/patient-identities.md
   */
  ACCESS_PATIENT_MATCH: z.enum(['strict', 'xref', 'off']).default('xref'),
  /** Scopes that let a system token feed the patient cross-reference (PIXm ITI-104, PUT/DELETE /fhir/Patient). */
  PATIENT_FEED_SCOPES: list,
  /** Most entries a stored query may return before XDSTooManyResults. */
  MAX_QUERY_RESULTS: z.coerce.number().int().positive().default(10_000),
  /** Metadata profile: which code systems and rules apply. */
  METADATA_PROFILE: z.enum(['norway', 'ihe-generic']).default('norway'),
  /** Severity overrides of profile rules, e.g. "no.hpr.number=warning,no.code.known=off" (docs/metadata-profiles.md). */
  METADATA_RULES: z.string().default('')
    .refine((v) => v.split(',').every((e) => !e.trim() || /^\s*[\w.*-]+\s*=\s*(error|warning|off)\s*$/.test(e)),
      'comma-separated rule-id=error|warning|off'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /**
   * On SIGTERM, how long the gateway keeps serving while /readyz answers 503, so that a load
   * balancer stops sending before the listener closes. 0 closes at once.
   */
  DRAIN_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  /** On SIGTERM, how long requests in flight may take to finish before their connections are closed. */
  DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
});

export type Config = z.infer<typeof ConfigSchema>;
