import { goodAnswersFor } from '../../../shared/assessments/assessment-builders';
import type { Answers, AssessmentResults } from '../../../shared/assessments/assessment.schema';
import { DEFAULT_CHECKLIST } from '../../../shared/assessments/default-checklist';
import { computeResults } from '../../../shared/assessments/scoring';
import { localDate } from '../../../shared/births/local-date';
import type { Db, Queryable } from '../../db/db';
import { uuidV5 } from '../../lib/uuid-v5';
import { orgUnitIdOf, userIdOf } from '../../seed/demo';
import {
  insertActionRow,
  insertAssessment,
  insertRecordRow,
  markAssessmentCompleted,
} from './assessments.repo';
import { ensureDefaultChecklist } from './checklists.repo';

const DAY = 86_400_000;
const TZ = 'Asia/Ho_Chi_Minh';
const dateOf = (d: Date) => localDate(d, TZ);

/** First and last day of the calendar quarter `offset` quarters before the one containing `now`. */
function quarter(now: Date, offset: number): { start: string; end: string } {
  const [y, m] = dateOf(now).split('-').map(Number) as [number, number];
  const q = Math.floor((m - 1) / 3) - offset;
  const year = y + Math.floor(q / 4);
  const qi = ((q % 4) + 4) % 4;
  const start = new Date(Date.UTC(year, qi * 3, 1));
  const end = new Date(Date.UTC(year, qi * 3 + 3, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

type Form = { sectionId: string; answers: Answers };

/** A realistic mid-way hospital: good preparation, weak skin-to-skin duration and formula use, gaps in WASH. */
function typicalForms(): Form[] {
  const forms: Form[] = [];
  for (let i = 0; i < 5; i++) {
    const notBreathing = i === 3;
    forms.push({
      sectionId: 'observation',
      answers: goodAnswersFor('observation', {
        obs_breathing: notBreathing ? 'no' : 'yes',
        obs_room_temp: i % 2 ? 'partial' : 'yes',
        obs_wash_2: i === 1 ? 'no' : 'yes',
        obs_clamp_after_pulsation: i === 2 ? 'no' : 'yes',
        obs_suction_only_blocked: i === 4 ? 'no' : 'yes',
        obs_resus_golden_minute: 'partial',
        obs_resus_rate: 'yes',
        obs_resus_10min: 'na',
      }),
    });
  }
  for (let i = 0; i < 10; i++) {
    forms.push({
      sectionId: 'interview',
      answers: goodAnswersFor('interview', {
        int_caesarean: i % 4 === 0 ? 'yes' : 'no',
        int_hours_since_birth: 6 + i * 3,
        int_ssc_duration: i % 3 === 0 ? 'min60_89' : 'ge90',
        int_only_breast_milk: i === 2 || i === 7 ? 'no' : 'yes',
        int_no_teat: i === 7 ? 'no' : 'yes',
        int_bath_delayed: i === 5 ? 'no' : 'yes',
        int_birth_registration: i % 2 ? 'no' : 'yes',
      }),
    });
  }
  forms.push(
    { sectionId: 'chart_review', answers: goodAnswersFor('chart_review', { chart_complication: 'pph' }) },
    {
      sectionId: 'chart_review',
      answers: goodAnswersFor('chart_review', {
        chart_complication: 'newborn_resuscitation',
        chart_monitored: 'partial',
        chart_partograph: 'na',
      }),
    },
    {
      sectionId: 'policy',
      answers: goodAnswersFor('policy', { pol_companion: 'no', pol_cord: 'partial', pol_kmc: 'partial' }),
    },
    {
      sectionId: 'environment',
      answers: goodAnswersFor('environment', {
        env_no_formula: 'no',
        wash_postnatal_sink: 'no',
        wash_delivery_drying: 'no',
        env_kmc_space: 'no',
      }),
    },
    { sectionId: 'register', answers: {} },
  );
  return forms;
}

/** A hospital where every required standard is met. */
function goodForms(): Form[] {
  return [
    ...[0, 1, 2].map(() => ({ sectionId: 'observation', answers: goodAnswersFor('observation') })),
    ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(() => ({
      sectionId: 'interview',
      answers: goodAnswersFor('interview'),
    })),
    { sectionId: 'chart_review', answers: goodAnswersFor('chart_review') },
    { sectionId: 'policy', answers: goodAnswersFor('policy') },
    { sectionId: 'environment', answers: goodAnswersFor('environment') },
    { sectionId: 'register', answers: {} },
  ];
}

async function insertAssessmentWithForms(
  q: Queryable,
  o: {
    key: string;
    facilityCode: string;
    period: { start: string; end: string };
    forms: Form[];
    checklistId: string;
    actorId: string | null;
    createdAt: Date;
    completedAt?: Date;
  },
): Promise<{ id: string; results: AssessmentResults }> {
  const id = uuidV5(`demo-assessment:${o.key}`);
  await insertAssessment(q, {
    id,
    facilityId: orgUnitIdOf(o.facilityCode),
    checklistVersionId: o.checklistId,
    periodStart: o.period.start,
    periodEnd: o.period.end,
    notes: null,
    actorId: o.actorId,
    now: o.createdAt,
  });
  const records = o.forms.map((f, i) => ({
    id: uuidV5(`demo-assessment:${o.key}:${i}`),
    sectionId: f.sectionId,
    answers: f.answers,
  }));
  for (const r of records)
    await insertRecordRow(q, {
      id: r.id,
      assessmentId: id,
      sectionId: r.sectionId,
      answers: r.answers,
      prefill: null,
      edited: [],
      actorId: o.actorId,
      now: o.createdAt,
    });
  const results = computeResults(DEFAULT_CHECKLIST, records);
  if (o.completedAt)
    await markAssessmentCompleted(q, id, 1, {
      assessedOn: dateOf(o.completedAt),
      results,
      actorId: o.actorId,
      now: o.completedAt,
    });
  return { id, results };
}

/**
 * Demo Module 3 data: the Da Nang women's and children's hospital has a completed assessment of the last
 * quarter with an action plan (one action overdue) and one in progress; Quảng Nam provincial hospital
 * meets the standards. Deterministic ids; a few dozen rows.
 */
export async function seedAssessmentsDemo(db: Db, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const checklistId = await ensureDefaultChecklist(tx, now);
    const lead = userIdOf('lead.dn');
    const last = await insertAssessmentWithForms(tx, {
      key: 'dn-h01-last',
      facilityCode: 'VN-DN-H01',
      period: quarter(now, 1),
      forms: typicalForms(),
      checklistId,
      actorId: lead,
      createdAt: new Date(now.getTime() - 40 * DAY),
      completedAt: new Date(now.getTime() - 30 * DAY),
    });
    const actions = [
      {
        key: 'formula',
        sourceKind: 'standard' as const,
        sourceId: 'exclusive_bf',
        problem: 'Sữa công thức vẫn có ở khoa hậu sản; 2/10 trẻ được cho ăn sữa công thức.',
        action: 'Thu hồi sữa công thức khỏi khoa; tập huấn lại nữ hộ sinh về bú mẹ hoàn toàn.',
        responsible: 'ĐD trưởng khoa Hậu sản',
        dueDays: -10,
        status: 'in_progress' as const,
      },
      {
        key: 'sink',
        sourceKind: 'area' as const,
        sourceId: 'wash',
        problem: 'Phòng hậu sản không có bồn rửa tay có xà phòng.',
        action: 'Lắp bồn rửa tay và cấp xà phòng, khăn lau tay dùng một lần.',
        responsible: 'Phòng Hành chính quản trị',
        dueDays: 45,
        status: 'planned' as const,
      },
      {
        key: 'ssc',
        sourceKind: 'standard' as const,
        sourceId: 'ssc_90',
        problem: 'Một phần ba số trẻ được da kề da dưới 90 phút.',
        action: 'Không cân, khám trẻ trước khi bú xong bữa đầu; bổ sung vào quy trình phòng đẻ.',
        responsible: 'Trưởng nhóm EENC',
        dueDays: -5,
        status: 'done' as const,
      },
    ];
    for (const a of actions)
      await insertActionRow(tx, {
        id: uuidV5(`demo-assessment-action:${a.key}`),
        assessmentId: last.id,
        facilityId: orgUnitIdOf('VN-DN-H01'),
        sourceKind: a.sourceKind,
        sourceId: a.sourceId,
        problem: a.problem,
        action: a.action,
        responsible: a.responsible,
        resources: null,
        dueDate: dateOf(new Date(now.getTime() + a.dueDays * DAY)),
        status: a.status,
        progressNote: null,
        doneOn: a.status === 'done' ? dateOf(new Date(now.getTime() - 7 * DAY)) : null,
        actorId: lead,
        now: new Date(now.getTime() - 29 * DAY),
      });
    await insertAssessmentWithForms(tx, {
      key: 'dn-h01-current',
      facilityCode: 'VN-DN-H01',
      period: { start: quarter(now, 0).start, end: dateOf(now) },
      forms: [
        { sectionId: 'observation', answers: goodAnswersFor('observation') },
        { sectionId: 'interview', answers: { int_caesarean: 'no', int_breathing_stable: 'yes' } },
        { sectionId: 'policy', answers: {} },
        { sectionId: 'environment', answers: {} },
        { sectionId: 'register', answers: {} },
      ],
      checklistId,
      actorId: lead,
      createdAt: now,
    });
    await insertAssessmentWithForms(tx, {
      key: 'qna-h01-last',
      facilityCode: 'VN-QNA-H01',
      period: quarter(now, 1),
      forms: goodForms(),
      checklistId,
      actorId: null,
      createdAt: new Date(now.getTime() - 20 * DAY),
      completedAt: new Date(now.getTime() - 15 * DAY),
    });
  });
}
