import { afterEach, describe, expect, it, vi } from 'vitest';
import { foreground, makeWayForForeground, MAX_PAUSE_MS } from './foreground';

describe('foreground gauge', () => {
  afterEach(() => vi.useRealTimers());

  it('sees a request that is being served, and one that ended after a given time, not one before', () => {
    const before = performance.now();
    foreground.enter();
    expect(foreground.seenSince(performance.now() + 1000)).toBe(true);
    foreground.leave();
    expect(foreground.seenSince(before)).toBe(true);
    expect(foreground.seenSince(performance.now() + 1)).toBe(false);
  });

  it('does not go below zero when a request leaves twice', () => {
    foreground.leave();
    foreground.leave();
    foreground.enter();
    foreground.leave();
    expect(foreground.seenSince(performance.now() + 1)).toBe(false);
  });

  it('makes no pause when nobody was served during the step', async () => {
    vi.useFakeTimers();
    const startedAt = performance.now() + 1;
    let done = false;
    void makeWayForForeground(startedAt).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
  });

  it('pauses as long as the step took when someone was served', async () => {
    vi.useFakeTimers();
    const startedAt = performance.now();
    vi.advanceTimersByTime(200);
    foreground.enter();
    foreground.leave();
    let done = false;
    void makeWayForForeground(startedAt).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(199);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('pauses at most the cap after a long step', async () => {
    vi.useFakeTimers();
    const startedAt = performance.now();
    vi.advanceTimersByTime(5000); // a step of 5 s
    foreground.enter();
    foreground.leave();
    let done = false;
    void makeWayForForeground(startedAt).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(MAX_PAUSE_MS - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});
