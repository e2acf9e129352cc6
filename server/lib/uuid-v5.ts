import { hash } from 'node:crypto';

/** The project's namespace for name-based ids (demo data, DHIS2 ids mapped onto UUIDs). */
export const OPENEENC_NAMESPACE = '3f0f6c1e-5a7b-4c2d-9e8f-0a1b2c3d4e5f';

const namespaceBytes = new Map<string, Buffer>();

/** RFC 9562 version-5 UUID: the same name always gives the same id, so re-imports never duplicate. */
export function uuidV5(name: string, namespace: string = OPENEENC_NAMESPACE): string {
  let ns = namespaceBytes.get(namespace);
  if (!ns) {
    ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    namespaceBytes.set(namespace, ns);
  }
  // One-shot hashing: an import derives an id per newborn, and a Hash object per call cost more than the digest.
  const digest = hash('sha1', Buffer.concat([ns, Buffer.from(name, 'utf8')]), 'buffer');
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
