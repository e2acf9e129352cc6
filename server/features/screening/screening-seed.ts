import { toSearchText } from '../../../shared/org-units/search-text';
import type { Db } from '../../db/db';
import { generateScreeningWomen } from './screening-programme';
import { refreshClientState } from './screening.service';
import { sweepRecalls } from './screening-reminders';
import { uuidV5 } from '../../lib/uuid-v5';

/** Women per commune station of the demo. */
const PER_COMMUNE = 40;

/**
 * Demo cervical screening: women of each Vietnamese demo commune with histories over the last six years
 * (positives, some treated, results this year), the mothers of demo births aged 30 or more in commune
 * C01 registered from their birth record, and the recall sweep run once, so the treat list and the
 * recalls of the current year have women on them.
 */
export async function seedScreeningDemo(db: Db, now: Date): Promise<void> {
  const today = now.toISOString().slice(0, 10);
  const communes = await db.query<{ id: string }>(
    `select o.id from org_units o join org_units c on o.path like c.path || '%'
      where c.code = 'VN' and o.kind = 'commune' and o.active order by o.code`,
  );
  if (communes.length === 0) return;
  await generateScreeningWomen(db, {
    communeIds: communes.map((c) => c.id),
    women: PER_COMMUNE * communes.length,
    today,
    seed: 2026,
  });
  // Mothers of the register, one client per mother record, linked (never a second person).
  const mothers = await db.query<{
    id: string;
    commune_id: string;
    name: string;
    phone: string | null;
    year: number;
  }>(
    `select distinct on (b.facility_id, lower(b.mother_record_number))
            b.id, b.mother_commune_id as commune_id, b.mother_name as name, b.mother_phone as phone,
            coalesce(b.mother_birth_year, extract(year from b.birth_date)::int - b.mother_age) as year
       from births b join org_units c on c.id = b.mother_commune_id
      where c.code = 'VN-DN-HC-C01' and b.mother_name is not null
        and coalesce(b.mother_birth_year, extract(year from b.birth_date)::int - b.mother_age) <= $1
      order by b.facility_id, lower(b.mother_record_number), b.birth_date desc
      limit 10`,
    [Number(today.slice(0, 4)) - 30],
  );
  for (const m of mothers) {
    const id = uuidV5(`screening-demo-mother:${m.id}`);
    await db.query(
      `insert into screening_clients (id, org_unit_id, birth_id, name, search_text, phone, birth_year, step, ends_on)
       values ($1, $2, $3, $4, $5, $6, $7, 'screen', $8)`,
      [id, m.commune_id, m.id, m.name, toSearchText(m.name), m.phone, m.year, `${m.year + 50}-01-01`],
    );
    await refreshClientState(db, id);
  }
  await sweepRecalls(db, now, today);
}
