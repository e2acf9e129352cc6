import { describe, expect, it } from 'vitest';
import { loginDelaySeconds } from './login-failures.repo';

describe('loginDelaySeconds', () => {
  it.each([
    [1, 0],
    [3, 0],
    [4, 30],
    [5, 60],
    [6, 120],
    [8, 480],
    [9, 900],
    [40, 900],
  ])('after %i wrong passwords in a row (3 free) waits %i s', (failures, seconds) => {
    expect(loginDelaySeconds(failures, 3)).toBe(seconds);
  });
});
