import type { Cadre, Ward } from '../../../shared/coaching/coaching-values';
import { type ChecklistAnswer, scoreChecklist } from '../../../shared/coaching/checklist-scoring';
import { currentChecklists } from '../../../shared/coaching/checklists';
import type { Db } from '../../db/db';
import { uuidV5 } from '../../lib/uuid-v5';

/**
 * Demo rosters and courses (first start of `npm start`): every demo hospital gets a roster sized by its
 * births; those that introduced EENC get courses, some this year (so that "health workers coached" and
 * the coverage of delivery-room staff show on the dashboard), and an older one that has partly expired.
 * Deterministic ids; a second run fails on them instead of duplicating.
 */
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Huỳnh'];
const MIDDLE = ['Thị', 'Văn', 'Thị', 'Ngọc', 'Thị', 'Minh'];
const GIVEN = [
  'An',
  'Bình',
  'Chi',
  'Dung',
  'Giang',
  'Hà',
  'Hạnh',
  'Hoa',
  'Lan',
  'Linh',
  'Mai',
  'Nga',
  'Oanh',
  'Phương',
  'Quyên',
  'Thảo',
  'Trang',
  'Yến',
];
const LAO_GIVEN = [
  'Bounmy',
  'Chanthaly',
  'Douangchai',
  'Keo',
  'Manivanh',
  'Noy',
  'Phonesavanh',
  'Souksavanh',
  'Vilay',
];
const LAO_FAMILY = ['Phommachanh', 'Sisavath', 'Vongsa', 'Keomany', 'Inthavong', 'Sengdara'];

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function nameOf(lao: boolean, i: number): string {
  if (lao) return `${LAO_GIVEN[i % LAO_GIVEN.length]} ${LAO_FAMILY[(i * 7) % LAO_FAMILY.length]}`;
  return `${FAMILY[(i * 3) % FAMILY.length]} ${MIDDLE[i % MIDDLE.length]} ${GIVEN[(i * 5) % GIVEN.length]}`;
}

type Facility = {
  id: string;
  code: string;
  path: string;
  births_per_year: number | null;
  eenc_introduced_on: string | null;
};

export async function seedCoachingDemo(db: Db, now: Date): Promise<void> {
  const facilities = await db.query<Facility>(
    `select id, code, path, births_per_year, eenc_introduced_on from org_units
      where kind = 'facility' and provides_births order by code`,
  );
  const countries = await db.query<{ id: string; path: string }>(
    `select id, path from org_units where kind = 'country'`,
  );
  const yearStart = Date.UTC(now.getUTCFullYear(), 0, 1);
  // Course end dates this year, the latest a week ago: never after today, never before 1 January.
  const thisYear = (k: number) => isoDay(Math.max(yearStart + 2 * DAY, now.getTime() - (7 + 30 * k) * DAY));
  const workers: unknown[][] = [];
  const postings: unknown[][] = [];
  const courses: unknown[][] = [];
  const participants: unknown[][] = [];
  const checklists: unknown[][] = [];
  const facilitators: unknown[][] = [];
  let n = 0;
  for (const f of facilities) {
    const country = countries.find((c) => f.path.startsWith(c.path))!;
    const lao = f.code.startsWith('LA');
    const size = Math.min(24, 6 + Math.round((f.births_per_year ?? 1000) / 1500));
    const staff: Array<{ id: string; ward: Ward }> = [];
    for (let i = 0; i < size; i++, n++) {
      const id = uuidV5(`coaching-worker:${f.code}:${i}`);
      const cadre: Cadre =
        i % 3 === 0 ? 'nurse' : i % 7 === 5 ? 'obstetrician' : i % 11 === 9 ? 'paediatrician' : 'midwife';
      const ward: Ward = i % 4 === 3 ? 'postnatal_ward' : 'delivery_room';
      // The first worker of each hospital that introduced EENC is a certified provincial facilitator.
      const facilitator = i === 0 && f.eenc_introduced_on ? 'provincial' : null;
      workers.push([id, country.id, nameOf(lao, n), cadre, facilitator, facilitator && f.eenc_introduced_on]);
      // A few left the roster last year: history that the coverage no longer counts.
      const left = i === size - 1 ? isoDay(yearStart - 60 * DAY) : null;
      postings.push([uuidV5(`coaching-posting:${f.code}:${i}`), id, f.id, ward, '2015-01-01', left]);
      if (!left) staff.push({ id, ward });
    }
    if (!f.eenc_introduced_on) continue;
    const trainees = staff.filter((s, i) => s.ward === 'delivery_room' && i > 0);
    // An older course (4 years ago: expired for N = 3) for half of them, two courses this year.
    const plan = [
      {
        key: 'old',
        endsOn: isoDay(now.getTime() - 4 * 365 * DAY),
        who: trainees.filter((_, i) => i % 2 === 0),
        module: 'eenc_routine',
      },
      {
        key: 'y1',
        endsOn: thisYear(2),
        who: trainees.slice(0, Math.ceil(trainees.length / 2)),
        module: 'eenc_routine',
      },
      {
        key: 'y2',
        endsOn: thisYear(0),
        who: trainees.slice(Math.ceil(trainees.length / 2), -1),
        module: 'kmc',
      },
    ];
    for (const c of plan) {
      if (c.who.length === 0) continue;
      const id = uuidV5(`coaching-course:${f.code}:${c.key}`);
      courses.push([id, f.id, c.module, isoDay(Date.parse(c.endsOn) - 2 * DAY), c.endsOn, 3]);
      facilitators.push([id, staff[0]!.id]);
      // Everyone attends; one in four misses a day and does not complete.
      c.who.forEach((w, i) => {
        const done = i % 4 !== 3;
        const code = uuidV5(`coaching-certificate:${id}:${w.id}`)
          .replace(/-/g, '')
          .slice(0, 10)
          .toUpperCase();
        participants.push([id, w.id, done ? 3 : 2, done, done ? code : null]);
        // A checklist before the coaching (middling), and one after it for those who completed
        // (at the passing score: the certificate's condition).
        const def = currentChecklists().find((d) => d.module === c.module)!;
        const items = def.domains.flatMap((d) => d.items.map((it) => it.code));
        const BEFORE: ChecklistAnswer[] = ['yes', 'partial', 'no', 'yes', 'partial'];
        const moments: ReadonlyArray<readonly ['before' | 'after', (k: number) => ChecklistAnswer]> = [
          ['before', (k) => BEFORE[(k + i) % BEFORE.length]!],
          ...(done
            ? [
                [
                  'after',
                  (k: number): ChecklistAnswer => (k === i % items.length ? 'partial' : 'yes'),
                ] as const,
              ]
            : []),
        ];
        for (const [moment, answer] of moments) {
          const answers = Object.fromEntries(items.map((code, k) => [code, answer(k)]));
          const score = scoreChecklist(def, answers);
          checklists.push([
            uuidV5(`coaching-checklist:${id}:${w.id}:${moment}`),
            id,
            w.id,
            def.id,
            def.version,
            moment,
            i % 2 === 0 ? 'mannequin' : 'observed_birth',
            moment === 'before' ? isoDay(Date.parse(c.endsOn) - 2 * DAY) : c.endsOn,
            JSON.stringify(answers),
            score.total,
            score.max,
            score.percent,
            JSON.stringify(score.domains),
          ]);
        }
      });
    }
  }
  await db.transaction(async (tx) => {
    const cols = (rows: unknown[][], i: number) => rows.map((r) => r[i]);
    await tx.query(
      `insert into health_workers (id, country_id, name, cadre, facilitator_level, facilitator_certified_on)
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[])`,
      [0, 1, 2, 3, 4, 5].map((i) => cols(workers, i)),
    );
    await tx.query(
      `insert into health_worker_postings (id, worker_id, facility_id, ward, active_from, ended_on)
       select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::date[], $6::date[])`,
      [0, 1, 2, 3, 4, 5].map((i) => cols(postings, i)),
    );
    await tx.query(
      `insert into coaching_courses (id, venue_id, module, starts_on, ends_on, days)
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::date[], $6::smallint[])`,
      [0, 1, 2, 3, 4, 5].map((i) => cols(courses, i)),
    );
    await tx.query(
      `insert into coaching_facilitators (course_id, worker_id) select * from unnest($1::uuid[], $2::uuid[])`,
      [0, 1].map((i) => cols(facilitators, i)),
    );
    await tx.query(
      `insert into coaching_participants (course_id, worker_id, days_attended, completed, certificate_code)
       select * from unnest($1::uuid[], $2::uuid[], $3::smallint[], $4::boolean[], $5::text[])`,
      [0, 1, 2, 3, 4].map((i) => cols(participants, i)),
    );
    await tx.query(
      `insert into coaching_checklists (id, course_id, worker_id, checklist_id, checklist_version, moment, method,
         observed_on, answers, total, max_total, percent, domains, created_at)
       select *, now() from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::smallint[], $6::text[],
         $7::text[], $8::date[], $9::jsonb[], $10::smallint[], $11::smallint[], $12::numeric[], $13::jsonb[])`,
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((i) => cols(checklists, i)),
    );
  });
}
