/**
 * A set of UUIDs that costs 8 bytes per entry (two 32-bit words of a 64-bit fingerprint in an open-address
 * table) instead of about 100 for a `Set<string>`: an import of a million births remembers every birth
 * and newborn id it has seen in about 32 MB. Two different ids share a fingerprint with a probability
 * of about n² / 2⁶⁵ (3 in 100 million for a million ids); the importer can at worst report such a pair
 * as a repeated id.
 */
export class UuidSet {
  private table = new Uint32Array(2 * 4096);
  private mask = 4095;
  private count = 0;
  private hasZero = false;

  get size(): number {
    return this.count + (this.hasZero ? 1 : 0);
  }

  /** Adds the id; false when it was there already. */
  add(uuid: string): boolean {
    const [a, b] = fingerprint(uuid);
    if (a === 0 && b === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      return true;
    }
    const slot = this.find(a, b);
    if (this.table[2 * slot] !== 0 || this.table[2 * slot + 1] !== 0) return false;
    this.table[2 * slot] = a;
    this.table[2 * slot + 1] = b;
    this.count++;
    if (this.count * 2 > this.mask) this.grow();
    return true;
  }

  has(uuid: string): boolean {
    const [a, b] = fingerprint(uuid);
    if (a === 0 && b === 0) return this.hasZero;
    const slot = this.find(a, b);
    return this.table[2 * slot] !== 0 || this.table[2 * slot + 1] !== 0;
  }

  /** The slot holding (a, b), or the empty slot where it would go (linear probing). */
  private find(a: number, b: number): number {
    let slot = (Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1) >>> 0) & this.mask;
    for (;;) {
      const x = this.table[2 * slot]!;
      const y = this.table[2 * slot + 1]!;
      if ((x === 0 && y === 0) || (x === a && y === b)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.table;
    this.mask = this.mask * 2 + 1;
    this.table = new Uint32Array(2 * (this.mask + 1));
    for (let i = 0; i < old.length; i += 2) {
      const a = old[i]!;
      const b = old[i + 1]!;
      if (a === 0 && b === 0) continue;
      const slot = this.find(a, b);
      this.table[2 * slot] = a;
      this.table[2 * slot + 1] = b;
    }
  }
}

/** 64 bits of a UUID: its four 32-bit words folded in pairs (random in v4 and v5 ids alike). */
function fingerprint(uuid: string): [number, number] {
  // Hex digits 0-7, 9-12 + 14-17, 19-22 + 24-27, 28-35 of the 8-4-4-4-12 form.
  const w0 = parseInt(uuid.slice(0, 8), 16) | 0;
  const w1 = parseInt(uuid.slice(9, 13) + uuid.slice(14, 18), 16) | 0;
  const w2 = parseInt(uuid.slice(19, 23) + uuid.slice(24, 28), 16) | 0;
  const w3 = parseInt(uuid.slice(28, 36), 16) | 0;
  return [(w0 ^ Math.imul(w2, 0x27d4eb2d)) >>> 0, (w1 ^ w3) >>> 0];
}
