import { describe, expect, it } from 'vitest';
import type { AssessmentDetail } from '../../shared/assessments/assessment.schema';
import { orgUnitIdOf } from '../../server/seed/demo';
import { apiAs, browserAvailable, openInEnglish, syncWaiting, untilInstalled, useE2E } from './harness';

describe.runIf(browserAvailable())('a self-assessment answer recorded offline in a real browser', () => {
  let assessment: AssessmentDetail;
  const e2e = useE2E(async () => {
    const lead = await apiAs(e2e, 'lead.dn');
    const res = await lead('POST', '/api/assessments', {
      facilityId: orgUnitIdOf('VN-DN-H01'),
      periodStart: '2026-02-01',
      periodEnd: '2026-02-28',
    });
    expect(res.statusCode, res.body).toBe(201);
    assessment = res.json<AssessmentDetail>();
  });

  it('saves an answer offline, keeps it and its checklist across a reload without network, and stores it once when the network returns', async () => {
    const policy = assessment.records.find((r) => r.sectionId === 'policy')!;
    const stored = async () =>
      (
        await e2e.testDb.db.query<{ answers: Record<string, unknown>; version: number }>(
          'select answers, version from assessment_records where id = $1',
          [policy.id],
        )
      )[0]!;
    const question = 'Immediate skin-to-skin for at least 90 minutes, also after caesarean';
    const yes = (page: Awaited<ReturnType<typeof openInEnglish>>['page']) =>
      page.getByRole('group', { name: question }).getByRole('radio', { name: 'Yes', exact: true });

    const { context, page } = await openInEnglish(e2e, 'lead.dn');
    await page.goto(`/assessments/${assessment.id}`);
    await page.getByRole('button', { name: /Policy review/ }).click();
    await yes(page).waitFor();
    await untilInstalled(page);

    // The network goes down: the answer is saved on the device and waits.
    await context.setOffline(true);
    await yes(page).check();
    await page.getByText(/Saved at/).waitFor();
    await expect.poll(() => syncWaiting(page).getAttribute('data-count')).toBe('1');
    expect(await stored()).toEqual({ answers: {}, version: 1 });

    // Reloaded without network: the assessment and its checklist open from the device, the answer shown.
    await page.reload();
    await page.getByRole('button', { name: /Policy review/ }).click();
    await yes(page).waitFor();
    expect(await yes(page).isChecked()).toBe(true);
    await expect.poll(() => syncWaiting(page).getAttribute('data-count')).toBe('1');

    // The network returns: sent by itself, stored once; a reload sends nothing more.
    await context.setOffline(false);
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    await expect.poll(() => syncWaiting(page).getAttribute('data-count'), { timeout: 20_000 }).toBe('0');
    expect(await stored()).toEqual({ answers: { pol_ssc: 'yes' }, version: 2 });
    await page.reload();
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    await expect.poll(() => syncWaiting(page).getAttribute('data-count')).toBe('0');
    expect(await stored()).toEqual({ answers: { pol_ssc: 'yes' }, version: 2 });
    const [audited] = await e2e.testDb.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where entity_type = 'assessment_record' and entity_id = $1 and action = 'update'",
      [policy.id],
    );
    expect(audited!.n).toBe(1);
    await context.close();
  });
});
