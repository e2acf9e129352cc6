import { describe, expect, it } from 'vitest';
import { buildBirthRaw, buildNewbornRaw } from '../../../shared/births/birth-builders';
import { orgUnitIdOf } from '../../seed/demo';
import { useLogin, useTestApp } from '../../test/test-app';

/**
 * Record keys of the cell-key method are stored when a birth and its babies are written (migration
 * 0054), so that the rollup triggers do not hash every id again; the stored key must be the hash of the
 * id that every other query computes (`cell_record_key`), or a partner would see two values for a cell.
 */
describe('stored record keys', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');

  const mismatches = async (birthId: string) =>
    t.db.query<{ kind: string; stored: number | null; hashed: number }>(
      `select 'birth' as kind, record_key as stored, cell_record_key(id) as hashed from births where id = $1
       union all
       select 'newborn', record_key, cell_record_key(id) from newborns where birth_id = $1`,
      [birthId],
    );

  it('are the hash of the id for a new birth and its twins, and for a baby added by an edit', async () => {
    const twins = buildBirthRaw({
      facilityId: orgUnitIdOf('VN-DN-H01'),
      mother: { recordNumber: 'RK-0001' },
      delivery: { babyCount: 2 },
      newborns: [buildNewbornRaw({ birthOrder: 1 }), buildNewbornRaw({ birthOrder: 2, sex: 'male' })],
    });
    const created = await midwife.post('/api/births', twins);
    expect(created.statusCode).toBe(201);
    const { id, version, newborns } = created.json();
    const rows = await mismatches(id);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.stored).toBe(r.hashed);

    const single = buildBirthRaw({
      facilityId: orgUnitIdOf('VN-DN-H01'),
      mother: { recordNumber: 'RK-0001' },
      delivery: { babyCount: 2 },
      newborns: [
        { ...buildNewbornRaw({ birthOrder: 1 }), id: newborns[0].id },
        buildNewbornRaw({ birthOrder: 2, sex: 'female' }),
      ],
    });
    const edited = await midwife.put(`/api/births/${id}`, { ...single, version });
    expect(edited.statusCode).toBe(200);
    const after = await mismatches(id);
    expect(after).toHaveLength(3);
    for (const r of after) expect(r.stored).toBe(r.hashed);
    expect(after.every((r) => r.stored !== null && r.stored >= 0 && r.stored < 2 ** 24)).toBe(true);
  });
});
