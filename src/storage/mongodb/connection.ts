import { randomUUID } from 'node:crypto';
import {
  MongoClient, MongoNetworkError, MongoNotConnectedError, MongoServerError,
  MongoServerSelectionError, MongoTopologyClosedError, type Db, type MongoClientOptions,
} from 'mongodb';
import { StoreUnavailableError } from '../errors.js';
import type { Logger } from '../../logging/logger.js';
import { databaseName } from './url.js';

export { DEFAULT_DATABASE, databaseName, withDatabase } from './url.js';

/**
 * Connecting to MongoDB (or a MongoDB-wire server such as FerretDB) so that calls fail fast
 * when it is unreachable and the driver reconnects by itself when it returns.
 *
 * Durability: every write uses write concern `{ w: 'majority', j: true }`. A write is
 * acknowledged only once it is in the on-disk journal of a majority of the replica set (of the
 * one server when standalone), so an acknowledged submission survives a crash or a fail-over.
 * The commit protocols rely on it: their commit point is acknowledged only when durable.
 * Reads use read concern `majority`, so a reader never sees a write that a fail-over could
 * still roll back.
 * A connection string may override any option below (e.g. `?serverSelectionTimeoutMS=5000`).
 */

/** Defaults chosen for fail-fast behaviour; the connection string may override them. */
const DEFAULTS = {
  /** How long a call waits for a usable server before failing (then: *NotAvailable). */
  serverSelectionTimeoutMS: 2000,
  connectTimeoutMS: 2000,
  /** A stalled socket (e.g. a silent network partition) fails a call after this long. */
  socketTimeoutMS: 20_000,
  /** How often the driver re-checks a server it lost, so recovery is noticed quickly. */
  heartbeatFrequencyMS: 2000,
} as const;

/** An open connection and the database the gateway uses. */
export interface MongoConnection {
  readonly client: MongoClient;
  readonly db: Db;
}

/**
 * Connects, using the database named in the URL path (or DEFAULT_DATABASE). Does not wait for
 * the server: the first call does, bounded by serverSelectionTimeoutMS.
 * @param url - a mongodb:// or mongodb+srv:// connection string
 * @returns the client and database
 */
export function connectMongo(url: string): MongoConnection {
  // Only the query part: a host list ("a:27017,b:27017") is not a URL that node's URL parses.
  const given = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  const opts: MongoClientOptions = {
    ignoreUndefined: true,
    writeConcern: { w: 'majority', journal: true },
    readConcern: { level: 'majority' },
  };
  for (const [k, v] of Object.entries(DEFAULTS)) {
    if (!hasParam(given, k)) (opts as Record<string, unknown>)[k] = v;
  }
  const client = new MongoClient(url, opts);
  return { client, db: client.db(databaseName(url)) };
}

function hasParam(params: URLSearchParams, name: string): boolean {
  for (const k of params.keys()) if (k.toLowerCase() === name.toLowerCase()) return true;
  return false;
}

/** Server error codes that mean "not reachable or not serving now", not "your request is wrong". */
const UNAVAILABLE_CODES = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);

/**
 * Whether an error means the database cannot be reached or is not serving (so the caller
 * should answer XDSRegistryNotAvailable / XDSRepositoryError), rather than a fault of the request.
 * @param e - anything thrown by the driver
 * @returns true for network, server-selection and shutdown errors
 */
function isUnavailable(e: unknown): boolean {
  // MongoNetworkError includes the driver's pool-cleared errors.
  if (e instanceof MongoNetworkError || e instanceof MongoServerSelectionError || e instanceof MongoTopologyClosedError
    || e instanceof MongoNotConnectedError) return true;
  return e instanceof MongoServerError && typeof e.code === 'number' && UNAVAILABLE_CODES.has(e.code);
}

/**
 * What to throw for an error of the driver: "database away" (isUnavailable) as the port's
 * StoreUnavailableError, with the driver's error as its cause; anything else as it is.
 * @param e - anything thrown by the driver
 * @param store - the store of the port that made the call, for the message
 * @returns the error to throw
 */
export function asUnavailable(e: unknown, store: 'metadata' | 'documents'): unknown {
  return isUnavailable(e) ? new StoreUnavailableError(`The database of the ${store} store is not reachable`, e) : e;
}

/**
 * Runs a database call, mapping "database away" as asUnavailable does.
 * @param store - the store of the port that makes the call
 * @param f - the call
 * @returns what the call returns
 */
export async function guardUnavailable<T>(store: 'metadata' | 'documents', f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw asUnavailable(e, store);
  }
}

/**
 * Whether the server runs multi-document transactions. A replica set or mongos says so in
 * `hello`, but a wire-compatible server may claim a replica set name without implementing them
 * (FerretDB does with --repl-set-name), so a real transaction is tried on a scratch collection.
 * @param conn - the connection
 * @param log - logger for the outcome
 * @returns true when a transaction committed
 */
export async function supportsTransactions(conn: MongoConnection, log: Logger): Promise<boolean> {
  const hello = await conn.db.admin().command({ hello: 1 });
  if (typeof hello.setName !== 'string' && hello.msg !== 'isdbgrid') return false;
  // Collections are created outside the transaction: MongoDB before 4.4 cannot create them inside.
  await conn.db.createCollection('capabilityProbe').catch(() => undefined);
  const probe = conn.db.collection<{ _id: string }>('capabilityProbe');
  const session = conn.client.startSession();
  const id = randomUUID();
  try {
    await session.withTransaction(async () => { await probe.insertOne({ _id: id }, { session }); });
    await probe.deleteOne({ _id: id });
    return true;
  } catch (e) {
    if (isUnavailable(e)) throw e;
    log.warn('mongodb: the server names a replica set but refused a transaction; using the commit-record protocol', { error: String(e) });
    return false;
  } finally {
    await session.endSession();
  }
}

/**
 * What the two MongoDB stores share: a periodic recovery that does not keep the process alive,
 * ping (/readyz) and an idempotent close that releases their hold on the shared connection.
 */
export class StoreLifecycle {
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  /**
   * @param conn - the shared connection
   * @param release - gives the store's hold on the connection back
   */
  constructor(private readonly conn: MongoConnection, private readonly release: () => Promise<void>) {}

  /**
   * @param everyMs - interval; 0 or less runs nothing
   * @param recover - the recovery to run, which must not reject
   */
  repeat(everyMs: number, recover: () => void): void {
    if (everyMs <= 0) return;
    this.timer = setInterval(recover, everyMs);
    this.timer.unref();
  }

  async ping(): Promise<void> {
    await this.conn.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.release();
  }
}
