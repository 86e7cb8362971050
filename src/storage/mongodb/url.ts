/**
 * MongoDB connection-string helpers that do not load the driver (config and tests use them).
 */

/** The database used when the connection string names none. */
export const DEFAULT_DATABASE = 'dokumentdeling';

/**
 * The database a connection string names in its path.
 * @param url - mongodb:// or mongodb+srv:// connection string
 * @returns the database name, or DEFAULT_DATABASE
 */
export function databaseName(url: string): string {
  const path = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(url)?.[1] ?? '';
  return path.length > 0 ? decodeURIComponent(path) : DEFAULT_DATABASE;
}

/**
 * The same connection string naming another database (tests use one per store).
 * @param url - mongodb:// or mongodb+srv:// connection string
 * @param name - the database
 * @returns the connection string with that database, options kept
 */
export function withDatabase(url: string, name: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(url);
  if (!m) throw new Error('not a mongodb:// connection string');
  return `${m[1]}/${encodeURIComponent(name)}${m[2] ?? ''}`;
}
