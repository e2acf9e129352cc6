import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { applyPatch, flattenDoc, patchBetween, unflattenDoc } from './flat-record';
import { kmcLogId, PNC_VISIT_SHAPE } from './record-shapes';

const N1 = '11111111-1111-4111-8111-111111111111';
const N2 = '22222222-2222-4222-8222-222222222222';
const visit = {
  birthId: '33333333-3333-4333-8333-333333333333',
  contactCode: 'c2',
  visitedAt: '2026-03-10T02:00:00.000Z',
  place: 'home',
  seenBy: 'YS. Hương',
  mother: { pulseBpm: 82, dangerSigns: ['none'] },
  newborns: [
    { newbornId: N1, weightGrams: 3100, immunisation: { hepB0: true, bcg: null, opv0: null } },
    { newbornId: N2, weightGrams: 2900, immunisation: { hepB0: null, bcg: null, opv0: null } },
  ],
};

describe('flat records of any shape', () => {
  it('flattens a postnatal contact by field, mother part and baby id, and back', () => {
    const flat = flattenDoc(PNC_VISIT_SHAPE, visit);
    expect(flat).toMatchObject({
      contactCode: 'c2',
      'mother.seen': true,
      'mother.pulseBpm': 82,
      [`newborns.${N1}.weightGrams`]: 3100,
      [`newborns.${N2}.immunisation`]: { hepB0: null, bcg: null, opv0: null },
    });
    expect(unflattenDoc(PNC_VISIT_SHAPE, flat)).toEqual(visit);
  });

  it('turns "mother not seen" and a baby no longer seen into a patch that applies back', () => {
    const before = flattenDoc(PNC_VISIT_SHAPE, visit);
    const after = flattenDoc(PNC_VISIT_SHAPE, { ...visit, mother: null, newborns: [visit.newborns[0]] });
    const patch = patchBetween(before, after);
    expect(patch).toEqual({ 'mother.seen': false, [`newborns.${N2}`]: null });
    const doc = unflattenDoc(PNC_VISIT_SHAPE, applyPatch(before, patch));
    expect(doc).toMatchObject({ mother: null, newborns: [{ newbornId: N1 }] });
  });

  it('names a KMC day by its episode and date, the same on every device', () => {
    const episode = 'abcdef01-2345-4678-9abc-def012345678';
    expect(kmcLogId(episode, '2026-03-09')).toBe('23454678-9abc-8def-8012-345678005029');
    expect(kmcLogId(episode, '2026-03-10')).not.toBe(kmcLogId(episode, '2026-03-09'));
  });

  it('names the same day of two episodes differently when their ids differ only at the end (a series)', () => {
    const a = kmcLogId('00000000-0000-4000-8000-000000005028', '2026-03-09');
    const b = kmcLogId('00000000-0000-4000-8000-000000005029', '2026-03-09');
    expect(a).not.toBe(b);
    // A valid UUID (version 8, variant 10xx), which the protocol's schema requires of every record id.
    expect([a, b].every((id) => z.uuid().safeParse(id).success)).toBe(true);
  });
});
