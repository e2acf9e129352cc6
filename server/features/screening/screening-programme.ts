import { addDays } from '../../../shared/pnc/pnc-schedule';
import { type ScreeningEventFacts, screeningState } from '../../../shared/screening/screening-rules';
import { DEFAULT_SCREENING_SETTINGS } from '../../../shared/screening/screening-settings';
import { toSearchText } from '../../../shared/org-units/search-text';
import { type BulkColumn, insertMany } from '../../db/bulk-insert';
import type { Queryable } from '../../db/db';
import { createRng } from '../../lib/rng';
import { uuidV5 } from '../../lib/uuid-v5';
import { stateValues } from './screening.repo';

/**
 * Synthetic women of reproductive age with screening histories, for the benchmark and the demo: per
 * commune, women aged 25–55, about 3 % living with HIV, about 40 % screened once in the last six years
 * (HPV DNA mostly, some VIA), 8 % of those positive, two thirds of positives treated. Each woman's stored
 * state is what the shared rules answer, as for a woman registered through the API.
 */

const CLIENT_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'uuid' },
  { name: 'org_unit_id', type: 'uuid' },
  { name: 'name', type: 'text' },
  { name: 'search_text', type: 'text' },
  { name: 'phone', type: 'text' },
  { name: 'birth_year', type: 'smallint' },
  { name: 'hiv_status', type: 'text' },
  { name: 'step', type: 'text' },
  { name: 'due_on', type: 'date' },
  { name: 'ends_on', type: 'date' },
  { name: 'last_screen_on', type: 'date' },
  { name: 'recall_reason', type: 'text' },
  { name: 'recall_on', type: 'date' },
  { name: 'recall_basis', type: 'text' },
];

const EVENT_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'uuid' },
  { name: 'client_id', type: 'uuid' },
  { name: 'test', type: 'text' },
  { name: 'sample_by', type: 'text' },
  { name: 'taken_on', type: 'date' },
  { name: 'place_id', type: 'uuid' },
  { name: 'result', type: 'text' },
  { name: 'result_on', type: 'date' },
  { name: 'genotypes', type: 'text[]' },
  { name: 'treatment', type: 'text' },
  { name: 'treated_on', type: 'date' },
];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];
const GIVEN = ['Lan', 'Hoa', 'Mai', 'Thu', 'Hạnh', 'Hương', 'Linh', 'Ngọc', 'Yến', 'Trang'];

export async function generateScreeningWomen(
  q: Queryable,
  opts: { communeIds: readonly string[]; women: number; today: string; seed?: number; batch?: number },
): Promise<{ women: number; events: number }> {
  const rng = createRng(opts.seed ?? 22);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
  const thisYear = Number(opts.today.slice(0, 4));
  let clients: unknown[][] = [];
  let events: unknown[][] = [];
  let nEvents = 0;
  const flush = async () => {
    await insertMany(q, 'screening_clients', CLIENT_COLUMNS, clients);
    await insertMany(q, 'screening_events', EVENT_COLUMNS, events);
    clients = [];
    events = [];
  };
  for (let i = 0; i < opts.women; i++) {
    const id = uuidV5(`screening-client:${opts.seed ?? 22}:${i}`);
    const unit = opts.communeIds[i % opts.communeIds.length]!;
    const birthYear = thisYear - 25 - Math.floor(rng() * 31);
    const hiv = rng() < 0.03;
    const history: ScreeningEventFacts[] = [];
    if (rng() < 0.4) {
      const takenOn = addDays(opts.today, -Math.floor(rng() * 6 * 365) - 1);
      const positive = rng() < 0.08;
      const treated = positive && rng() < 0.67;
      const resultOn = addDays(takenOn, 7);
      const e: ScreeningEventFacts = {
        id: uuidV5(`screening-event:${opts.seed ?? 22}:${i}`),
        test: rng() < 0.85 ? 'hpv_dna' : 'via',
        takenOn,
        result: resultOn > opts.today ? null : positive ? 'positive' : 'negative',
        resultOn: resultOn > opts.today ? null : resultOn,
        genotypes: [],
        triageMethod: null,
        triageResult: null,
        triageOn: null,
        treatment: treated && addDays(resultOn, 14) <= opts.today ? 'thermal_ablation' : null,
        treatedOn: treated && addDays(resultOn, 14) <= opts.today ? addDays(resultOn, 14) : null,
      };
      history.push(e);
      events.push([
        e.id,
        id,
        e.test,
        rng() < 0.5 ? 'self' : 'provider',
        e.takenOn,
        unit,
        e.result,
        e.resultOn,
        '{}',
        e.treatment,
        e.treatedOn,
      ]);
      nEvents += 1;
    }
    const st = screeningState(
      { birthDate: null, birthYear, hivPositive: hiv },
      history,
      DEFAULT_SCREENING_SETTINGS,
    );
    const name = `${pick(FAMILY)} Thị ${pick(GIVEN)}`;
    clients.push([
      id,
      unit,
      name,
      toSearchText(name),
      `09${String(10_000_000 + i).slice(-8)}`,
      birthYear,
      hiv ? 'positive' : rng() < 0.5 ? 'negative' : 'unknown',
      ...stateValues(st),
    ]);
    if (clients.length >= (opts.batch ?? 5000)) await flush();
  }
  await flush();
  return { women: opts.women, events: nEvents };
}
