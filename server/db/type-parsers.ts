/**
 * Both engines return the same JavaScript types: counts (int8) and numerics as numbers, dates as
 * 'YYYY-MM-DD' strings (never a Date shifted into the server's time zone), timestamps as Date.
 */
export const PG_TYPE = { int8: 20, numeric: 1700, date: 1082 } as const;

const toNumber = (v: string) => Number(v);
const asIs = (v: string) => v;

export const TYPE_PARSERS: Record<number, (value: string) => unknown> = {
  [PG_TYPE.int8]: toNumber,
  [PG_TYPE.numeric]: toNumber,
  [PG_TYPE.date]: asIs,
};
