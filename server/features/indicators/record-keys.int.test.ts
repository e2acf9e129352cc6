import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildBirthRaw, buildNewbornRaw } from '../../../shared/births/birth-builders';
import { orgUnitIdOf } from '../../seed/demo';
import { useLogin, useTestApp } from '../../test/test-app';

/**
 * Record keys of the cell-key method are stored when a birth and its babies are written (migration
 * 0054), so that the rollup triggers do not hash every id again; the stored key must be the hash of the
 * id that every other query computes (`cell_record_key`), or a partner would see two values for a cell.
 * The follow-up subjects (mother: the birth's id; baby: the newborn's id) store theirs too (0118).
 */
describe('stored record keys', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');

  const mismatches = async (birthId: string) =>
    t.db.query<{ kind: string; stored: number | null; hashed: number }>(
      `select 'birth' as kind, record_key as stored, cell_record_key(id) as hashed from births where id = $1
       union all
       select 'newborn', record_key, cell_record_key(id) from newborns where birth_id = $1
       union all
       select 'subject ' || kind, record_key, cell_record_key(id) from pnc_subjects where birth_id = $1`,
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
    expect(rows.map((r) => r.kind).sort()).toEqual([
      'birth',
      'newborn',
      'newborn',
      'subject mother',
      'subject newborn',
      'subject newborn',
    ]);
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
    expect(after).toHaveLength(6);
    for (const r of after) expect(r.stored).toBe(r.hashed);
    expect(after.every((r) => r.stored !== null && r.stored >= 0 && r.stored < 2 ** 24)).toBe(true);
  });

  it('are the first 24 bits of HMAC-SHA256(secret, id), as Node computes them (0118 rewrote cell_key_bits)', async () => {
    const [secret] = await t.db.query<{ ikey: Buffer | Uint8Array; okey: Buffer | Uint8Array }>(
      'select ikey, okey from cell_key_secret',
    );
    const ids = (
      await t.db.query<{ id: string; key: number }>(
        'select id, cell_record_key(id) as key from (select gen_random_uuid() as id from generate_series(1, 200)) x',
      )
    ).map((r) => ({ ...r, id: String(r.id) }));
    const hmac = (id: string) => {
      const bytes = Buffer.from(id.replaceAll('-', ''), 'hex');
      const inner = createHash('sha256').update(Buffer.from(secret!.ikey)).update(bytes).digest();
      const h = createHash('sha256').update(Buffer.from(secret!.okey)).update(inner).digest();
      return (h[0]! << 16) | (h[1]! << 8) | h[2]!;
    };
    for (const r of ids) expect(r.key).toBe(hmac(r.id));
    // The high bit of the first byte set reads as a positive number too.
    const [{ k }] = (await t.db.query<{ k: number }>("select cell_key_bits('\\xff80017f'::bytea) as k")) as [
      { k: number },
    ];
    expect(k).toBe(0xff8001);
  });
});
