import { beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentDetail, ChecklistVersion } from '../../../shared/assessments/assessment.schema';
import type { ChecklistDefinition } from '../../../shared/assessments/checklist.schema';
import { newId } from '../../../shared/ids';
import { orgUnitIdOf } from '../../seed/demo';
import { useLogins, useTestApp } from '../../test/test-app';
import { DEFAULT_CHECKLIST_ID } from './checklists.repo';
import { H01, LA, VN } from '../../test/demo-units';

describe('checklist versions: a country adapts the regional default without code changes', () => {
  const t = useTestApp();
  const [national, lead] = useLogins(t, 'national.vn', 'lead.dn');
  let oldAssessment: AssessmentDetail;
  let draft: ChecklistVersion;
  beforeAll(async () => {
    const res = await lead.post('/api/assessments', {
      facilityId: H01,
      periodStart: '2025-10-01',
      periodEnd: '2025-12-31',
    });
    expect(res.statusCode).toBe(201);
    oldAssessment = res.json();
  });

  it('lists the regional default as the active version for a country without its own', async () => {
    const res = await lead.get(`/api/checklists?country=${VN}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        id: DEFAULT_CHECKLIST_ID,
        countryId: null,
        status: 'published',
        isActive: true,
        assessmentCount: 1,
      }),
    ]);
  });

  it('lets the national manager copy the default into a draft for their country', async () => {
    const id = newId();
    const res = await national.post('/api/checklists', {
      id,
      basedOnId: DEFAULT_CHECKLIST_ID,
      countryId: VN,
    });
    expect(res.statusCode, res.body).toBe(201);
    draft = res.json();
    expect(draft).toMatchObject({
      id,
      countryId: VN,
      status: 'draft',
      isActive: false,
      basedOnId: DEFAULT_CHECKLIST_ID,
    });
    expect(draft.label).toContain('Việt Nam');
    expect(draft.definition.code).toBe('wpro_module3');
    const again = await national.post('/api/checklists', {
      id,
      basedOnId: DEFAULT_CHECKLIST_ID,
      countryId: VN,
    });
    expect(again.statusCode).toBe(200);
  });

  it.each([
    ['a hospital lead (no config.manage)', 'lead.dn', VN, 'forbidden'],
    ["another country's manager", 'national.la', VN, 'out_of_scope'],
    ['a provincial manager', 'province.dn', VN, 'forbidden'],
  ])('refuses a copy by %s', async (_name, username, countryId, code) => {
    const c = await t.login(username);
    const res = await c.post('/api/checklists', { basedOnId: DEFAULT_CHECKLIST_ID, countryId });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe(code);
  });

  it('refuses to copy into something that is not a country, or from another country', async () => {
    const notCountry = await national.post('/api/checklists', {
      basedOnId: DEFAULT_CHECKLIST_ID,
      countryId: orgUnitIdOf('VN-DN'),
    });
    expect(notCountry.statusCode).toBe(400);
    expect(notCountry.json().issues[0].path).toBe('countryId');
    const laos = await t.login('national.la');
    const fromVn = await laos.post('/api/checklists', { basedOnId: draft.id, countryId: LA });
    expect(fromVn.statusCode).toBe(400);
    expect(fromVn.json().issues[0].path).toBe('basedOnId');
  });

  it('answers every problem of an invalid definition at once, in the editor’s language, and saves nothing', async () => {
    const broken = structuredClone(draft.definition) as ChecklistDefinition & Record<string, unknown>;
    broken.sections[0]!.items[1]!.area = 'nowhere';
    delete (broken.standards[0]!.title as Partial<Record<string, string>>).en;
    broken.standards[1]!.targetPercent = 150;
    broken.sections[1]!.sampleSize = { min: 20, target: 10, max: 100 };
    const res = await national.put(`/api/checklists/${draft.id}`, {
      version: draft.version,
      definition: broken,
    });
    expect(res.statusCode).toBe(400);
    const issues = res.json().issues as Array<{ path: string; message: string }>;
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'definition.sections.0.items.1.area',
        'definition.standards.0.title.en',
        'definition.standards.1.targetPercent',
        'definition.sections.1.sampleSize',
      ]),
    );
    // national.vn reads Vietnamese: both our messages and zod's own are translated.
    expect(issues.find((i) => i.path === 'definition.sections.0.items.1.area')?.message).toBe(
      'Không có lĩnh vực nowhere.',
    );
    expect(issues.find((i) => i.path === 'definition.standards.1.targetPercent')?.message).toMatch(/100/);
    const stored = (await national.get(`/api/checklists/${draft.id}`)).json();
    expect(stored.version).toBe(draft.version);
  });

  it('saves an adapted definition (targets, items, sample size) and publishes it', async () => {
    const adapted = structuredClone(draft.definition);
    adapted.sections[1]!.sampleSize = { min: 5, target: 10, max: 30 };
    adapted.sections[1]!.items[0]!.text = { en: 'Caesarean section?', vi: 'Mổ lấy thai?' };
    const hygiene = adapted.standards.find((s) => s.id === 'hand_hygiene')!;
    hygiene.targetPercent = 90;
    hygiene.requiredForStatus = true;
    const res = await national.put(`/api/checklists/${draft.id}`, {
      version: draft.version,
      label: 'Bảng kiểm Học phần 3 — Việt Nam 2026',
      definition: adapted,
    });
    expect(res.statusCode, res.body).toBe(200);
    draft = res.json();
    expect(draft.label).toBe('Bảng kiểm Học phần 3 — Việt Nam 2026');
    const stale = await national.post(`/api/checklists/${draft.id}/publish`, { version: draft.version - 1 });
    expect(stale.statusCode).toBe(409);
    const published = await national.post(`/api/checklists/${draft.id}/publish`, { version: draft.version });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', isActive: true });
  });

  it('gives new assessments the country version while old ones keep the version they were made with', async () => {
    const res = await lead.post('/api/assessments', {
      facilityId: H01,
      periodStart: '2026-01-01',
      periodEnd: '2026-02-28',
    });
    expect(res.statusCode).toBe(201);
    const fresh = res.json() as AssessmentDetail;
    expect(fresh.checklistVersionId).toBe(draft.id);
    expect(fresh.definition.sections[1]!.sampleSize?.min).toBe(5);
    expect(fresh.results.standards.find((s) => s.id === 'hand_hygiene')).toMatchObject({
      targetPercent: 90,
      requiredForStatus: true,
    });
    const old = (await lead.get(`/api/assessments/${oldAssessment.id}`)).json() as AssessmentDetail;
    expect(old.checklistVersionId).toBe(DEFAULT_CHECKLIST_ID);
    expect(old.definition.sections[1]!.sampleSize?.min).toBe(1);
    // Laos still gets the regional default.
    const la = (await lead.get(`/api/checklists?country=${LA}`)).json();
    expect(la.items.find((i: { isActive: boolean }) => i.isActive).id).toBe(DEFAULT_CHECKLIST_ID);
  });

  it('never changes a published version or the regional default', async () => {
    const published = await national.put(`/api/checklists/${draft.id}`, {
      version: draft.version + 1,
      label: 'x',
    });
    expect(published.statusCode).toBe(409);
    const admin = await t.login('admin');
    const regional = await admin.put(`/api/checklists/${DEFAULT_CHECKLIST_ID}`, { version: 1, label: 'x' });
    expect(regional.statusCode).toBe(409);
  });

  it('documents the assessment and checklist routes in the OpenAPI document', async () => {
    const res = await t.anonymous().get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/assessments',
        '/api/assessments/{id}/records/{recordId}',
        '/api/assessment-actions/{id}',
        '/api/checklists/{id}/publish',
      ]),
    );
  });

  it('lets a country administrator (system admin scoped to the country) adapt too', async () => {
    const adminVn = await t.login('admin.vn');
    const res = await adminVn.post('/api/checklists', {
      basedOnId: draft.id,
      countryId: VN,
      label: 'Bản nháp 2027',
    });
    expect(res.statusCode).toBe(201);
    const del = await adminVn.delete(`/api/checklists/${res.json().id}?version=${res.json().version}`);
    expect(del.statusCode).toBe(204);
  });
});
