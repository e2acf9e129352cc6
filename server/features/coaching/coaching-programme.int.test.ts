import { describe, expect, it } from 'vitest';
import { type ChecklistAnswer, scoreChecklist } from '../../../shared/coaching/checklist-scoring';
import { findChecklist } from '../../../shared/coaching/checklists';
import { generateProgramme } from '../../seed/programme';
import { useTestApp } from '../../test/test-app';
import { TEST_PROGRAMME } from '../../test/test-programme';

describe('coaching checklists in the synthetic programme', () => {
  const t = useTestApp({ seed: 'none' });

  it('gives each participant a before checklist and each completion an after one, scored as the app scores', async () => {
    const summary = await generateProgramme(t.db, { ...TEST_PROGRAMME, healthWorkers: 200, seed: 5 });
    const [c] = await t.db.query<{ participants: number; completed: number; before: number; after: number }>(
      `select count(*)::int as participants, count(*) filter (where completed)::int as completed,
              (select count(*)::int from coaching_checklists where moment = 'before') as before,
              (select count(*)::int from coaching_checklists where moment = 'after') as after
         from coaching_participants`,
    );
    expect(c!.participants).toBeGreaterThan(20);
    expect([c!.before, c!.after]).toEqual([c!.participants, c!.completed]);
    expect(summary.coachingChecklists).toBe(c!.before + c!.after);
    // Every stored score is the app's score of the stored answers, on the course's days.
    const def = findChecklist('eenc_breathing', 1)!;
    const rows = await t.db.query<{
      answers: Record<string, ChecklistAnswer>;
      total: number;
      max_total: number;
      percent: string;
      domains: unknown;
      moment: string;
      on_day: boolean;
    }>(
      `select k.answers, k.total, k.max_total, k.percent, k.domains, k.moment,
              k.observed_on = case k.moment when 'before' then c.starts_on else c.ends_on end as on_day
         from coaching_checklists k join coaching_courses c on c.id = k.course_id`,
    );
    for (const r of rows) {
      const s = scoreChecklist(def, r.answers);
      expect([r.total, r.max_total, Number(r.percent), r.domains, r.on_day]).toEqual([
        s.total,
        s.max,
        s.percent,
        s.domains,
        true,
      ]);
    }
    // Coaching raises the score: the mean after is well above the mean before.
    const mean = (m: string) => {
      const p = rows.filter((r) => r.moment === m).map((r) => Number(r.percent));
      return p.reduce((a, b) => a + b, 0) / p.length;
    };
    expect(mean('before')).toBeGreaterThan(45);
    expect(mean('before')).toBeLessThan(70);
    expect(mean('after')).toBeGreaterThan(mean('before') + 20);
  });
});
