import { describe, expect, it } from 'vitest';
import type { ChecklistDefinitions, Course, HealthWorker } from '../../../shared/coaching/coaching.schema';
import { findChecklist } from '../../../shared/coaching/checklists';
import { useLogins, useTestApp } from '../../test/test-app';
import { H01, VN } from '../../test/demo-units';

const COPY_ID = '00000000-0000-4000-b200-000000000001';
const base = findChecklist('eenc_breathing', 1)!;

/** A country's own checklist versions and corrections of recorded checklists (docs/coaching.md). */
describe("coaching: a country's checklists and corrections", () => {
  const t = useTestApp();
  const [lead, coach, national, nationalLa, partner] = useLogins(
    t,
    'lead.dn',
    'coach.dn',
    'national.vn',
    'national.la',
    'partner.who',
  );
  let course: Course;
  let worker: HealthWorker;
  let seq = 0;

  /** The versions of the country's copy, oldest first. */
  const own = async () => {
    const res = await coach.get(`/api/coaching/checklists?country=${VN}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as ChecklistDefinitions).items.filter((i) => i.id === COPY_ID);
  };
  const allYes = (domains: typeof base.domains) =>
    Object.fromEntries(domains.flatMap((d) => d.items.map((i) => [i.code, 'yes'])));
  const record = (
    checklistId: string,
    checklistVersion: number,
    answers: Record<string, string>,
    moment = 'after',
  ) =>
    coach.post(`/api/coaching/courses/${course.id}/participants/${worker.id}/checklists`, {
      id: `00000000-0000-4000-b201-${String(++seq).padStart(12, '0')}`,
      checklistId,
      checklistVersion,
      moment,
      method: 'mannequin',
      observedOn: '2026-03-06',
      answers,
    });

  it('sets up a course with one participant', async () => {
    const w = await lead.post('/api/coaching/workers', {
      facilityId: H01,
      name: 'Checklist Copy Worker',
      cadre: 'midwife',
      ward: 'delivery_room',
      activeFrom: '2020-01-01',
    });
    expect(w.statusCode, w.body).toBe(201);
    worker = w.json() as HealthWorker;
    const c = await coach.post('/api/coaching/courses', {
      venueId: H01,
      module: 'eenc_routine',
      startsOn: '2026-03-05',
      endsOn: '2026-03-06',
      days: 2,
    });
    expect(c.statusCode, c.body).toBe(201);
    const added = await coach.post(`/api/coaching/courses/${(c.json() as Course).id}/participants`, {
      workerIds: [worker.id],
    });
    course = added.json() as Course;
    expect(course.countryId).toBe(VN);
  });

  it('copies a shipped checklist for a country, once, within the manager’s scope', async () => {
    const body = { id: COPY_ID, basedOnId: 'eenc_breathing', countryId: VN };
    expect((await coach.post('/api/coaching/checklists', body)).statusCode).toBe(403);
    expect((await partner.post('/api/coaching/checklists', body)).statusCode).toBe(403);
    expect((await nationalLa.post('/api/coaching/checklists', body)).statusCode).toBe(403);
    expect((await national.post('/api/coaching/checklists', { ...body, basedOnId: 'nope' })).statusCode).toBe(
      400,
    );
    const copied = await national.post('/api/coaching/checklists', body);
    expect(copied.statusCode, copied.body).toBe(200);
    // The same id again is the same copy; another id for the same checklist is refused.
    expect((await national.post('/api/coaching/checklists', body)).statusCode).toBe(200);
    const again = await national.post('/api/coaching/checklists', { ...body, id: undefined });
    expect(again.statusCode).toBe(409);
    const items = (copied.json() as ChecklistDefinitions).items;
    const copy = items.find((i) => i.id === COPY_ID)!;
    expect([copy.version, copy.countryId, copy.basedOnId, copy.current, copy.recordCount]).toEqual([
      1,
      VN,
      'eenc_breathing',
      true,
      0,
    ]);
    expect(copy.domains).toEqual(base.domains);
    // The country now records on its copy, not on the shipped checklist.
    expect(items.find((i) => i.id === 'eenc_breathing')!.current).toBe(false);
    const shipped = await record('eenc_breathing', 1, allYes(base.domains));
    expect(shipped.statusCode).toBe(400);
    expect(shipped.json().issues).toEqual([{ path: 'checklistId', message: expect.any(String) }]);
    // Elsewhere (no country given) the shipped one stays current.
    const general = (await coach.get('/api/coaching/checklists')).json() as ChecklistDefinitions;
    expect(general.items.filter((i) => i.current).map((i) => i.id)).toEqual([
      'eenc_breathing',
      'eenc_not_breathing',
      'kmc',
    ]);
  });

  it('edits in place until used, then a new version; old results keep theirs', async () => {
    const v1 = (await own())[0]!;
    // Unused: the edit changes version 1 itself.
    const renamed = { ...v1.name, en: 'EENC breathing baby (Viet Nam)' };
    const inPlace = await national.put(`/api/coaching/checklists/${COPY_ID}`, {
      version: v1.rowVersion,
      name: renamed,
      domains: v1.domains,
    });
    expect(inPlace.statusCode, inPlace.body).toBe(200);
    const v1b = (await own())[0]!;
    expect([(await own()).length, v1b.name.en, v1b.rowVersion]).toEqual([1, renamed.en, 2]);
    // Record on it: every item yes but the first of "prepare" no → 46 of 48.
    const answers = { ...allYes(v1b.domains), [v1b.domains[0]!.items[0]!.code]: 'no' };
    const rec = await record(COPY_ID, 1, answers);
    expect(rec.statusCode, rec.body).toBe(200);
    // Edit: drop the first item of "prepare", reword the second, add one to "dry".
    const [prepare, dry, ...rest] = v1b.domains;
    const domains = [
      {
        ...prepare!,
        items: prepare!.items
          .slice(1)
          .map((i, k) => (k === 0 ? { ...i, label: { en: 'Hands washed', vi: 'Rửa tay' } } : i)),
      },
      {
        ...dry!,
        items: [...dry!.items, { code: 'dry_hat', label: { en: 'Puts on a hat', vi: 'Đội mũ cho trẻ' } }],
      },
      ...rest,
    ];
    const stale = await national.put(`/api/coaching/checklists/${COPY_ID}`, {
      version: 1,
      name: renamed,
      domains,
    });
    expect(stale.statusCode).toBe(409);
    const noDomain = await national.put(`/api/coaching/checklists/${COPY_ID}`, {
      version: 2,
      name: renamed,
      domains: domains.slice(1),
    });
    expect([noDomain.statusCode, noDomain.json().issues[0].path]).toEqual([400, 'domains']);
    const dup = structuredClone(domains);
    dup[1]!.items[0]!.code = dup[0]!.items[0]!.code;
    const dupRes = await national.put(`/api/coaching/checklists/${COPY_ID}`, {
      version: 2,
      name: renamed,
      domains: dup,
    });
    expect([dupRes.statusCode, dupRes.json().issues[0].path]).toEqual([400, 'domains.1.items.0.code']);
    expect(
      (await coach.put(`/api/coaching/checklists/${COPY_ID}`, { version: 2, name: renamed, domains }))
        .statusCode,
    ).toBe(403);
    const edited = await national.put(`/api/coaching/checklists/${COPY_ID}`, {
      version: 2,
      name: renamed,
      domains,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const versions = await own();
    expect(versions.map((v) => [v.version, v.current, v.recordCount])).toEqual([
      [1, false, 1],
      [2, true, 0],
    ]);
    expect(versions[0]!.domains).toEqual(v1b.domains);
    expect(versions[1]!.domains[1]!.items.at(-1)!.code).toBe('dry_hat');
    // The old record keeps its version and score; recording on version 1 now is outdated.
    const view = (await coach.get(`/api/coaching/courses/${course.id}`)).json() as Course;
    const kept = view.participantList[0]!.checklists[0]!;
    expect([kept.checklistId, kept.checklistVersion, kept.total, kept.max, kept.percent]).toEqual([
      COPY_ID,
      1,
      46,
      48,
      95.8,
    ]);
    const outdated = await record(COPY_ID, 1, answers);
    expect([outdated.statusCode, outdated.json().issues[0].path]).toEqual([400, 'checklistVersion']);
    // Version 2: 24 items (one dropped, one added), all yes.
    const v2 = await record(COPY_ID, 2, allYes(domains), 'before');
    expect(v2.statusCode, v2.body).toBe(200);
    const c2 = (v2.json() as Course).participantList[0]!.checklists.find((c) => c.checklistVersion === 2)!;
    expect([c2.total, c2.max, c2.percent]).toEqual([48, 48, 100]);
    const [audit] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where entity_type = 'coaching_checklist_version'",
    );
    expect(audit!.n).toBe(3);
  });

  it('corrects a recorded checklist: re-scored on its own version, audited, 409 when stale, certificate follows', async () => {
    let view = (await coach.get(`/api/coaching/courses/${course.id}`)).json() as Course;
    const p = view.participantList[0]!;
    const done = await coach.put(`/api/coaching/courses/${course.id}/participants/${worker.id}`, {
      version: p.version,
      daysAttended: 2,
      completed: true,
    });
    expect(done.statusCode, done.body).toBe(200);
    view = done.json() as Course;
    expect(view.participantList[0]!.certificateCode).toMatch(/^[A-Z2-9]{10}$/);
    const rec = view.participantList[0]!.checklists.find((c) => c.checklistVersion === 1)!;
    const path = `/api/coaching/courses/${course.id}/participants/${worker.id}/checklists/${rec.id}`;
    // Half the items no: 24 of 48 = 50 %, below passing; still scored on version 1 (its own items).
    const codes = Object.keys(rec.answers);
    const answers = Object.fromEntries(codes.map((c, i) => [c, i % 2 ? 'yes' : 'no']));
    const body = {
      version: rec.version,
      moment: 'after',
      method: 'observed_birth',
      observedOn: '2026-03-06',
      answers,
    };
    expect((await lead.put(path, body)).statusCode).toBe(403);
    const fixed = await coach.put(path, body);
    expect(fixed.statusCode, fixed.body).toBe(200);
    const after = (fixed.json() as Course).participantList[0]!;
    const c = after.checklists.find((x) => x.id === rec.id)!;
    expect([c.checklistVersion, c.method, c.total, c.max, c.percent, c.band, c.version]).toEqual([
      1,
      'observed_birth',
      24,
      48,
      50,
      'middle',
      2,
    ]);
    expect(after.certificateCode).toBeNull();
    // A second correction on the version read first is refused.
    expect((await coach.put(path, body)).statusCode).toBe(409);
    const [entry] = await t.db.query<{ before: { percent: number }; after: { percent: number } }>(
      `select before, after from audit_log where entity_type = 'coaching_checklist' and entity_id = $1
        and action = 'update'`,
      [rec.id],
    );
    expect([entry!.before.percent, entry!.after.percent]).toEqual([95.8, 50]);
    // Back to all yes: passing again, a new certificate.
    const back = await coach.put(path, {
      ...body,
      version: 2,
      answers: Object.fromEntries(codes.map((k) => [k, 'yes'])),
    });
    expect((back.json() as Course).participantList[0]!.certificateCode).toMatch(/^[A-Z2-9]{10}$/);
  });
});
