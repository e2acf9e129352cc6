import { hash } from 'node:crypto';

/** A prepared statement's name: the same text gets the same name on every connection and engine. */
export const statementName = (sql: string) => `s_${hash('sha1', sql, 'base64url')}`;

/**
 * Prepared texts stay in a connection's memory (0.5–1 MB of plan each for the engine's statements,
 * measured in pg_backend_memory_contexts), and the engine's texts depend on which indicators a request
 * names, so each connection keeps at most this many. The app's own screens use a few dozen.
 */
export const MAX_PREPARED_TEXTS = 64;
