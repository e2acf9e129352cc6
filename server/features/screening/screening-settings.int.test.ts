import { describe, expect, it } from 'vitest';
import { translate } from '../../../shared/i18n/messages';
import type {
  ScreeningClientDetail,
  ScreeningSettingsResponse,
} from '../../../shared/screening/screening.schema';
import type { ScreeningSettings } from '../../../shared/screening/screening-settings';
import { idSeries } from '../../test/api-helpers';
import { useLogins, useTestApp } from '../../test/test-app';
import { C01 } from '../pnc/pnc-test-helpers';
import { sweepRecalls } from './screening-reminders';
import { buildScreeningClient, buildScreeningEvent } from './screening-test-builders';
import { VN } from '../../test/demo-units';

// Clock of the test app: 2026-03-10T08:00Z. Each change is made on the version the last one left.
const newId = idSeries('a810');

describe('screening settings: a country changes its rules, every woman follows them', () => {
  const t = useTestApp();
  const [worker, national] = useLogins(t, 'pnc.hc1', 'national.vn');

  const register = async (o: Record<string, unknown>) => {
    const res = await worker.post(
      '/api/screening/clients',
      buildScreeningClient({ id: newId(), orgUnitId: C01, ...o }),
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ScreeningClientDetail>();
  };
  const screen = async (clientId: string, o: Record<string, unknown>) => {
    const res = await worker.post(
      `/api/screening/clients/${clientId}/events`,
      buildScreeningEvent({ id: newId(), placeId: C01, sampleBy: 'provider', ...o }),
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ScreeningClientDetail>();
  };
  const read = async (id: string) =>
    (await worker.get(`/api/screening/clients/${id}`)).json<ScreeningClientDetail>();
  const current = async () =>
    (await national.get(`/api/screening/settings?orgUnit=${VN}`)).json<ScreeningSettingsResponse>();
  const change = async (o: Partial<ScreeningSettings>) => {
    const now = await current();
    const res = await national.put(`/api/screening/settings/${VN}`, {
      version: now.version,
      settings: { ...now.settings, ...o },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ScreeningSettingsResponse>();
  };
  const sweep = () => sweepRecalls(t.db, t.clock.now(), '2026-03-10');

  it('reads the defaults where nothing is set, for anyone who sees a unit of the country', async () => {
    const fromCommune = (await worker.get(`/api/screening/settings?orgUnit=${C01}`)).json();
    expect(fromCommune).toMatchObject({ countryId: VN, version: 0, isDefault: true });
    expect(fromCommune.settings).toEqual(fromCommune.defaults);
    expect(fromCommune.settings).toMatchObject({ startAge: 30, upperAge: 49, secondReminderDays: 14 });
  });

  it('re-derives eligibility and due days at the age boundaries; recorded screens stay as they were', async () => {
    // 29 today (30 on 10 March 2027) and 28 until tomorrow; an HPV-negative screen at 31; 49 until June.
    const turns29Today = await register({ birthYear: 1997, birthDate: '1997-03-10' });
    const turns29Tomorrow = await register({ birthYear: 1997, birthDate: '1997-03-11' });
    const negativeAt31 = await register({ birthYear: 1995, birthDate: '1995-01-01' });
    await screen(negativeAt31.id, { takenOn: '2026-01-05', result: 'negative', resultOn: '2026-01-15' });
    const agedOutInJune = await register({ birthYear: 1976, birthDate: '1976-06-01' });
    expect(await read(turns29Today.id)).toMatchObject({
      step: 'screen',
      dueOn: '2027-03-10',
      ruleVersion: 0,
    });
    expect(await read(negativeAt31.id)).toMatchObject({ step: 'screen', dueOn: '2031-01-05' });
    // Never screened: due since she turned 30, overdue on the worklist.
    expect(await read(agedOutInJune.id)).toMatchObject({ step: 'screen', dueOn: '2006-06-01', section: 2 });
    const before = await read(negativeAt31.id);

    const changed = await change({
      startAge: 29,
      upperAge: 48,
      intervalYears: { hpv_dna: 6, via: 3, cytology: 3 },
    });
    expect(changed).toMatchObject({ version: 1, isDefault: false });
    expect(changed.rederived).toBeGreaterThanOrEqual(4);

    expect(await read(turns29Today.id)).toMatchObject({
      step: 'screen',
      dueOn: '2026-03-10',
      section: 1,
      recallReason: 'never_screened',
      ruleVersion: 1,
    });
    expect(await read(turns29Tomorrow.id)).toMatchObject({
      step: 'screen',
      dueOn: '2026-03-11',
      ruleVersion: 1,
    });
    const after = await read(negativeAt31.id);
    expect(after).toMatchObject({ step: 'screen', dueOn: '2032-01-05', ruleVersion: 1 });
    expect(after.events).toEqual(before.events);
    // Past the last age called under the new rules (49 → 48): off the worklist.
    expect(await read(agedOutInJune.id)).toMatchObject({ section: null, ruleVersion: 1 });

    // Back to the defaults: the same women as before the change.
    await change({ startAge: 30, upperAge: 49, intervalYears: { hpv_dna: 5, via: 3, cytology: 3 } });
    expect(await read(turns29Today.id)).toMatchObject({ dueOn: '2027-03-10', ruleVersion: 2 });
    expect(await read(negativeAt31.id)).toMatchObject({ dueOn: '2031-01-05' });
    expect(await read(agedOutInJune.id)).toMatchObject({ step: 'screen', dueOn: '2006-06-01', section: 2 });
  });

  it('moves recalls to come, keeps recalls made, and says which rule version a recall came from', async () => {
    const positive = (resultOn: string) => ({
      takenOn: '2026-01-20',
      result: 'positive',
      resultOn,
      genotypes: ['other'],
    });
    const recalledEarlier = await register({ birthYear: 1988 });
    await screen(recalledEarlier.id, positive('2026-02-01')); // 4 weeks: recall on 1 March
    const onTheBoundary = await register({ birthYear: 1989 });
    await screen(onTheBoundary.id, positive('2026-02-10')); // 4 weeks: recall on 10 March, today
    await sweep();
    expect(await read(recalledEarlier.id)).toMatchObject({ recalledOn: '2026-03-01', recallRuleVersion: 2 });
    const later = await register({ birthYear: 1987 });
    await screen(later.id, positive('2026-02-09')); // 4 weeks: 9 March; 5 weeks: 16 March

    const v = (await change({ positiveUntreatedWeeks: 5 })).version;
    // Made already: kept, under the rules it came from; the next sweep adds nothing for her.
    expect(await read(recalledEarlier.id)).toMatchObject({
      recallReason: 'positive_untreated',
      recalledOn: '2026-03-01',
      recallRuleVersion: 2,
      ruleVersion: v,
    });
    expect(await read(onTheBoundary.id)).toMatchObject({ recalledOn: '2026-03-10', recallRuleVersion: 2 });
    // Not made yet: it follows the new rule (5 weeks from 9 February is 16 March, not tonight).
    expect((await sweep()).recalled).toBe(0);
    expect(await read(later.id)).toMatchObject({ recalledOn: null, recallRuleVersion: null });

    const w = (await change({ positiveUntreatedWeeks: 4 })).version;
    expect((await sweep()).recalled).toBe(1);
    expect(await read(later.id)).toMatchObject({ recalledOn: '2026-03-09', recallRuleVersion: w });
  });

  it('refuses bad or contradictory rules in the reader’s language and writes nothing', async () => {
    const now = await current();
    const res = await national.put(`/api/screening/settings/${VN}`, {
      version: now.version,
      settings: { ...now.settings, startAge: 50, rescreenAfterTreatmentYears: 1.5, triageHpvPositive: 'yes' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      { path: 'settings.rescreenAfterTreatmentYears', message: translate('vi', 'screening.settingYears') },
      { path: 'settings.triageHpvPositive', message: translate('vi', 'screening.choice') },
    ]);
    const order = await national.put(`/api/screening/settings/${VN}`, {
      version: now.version,
      settings: { ...now.settings, startAge: 50 },
    });
    expect(order.statusCode).toBe(400);
    expect(order.json().issues).toEqual([
      { path: 'settings.startAge', message: translate('vi', 'screening.settingAgeOrder') },
    ]);
    expect((await current()).version).toBe(now.version);
    const stale = await national.put(`/api/screening/settings/${VN}`, {
      version: now.version - 1,
      settings: now.settings,
    });
    expect(stale.json().code).toBe('version_conflict');
    const worker403 = await worker.put(`/api/screening/settings/${VN}`, {
      version: now.version,
      settings: now.settings,
    });
    expect(worker403.json().code).toBe('forbidden');
  });

  it('audits every change with the rules before and after and the rule version', async () => {
    const rows = await t.db.query<{
      before: ScreeningSettings;
      after: ScreeningSettings;
      details: { version: number };
    }>(
      `select before, after, details from audit_log where entity_type = 'screening_settings' and entity_id = $1
        order by id`,
      [VN],
    );
    expect(rows.map((r) => r.details.version)).toEqual([1, 2, 3, 4]);
    expect(rows[0]).toMatchObject({
      before: { startAge: 30, upperAge: 49 },
      after: { startAge: 29, upperAge: 48 },
    });
    expect(rows[2]).toMatchObject({
      before: { positiveUntreatedWeeks: 4 },
      after: { positiveUntreatedWeeks: 5 },
    });
  });
});
