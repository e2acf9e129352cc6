/**
 * A seeded random number generator (mulberry32) for synthetic data: the CSV generator, the benchmarks and
 * tests draw the same sequence from the same seed. Small, fast and good enough; 2³² period, far above our
 * draws. Not for anything secret.
 */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
