import { hash } from 'node:crypto';

/** A prepared statement's name: the same text gets the same name on every connection and engine. */
export const statementName = (sql: string) => `s_${hash('sha1', sql, 'base64url')}`;

/**
 * Prepared texts stay in every connection's memory until it closes. The engine's texts depend on which
 * indicators a request names, so past this many distinct texts the rest run unprepared.
 */
export const MAX_PREPARED_TEXTS = 256;
