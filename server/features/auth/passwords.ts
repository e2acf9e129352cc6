import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (19 MiB, 2 passes: the OWASP minimum). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Verifying against a throwaway hash for unknown users keeps login time from revealing who exists. */
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hash('openeenc-timing-equalizer');
  await verifyPassword(await dummyHash, password);
}
