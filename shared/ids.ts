/**
 * Record ids are UUIDs that a client may generate (offline capture creates records before the server
 * sees them). `crypto.randomUUID` exists in Node 20 and in every browser we support.
 */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
