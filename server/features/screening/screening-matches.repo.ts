import type { Queryable } from '../../db/db';

/** SQL of matching a woman registered by hand to a later birth record where she is the mother. */

export type BirthCandidateRow = {
  birth_id: string;
  birth_date: string;
  facility_id: string;
  facility_name: string;
  facility_path: string;
  commune_path: string | null;
  mother_name: string | null;
  mother_phone: string | null;
  mother_birth_year: number | null;
  same_phone: boolean;
};

/**
 * Births of the woman's own unit (born there, or the mother living in that commune) whose mother has her
 * phone (digits compared) or her year of birth (the record's year, or birth year minus age within one
 * year), not linked to any woman already (any birth of the same mother record) and not rejected for
 * her. Names are compared by the caller (accents ignored, shared/org-units/search-text.ts).
 */
export async function listBirthCandidates(
  q: Queryable,
  clientId: string,
  birthId: string | null,
): Promise<BirthCandidateRow[]> {
  return q.query<BirthCandidateRow>(
    `with m as (
       select b.id as birth_id, b.birth_date, b.facility_id, f.name as facility_name, f.path as facility_path,
              mc.path as commune_path, b.mother_name, b.mother_phone, b.mother_record_number,
              coalesce(b.mother_birth_year, extract(year from b.birth_date)::int - b.mother_age) as mother_birth_year,
              b.mother_birth_year is null as year_from_age,
              c.phone is not null and b.mother_phone is not null
                and regexp_replace(b.mother_phone, '[^0-9]', '', 'g') = regexp_replace(c.phone, '[^0-9]', '', 'g')
                as same_phone,
              c.birth_year
         from screening_clients c
         join births b on b.facility_id = c.org_unit_id or b.mother_commune_id = c.org_unit_id
         join org_units f on f.id = b.facility_id left join org_units mc on mc.id = b.mother_commune_id
        where c.id = $1 and c.birth_id is null and ($2::uuid is null or b.id = $2::uuid)
          and not exists (select 1 from screening_birth_rejections r where r.client_id = c.id and r.birth_id = b.id)
     )
     select m.birth_id, m.birth_date::text, m.facility_id, m.facility_name, m.facility_path, m.commune_path,
            m.mother_name, m.mother_phone, m.mother_birth_year, m.same_phone
       from m
      where (m.same_phone or m.mother_birth_year = m.birth_year
             or (m.year_from_age and abs(m.mother_birth_year - m.birth_year) <= 1))
        and not exists (
          select 1 from screening_clients o join births ob on ob.id = o.birth_id
           where ob.facility_id = m.facility_id and lower(ob.mother_record_number) = lower(m.mother_record_number))
      order by m.birth_date desc, m.birth_id
      limit 500`,
    [clientId, birthId],
  );
}

export async function insertRejection(
  q: Queryable,
  clientId: string,
  birthId: string,
  at: Date,
  userId: string,
) {
  await q.query(
    `insert into screening_birth_rejections (client_id, birth_id, rejected_at, rejected_by)
     values ($1, $2, $3, $4) on conflict do nothing`,
    [clientId, birthId, at, userId],
  );
}

/** Links the woman to the birth record (confirmation): one person, her own fields kept. */
export async function linkClientToBirth(
  q: Queryable,
  p: { clientId: string; birthId: string; phone: string | null; at: Date; userId: string },
) {
  await q.query(
    `update screening_clients set birth_id = $2, phone = coalesce(phone, $3), version = version + 1,
            updated_at = $4, updated_by = $5
      where id = $1`,
    [p.clientId, p.birthId, p.phone, p.at, p.userId],
  );
}
