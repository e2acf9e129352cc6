import { describe, expect, it } from 'vitest';
import { retryTransient, TRANSACTION_ATTEMPTS } from './db';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
const noSleep = async () => {};

describe('retryTransient', () => {
  it.each(['40P01', '40001'])('runs the attempt again after a %s and returns its result', async (code) => {
    let calls = 0;
    const result = await retryTransient(async () => {
      calls++;
      if (calls < 3) throw pgError(code);
      return 'done';
    }, noSleep);
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it(`gives up after ${TRANSACTION_ATTEMPTS} attempts and throws the last error`, async () => {
    let calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        throw pgError('40P01');
      }, noSleep),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(calls).toBe(TRANSACTION_ATTEMPTS);
  });

  it('does not run again after any other error', async () => {
    for (const err of [pgError('23505'), new Error('plain')]) {
      let calls = 0;
      await expect(
        retryTransient(async () => {
          calls++;
          throw err;
        }, noSleep),
      ).rejects.toBe(err);
      expect(calls).toBe(1);
    }
  });
});
