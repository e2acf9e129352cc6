import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './db';
import { startVacuumLoop } from './vacuum-loop';

describe('startVacuumLoop', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const logger = () => ({ info: vi.fn(), error: vi.fn() });

  it('runs every interval, one run at a time, logs table names only, and stops', async () => {
    let finish: (tables: string[]) => void = () => {};
    const vacuum = vi.fn(() => new Promise<string[]>((resolve) => (finish = resolve)));
    const log = logger();
    const stop = startVacuumLoop(
      { vacuumTablesThatNeedIt: vacuum } as unknown as Db,
      60,
      log as unknown as FastifyBaseLogger,
    );
    await vi.advanceTimersByTimeAsync(59 * 60_000);
    expect(vacuum).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(vacuum).toHaveBeenCalledTimes(1);
    // Still running an hour later: no second run on top of it.
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(vacuum).toHaveBeenCalledTimes(1);
    finish(['public.births']);
    await vi.advanceTimersByTimeAsync(0);
    expect(log.info).toHaveBeenCalledWith(
      { tables: ['public.births'], ms: expect.any(Number) },
      'vacuumed the embedded database',
    );
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(vacuum).toHaveBeenCalledTimes(2);
    stop();
    finish([]);
    await vi.advanceTimersByTimeAsync(3 * 60 * 60_000);
    expect(vacuum).toHaveBeenCalledTimes(2);
    expect(log.info).toHaveBeenCalledTimes(1);
  });

  it('logs a failure and tries again next time; 0 minutes never runs', async () => {
    const vacuum = vi.fn().mockRejectedValueOnce(new Error('disk full')).mockResolvedValue([]);
    const log = logger();
    const stop = startVacuumLoop(
      { vacuumTablesThatNeedIt: vacuum } as unknown as Db,
      1,
      log as unknown as FastifyBaseLogger,
    );
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(vacuum).toHaveBeenCalledTimes(2);
    expect(log.error).toHaveBeenCalledTimes(1);
    stop();

    const never = vi.fn();
    startVacuumLoop(
      { vacuumTablesThatNeedIt: never } as unknown as Db,
      0,
      log as unknown as FastifyBaseLogger,
    );
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    expect(never).not.toHaveBeenCalled();
  });
});
