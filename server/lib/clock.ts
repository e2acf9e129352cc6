/** Time comes in as a dependency so that lockouts, expiries and schedules can be tested at their boundaries. */
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };
