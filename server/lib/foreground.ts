/**
 * Who is waiting for the server right now. Bulk work (a birth import) runs in the same process and on the
 * same database as the requests people wait for; on a small machine it takes the cores they need. The
 * HTTP layer counts the requests being served, except those of routes declared `background` (the import
 * itself, bulk exports), and bulk work asks `seenSince` to decide whether to make way (see `pace`).
 * One gauge per process: the CPU it shares is the process's.
 */
class ForegroundGauge {
  private active = 0;
  private lastActivity = -Infinity;

  enter(): void {
    this.active++;
    this.lastActivity = performance.now();
  }

  leave(): void {
    this.active = Math.max(0, this.active - 1);
    this.lastActivity = performance.now();
  }

  /** Whether a foreground request was being served at any moment since `t` (a `performance.now()`). */
  seenSince(t: number): boolean {
    return this.active > 0 || this.lastActivity >= t;
  }
}

export const foreground = new ForegroundGauge();

/** Longest pause that bulk work takes at a time, so that a steady stream of reads cannot stop it. */
export const MAX_PAUSE_MS = 1000;

/**
 * Called by bulk work after a step that started at `startedAt`: when people were served meanwhile, waits
 * as long as the step took (at most MAX_PAUSE_MS), so the step's work and theirs take turns half and half;
 * otherwise returns at once. The online rollup rebuild paces its chunks the same way (docs/indicators.md).
 */
export async function makeWayForForeground(startedAt: number): Promise<void> {
  if (!foreground.seenSince(startedAt)) return;
  const took = performance.now() - startedAt;
  await new Promise((resolve) => setTimeout(resolve, Math.min(took, MAX_PAUSE_MS)));
}
