import { describe, expect, it } from 'vitest';
import { uuidV5 } from '../../lib/uuid-v5';
import { generateProgramme } from '../../seed/programme';
import { loadIndicators } from '../../../shared/indicators/definitions';
import { useTestApp } from '../../test/test-app';
import { type EngineUnit, countCells, countCellsRaw } from '../indicators/indicator-engine';
import { TEST_PROGRAMME } from '../../test/test-programme';

describe('cervical screening in the synthetic programme (seed --scale programme)', () => {
  const t = useTestApp({ seed: 'none' });

  it('adds the women asked for, on commune health centres, with the same ids for the same seed', async () => {
    const summary = await generateProgramme(t.db, {
      ...TEST_PROGRAMME,
      countries: 1,
      facilities: 12,
      births: 600,
      healthWorkers: 5,
      screeningWomen: 400,
    });
    const [row] = await t.db.query<{ women: number; centres: number; events: number; first: number }>(
      `select count(*)::int as women, count(distinct c.org_unit_id)::int as centres,
              (select count(*)::int from screening_events) as events,
              count(*) filter (where c.id = $1)::int as first
         from screening_clients c join org_units o on o.id = c.org_unit_id
        where o.facility_level = 'commune'`,
      [uuidV5('screening-client:7:0')],
    );
    expect(summary).toMatchObject({ screeningWomen: 400, screeningEvents: row!.events });
    expect(row).toMatchObject({ women: 400, first: 1 });
    expect(row!.centres).toBeGreaterThan(1);
    expect(row!.events).toBeGreaterThan(100);
    expect(row!.events).toBeLessThan(250);
    // Written without rollup upkeep, then counted by the programme's rebuild: the rollup equals the records.
    const states = loadIndicators().registry.measures.filter((m) => m.source === 'screening');
    const [country] = await t.db.query<EngineUnit>(
      "select id, path, kind from org_units where kind = 'country'",
    );
    const cells = ['2023', '2024', '2025'].map((y) => ({
      unit: country!,
      from: `${y}-01-01`,
      to: `${y}-12-31`,
    }));
    const rolled = await countCells(t.db, cells, states);
    expect(rolled).toEqual(await countCellsRaw(t.db, cells, states));
    expect(Object.values(rolled[1]!).some((n) => n > 0)).toBe(true);
  });
});
