import type { Birth, BirthInput } from './birth.schema';

/**
 * The input document a stored birth would be written from: the API document without what the server
 * adds (names, flags, derived values, metadata). Used to send a record back after a small edit
 * (discharge) and to compare a replayed create with the stored record.
 */
export function birthToInput(b: Birth): Omit<BirthInput, 'id'> {
  const { communeName: _c, ...mother } = b.mother;
  const { flags: _f, ...delivery } = b.delivery;
  return {
    facilityId: b.facilityId,
    mother,
    delivery,
    newborns: b.newborns.map(({ derived: _d, ...n }) => n),
  };
}
