import { describe, expect, it } from 'vitest';
import { localDate } from './local-date';

describe('localDate', () => {
  it.each([
    ['2026-03-09T16:59:59.999Z', 'Asia/Ho_Chi_Minh', '2026-03-09'],
    ['2026-03-09T17:00:00.000Z', 'Asia/Ho_Chi_Minh', '2026-03-10'],
    ['2026-03-10T02:15:00+07:00', 'Asia/Ho_Chi_Minh', '2026-03-10'],
    ['2026-03-10T18:14:59Z', 'Asia/Kathmandu', '2026-03-10'],
    ['2026-03-10T18:15:00Z', 'Asia/Kathmandu', '2026-03-11'],
    ['2026-03-28T22:59:59Z', 'Europe/Paris', '2026-03-28'],
    ['2026-03-28T23:00:00Z', 'Europe/Paris', '2026-03-29'],
    ['2026-10-24T21:59:59Z', 'Europe/Paris', '2026-10-24'],
    ['2026-10-24T22:00:00Z', 'Europe/Paris', '2026-10-25'],
    ['2026-01-01T03:29:59Z', 'America/St_Johns', '2025-12-31'],
    ['2026-01-01T03:30:00Z', 'America/St_Johns', '2026-01-01'],
  ])('dates %s in %s as %s, also when asked again', (instant, zone, date) => {
    expect(localDate(instant, zone)).toBe(date);
    expect(localDate(new Date(instant), zone)).toBe(date);
  });
});
