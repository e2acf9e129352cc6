import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ChecklistDefinition } from '../../shared/assessments/checklist.schema';
import { DEFAULT_CHECKLIST } from '../../shared/assessments/default-checklist';
import { orgUnitIdOf } from '../../server/seed/demo';
import { apiAs, browserAvailable, type E2E, openInEnglish, useE2E } from './harness';

/**
 * A short country checklist, adapted from the regional default through the API the way a national admin
 * would: a few items per part, and the standards whose items remain.
 */
function shortChecklist(): ChecklistDefinition {
  const keep = new Set([
    'obs_breathing',
    'obs_wash_1',
    'obs_ssc',
    'obs_resus_call_help',
    'int_breathing_stable',
    'int_hours_since_birth',
    'int_medical_reason',
    'int_ssc_immediate',
    'int_ssc_duration',
    'int_not_separated',
    'int_only_breast_milk',
    'int_comment',
    'chart_complication',
    'chart_assessed',
    'chart_treated',
    'chart_monitored',
    'chart_partograph',
    'chart_steroids',
    'chart_outcome_recorded',
    'pol_ssc',
    'wash_delivery_sink',
    'env_bag_mask',
  ]);
  const def = structuredClone(DEFAULT_CHECKLIST);
  def.sections = def.sections
    .map((s) => ({
      ...s,
      items: s.kind === 'register' ? s.items : s.items.filter((i) => keep.has(i.id)),
      ...(s.kind === 'interview' ? { sampleSize: { min: 1, target: 3, max: 20 } } : {}),
    }))
    .filter((s) => s.items.length > 0);
  const items = new Map(def.sections.flatMap((s) => s.items.map((i) => [i.id, s.id] as const)));
  def.standards = def.standards.filter((st) => {
    const m = st.measure;
    const refs =
      m.kind === 'records'
        ? [...m.denominator, ...m.numerator].map((c) => c.item)
        : m.kind === 'items'
          ? m.items
          : [m.numerator, m.denominator];
    return refs.every((r) => items.get(r) === m.section);
  });
  const usedAreas = new Set(def.sections.flatMap((s) => s.items.map((i) => i.area)));
  def.areas = def.areas.filter((a) => usedAreas.has(a.id));
  return def;
}

async function api(e2e: E2E, username: string) {
  const call = await apiAs(e2e, username);
  return async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await call(method, url, payload);
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
}

/** Answers one question of the form: the radio named `answer` in the group whose legend contains `question`. */
async function answer(page: Page, question: string, choice: string) {
  const group = page.getByRole('group', { name: question });
  await group.getByRole('radio', { name: choice, exact: true }).check();
}

describe.runIf(browserAvailable())('hospital self-assessment in a real browser', () => {
  let assessmentId: string;
  const e2e = useE2E(async () => {
    // The national manager adapts and publishes a short checklist for Viet Nam.
    const national = await api(e2e, 'national.vn');
    const [regional] = (await national('GET', `/api/checklists?country=${orgUnitIdOf('VN')}`)).items;
    const draft = await national('POST', '/api/checklists', {
      basedOnId: regional.id,
      countryId: orgUnitIdOf('VN'),
      label: 'Short test checklist',
    });
    const saved = await national('PUT', `/api/checklists/${draft.id}`, {
      version: draft.version,
      definition: shortChecklist(),
    });
    await national('POST', `/api/checklists/${draft.id}/publish`, { version: saved.version });
  });

  it('completes a short assessment, shows priorities, adds an overdue action and prints a one-page report', async () => {
    const { context, page } = await openInEnglish(e2e, 'lead.dn');
    await page.getByRole('navigation').getByRole('link', { name: 'Self-assessment' }).click();
    // A hospital lead lands on their own hospital.
    await page.getByRole('heading', { name: 'Bệnh viện Phụ sản - Nhi Đà Nẵng' }).waitFor();
    await page.getByLabel('Period from').fill('2026-01-01');
    await page.getByLabel('Period to').fill('2026-01-31');
    await page.getByRole('button', { name: 'Start assessment' }).click();
    await page.getByText('Checklist version: Short test checklist').waitFor();
    assessmentId = page.url().split('/').at(-1)!;

    // Observation of one birth: the breathing question by keyboard, then the rest by pointer.
    await page.getByRole('button', { name: '+ Add a form' }).click();
    const breathingYes = page
      .getByRole('group', { name: 'After drying, was the baby breathing' })
      .getByRole('radio', { name: 'Yes', exact: true });
    await breathingYes.focus();
    await page.keyboard.press('Space');
    expect(await breathingYes.isChecked()).toBe(true);
    // The breathing path shows skin-to-skin, not the resuscitation steps.
    await page.getByRole('group', { name: 'Placed the baby prone in skin-to-skin' }).waitFor();
    expect(await page.getByRole('group', { name: 'Called for help' }).count()).toBe(0);
    await answer(page, 'Washed hands (first wash)', 'No');
    await answer(page, 'Placed the baby prone in skin-to-skin', 'Yes');
    await page.getByText(/Saved at/).waitFor();

    // One mother interview.
    await page.getByRole('button', { name: 'Mother exit interviews' }).click();
    await page.getByRole('button', { name: '+ Add a form' }).click();
    await answer(page, 'Was the baby breathing and clinically stable', 'Yes');
    await page.getByLabel('Hours since the birth').fill('10');
    await answer(page, 'Was another food or fluid medically indicated', 'No');
    await answer(page, 'Baby placed skin-to-skin on her chest', 'Yes');
    await answer(page, 'How long did skin-to-skin contact last', '90 minutes or more');
    await answer(page, 'Baby stayed with her, not separated', 'Yes');
    await answer(page, 'Baby received only breast milk', 'Yes');
    await page.getByLabel("Mother's comments (no names)").fill('Very happy with the care.');

    // Policy and walk-through.
    await page.getByRole('button', { name: 'Policy review' }).click();
    await answer(page, 'Immediate skin-to-skin for at least 90 minutes', 'Partly');
    await page.getByRole('button', { name: 'Environment, supplies and WASH walk-through' }).click();
    await answer(page, 'Working bag and masks in sizes 0 and 1', 'Yes');
    await answer(page, 'Delivery room: sink with water and soap', 'Yes');
    await page.getByText(/Saved at/).waitFor();

    await page.getByRole('button', { name: 'Complete the assessment' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Complete the assessment' }).click();
    await page.getByText(/^Completed on .* Results are frozen\.$/).waitFor();

    // Results: the standards and the weakest area (preparation, where hands were not washed) as a priority.
    await page.getByRole('button', { name: 'Results and priorities' }).click();
    const ssc = page.locator('tr[data-standard="ssc_90"]');
    expect(await ssc.locator('td').allInnerTexts()).toEqual(['1', '1', '100%', '100%', 'Met']);
    const priority = page.locator('li.priority').first();
    expect(await priority.getAttribute('data-area')).toBe('preparation');
    expect(await priority.innerText()).toContain('Washed hands (first wash) — 0%');

    // Turn the gap into an action with a due date in the past: it stands out as overdue.
    await priority.getByRole('button', { name: 'Add an action' }).first().click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Problem (gap)').inputValue()).toBe('Preparation for the birth: 0%');
    await dialog
      .getByRole('textbox', { name: 'Action', exact: true })
      .fill('Hand-washing refresher for all midwives; soap at every sink');
    await dialog.getByLabel('Responsible person').fill('Head midwife');
    await dialog.getByLabel('Due date').fill('2026-01-15');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const row = page.locator('.actions-table tbody tr').first();
    await row.getByText('Hand-washing refresher').waitFor();
    expect(await row.getAttribute('class')).toContain('row--overdue');
    expect(await row.innerText()).toContain('Overdue');

    const [stored] = await e2e.testDb.db.query<{ status: string; meets_standards: boolean; actions: number }>(
      `select a.status, a.meets_standards, (select count(*) from assessment_actions x where x.assessment_id = a.id) as actions
         from assessments a where a.id = $1`,
      [assessmentId],
    );
    expect(stored).toEqual({ status: 'completed', meets_standards: false, actions: 1 });

    // The printable report: everything but the report is hidden on paper, and it fits one A4 page.
    await page.getByRole('link', { name: 'Report (print)' }).click();
    await page.getByRole('heading', { name: 'EENC hospital self-assessment report' }).waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.topbar').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.locator('article.report').isVisible()).toBe(true);
    expect(await page.locator('article.report').innerText()).toContain('Hand-washing refresher');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    await page.emulateMedia({ media: 'screen' });

    // The same report in Vietnamese.
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Báo cáo tự đánh giá EENC tại bệnh viện' }).waitFor();
    await context.close();
  });

  it('shows a provincial manager the results on a phone, without the mother’s comment', async () => {
    const { context, page } = await openInEnglish(e2e, 'province.dn', { mobile: true });
    await page.goto(`/assessments/${assessmentId}`);
    await page.getByRole('button', { name: 'Mother exit interviews' }).click();
    await page.getByText('Hidden: personal information is shown only at the hospital.').waitFor();
    expect(await page.getByText('Very happy with the care.').count()).toBe(0);
    // Read-only: the manager cannot change answers or complete.
    expect(await page.getByRole('radio', { name: 'Yes', exact: true }).first().isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Complete the assessment' }).count()).toBe(0);
    await context.close();
  });
});
