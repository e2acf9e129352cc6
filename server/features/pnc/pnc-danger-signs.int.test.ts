import { describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import type { FollowUp, VisitResult, Worklist } from '../../../shared/pnc/pnc.schema';
import { issuePaths } from '../../test/api-helpers';
import { useLogins, useTestApp } from '../../test/test-app';
import { C01, recordBirth, wellVisit } from './pnc-test-helpers';

/** The WHO SMART PNC rules added in issue 12: very small or very preterm babies, the mother's uterus, SpO₂, pre-eclampsia. */
describe('postnatal danger signs that prompt an urgent referral', () => {
  const t = useTestApp();
  const [midwife, worker] = useLogins(t, 'midwife.dn', 'pnc.hc1');
  // Clock: 2026-03-10T08:00Z = 15:00 in Đà Nẵng. Born two days ago; contact 2 is due.
  const bornAt = '2026-03-08T10:00:00+07:00';
  const visitedAt = '2026-03-10T14:30:00+07:00';

  const findingsOf = (result: VisitResult, kind: 'mother' | 'newborn') =>
    result.subjects.find((s) => s.kind === kind)!.findings.map((f) => `${f.level}:${f.code}@${f.path}`);

  it('refers a baby weighing 1,400 g at the contact, and keeps the case open on the worklist', async () => {
    const birth = await recordBirth(midwife, {
      bornAt,
      gestationalAgeWeeks: 34,
      newborns: [buildNewbornRaw({ birthWeightGrams: 1550 })],
    });
    const visit = wellVisit(birth, 'c2', visitedAt);
    visit.newborns![0] = { ...visit.newborns![0]!, weightGrams: 1400 };
    const res = await worker.post('/api/pnc/visits', visit);
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json<VisitResult>();
    expect(result.urgentReferral).toBe(true);
    expect(findingsOf(result, 'newborn')).toEqual(['urgent:very_low_weight@weightGrams']);
    expect(findingsOf(result, 'mother')).toEqual([]);

    const w = (await worker.get(`/api/pnc/worklist?orgUnit=${C01}&section=referral`)).json<Worklist>();
    const open = w.items.filter((i) => i.birthId === birth.id);
    expect(open.map((i) => `${i.kind}:${i.contactCode}:${i.referral?.reasons.join(',')}`)).toEqual([
      'newborn:c2:very_low_weight',
    ]);
  });

  it('refers a baby born before 32 weeks at any contact, and accepts a bulging fontanelle', async () => {
    const birth = await recordBirth(midwife, {
      bornAt,
      gestationalAgeWeeks: 31,
      newborns: [buildNewbornRaw({ birthWeightGrams: 1700 })],
    });
    const fu = (await worker.get(`/api/pnc/births/${birth.id}`)).json<FollowUp>();
    expect(fu.gestationalAgeWeeks).toBe(31);
    const visit = wellVisit(birth, 'c2', visitedAt);
    visit.newborns![0] = { ...visit.newborns![0]!, weightGrams: 1800, dangerSigns: ['bulging_fontanelle'] };
    const res = await worker.post('/api/pnc/visits', visit);
    expect(res.statusCode, res.body).toBe(201);
    expect(findingsOf(res.json<VisitResult>(), 'newborn')).toEqual([
      'urgent:bulging_fontanelle@dangerSigns',
      'check:small_baby@weightGrams',
      'urgent:very_preterm@gestationalAgeWeeks',
    ]);
  });

  it('refers the mother for low SpO₂, pre-eclampsia, a flaccid or tender uterus and foul lochia', async () => {
    const birth = await recordBirth(midwife, { bornAt });
    const visit = wellVisit(birth, 'c2', visitedAt, { newborns: [] });
    visit.mother = {
      ...visit.mother!,
      systolic: 150,
      diastolic: 95,
      proteinuria: 'plus2',
      spo2Percent: 90,
      fundus: 'flaccid',
      uterineTenderness: true,
      lochia: 'foul_smelling',
    };
    const res = await worker.post('/api/pnc/visits', visit);
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json<VisitResult>();
    expect(result.urgentReferral).toBe(true);
    expect(findingsOf(result, 'mother')).toEqual([
      'check:raised_blood_pressure@systolic',
      'urgent:pre_eclampsia@proteinuria',
      'urgent:low_oxygen_saturation@spo2Percent',
      'urgent:flaccid_fundus@fundus',
      'urgent:uterine_tenderness@uterineTenderness',
      'urgent:foul_smelling_lochia@lochia',
    ]);
  });

  it('rejects an SpO₂ outside 50–100 % and an unknown proteinuria level', async () => {
    const birth = await recordBirth(midwife, { bornAt });
    const visit = wellVisit(birth, 'c2', visitedAt);
    const bad = await worker.post('/api/pnc/visits', {
      ...visit,
      mother: { ...visit.mother, spo2Percent: 101, proteinuria: '++' },
    });
    expect(bad.statusCode).toBe(400);
    expect(issuePaths(bad).sort()).toEqual(['mother.proteinuria', 'mother.spo2Percent']);
  });
});
