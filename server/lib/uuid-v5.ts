import { createHash } from 'node:crypto';

/** The project's namespace for name-based ids (demo data, DHIS2 ids mapped onto UUIDs). */
export const OPENEENC_NAMESPACE = '3f0f6c1e-5a7b-4c2d-9e8f-0a1b2c3d4e5f';

/** RFC 9562 version-5 UUID: the same name always gives the same id, so re-imports never duplicate. */
export function uuidV5(name: string, namespace: string = OPENEENC_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
