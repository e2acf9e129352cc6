import { describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import { loadIndicators } from '../../../shared/indicators/definitions';
import { useLogin, useTestApp } from '../../test/test-app';
import { H01, recordBirth } from '../pnc/pnc-test-helpers';
import { recountReads } from './indicator-rollup-sql';
import { rebuildRollups } from './indicator-schema';
import { listRolledUpSources } from './indicator-source-registry';

/**
 * The update triggers of recounted sources (postnatal care, KMC) recount a cell only when a column
 * their facts read changed; the columns come from the facts' SQL (indicator-rollup-sql.ts). Checked
 * against the columns the database records for the same SQL as a view, and by what the rollup does:
 * a change to a column the facts do not read leaves a deliberately wrong rollup as it is (no recount
 * ran), a change to one they read recounts it to what a full rebuild counts.
 */
const { registry } = loadIndicators();
const recounted = listRolledUpSources().filter((s) => s.recountOn);
const bornAt = '2026-03-09T08:00:00+07:00';

describe('recount triggers read the columns the facts read', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');

  it('finds, per table, every column the database sees the facts read (through views too)', async () => {
    expect(recounted.map((s) => s.id).sort()).toEqual([
      'coaching',
      'coaching_checklist',
      'kmc',
      'pnc_contact',
      'pnc_subject',
      'screening',
    ]);
    for (const source of recounted) {
      const { factsSql, tables } = recountReads(registry, source);
      await t.db.transaction(async (tx) => {
        await tx.execScript(`create temp view recount_reads_check as ${factsSql}`);
        const used = await tx.query<{ tab: string; col: string }>(
          `with recursive deps(relid, attnum) as (
             select d.refobjid, d.refobjsubid from pg_rewrite w
               join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = w.oid
                                and d.refclassid = 'pg_class'::regclass
              where w.ev_class = 'recount_reads_check'::regclass
             union
             select d.refobjid, d.refobjsubid from deps x
               join pg_class v on v.oid = x.relid and v.relkind = 'v' and v.relname <> 'recount_reads_check'
               join pg_rewrite w on w.ev_class = v.oid
               join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = w.oid
                                and d.refclassid = 'pg_class'::regclass)
           select distinct c.relname as tab, a.attname as col
             from deps x join pg_class c on c.oid = x.relid
             join pg_attribute a on a.attrelid = c.oid and a.attnum = x.attnum
            where x.attnum > 0`,
        );
        await tx.execScript('drop view recount_reads_check');
        for (const { table, columns } of tables) {
          if (!columns) continue;
          const read = used.filter((u) => u.tab === table).map((u) => u.col);
          expect(read.length, `${source.id} ${table}`).toBeGreaterThan(0);
          expect(columns, `${source.id} ${table}`).toEqual(expect.arrayContaining(read));
        }
      });
    }
    // Every record table the services write is filtered; only the settings (read through a view) are not.
    // Coaching reads its tables through views, so any change to them recounts (small tables, rare writes).
    const kmc = recountReads(
      registry,
      recounted.find((s) => s.id === 'kmc')!,
    ).tables;
    expect(Object.fromEntries(kmc.map((x) => [x.table, x.columns]))).toMatchObject({
      births: ['born_at', 'gestational_age_weeks', 'id'],
      kmc_daily_logs: ['episode_id', 'ssc_hours'],
      country_settings: null,
    });
    // The checklist facts: a course's name or dates, a version's items, the coverage years recount nothing.
    const checklist = recountReads(
      registry,
      recounted.find((s) => s.id === 'coaching_checklist')!,
    ).tables;
    expect(Object.fromEntries(checklist.map((x) => [x.table, x.columns]))).toMatchObject({
      coaching_courses: ['id', 'venue_id'],
      coaching_checklist_versions: ['based_on_id', 'checklist_id', 'version'],
      health_workers: ['country_id', 'id'],
      coaching_settings: ['country_id', 'passing_percent'],
    });
    // Screening: a screening's result or follow-up recounts nothing (the states read its day only); a
    // woman's rows filter themselves (her unit, birth year and date), since a deletion recounts her unit.
    const screening = recountReads(
      registry,
      recounted.find((s) => s.id === 'screening')!,
    ).tables;
    expect(Object.fromEntries(screening.map((x) => [x.table, x.columns]))).toEqual({
      screening_clients: null,
      screening_events: ['client_id', 'taken_on'],
    });
    for (const source of recounted.filter((s) => s.id !== 'coaching' && s.id !== 'screening'))
      for (const x of recountReads(registry, source).tables)
        expect(x.columns === null, `${source.id} ${x.table}`).toBe(x.table === 'country_settings');
  });

  /** The KMC rollup rows of H01 and its ancestors. */
  const kmcRollup = () =>
    t.db.query<Record<string, unknown>>(
      `select r.* from ind_kmc_rollup r where r.org_unit_id in (
         select a.id::uuid from org_units f cross join unnest(string_to_array(trim(both '/' from f.path), '/')) as a(id)
          where f.id = $1)
       order by r.org_unit_id, r.month`,
      [H01],
    );
  /** Adds 7 to a count of March at H01 and every ancestor, as a recount would find it and correct it. */
  const corrupt = async () => {
    const [c] = await t.db.query<{ column_name: string }>(
      `select column_name from information_schema.columns
        where table_name = 'ind_kmc_rollup' and column_name like 'm\\_%' order by column_name limit 1`,
    );
    await t.db.query(
      `update ind_kmc_rollup set ${c!.column_name} = ${c!.column_name} + 7 where month = '2026-03-01' and org_unit_id in (
         select a.id::uuid from org_units f cross join unnest(string_to_array(trim(both '/' from f.path), '/')) as a(id)
          where f.id = $1)`,
      [H01],
    );
    return kmcRollup();
  };
  const rebuilt = async () => {
    await t.db.transaction((tx) => rebuildRollups(tx));
    return kmcRollup();
  };

  it('recounts on a change to a column the facts read, and only then', async () => {
    const births = [];
    for (const grams of [1800, 2400, 3100])
      births.push(
        await recordBirth(midwife, {
          bornAt,
          gestationalAgeWeeks: 36,
          newborns: [buildNewbornRaw({ birthWeightGrams: grams })],
        }),
      );
    const [b1, , b3] = births;
    const correct = await rebuilt();
    const wrong = await corrupt();
    expect(wrong).not.toEqual(correct);

    // Columns the KMC facts do not read: the mother's age, the baby's drying. No recount.
    await t.db.query('update births set mother_age = coalesce(mother_age, 20) + 1 where id = $1', [b1!.id]);
    await t.db.query(
      'update newborns set immediate_drying = not coalesce(immediate_drying, false) where id = $1',
      [b1!.newborns[0]!.id],
    );
    expect(await kmcRollup()).toEqual(wrong);

    // The gestational age (special care below 32 weeks): the cell is recounted, which repairs it.
    await t.db.query('update births set gestational_age_weeks = 30 where id = $1', [b1!.id]);
    expect(await kmcRollup()).toEqual(correct);

    // A baby made eligible: recounted, to what a rebuild counts.
    await corrupt();
    await t.db.query('update newborns set kmc_eligible = not coalesce(kmc_eligible, false) where id = $1', [
      b3!.newborns[0]!.id,
    ]);
    const afterEligible = await kmcRollup();
    expect(afterEligible).not.toEqual(correct);
    expect(afterEligible).toEqual(await rebuilt());
  });
});
