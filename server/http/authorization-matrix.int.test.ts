import { newId } from '../../shared/ids';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Permission, type Role, rolePermissions } from '../../shared/auth/roles';
import { DEFAULT_CHECKLIST_ID } from '../features/assessments/checklists.repo';
import {
  addCourseAs,
  addWorkerAs,
  type CoachingTargets,
  insertCoachingTargets,
  MATRIX_CERTIFICATE,
  versionOf,
} from '../features/coaching/coaching-test-helpers';
import { findChecklist } from '../../shared/coaching/checklists';
import { buildBirthRaw, buildNewbornRaw } from '../../shared/births/birth-builders';
import { BirthInputSchema } from '../../shared/births/birth.schema';
import { birthToInput } from '../../shared/births/birth-to-input';
import { flattenBirth } from '../../shared/sync/birth-patch';
import type { KmcEpisode } from '../../shared/kmc/kmc.schema';
import { DEFAULT_EENC_SETTINGS } from '../../shared/births/eenc-settings';
import { buildApp } from '../app';
import { ROOT_REGION_ID } from '../seed/bootstrap';
import { orgUnitIdOf, userIdOf } from '../seed/demo';
import type { BirthImportReport } from '../../shared/births/birth-import.schema';
import { csvOf, parseNdjson } from '../features/births-import/import-test-helpers';
import { wellVisit } from '../features/pnc/pnc-test-helpers';
import {
  buildScreeningClient,
  buildScreeningEvent,
  NO_SCREENING_FINDINGS,
} from '../features/screening/screening-test-builders';
import { DEFAULT_PNC_SETTINGS } from '../../shared/pnc/pnc-settings';
import { DEFAULT_SCREENING_SETTINGS } from '../../shared/screening/screening-settings';
import type { VisitResult } from '../../shared/pnc/pnc.schema';
import { expectError, uploadCsv, userVersion } from '../test/api-helpers';
import { collection, featureOf, square } from '../test/geojson';
import { createTestApp, TEST_PASSWORD, type TestApp, TestClient } from '../test/test-app';
import { buildKmcStart } from '../../shared/kmc/kmc-builders';

/**
 * Role × route matrix. What each role may do comes from `rolePermissions` (shared/auth/roles.ts); for the
 * routes that exist today it boils down to:
 *   system_admin        org_unit.read, org_unit.manage, user.read, user.manage, audit.read
 *   every other role    org_unit.read (the rest of their permissions guard routes not built yet)
 * The expected answers below are written out by hand from that table, never computed from it; a last test
 * checks that the hand-written table and `rolePermissions` still agree.
 */

/** One demo user per role. Reads target `home` (inside their scope) or `away` (outside it). */
const PEOPLE = [
  { role: 'system_admin', username: 'admin.vn', home: 'VN', away: 'LA-VT' },
  { role: 'national_manager', username: 'national.vn', home: 'VN', away: 'LA-VT' },
  { role: 'provincial_manager', username: 'province.dn', home: 'VN-DN', away: 'LA-VT' },
  { role: 'hospital_lead', username: 'lead.dn', home: 'VN-DN-H01', away: 'LA-VT' },
  { role: 'clinician', username: 'midwife.dn', home: 'VN-DN-H01', away: 'LA-VT' },
  { role: 'coach', username: 'coach.dn', home: 'VN-DN', away: 'LA-VT' },
  { role: 'pnc_worker', username: 'pnc.hc1', home: 'VN-DN-HC-C01', away: 'LA-VT' },
  // Scoped to the whole demo region: "away" is a second region root created for this test.
  { role: 'partner_viewer', username: 'partner.who', home: 'WPR', away: 'SEAR' },
] as const satisfies ReadonlyArray<{ role: Role; username: string; home: string; away: string }>;
type Person = (typeof PEOPLE)[number];

const F = '403 forbidden';
const O = '403 out_of_scope';
const V = '400 validation_failed';
const C = '409 conflict';
/** Outcomes of the streamed birth import, read from its report line. */
const IMPORTED = '200 imported';
const ROW_REFUSED = '200 row_refused';
/** Outcomes of a sync push, read from the operation's result. */
const PUSHED = '200 applied';
const PUSH_OUT = '200 op_out_of_scope';
/** A role that may sync other record types (a postnatal worker's contacts) sending a birth. */
const PUSH_FORBIDDEN = '200 op_forbidden';

/**
 * Expected answers, one column per role in the order of PEOPLE:
 *   [system_admin, national_manager, provincial_manager, hospital_lead, clinician, coach, pnc_worker, partner_viewer]
 * `in` targets something inside the user's area, `out` something outside it. Writes, users and audit need
 * permissions only system_admin holds, so their targets are chosen inside or outside admin.vn's area (VN);
 * every other role is refused on its role before the target is looked at.
 */
const MATRIX = {
  'GET /api/org-units': {
    in: ['200', '200', '200', '200', '200', '200', '200', '200'],
    out: [O, O, O, O, O, O, O, O],
  },
  'GET /api/org-units/:id': {
    in: ['200', '200', '200', '200', '200', '200', '200', '200'],
    out: [O, O, O, O, O, O, O, O],
  },
  'POST /api/org-units': {
    in: ['201', F, F, F, F, F, F, F],
    out: [O, F, F, F, F, F, F, F],
  },
  'PATCH /api/org-units/:id': {
    in: ['200', F, F, F, F, F, F, F],
    out: [O, F, F, F, F, F, F, F],
  },
  'POST /api/org-units/:id/move': {
    in: ['200', F, F, F, F, F, F, F],
    out: [O, F, F, F, F, F, F, F],
  },
  'POST /api/org-units/:id/active': {
    in: ['200', F, F, F, F, F, F, F],
    out: [O, F, F, F, F, F, F, F],
  },
  // The mother's-commune search of the birth form: record.write at the birth facility (`in` VN-DN-H01,
  // `out` LA-SV-H01); the communes found lie anywhere in the facility's country.
  'GET /api/org-units/communes': {
    in: [F, F, F, '200', '200', F, F, F],
    out: [F, F, F, O, O, F, F, F],
  },
  // An import reports a unit outside the area as a problem of its row.
  'POST /api/org-units/import': {
    in: ['200', F, F, F, F, F, F, F],
    out: [V, F, F, F, F, F, F, F],
  },
  // The list shows only manageable users: filtering on a unit outside the area gives an empty list.
  'GET /api/users': {
    in: ['200', F, F, F, F, F, F, F],
    out: ['200', F, F, F, F, F, F, F],
  },
  'GET /api/users/:id': {
    in: ['200', F, F, F, F, F, F, F],
    out: [O, F, F, F, F, F, F, F],
  },
  // A scope outside the area is a problem of the field scopeIds.0.
  'POST /api/users': {
    in: ['201', F, F, F, F, F, F, F],
    out: [V, F, F, F, F, F, F, F],
  },
  'PATCH /api/users/:id': {
    in: ['200', F, F, F, F, F, F, F],
    out: [O, F, F, F, F, F, F, F],
  },
  'POST /api/users/:id/password': {
    in: ['200', F, F, F, F, F, F, F],
    out: [O, F, F, F, F, F, F, F],
  },
  'POST /api/users/:id/unlock': {
    in: ['200', F, F, F, F, F, F, F],
    out: [O, F, F, F, F, F, F, F],
  },
  // The log shows only entries inside the area: filtering on a unit outside it gives an empty list.
  'GET /api/audit': {
    in: ['200', F, F, F, F, F, F, F],
    out: ['200', F, F, F, F, F, F, F],
  },
  // Birth register: record.read for managers, coach, lead and clinician; record.write for lead and clinician.
  // `in` is a birth at VN-DN-H01 (inside every reader's area), `out` one at LA-SV-H01.
  'GET /api/births': {
    in: [F, '200', '200', '200', '200', '200', F, F],
    out: [F, O, O, O, O, O, F, F],
  },
  'GET /api/births/:id': {
    in: [F, '200', '200', '200', '200', '200', F, F],
    out: [F, O, O, O, O, O, F, F],
  },
  'GET /api/births/:id/history': {
    in: [F, '200', '200', '200', '200', '200', F, F],
    out: [F, O, O, O, O, O, F, F],
  },
  'POST /api/births': {
    in: [F, F, F, '201', '201', F, F, F],
    out: [F, F, F, O, O, F, F, F],
  },
  'PUT /api/births/:id': {
    in: [F, F, F, '200', '200', F, F, F],
    out: [F, F, F, O, O, F, F, F],
  },
  'DELETE /api/births/:id': {
    in: [F, F, F, '204', '204', F, F, F],
    out: [F, F, F, O, O, F, F, F],
  },
  // Import: record.write. The answer streams (200 at once); a row at a facility outside the area is
  // refused in the report ("rows refused"), while a row inside is stored ("imported").
  'GET /api/births/import/template.csv': { any: [F, F, F, '200', '200', F, F, F] },
  'POST /api/births/import': {
    in: [F, F, F, IMPORTED, IMPORTED, F, F, F],
    out: [F, F, F, ROW_REFUSED, ROW_REFUSED, F, F, F],
  },
  // Export: record.export (managers and the hospital lead), same filters and scope as the list.
  'GET /api/births/export.csv': {
    in: [F, '200', '200', '200', F, F, F, F],
    out: [F, O, O, O, F, F, F, F],
  },
  // Indicators: aggregate.read, which every role holds, at a unit of the user's area.
  'GET /api/indicators/definitions': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  'GET /api/indicators/values': {
    in: ['200', '200', '200', '200', '200', '200', '200', '200'],
    out: [O, O, O, O, O, O, O, O],
  },
  'GET /api/indicators/disaggregation': {
    in: ['200', '200', '200', '200', '200', '200', '200', '200'],
    out: [O, O, O, O, O, O, O, O],
  },
  // The drill-down lists patient records: record.read too (not the administrator, PNC worker or partner).
  'GET /api/indicators/records': {
    in: [F, '200', '200', '200', '200', '200', F, F],
    out: [O, O, O, O, O, O, O, O],
  },
  'GET /api/indicators/export': {
    in: ['200', '200', '200', '200', '200', '200', '200', '200'],
    out: [O, O, O, O, O, O, O, O],
  },
  // Thresholds in force where the user works (anyone who may see the unit); set by config.manage.
  'GET /api/eenc-settings': {
    in: ['200', '200', '200', '200', '200', '200', '200', '200'],
    out: [O, O, O, O, O, O, O, O],
  },
  'PUT /api/eenc-settings/:id': {
    in: ['200', '200', F, F, F, F, F, F],
    out: [O, O, F, F, F, F, F, F],
  },
  // Hospital self-assessment: assessment.read for managers, lead and coach; assessment.write for the lead.
  // `in` is an assessment of VN-DN-H01, `out` one of LA-SV-H01.
  'GET /api/assessments': {
    in: [F, '200', '200', '200', F, '200', F, F],
    out: [F, O, O, O, F, O, F, F],
  },
  'GET /api/assessments/:id': {
    in: [F, '200', '200', '200', F, '200', F, F],
    out: [F, O, O, O, F, O, F, F],
  },
  'POST /api/assessments': { in: [F, F, F, '201', F, F, F, F], out: [F, F, F, O, F, F, F, F] },
  'PATCH /api/assessments/:id': { in: [F, F, F, '200', F, F, F, F], out: [F, F, F, O, F, F, F, F] },
  'DELETE /api/assessments/:id': { in: [F, F, F, '204', F, F, F, F], out: [F, F, F, O, F, F, F, F] },
  // The target is not filled in yet: the lead reaches the completeness check.
  'POST /api/assessments/:id/complete': { in: [F, F, F, V, F, F, F, F], out: [F, F, F, O, F, F, F, F] },
  'POST /api/assessments/:id/records': { in: [F, F, F, '201', F, F, F, F], out: [F, F, F, O, F, F, F, F] },
  'PUT /api/assessments/:id/records/:recordId': {
    in: [F, F, F, '200', F, F, F, F],
    out: [F, F, F, O, F, F, F, F],
  },
  'DELETE /api/assessments/:id/records/:recordId': {
    in: [F, F, F, '204', F, F, F, F],
    out: [F, F, F, O, F, F, F, F],
  },
  'POST /api/assessments/:id/register-prefill': {
    in: [F, F, F, '200', F, F, F, F],
    out: [F, F, F, O, F, F, F, F],
  },
  'POST /api/assessments/:id/actions': { in: [F, F, F, '201', F, F, F, F], out: [F, F, F, O, F, F, F, F] },
  'PATCH /api/assessment-actions/:id': { in: [F, F, F, '200', F, F, F, F], out: [F, F, F, O, F, F, F, F] },
  'DELETE /api/assessment-actions/:id': { in: [F, F, F, '204', F, F, F, F], out: [F, F, F, O, F, F, F, F] },
  // Checklists are configuration, not patient data: every user may read every version (a VN and a LA draft).
  'GET /api/checklists': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  'GET /api/checklists/:id': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  // Adapting them is config.manage at the country.
  'POST /api/checklists': { in: ['201', '201', F, F, F, F, F, F], out: [O, O, F, F, F, F, F, F] },
  'PUT /api/checklists/:id': { in: ['200', '200', F, F, F, F, F, F], out: [O, O, F, F, F, F, F, F] },
  'POST /api/checklists/:id/publish': { in: ['200', '200', F, F, F, F, F, F], out: [O, O, F, F, F, F, F, F] },
  'DELETE /api/checklists/:id': { in: ['204', '204', F, F, F, F, F, F], out: [O, O, F, F, F, F, F, F] },
  // DHIS2 mappings are instance-wide configuration (config.manage); their exports and pushes are scoped to
  // the unit asked for. This app has no DHIS2 server configured: a push in scope is a 409 that says so.
  // Kangaroo mother care: the list and a baby's episode are record.read (managers, lead, clinician, coach);
  // starting, logging and discharging are record.write (lead, clinician). `in` is a small baby born at
  // VN-DN-H01, `out` one born at LA-SV-H01; each write gets a baby (and episode) of its own.
  'GET /api/kmc/babies': { in: [F, '200', '200', '200', '200', '200', F, F], out: [F, O, O, O, O, O, F, F] },
  'GET /api/kmc/babies/:id': {
    in: [F, '200', '200', '200', '200', '200', F, F],
    out: [F, O, O, O, O, O, F, F],
  },
  'POST /api/kmc/episodes': { in: [F, F, F, '201', '201', F, F, F], out: [F, F, F, O, O, F, F, F] },
  'PUT /api/kmc/episodes/:id': { in: [F, F, F, '200', '200', F, F, F], out: [F, F, F, O, O, F, F, F] },
  'PUT /api/kmc/episodes/:id/logs/:date': {
    in: [F, F, F, '200', '200', F, F, F],
    out: [F, F, F, O, O, F, F, F],
  },
  'POST /api/kmc/episodes/:id/discharge': {
    in: [F, F, F, '200', '200', F, F, F],
    out: [F, F, F, O, O, F, F, F],
  },
  // Cervical screening: lists and a woman's record are pnc.read (managers, lead, clinician, PNC worker);
  // registering and recording are pnc.write (clinician, PNC worker). `in` is a woman followed at
  // VN-DN-H01 (outside pnc.hc1's commune, so O for the PNC worker), `out` one at LA-SV-H01; each write
  // gets a woman (and screening) of its own.
  'GET /api/screening/clients': {
    in: [F, '200', '200', '200', '200', F, O, F],
    out: [F, O, O, O, O, F, O, F],
  },
  'GET /api/screening/clients/:id': {
    in: [F, '200', '200', '200', '200', F, O, F],
    out: [F, O, O, O, O, F, O, F],
  },
  'POST /api/screening/clients': { in: [F, F, F, F, '201', F, O, F], out: [F, F, F, F, O, F, O, F] },
  'PUT /api/screening/clients/:id': { in: [F, F, F, F, '200', F, O, F], out: [F, F, F, F, O, F, O, F] },
  'POST /api/screening/clients/:id/events': {
    in: [F, F, F, F, '201', F, O, F],
    out: [F, F, F, F, O, F, O, F],
  },
  'PUT /api/screening/events/:id': { in: [F, F, F, F, '200', F, O, F], out: [F, F, F, F, O, F, O, F] },
  // A hand-registered woman's birth matches (pnc.write, the clinician of VN-DN-H01); each decision gets a
  // woman and a birth of her own, matched by phone.
  'GET /api/screening/clients/:id/birth-matches': {
    in: [F, F, F, F, '200', F, O, F],
    out: [F, F, F, F, O, F, O, F],
  },
  'POST /api/screening/clients/:id/birth-matches/:birthId': {
    in: [F, F, F, F, '200', F, O, F],
    out: [F, F, F, F, O, F, O, F],
  },
  // The screening rules in force where the user works (anyone who may see the unit); set by config.manage.
  'GET /api/screening/settings': {
    in: ['200', '200', '200', '200', '200', '200', '200', '200'],
    out: [O, O, O, O, O, O, O, O],
  },
  'PUT /api/screening/settings/:id': {
    in: ['200', '200', F, F, F, F, F, F],
    out: [O, O, F, F, F, F, F, F],
  },
  // Offline sync: open to roles that may write (push) or read (pull, inbox) at least one record type; each
  // record type then asks its own permission (births record.*, postnatal contacts pnc.*). Push answers per
  // operation (a birth create outside the area, or by the postnatal worker, is refused in its own result),
  // pull always reads the caller's area, the conflict inbox (`in` = ?facility=VN-DN-H01, `out` =
  // LA-SV-H01; the postnatal worker's area is a commune) and resolving is the item type's write permission
  // where the item lies; each resolve gets an item of its own (a birth's).
  'POST /api/sync/push': {
    in: [F, F, F, PUSHED, PUSHED, F, PUSH_FORBIDDEN, F],
    out: [F, F, F, PUSH_OUT, PUSH_OUT, F, PUSH_FORBIDDEN, F],
  },
  'GET /api/sync/pull': { any: [F, '200', '200', '200', '200', '200', '200', F] },
  'GET /api/sync/conflicts': {
    in: [F, '200', '200', '200', '200', '200', O, F],
    out: [F, O, O, O, O, O, O, F],
  },
  'POST /api/sync/conflicts/:id/resolve': {
    in: [F, F, F, '200', '200', F, F, F],
    out: [F, F, F, O, O, F, F, F],
  },
  // Graduation from the KMC follow-up: record.write, on an episode discharged in KMC of its own.
  'POST /api/kmc/episodes/:id/graduation': {
    in: [F, F, F, '200', '200', F, F, F],
    out: [F, F, F, O, O, F, F, F],
  },
  'GET /api/dhis2/mappings': { any: ['200', '200', F, F, F, F, F, F] },
  'GET /api/dhis2/mappings/:id': { any: ['200', '200', F, F, F, F, F, F] },
  'POST /api/dhis2/mappings': { any: ['201', '201', F, F, F, F, F, F] },
  'PUT /api/dhis2/mappings/:id': { any: ['200', '200', F, F, F, F, F, F] },
  'GET /api/dhis2/mappings/:id/data-values': {
    in: ['200', '200', F, F, F, F, F, F],
    out: [O, O, F, F, F, F, F, F],
  },
  'POST /api/dhis2/mappings/:id/push': {
    in: ['409 conflict', '409 conflict', F, F, F, F, F, F],
    out: [O, O, F, F, F, F, F, F],
  },
  'PUT /api/dhis2/mappings/:id/monthly-push': {
    in: ['200', '200', F, F, F, F, F, F],
    out: [O, O, F, F, F, F, F, F],
  },
  // Postnatal follow-up: pnc.read for managers, lead, clinician and PNC worker; pnc.write for the clinician
  // and the PNC worker. A follow-up belongs to the birth facility and to the mother's commune: `in` is a
  // birth at VN-DN-H01 whose mother lives in VN-DN-HC-C01 (handed over to pnc.hc1), `out` one at LA-SV-H01.
  'GET /api/pnc/worklist': {
    in: [F, '200', '200', '200', '200', F, '200', F],
    out: [F, O, O, O, O, F, O, F],
  },
  'GET /api/pnc/births/:id': {
    in: [F, '200', '200', '200', '200', F, '200', F],
    out: [F, O, O, O, O, F, O, F],
  },
  'POST /api/pnc/visits': { in: [F, F, F, F, '201', F, '201', F], out: [F, F, F, F, O, F, O, F] },
  'PUT /api/pnc/visits/:id': { in: [F, F, F, F, '200', F, '200', F], out: [F, F, F, F, O, F, O, F] },
  'DELETE /api/pnc/visits/:id': { in: [F, F, F, F, '204', F, '204', F], out: [F, F, F, F, O, F, O, F] },
  'POST /api/pnc/referrals/:id/close': {
    in: [F, F, F, F, '200', F, '200', F],
    out: [F, F, F, F, O, F, O, F],
  },
  'PUT /api/pnc/births/:id/preferences': {
    in: [F, F, F, F, '200', F, '200', F],
    out: [F, F, F, F, O, F, O, F],
  },
  // One's own reminder phone: no org unit involved, but pnc.write (those who make contacts).
  'GET /api/pnc/profile': { any: [F, F, F, F, '200', F, '200', F] },
  'PUT /api/pnc/profile': { any: [F, F, F, F, '200', F, '200', F] },
  // The schedule in force where the user works (anyone who may see the unit); set by config.manage.
  'GET /api/pnc/settings': {
    in: ['200', '200', '200', '200', '200', '200', '200', '200'],
    out: [O, O, O, O, O, O, O, O],
  },
  'PUT /api/pnc/settings/:id': {
    in: ['200', '200', F, F, F, F, F, F],
    out: [O, O, F, F, F, F, F, F],
  },
  // Coaching (Module 2): workforce.read for managers, lead and coach; roster.manage for the lead;
  // coaching.write for the coach. `in` is VN-DN-H01 (its roster, a course there), `out` LA-SV-H01.
  'GET /api/coaching/roster': { in: [F, '200', '200', '200', F, '200', F, F], out: [F, O, O, O, F, O, F, F] },
  'GET /api/coaching/workers/:id': {
    in: [F, '200', '200', '200', F, '200', F, F],
    out: [F, O, O, O, F, O, F, F],
  },
  'POST /api/coaching/workers': { in: [F, F, F, '201', F, F, F, F], out: [F, F, F, O, F, F, F, F] },
  'GET /api/coaching/roster/template.csv': { any: [F, F, F, '200', F, F, F, F] },
  'POST /api/coaching/roster/import': { in: [F, F, F, '200', F, F, F, F], out: [F, F, F, O, F, F, F, F] },
  'PATCH /api/coaching/workers/:id': { in: [F, F, F, '200', F, F, F, F], out: [F, F, F, O, F, F, F, F] },
  'POST /api/coaching/workers/:id/move': { in: [F, F, F, '200', F, F, F, F], out: [F, F, F, O, F, F, F, F] },
  'POST /api/coaching/workers/:id/deactivate': {
    in: [F, F, F, '200', F, F, F, F],
    out: [F, F, F, O, F, F, F, F],
  },
  'GET /api/coaching/courses': {
    in: [F, '200', '200', '200', F, '200', F, F],
    out: [F, O, O, O, F, O, F, F],
  },
  'GET /api/coaching/courses/:id': {
    in: [F, '200', '200', '200', F, '200', F, F],
    out: [F, O, O, O, F, O, F, F],
  },
  'POST /api/coaching/courses': { in: [F, F, F, F, F, '201', F, F], out: [F, F, F, F, F, O, F, F] },
  'PUT /api/coaching/courses/:id': { in: [F, F, F, F, F, '200', F, F], out: [F, F, F, F, F, O, F, F] },
  'POST /api/coaching/courses/:id/participants': {
    in: [F, F, F, F, F, '200', F, F],
    out: [F, F, F, F, F, O, F, F],
  },
  'PUT /api/coaching/courses/:id/participants/:workerId': {
    in: [F, F, F, F, F, '200', F, F],
    out: [F, F, F, F, F, O, F, F],
  },
  'DELETE /api/coaching/courses/:id/participants/:workerId': {
    in: [F, F, F, F, F, '200', F, F],
    out: [F, F, F, F, F, O, F, F],
  },
  'GET /api/coaching/certificates/:code': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  // Skills checklists (issue 15): definitions for every reader of the workforce; recording is
  // coaching.write on the course's venue, each write on a course and participant of its own.
  'GET /api/coaching/checklists': { any: [F, '200', '200', '200', F, '200', F, F] },
  // The Excel template of the roster import: roster.manage, like the CSV template.
  'GET /api/coaching/roster/template.xlsx': { any: [F, F, F, '200', F, F, F, F] },
  'POST /api/coaching/courses/:id/participants/:workerId/checklists': {
    in: [F, F, F, F, F, '200', F, F],
    out: [F, F, F, F, F, O, F, F],
  },
  // The country's own settings: in = VN, out = LA.
  'GET /api/coaching/settings/:id': { in: ['200', '200', F, F, F, F, F, F], out: [O, O, F, F, F, F, F, F] },
  'PUT /api/coaching/settings/:id': { in: ['200', '200', F, F, F, F, F, F], out: [O, O, F, F, F, F, F, F] },
  // A country's own checklists (issue 15): config.manage of the country (in = VN, out = LA); the copy
  // is of the KMC checklist so that the rows recording on the shipped EENC one are not affected.
  'POST /api/coaching/checklists': { in: ['200', '200', F, F, F, F, F, F], out: [O, O, F, F, F, F, F, F] },
  'PUT /api/coaching/checklists/:id': { in: ['200', '200', F, F, F, F, F, F], out: [O, O, F, F, F, F, F, F] },
  // Correcting a recorded checklist: coaching.write on the course's venue.
  'PUT /api/coaching/courses/:id/participants/:workerId/checklists/:checklistId': {
    in: [F, F, F, F, F, '200', F, F],
    out: [F, F, F, F, F, O, F, F],
  },
  // Routes about one's own session: no org unit involved.
  'POST /api/auth/login': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  'GET /api/auth/me': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  'PUT /api/auth/me/locale': { any: ['204', '204', '204', '204', '204', '204', '204', '204'] },
  // Sent with a wrong current password: every role reaches the check (a real change is tested in auth).
  'POST /api/auth/me/password': { any: [V, V, V, V, V, V, V, V] },
  'POST /api/auth/logout': { any: ['204', '204', '204', '204', '204', '204', '204', '204'] },
  'GET /api/health': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  'GET /api/openapi.json': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  // Country reports (issue 17). `in` is a VN report whose reviewer pair is national.la and partner.who,
  // `out` an LA report without a pair. Unpublished reports are read by their author, their reviewers and
  // the regional coordinator only (admin.vn is scoped at the country, not above it: never coordinator).
  'GET /api/reports': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  'POST /api/reports': { in: [F, '201', F, F, F, F, F, F], out: [F, O, F, F, F, F, F, F] },
  'GET /api/reports/regional': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  'GET /api/reports/regional/chart.svg': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  'PUT /api/reports/reviewers/:countryId': { in: [O, F, F, F, F, F, F, F], out: [O, F, F, F, F, F, F, F] },
  'GET /api/reports/:id': { in: [O, '200', O, O, O, O, O, '200'], out: [O, O, O, O, O, O, O, O] },
  'PATCH /api/reports/:id': { in: [F, '200', F, F, F, F, F, F], out: [F, O, F, F, F, F, F, F] },
  'POST /api/reports/:id/submit': { in: [F, '200', F, F, F, F, F, F], out: [F, O, F, F, F, F, F, F] },
  'POST /api/reports/:id/start-review': { in: [O, F, F, F, F, F, F, F], out: [O, F, F, F, F, F, F, F] },
  'POST /api/reports/:id/validate': { in: [F, O, F, F, F, F, F, '200'], out: [F, O, F, F, F, F, F, O] },
  'POST /api/reports/:id/publish': { in: [O, F, F, F, F, F, F, F], out: [O, F, F, F, F, F, F, F] },
  'POST /api/reports/:id/reopen': { in: [F, '200', F, F, F, F, F, F], out: [F, O, F, F, F, F, F, F] },
  'PUT /api/reports/:id/values/:key/review': {
    in: [F, O, F, F, F, F, F, '200'],
    out: [F, O, F, F, F, F, F, O],
  },
  'POST /api/reports/:id/queries': { in: [F, O, F, F, F, F, F, '200'], out: [F, O, F, F, F, F, F, O] },
  'POST /api/reports/:id/queries/:queryId/answer': {
    in: [F, '200', F, F, F, F, F, F],
    out: [F, O, F, F, F, F, F, F],
  },
  'POST /api/reports/:id/queries/:queryId/reply': {
    in: [F, O, F, F, F, F, F, '200'],
    out: [F, O, F, F, F, F, F, O],
  },
  'GET /api/reports/:id/diff': { in: [O, '200', O, O, O, O, O, '200'], out: [O, O, O, O, O, O, O, O] },
  'GET /api/reports/:id/submission': { in: [O, '200', O, O, O, O, O, '200'], out: [O, O, O, O, O, O, O, O] },
  'GET /api/reports/:id/report.pdf': { in: [O, '200', O, O, O, O, O, '200'], out: [O, O, O, O, O, O, O, O] },
  'GET /api/reports/:id/report.xlsx': { in: [O, '200', O, O, O, O, O, '200'], out: [O, O, O, O, O, O, O, O] },
  'GET /api/reports/:id/chart.svg': { in: [O, '200', O, O, O, O, O, '200'], out: [O, O, O, O, O, O, O, O] },
  // Evidence files of manual items: attached and removed by the author on a draft, read like the report.
  'POST /api/reports/:id/values/:key/attachments': {
    in: [F, '201', F, F, F, F, F, F],
    out: [F, O, F, F, F, F, F, F],
  },
  'GET /api/reports/:id/attachments/:attachmentId': {
    in: [O, '200', O, O, O, O, O, '200'],
    out: [O, O, O, O, O, O, O, O],
  },
  'DELETE /api/reports/:id/attachments/:attachmentId': {
    in: [F, '204', F, F, F, F, F, F],
    out: [F, O, F, F, F, F, F, F],
  },
  // The regional summary's documents and trends: aggregate.read, over the countries of the reader's area.
  'GET /api/reports/regional/trends': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  'GET /api/reports/regional/trends.svg': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  'GET /api/reports/regional/report.pdf': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  'GET /api/reports/regional/report.xlsx': { any: ['200', '200', '200', '200', '200', '200', '200', '200'] },
  // Comparison of units (issue 21): aggregate.read; a list holding one unit outside the scope is refused.
  'GET /api/indicators/compare': {
    in: ['200', '200', '200', '200', '200', '200', '200', '200'],
    out: [O, O, O, O, O, O, O, O],
  },
  // Boundaries for the dashboard's map (issue 20): read like org units; the import reports a unit outside
  // the area as a problem of its feature.
  'GET /api/org-units/:id/child-boundaries': {
    in: ['200', '200', '200', '200', '200', '200', '200', '200'],
    out: [O, O, O, O, O, O, O, O],
  },
  'POST /api/org-units/boundaries/import': {
    in: ['200', F, F, F, F, F, F, F],
    out: [V, F, F, F, F, F, F, F],
  },
  // A facility's "offers KMC" declaration (issue 16): read by anyone who sees the facility (`in`
  // VN-DN-H01, `out` LA-SV-H01: both inside the partner's region, neither in the commune worker's
  // area), recorded by facility_readiness.write (the lead, the provincial and national managers).
  'GET /api/kmc/facilities/:id/readiness': {
    in: ['200', '200', '200', '200', '200', '200', O, '200'],
    out: [O, O, O, O, O, O, O, '200'],
  },
  'PUT /api/kmc/facilities/:id/readiness': {
    in: [F, '200', '200', '200', F, F, F, F],
    out: [F, O, O, O, F, F, F, F],
  },
  // The report exchange between instances (issue 17). Tokens: report.coordinate strictly above the country
  // (admin.vn sits at VN: no country below it). /api/exchange/*: no session needed, the per-country bearer
  // token decides (`in` VN's token on VN, `out` LA's token on VN), whoever is logged in. The region link,
  // sending and fetching: report.write in the country; this instance has no region link and the report was
  // never sent, so an author passes the access checks and gets 409.
  'GET /api/reports/exchange/tokens': { any: ['200', F, F, F, F, F, F, F] },
  'POST /api/reports/exchange/tokens': { in: [O, F, F, F, F, F, F, F], out: [O, F, F, F, F, F, F, F] },
  'POST /api/reports/exchange/tokens/:id/revoke': {
    in: [O, F, F, F, F, F, F, F],
    out: [O, F, F, F, F, F, F, F],
  },
  'POST /api/exchange/reports': {
    in: ['201', '201', '201', '201', '201', '201', '201', '201'],
    out: [O, O, O, O, O, O, O, O],
  },
  'GET /api/exchange/reports/:id/review': {
    in: ['200', '200', '200', '200', '200', '200', '200', '200'],
    out: [O, O, O, O, O, O, O, O],
  },
  'POST /api/exchange/reports/:id/queries/:queryId/answer': {
    in: ['200', '200', '200', '200', '200', '200', '200', '200'],
    out: [O, O, O, O, O, O, O, O],
  },
  'GET /api/reports/region-link/:countryId': {
    in: [F, '200', F, F, F, F, F, F],
    out: [F, O, F, F, F, F, F, F],
  },
  'PUT /api/reports/region-link/:countryId': {
    in: [F, '200', F, F, F, F, F, F],
    out: [F, O, F, F, F, F, F, F],
  },
  'GET /api/reports/:id/region': { in: [O, '200', O, O, O, O, O, '200'], out: [O, O, O, O, O, O, O, O] },
  'POST /api/reports/:id/region/send': { in: [F, C, F, F, F, F, F, F], out: [F, O, F, F, F, F, F, F] },
  'POST /api/reports/:id/region/sync': { in: [F, C, F, F, F, F, F, F], out: [F, O, F, F, F, F, F, F] },
} as const satisfies Record<
  string,
  { in: readonly string[]; out: readonly string[] } | { any: readonly string[] }
>;
type RouteName = keyof typeof MATRIX;
type Side = 'in' | 'out' | 'any';

/** What each route declares in `config.access` (read from the route registrations). */
const ROUTE_ACCESS: Record<RouteName, Permission | 'public' | 'authenticated'> = {
  'GET /api/org-units': 'org_unit.read',
  'GET /api/org-units/:id': 'org_unit.read',
  'POST /api/org-units': 'org_unit.manage',
  'PATCH /api/org-units/:id': 'org_unit.manage',
  'POST /api/org-units/:id/move': 'org_unit.manage',
  'POST /api/org-units/:id/active': 'org_unit.manage',
  'POST /api/org-units/import': 'org_unit.manage',
  'GET /api/org-units/communes': 'record.write',
  'GET /api/users': 'user.read',
  'GET /api/users/:id': 'user.read',
  'POST /api/users': 'user.manage',
  'PATCH /api/users/:id': 'user.manage',
  'POST /api/users/:id/password': 'user.manage',
  'POST /api/users/:id/unlock': 'user.manage',
  'GET /api/audit': 'audit.read',
  'GET /api/births': 'record.read',
  'GET /api/births/:id': 'record.read',
  'GET /api/births/:id/history': 'record.read',
  'POST /api/births': 'record.write',
  'PUT /api/births/:id': 'record.write',
  'DELETE /api/births/:id': 'record.write',
  'GET /api/births/import/template.csv': 'record.write',
  'POST /api/births/import': 'record.write',
  'GET /api/births/export.csv': 'record.export',
  'GET /api/indicators/definitions': 'aggregate.read',
  'GET /api/indicators/values': 'aggregate.read',
  'GET /api/indicators/disaggregation': 'aggregate.read',
  'GET /api/indicators/records': 'aggregate.read',
  'GET /api/indicators/export': 'aggregate.read',
  'GET /api/eenc-settings': 'org_unit.read',
  'PUT /api/eenc-settings/:id': 'config.manage',
  'GET /api/assessments': 'assessment.read',
  'GET /api/assessments/:id': 'assessment.read',
  'POST /api/assessments': 'assessment.write',
  'PATCH /api/assessments/:id': 'assessment.write',
  'DELETE /api/assessments/:id': 'assessment.write',
  'POST /api/assessments/:id/complete': 'assessment.write',
  'POST /api/assessments/:id/records': 'assessment.write',
  'PUT /api/assessments/:id/records/:recordId': 'assessment.write',
  'DELETE /api/assessments/:id/records/:recordId': 'assessment.write',
  'POST /api/assessments/:id/register-prefill': 'assessment.write',
  'POST /api/assessments/:id/actions': 'assessment.write',
  'PATCH /api/assessment-actions/:id': 'assessment.write',
  'DELETE /api/assessment-actions/:id': 'assessment.write',
  'GET /api/checklists': 'org_unit.read',
  'GET /api/checklists/:id': 'org_unit.read',
  'POST /api/checklists': 'config.manage',
  'PUT /api/checklists/:id': 'config.manage',
  'POST /api/checklists/:id/publish': 'config.manage',
  'DELETE /api/checklists/:id': 'config.manage',
  'GET /api/kmc/babies': 'record.read',
  'GET /api/kmc/babies/:id': 'record.read',
  'POST /api/kmc/episodes': 'record.write',
  'PUT /api/kmc/episodes/:id': 'record.write',
  'PUT /api/kmc/episodes/:id/logs/:date': 'record.write',
  'POST /api/kmc/episodes/:id/discharge': 'record.write',
  'GET /api/screening/clients': 'pnc.read',
  'GET /api/screening/clients/:id': 'pnc.read',
  'POST /api/screening/clients': 'pnc.write',
  'PUT /api/screening/clients/:id': 'pnc.write',
  'POST /api/screening/clients/:id/events': 'pnc.write',
  'PUT /api/screening/events/:id': 'pnc.write',
  'GET /api/screening/clients/:id/birth-matches': 'pnc.write',
  'POST /api/screening/clients/:id/birth-matches/:birthId': 'pnc.write',
  'GET /api/screening/settings': 'org_unit.read',
  'PUT /api/screening/settings/:id': 'config.manage',
  'POST /api/sync/push': 'authenticated',
  'GET /api/sync/pull': 'authenticated',
  'GET /api/sync/conflicts': 'authenticated',
  'POST /api/sync/conflicts/:id/resolve': 'authenticated',
  'POST /api/kmc/episodes/:id/graduation': 'record.write',
  'GET /api/dhis2/mappings': 'config.manage',
  'GET /api/dhis2/mappings/:id': 'config.manage',
  'POST /api/dhis2/mappings': 'config.manage',
  'PUT /api/dhis2/mappings/:id': 'config.manage',
  'GET /api/dhis2/mappings/:id/data-values': 'config.manage',
  'POST /api/dhis2/mappings/:id/push': 'config.manage',
  'PUT /api/dhis2/mappings/:id/monthly-push': 'config.manage',
  'GET /api/pnc/worklist': 'pnc.read',
  'GET /api/pnc/births/:id': 'pnc.read',
  'POST /api/pnc/visits': 'pnc.write',
  'PUT /api/pnc/visits/:id': 'pnc.write',
  'DELETE /api/pnc/visits/:id': 'pnc.write',
  'POST /api/pnc/referrals/:id/close': 'pnc.write',
  'PUT /api/pnc/births/:id/preferences': 'pnc.write',
  'GET /api/pnc/profile': 'pnc.write',
  'PUT /api/pnc/profile': 'pnc.write',
  'GET /api/pnc/settings': 'org_unit.read',
  'PUT /api/pnc/settings/:id': 'config.manage',
  'GET /api/coaching/roster': 'workforce.read',
  'GET /api/coaching/workers/:id': 'workforce.read',
  'POST /api/coaching/workers': 'roster.manage',
  'GET /api/coaching/roster/template.csv': 'roster.manage',
  'POST /api/coaching/roster/import': 'roster.manage',
  'PATCH /api/coaching/workers/:id': 'roster.manage',
  'POST /api/coaching/workers/:id/move': 'roster.manage',
  'POST /api/coaching/workers/:id/deactivate': 'roster.manage',
  'GET /api/coaching/courses': 'workforce.read',
  'GET /api/coaching/courses/:id': 'workforce.read',
  'POST /api/coaching/courses': 'coaching.write',
  'PUT /api/coaching/courses/:id': 'coaching.write',
  'POST /api/coaching/courses/:id/participants': 'coaching.write',
  'PUT /api/coaching/courses/:id/participants/:workerId': 'coaching.write',
  'DELETE /api/coaching/courses/:id/participants/:workerId': 'coaching.write',
  'GET /api/coaching/certificates/:code': 'public',
  'GET /api/coaching/checklists': 'workforce.read',
  'GET /api/coaching/roster/template.xlsx': 'roster.manage',
  'POST /api/coaching/courses/:id/participants/:workerId/checklists': 'coaching.write',
  'GET /api/coaching/settings/:id': 'config.manage',
  'PUT /api/coaching/settings/:id': 'config.manage',
  'POST /api/coaching/checklists': 'config.manage',
  'PUT /api/coaching/checklists/:id': 'config.manage',
  'PUT /api/coaching/courses/:id/participants/:workerId/checklists/:checklistId': 'coaching.write',
  'POST /api/auth/login': 'public',
  'GET /api/auth/me': 'authenticated',
  'PUT /api/auth/me/locale': 'authenticated',
  'POST /api/auth/me/password': 'authenticated',
  'POST /api/auth/logout': 'authenticated',
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/reports': 'aggregate.read',
  'POST /api/reports': 'report.write',
  'GET /api/reports/regional': 'aggregate.read',
  'GET /api/reports/regional/chart.svg': 'aggregate.read',
  'PUT /api/reports/reviewers/:countryId': 'report.coordinate',
  'GET /api/reports/:id': 'aggregate.read',
  'PATCH /api/reports/:id': 'report.write',
  'POST /api/reports/:id/submit': 'report.write',
  'POST /api/reports/:id/start-review': 'report.coordinate',
  'POST /api/reports/:id/validate': 'report.review',
  'POST /api/reports/:id/publish': 'report.coordinate',
  'POST /api/reports/:id/reopen': 'report.write',
  'PUT /api/reports/:id/values/:key/review': 'report.review',
  'POST /api/reports/:id/queries': 'report.review',
  'POST /api/reports/:id/queries/:queryId/answer': 'report.write',
  'POST /api/reports/:id/queries/:queryId/reply': 'report.review',
  'GET /api/reports/:id/diff': 'aggregate.read',
  'GET /api/reports/:id/submission': 'aggregate.read',
  'GET /api/reports/:id/report.pdf': 'aggregate.read',
  'GET /api/reports/:id/report.xlsx': 'aggregate.read',
  'GET /api/reports/:id/chart.svg': 'aggregate.read',
  'POST /api/reports/:id/values/:key/attachments': 'report.write',
  'GET /api/reports/:id/attachments/:attachmentId': 'aggregate.read',
  'DELETE /api/reports/:id/attachments/:attachmentId': 'report.write',
  'GET /api/reports/regional/trends': 'aggregate.read',
  'GET /api/reports/regional/trends.svg': 'aggregate.read',
  'GET /api/reports/regional/report.pdf': 'aggregate.read',
  'GET /api/reports/regional/report.xlsx': 'aggregate.read',
  'GET /api/indicators/compare': 'aggregate.read',
  'GET /api/org-units/:id/child-boundaries': 'org_unit.read',
  'POST /api/org-units/boundaries/import': 'org_unit.manage',
  'GET /api/kmc/facilities/:id/readiness': 'org_unit.read',
  'PUT /api/kmc/facilities/:id/readiness': 'facility_readiness.write',
  'GET /api/reports/exchange/tokens': 'report.coordinate',
  'POST /api/reports/exchange/tokens': 'report.coordinate',
  'POST /api/reports/exchange/tokens/:id/revoke': 'report.coordinate',
  'POST /api/exchange/reports': 'public',
  'GET /api/exchange/reports/:id/review': 'public',
  'POST /api/exchange/reports/:id/queries/:queryId/answer': 'public',
  'GET /api/reports/region-link/:countryId': 'report.write',
  'PUT /api/reports/region-link/:countryId': 'report.write',
  'GET /api/reports/:id/region': 'aggregate.read',
  'POST /api/reports/:id/region/send': 'report.write',
  'POST /api/reports/:id/region/sync': 'report.write',
};

/**
 * A second permission checked inside the handler, once the target is known to be in the area (so an
 * `out` request is refused on scope first).
 */
const HANDLER_ALSO_NEEDS: Partial<Record<RouteName, Permission>> = {
  'GET /api/indicators/records': 'record.read',
};

/**
 * Routes open to every signed-in user whose handler refuses (403) a role holding none of these: the sync
 * routes ask for the permission of any record type they carry (server/features/sync/sync-record-types.ts);
 * resolving asks for the item's type, a birth in this matrix.
 */
const HANDLER_NEEDS_ONE_OF: Partial<Record<RouteName, readonly Permission[]>> = {
  'POST /api/sync/push': ['record.write', 'pnc.write'],
  'GET /api/sync/pull': ['record.read', 'pnc.read'],
  'GET /api/sync/conflicts': ['record.read', 'pnc.read'],
  'POST /api/sync/conflicts/:id/resolve': ['record.write'],
};

let t: TestApp;
const clients = new Map<string, TestClient>();
const unitIds = new Map<string, string>();
let targetUserId: string;
/** Births used as targets: one at VN-DN-H01 (in) and one at LA-SV-H01 (out). */
const births = { in: '', out: '' };
/** Assessment targets: of VN-DN-H01 (in) and of LA-SV-H01 (out); action items and checklist drafts likewise. */
const assess = { in: '', out: '' };
const actions = { in: '', out: '' };
const checklists = { in: '', out: '' };
const dhis2 = { mapping: '' };
/** A small DHIS2 mapping: one monthly data set, one data element, live births into it. */
const DHIS2_MAPPING = {
  name: 'Matrix mapping',
  metadata: {
    dataSets: [{ id: 'MatrixSet01', name: 'Matrix', periodType: 'Monthly' }],
    dataElements: [{ id: 'MatrixDe001', name: 'Live births' }],
    categoryOptionCombos: [{ id: 'HllvX50cXC0', name: 'default' }],
  },
  rows: [
    {
      indicator: 'live_births',
      part: 'numerator',
      dataElement: 'MatrixDe001',
      categoryOptionCombo: 'HllvX50cXC0',
    },
  ],
};
type PncBirth = { id: string; newborns: { id: string }[] };
/**
 * PNC targets: a birth at VN-DN-H01 whose mother lives in VN-DN-HC-C01 (in) and one at LA-SV-H01 (out),
 * each with a visit making contact 1; the LA visit found a danger sign and opened a referral.
 */
const pncBirths: Record<'in' | 'out', PncBirth> = {
  in: { id: '', newborns: [] },
  out: { id: '', newborns: [] },
};
const pncVisits = { in: '', out: '' };
let pncReferralOut = '';
/** Coaching targets: a worker and a course at VN-DN-H01 (in) and at LA-SV-H01 (out). */
const coaching: Record<'in' | 'out', CoachingTargets> = {
  in: { worker: '', course: '' },
  out: { worker: '', course: '' },
};
const coachFacility = (side: Side) => unit(side === 'in' ? 'VN-DN-H01' : 'LA-SV-H01');
const freshWorker = async () => addWorkerAs(await as('lead.dn'), unit('VN-DN-H01'));
const workerVersion = (id: string) =>
  versionOf(t.db, 'select version from health_workers where id = $1', [id]);
const participantVersion = (course: string, worker: string) =>
  versionOf(t.db, 'select version from coaching_participants where course_id = $1 and worker_id = $2', [
    course,
    worker,
  ]);
/** A participant to remove: a fresh one inside, the fixture's outside. */
async function participantToRemove(side: Side) {
  if (side !== 'in') return coaching.out.worker;
  const worker = await freshWorker();
  await (
    await as('coach.dn')
  ).post(`/api/coaching/courses/${coaching.in.course}/participants`, {
    workerIds: [worker],
  });
  return worker;
}
const pick = (side: Side) => (side === 'in' ? 'in' : 'out');
/** A course with a participant of its own inside (so no other row's write can remove it); the fixture's outside. */
async function checklistTarget(side: Side): Promise<{ course: string; worker: string }> {
  if (side !== 'in') return coaching.out;
  const worker = await freshWorker();
  return { course: await addCourseAs(await as('coach.dn'), unit('VN-DN-H01'), worker), worker };
}
/** The KMC checklist copied for VN (through the API) and LA (written directly: no demo user manages LA here). */
const MATRIX_KMC_COPY = {
  in: '00000000-0000-4000-b300-000000000001',
  out: '00000000-0000-4000-b300-000000000002',
};
async function kmcCopy(side: Side): Promise<string> {
  const id = MATRIX_KMC_COPY[pick(side)];
  const { name, domains } = findChecklist('kmc', 1)!;
  await t.db.query(
    `insert into coaching_checklist_versions (id, country_id, checklist_id, version, based_on_id, module, name, domains,
       created_at, updated_at)
     values ($1::uuid, $2, $1::text, 1, 'kmc', 'kmc', $3::jsonb, $4::jsonb, now(), now()) on conflict do nothing`,
    [id, unit(side === 'in' ? 'VN' : 'LA'), JSON.stringify(name), JSON.stringify(domains)],
  );
  return id;
}
/** A recorded checklist to correct: recorded by the coach inside, written directly on the fixture outside. */
async function recordedChecklist(side: Side): Promise<{ course: string; worker: string; checklist: string }> {
  const target = await checklistTarget(side);
  const checklist = newId();
  if (side === 'in') {
    const res = await (
      await as('coach.dn')
    ).post(`/api/coaching/courses/${target.course}/participants/${target.worker}/checklists`, {
      id: checklist,
      checklistId: 'eenc_breathing',
      checklistVersion: 1,
      moment: 'after',
      method: 'mannequin',
      observedOn: '2026-02-03',
      answers: { call_time: 'yes' },
    });
    if (res.statusCode !== 200) throw new Error(res.body);
  } else
    await t.db.query(
      `insert into coaching_checklists (id, course_id, worker_id, checklist_id, checklist_version, moment, method,
         observed_on, answers, total, max_total, percent, domains, created_at)
       values ($1, $2, $3, 'eenc_breathing', 1, 'after', 'mannequin', '2026-02-03', '{}', 0, 0, null, '{}', now())`,
      [checklist, target.course, target.worker],
    );
  return { ...target, checklist };
}
let counter = 0;

const unit = (code: string) => unitIds.get(code) ?? orgUnitIdOf(code);
/** Each created assessment gets its own month, so that none collides with another. */
let month = 0;
const period = () => {
  const m = (month++ % 12) + 1;
  const y = 2020 + Math.floor(month / 12);
  const mm = String(m).padStart(2, '0');
  return { periodStart: `${y}-${mm}-01`, periodEnd: `${y}-${mm}-28` };
};
/** Where a role's "own" assessments are: the hospital for the lead, the home unit for managers. */
const assessHome = (p: Person) => (p.home === 'WPR' || p.home === 'VN-DN-HC-C01' ? 'VN-DN-H01' : p.home);
const rowVersion = async (table: string, id: string) =>
  (await t.db.query<{ version: number }>(`select version from ${table} where id = $1`, [id]))[0]?.version ??
  1;
const sectionRecord = async (assessmentId: string, sectionId: string) =>
  (
    await t.db.query<{ id: string; version: number }>(
      'select id, version from assessment_records where assessment_id = $1 and section_id = $2 order by created_at limit 1',
      [assessmentId, sectionId],
    )
  )[0]!;
const as = async (username: string) => clients.get(username) ?? (await t.login(username));
async function createAssessmentAs(username: string, facilityCode: string): Promise<string> {
  const res = await (
    await as(username)
  ).post('/api/assessments', { facilityId: unit(facilityCode), ...period() });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
async function addRecordAs(username: string, assessmentId: string) {
  const res = await (
    await as(username)
  ).post(`/api/assessments/${assessmentId}/records`, { sectionId: 'observation' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}
async function addActionAs(username: string, assessmentId: string): Promise<string> {
  const res = await (
    await as(username)
  ).post(`/api/assessments/${assessmentId}/actions`, {
    problem: 'Fixture problem',
    action: 'Fixture action',
    responsible: 'Fixture owner',
    dueDate: '2026-06-30',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
async function copyChecklistAs(username: string, countryCode: string): Promise<string> {
  const res = await (
    await as(username)
  ).post('/api/checklists', {
    basedOnId: DEFAULT_CHECKLIST_ID,
    countryId: unit(countryCode),
    label: unique('Fixture copy'),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
const birthBody = (facilityCode: string) => buildBirthRaw({ facilityId: unit(facilityCode) });
const birthVersion = async (id: string) =>
  (await t.db.query<{ version: number }>('select version from births where id = $1', [id]))[0]?.version ?? 1;
async function createBirthAs(username: string, facilityCode: string): Promise<string> {
  const res = await (clients.get(username) ?? (await t.login(username))).post(
    '/api/births',
    birthBody(facilityCode),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
const unique = (prefix: string) => `${prefix}-${++counter}`;
/** KMC fixtures: a 1,800 g baby (eligible under the default rule) born two days before the test clock. */
const kmc = { in: '', out: '' };
const KMC_START = buildKmcStart('2026-03-08T10:40:00+07:00');
async function smallBabyOn(side: Side): Promise<string> {
  const [username, facility] = side === 'in' ? ['midwife.dn', 'VN-DN-H01'] : ['midwife.la', 'LA-SV-H01'];
  const body = buildBirthRaw({
    facilityId: unit(facility),
    delivery: { bornAt: '2026-03-08T10:00:00+07:00' },
  });
  body.newborns = [buildNewbornRaw({ birthWeightGrams: 1800 })];
  const res = await (await as(username)).post('/api/births', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().newborns[0].id;
}
/** An open KMC episode of a baby of its own, started by the midwife of its facility. */
async function kmcEpisodeOn(side: Side): Promise<string> {
  const username = side === 'in' ? 'midwife.dn' : 'midwife.la';
  const res = await (
    await as(username)
  ).post('/api/kmc/episodes', {
    id: newId(),
    newbornId: await smallBabyOn(side),
    ...KMC_START,
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as KmcEpisode).episode!.id;
}
/** Screening fixtures: a woman followed at VN-DN-H01 (`in`) or LA-SV-H01 (`out`), by that facility's midwife. */
const screening = { in: '', out: '' };
const screeningWoman = (facilityCode: string) =>
  buildScreeningClient({ id: newId(), orgUnitId: unit(facilityCode), name: 'Matrix Woman', birthYear: 1985 });
const screeningEvent = (facilityCode: string) =>
  buildScreeningEvent({
    id: newId(),
    test: 'via',
    sampleBy: 'provider',
    takenOn: '2026-03-09',
    placeId: unit(facilityCode),
  });
const screeningSide = (side: Side) =>
  side === 'in' ? (['midwife.dn', 'VN-DN-H01'] as const) : (['midwife.la', 'LA-SV-H01'] as const);
async function screeningClientOn(side: Side): Promise<string> {
  const [username, facility] = screeningSide(side);
  const res = await (await as(username)).post('/api/screening/clients', screeningWoman(facility));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
/** A screening of a woman of its own, recorded by the midwife of her facility; its id. */
async function screeningEventOn(side: Side): Promise<string> {
  const [username, facility] = screeningSide(side);
  const res = await (
    await as(username)
  ).post(`/api/screening/clients/${await screeningClientOn(side)}/events`, screeningEvent(facility));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().events[0].id;
}
/** A woman registered by hand and a later birth whose mother has her phone, at the side's facility. */
async function screeningMatchOn(side: Side): Promise<{ clientId: string; birthId: string }> {
  const [username, facility] = screeningSide(side);
  const client = await as(username);
  const phone = `0905 ${String(++counter).padStart(6, '0')}`;
  const woman = await client.post('/api/screening/clients', { ...screeningWoman(facility), phone });
  expect(woman.statusCode, woman.body).toBe(201);
  const raw = buildBirthRaw({ facilityId: unit(facility), mother: { recordNumber: unique('MATCH'), phone } });
  const birth = await client.post('/api/births', raw);
  expect(birth.statusCode, birth.body).toBe(201);
  return { clientId: woman.json().id, birthId: birth.json().id };
}
/** A sync operation creating a birth of its own at VN-DN-H01 (`in`) or LA-SV-H01 (`out`). */
function syncCreateOp(side: Side, patch?: Record<string, unknown>) {
  const raw = buildBirthRaw({ facilityId: unit(side === 'in' ? 'VN-DN-H01' : 'LA-SV-H01') });
  raw.newborns = [buildNewbornRaw({ id: newId() })];
  const doc = BirthInputSchema.parse(raw);
  return {
    opId: newId(),
    deviceId: newId(),
    seq: 0,
    recordType: 'birth',
    recordId: newId(),
    kind: 'create',
    baseVersion: 0,
    patch: patch ?? flattenBirth(doc),
  };
}
/** An open inbox item of a birth of its own: its midwife changed the age on the server and on a device. */
async function syncConflictOn(side: Side): Promise<string> {
  const client = await as(side === 'in' ? 'midwife.dn' : 'midwife.la');
  const op = syncCreateOp(side);
  const pushed = await client.post('/api/sync/push', { ops: [op] });
  expect(pushed.json().results[0].status, pushed.body).toBe('applied');
  const server = (await client.get(`/api/births/${op.recordId}`)).json();
  const input = birthToInput(server);
  await client.put(`/api/births/${op.recordId}`, {
    ...input,
    mother: { ...input.mother, age: 41 },
    version: 1,
  });
  const edit = { ...op, opId: newId(), seq: 1, kind: 'update', baseVersion: 1, patch: { 'mother.age': 42 } };
  const res = await client.post('/api/sync/push', { ops: [edit] });
  expect(res.json().results[0].conflicts, res.body).toBe(1);
  const [row] = await t.db.query<{ id: string }>('select id from sync_conflicts where op_id = $1', [
    edit.opId,
  ]);
  return row!.id;
}
/** An episode of a baby of its own, discharged in KMC (version 2): in the KMC follow-up. */
async function kmcDischargedOn(side: Side): Promise<string> {
  const id = await kmcEpisodeOn(side);
  const res = await (
    await as(side === 'in' ? 'midwife.dn' : 'midwife.la')
  ).post(`/api/kmc/episodes/${id}/discharge`, {
    version: 1,
    dischargedOn: '2026-03-10',
    outcome: 'discharged_in_kmc',
    weightGrams: 1900,
    checks: { feedsWell: true, weightGain3Days: true, temperatureStable: true, caregiverReady: true },
  });
  expect(res.statusCode, res.body).toBe(200);
  return id;
}
async function recordPncBirthAs(
  username: string,
  facilityCode: string,
  communeCode: string | null,
): Promise<PncBirth> {
  const res = await (
    await as(username)
  ).post(
    '/api/births',
    buildBirthRaw({
      facilityId: unit(facilityCode),
      mother: { communeId: communeCode && unit(communeCode) },
    }),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
/** Contact `code` of a birth (born 2026-03-10 02:15 local), seen at the facility; `urgent` adds a danger sign. */
function pncVisitBody(birth: PncBirth, code = 'c1', urgent = false) {
  const body = wellVisit(birth, code, '2026-03-10T10:00:00+07:00', { place: 'facility' });
  if (urgent)
    body.newborns = [{ ...body.newborns![0]!, dangerSigns: ['severe_chest_indrawing'], referred: true }];
  return body;
}
async function recordPncVisitAs(username: string, birth: PncBirth, urgent = false): Promise<VisitResult> {
  const res = await (await as(username)).post('/api/pnc/visits', pncVisitBody(birth, 'c1', urgent));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
/** A fresh birth at VN-DN-H01 (mother in VN-DN-HC-C01) with contact 1 recorded by its clinician. */
const freshPncVisit = async (urgent = false) =>
  recordPncVisitAs('midwife.dn', await recordPncBirthAs('midwife.dn', 'VN-DN-H01', 'VN-DN-HC-C01'), urgent);
const openReferralOf = (visit: VisitResult) => visit.subjects.find((s) => s.referralOpen)!.contactId;
const orgUnitState = async (code: string) => {
  const [row] = await t.db.query<{ version: number; name: string }>(
    'select version, name from org_units where id = $1',
    [unit(code)],
  );
  return row!;
};

type Send = (client: TestClient, side: Side, person: Person) => Promise<LightMyRequestResponse>;

/** How each route is called; `side` picks a target inside (`in`) or outside (`out`) the area. */
const SEND: Record<RouteName, Send> = {
  'GET /api/org-units': (c, side, p) =>
    c.get(`/api/org-units?parent=${unit(side === 'in' ? p.home : p.away)}`),
  'GET /api/org-units/:id': (c, side, p) => c.get(`/api/org-units/${unit(side === 'in' ? p.home : p.away)}`),
  'POST /api/org-units': (c, side) =>
    c.post('/api/org-units', {
      code: unique('MX'),
      name: 'Matrix facility',
      kind: 'facility',
      parentId: unit(side === 'in' ? 'VN-DN' : 'LA-VT'),
    }),
  'PATCH /api/org-units/:id': async (c, side) => {
    const code = side === 'in' ? 'VN-DN-LC' : 'LA-VT-CH';
    const { version, name } = await orgUnitState(code);
    return c.patch(`/api/org-units/${unit(code)}`, { version, name: `${name}.` });
  },
  'POST /api/org-units/:id/move': async (c, side) => {
    const [code, parent] = side === 'in' ? ['VN-DN-HC-H', 'VN-DN-LC'] : ['LA-VT-CH-H', 'LA-VT-SS'];
    const { version } = await orgUnitState(code);
    return c.post(`/api/org-units/${unit(code)}/move`, { version, parentId: unit(parent) });
  },
  'POST /api/org-units/:id/active': async (c, side) => {
    const code = side === 'in' ? 'VN-DN-LC-C02' : 'LA-VT-CH-C01';
    const { version } = await orgUnitState(code);
    return c.post(`/api/org-units/${unit(code)}/active`, { version, active: false });
  },
  'POST /api/org-units/import': (c, side) =>
    uploadCsv(
      c,
      `code,name,kind,parent_code\n${unique('MXI')},Matrix import,district,${side === 'in' ? 'VN-DN' : 'LA-VT'}\n`,
      'commit',
    ),
  'GET /api/org-units/communes': (c, side) =>
    c.get(`/api/org-units/communes?facility=${unit(side === 'in' ? 'VN-DN-H01' : 'LA-SV-H01')}&q=phuong`),
  'GET /api/users': (c, side, p) => c.get(`/api/users?orgUnit=${unit(side === 'in' ? p.home : p.away)}`),
  'GET /api/users/:id': (c, side) =>
    c.get(`/api/users/${userIdOf(side === 'in' ? 'midwife.dn' : 'national.la')}`),
  'POST /api/users': (c, side) =>
    c.post('/api/users', {
      username: unique('matrix.user'),
      displayName: 'Matrix user',
      role: 'coach',
      scopeIds: [unit(side === 'in' ? 'VN-DN' : 'LA-VT')],
      password: 'matrix-password-1',
    }),
  'PATCH /api/users/:id': async (c, side) => {
    const userId = side === 'in' ? targetUserId : userIdOf('national.la');
    return c.patch(`/api/users/${userId}`, {
      version: await userVersion(t.db, userId),
      displayName: 'Renamed',
    });
  },
  'POST /api/users/:id/password': async (c, side) => {
    const userId = side === 'in' ? targetUserId : userIdOf('national.la');
    return c.post(`/api/users/${userId}/password`, {
      version: await userVersion(t.db, userId),
      password: 'matrix-reset-1',
    });
  },
  'POST /api/users/:id/unlock': async (c, side) => {
    const userId = side === 'in' ? targetUserId : userIdOf('national.la');
    return c.post(`/api/users/${userId}/unlock`, { version: await userVersion(t.db, userId) });
  },
  'GET /api/audit': (c, side, p) => c.get(`/api/audit?entityId=${unit(side === 'in' ? p.home : p.away)}`),
  'GET /api/births': (c, side, p) => c.get(`/api/births?facility=${unit(side === 'in' ? p.home : p.away)}`),
  'GET /api/births/:id': (c, side) => c.get(`/api/births/${births[side === 'in' ? 'in' : 'out']}`),
  'GET /api/births/:id/history': (c, side) =>
    c.get(`/api/births/${births[side === 'in' ? 'in' : 'out']}/history`),
  'POST /api/births': (c, side) =>
    c.post('/api/births', birthBody(side === 'in' ? 'VN-DN-H01' : 'LA-SV-H01')),
  'PUT /api/births/:id': async (c, side) => {
    const id = births[side === 'in' ? 'in' : 'out'];
    const code = side === 'in' ? 'VN-DN-H01' : 'LA-SV-H01';
    return c.put(`/api/births/${id}`, { ...birthBody(code), version: await birthVersion(id) });
  },
  'DELETE /api/births/:id': async (c, side) => {
    // A fresh birth for every permitted delete, so each call has something to delete.
    const id = side === 'in' ? await createBirthAs('lead.dn', 'VN-DN-H01') : births.out;
    return c.delete(`/api/births/${id}?version=${await birthVersion(id)}`);
  },
  'GET /api/births/import/template.csv': (c) => c.get('/api/births/import/template.csv'),
  'POST /api/births/import': (c, side) =>
    c.request({
      method: 'POST',
      url: '/api/births/import?mode=valid_only',
      payload: csvOf({ id: newId(), facilityCode: side === 'in' ? 'VN-DN-H01' : 'LA-SV-H01' }),
      headers: { 'content-type': 'text/csv' },
    }),
  'GET /api/births/export.csv': (c, side, p) =>
    c.get(`/api/births/export.csv?facility=${unit(side === 'in' ? p.home : p.away)}`),
  'GET /api/indicators/definitions': (c) => c.get('/api/indicators/definitions'),
  'GET /api/indicators/values': (c, side, p) =>
    c.get(`/api/indicators/values?orgUnit=${unit(side === 'in' ? p.home : p.away)}&period=2026`),
  'GET /api/indicators/disaggregation': (c, side, p) =>
    c.get(
      `/api/indicators/disaggregation?orgUnit=${unit(side === 'in' ? p.home : p.away)}&period=2026&dimension=sex`,
    ),
  'GET /api/indicators/records': (c, side, p) =>
    c.get(
      `/api/indicators/records?orgUnit=${unit(side === 'in' ? p.home : p.away)}&period=2026&indicator=immediate_ssc&part=denominator`,
    ),
  'GET /api/indicators/export': (c, side, p) =>
    c.get(`/api/indicators/export?orgUnit=${unit(side === 'in' ? p.home : p.away)}&period=2026&format=csv`),
  'GET /api/eenc-settings': (c, side, p) =>
    c.get(`/api/eenc-settings?orgUnit=${unit(side === 'in' ? p.home : p.away)}`),
  'PUT /api/eenc-settings/:id': async (c, side) => {
    const country = unit(side === 'in' ? 'VN' : 'LA');
    const [row] = await t.db.query<{ version: number }>(
      'select version from country_settings where country_id = $1',
      [country],
    );
    return c.put(`/api/eenc-settings/${country}`, {
      version: row?.version ?? 0,
      settings: DEFAULT_EENC_SETTINGS,
    });
  },
  'GET /api/assessments': (c, side, p) =>
    c.get(`/api/assessments?facility=${unit(side === 'in' ? assessHome(p) : 'LA-SV-H01')}`),
  'GET /api/assessments/:id': (c, side) => c.get(`/api/assessments/${assess[pick(side)]}`),
  'POST /api/assessments': (c, side) =>
    c.post('/api/assessments', { facilityId: unit(side === 'in' ? 'VN-DN-H01' : 'LA-SV-H01'), ...period() }),
  'PATCH /api/assessments/:id': async (c, side) =>
    c.patch(`/api/assessments/${assess[pick(side)]}`, {
      version: await rowVersion('assessments', assess[pick(side)]),
      notes: unique('n'),
    }),
  'DELETE /api/assessments/:id': async (c, side) => {
    const id = side === 'in' ? await createAssessmentAs('lead.dn', 'VN-DN-H01') : assess.out;
    return c.delete(`/api/assessments/${id}?version=${await rowVersion('assessments', id)}`);
  },
  'POST /api/assessments/:id/complete': async (c, side) =>
    c.post(`/api/assessments/${assess[pick(side)]}/complete`, {
      version: await rowVersion('assessments', assess[pick(side)]),
    }),
  'POST /api/assessments/:id/records': (c, side) =>
    c.post(`/api/assessments/${assess[pick(side)]}/records`, { sectionId: 'observation' }),
  'PUT /api/assessments/:id/records/:recordId': async (c, side) => {
    const record = await sectionRecord(assess[pick(side)], 'policy');
    return c.put(`/api/assessments/${assess[pick(side)]}/records/${record.id}`, {
      version: record.version,
      answers: {},
    });
  },
  'DELETE /api/assessments/:id/records/:recordId': async (c, side) => {
    const id = assess[pick(side)];
    // A fresh observation for every permitted delete; outside, one added by the LA lead in the fixture.
    const record = side === 'in' ? await addRecordAs('lead.dn', id) : await sectionRecord(id, 'observation');
    return c.delete(`/api/assessments/${id}/records/${record.id}?version=${record.version}`);
  },
  'POST /api/assessments/:id/register-prefill': async (c, side) => {
    const record = await sectionRecord(assess[pick(side)], 'register');
    return c.post(`/api/assessments/${assess[pick(side)]}/register-prefill`, { version: record.version });
  },
  'POST /api/assessments/:id/actions': (c, side) =>
    c.post(`/api/assessments/${assess[pick(side)]}/actions`, {
      problem: 'Formula in the ward',
      action: 'Remove it',
      responsible: 'Head midwife',
      dueDate: '2026-06-30',
    }),
  'PATCH /api/assessment-actions/:id': async (c, side) =>
    c.patch(`/api/assessment-actions/${actions[pick(side)]}`, {
      version: await rowVersion('assessment_actions', actions[pick(side)]),
      progressNote: unique('p'),
    }),
  'DELETE /api/assessment-actions/:id': async (c, side) => {
    const id = side === 'in' ? await addActionAs('lead.dn', assess.in) : actions.out;
    return c.delete(`/api/assessment-actions/${id}?version=${await rowVersion('assessment_actions', id)}`);
  },
  'GET /api/kmc/babies': (c, side) =>
    c.get(`/api/kmc/babies?orgUnit=${unit(side === 'in' ? 'VN-DN-H01' : 'LA-SV-H01')}`),
  'GET /api/kmc/babies/:id': (c, side) => c.get(`/api/kmc/babies/${kmc[pick(side)]}`),
  'POST /api/kmc/episodes': async (c, side) =>
    c.post('/api/kmc/episodes', { id: newId(), newbornId: await smallBabyOn(side), ...KMC_START }),
  'PUT /api/kmc/episodes/:id': async (c, side) =>
    c.put(`/api/kmc/episodes/${await kmcEpisodeOn(side)}`, {
      version: 1,
      ...KMC_START,
      place: 'postnatal_ward',
    }),
  'PUT /api/kmc/episodes/:id/logs/:date': async (c, side) =>
    c.put(`/api/kmc/episodes/${await kmcEpisodeOn(side)}/logs/2026-03-09`, {
      version: null,
      sscHours: 10,
      feeding: 'exclusive_breast_milk',
      weightGrams: null,
      lowestTemperatureC: 36.6,
      dangerSigns: ['none'],
    }),
  'POST /api/kmc/episodes/:id/discharge': async (c, side) =>
    c.post(`/api/kmc/episodes/${await kmcEpisodeOn(side)}/discharge`, {
      version: 1,
      dischargedOn: '2026-03-10',
      outcome: 'discharged_in_kmc',
      weightGrams: null,
      checks: { feedsWell: true, weightGain3Days: null, temperatureStable: true, caregiverReady: true },
    }),
  'GET /api/screening/clients': (c, side) =>
    c.get(`/api/screening/clients?orgUnit=${unit(side === 'in' ? 'VN-DN-H01' : 'LA-SV-H01')}`),
  'GET /api/screening/clients/:id': (c, side) => c.get(`/api/screening/clients/${screening[pick(side)]}`),
  'POST /api/screening/clients': (c, side) =>
    c.post('/api/screening/clients', screeningWoman(screeningSide(side)[1])),
  'PUT /api/screening/clients/:id': async (c, side) =>
    c.put(`/api/screening/clients/${await screeningClientOn(side)}`, {
      version: 1,
      phone: '0905 123 456',
      hivStatus: 'negative',
      language: null,
      remindersEnabled: true,
    }),
  'POST /api/screening/clients/:id/events': async (c, side) =>
    c.post(
      `/api/screening/clients/${await screeningClientOn(side)}/events`,
      screeningEvent(screeningSide(side)[1]),
    ),
  'PUT /api/screening/events/:id': async (c, side) =>
    c.put(`/api/screening/events/${await screeningEventOn(side)}`, {
      version: 1,
      ...NO_SCREENING_FINDINGS,
      result: 'negative',
      resultOn: '2026-03-10',
    }),
  'GET /api/screening/clients/:id/birth-matches': async (c, side) =>
    c.get(`/api/screening/clients/${await screeningClientOn(side)}/birth-matches`),
  'POST /api/screening/clients/:id/birth-matches/:birthId': async (c, side) => {
    const { clientId, birthId } = await screeningMatchOn(side);
    return c.post(`/api/screening/clients/${clientId}/birth-matches/${birthId}`, {
      decision: 'reject',
      version: 1,
    });
  },
  'GET /api/screening/settings': (c, side, p) =>
    c.get(`/api/screening/settings?orgUnit=${unit(side === 'in' ? p.home : p.away)}`),
  'PUT /api/screening/settings/:id': async (c, side) => {
    const country = unit(side === 'in' ? 'VN' : 'LA');
    const [row] = await t.db.query<{ screening_version: number }>(
      'select screening_version from country_settings where country_id = $1',
      [country],
    );
    return c.put(`/api/screening/settings/${country}`, {
      version: row?.screening_version ?? 0,
      settings: DEFAULT_SCREENING_SETTINGS,
    });
  },
  'POST /api/sync/push': (c, side) => c.post('/api/sync/push', { ops: [syncCreateOp(side)] }),
  'GET /api/sync/pull': (c) => c.get('/api/sync/pull?limit=5'),
  'GET /api/sync/conflicts': (c, side) =>
    c.get(`/api/sync/conflicts?facility=${unit(side === 'in' ? 'VN-DN-H01' : 'LA-SV-H01')}`),
  'POST /api/sync/conflicts/:id/resolve': async (c, side) =>
    c.post(`/api/sync/conflicts/${await syncConflictOn(side)}/resolve`, { resolution: 'keep_server' }),
  'POST /api/kmc/episodes/:id/graduation': async (c, side) =>
    c.post(`/api/kmc/episodes/${await kmcDischargedOn(side)}/graduation`, {
      version: 2,
      graduatedOn: '2026-03-10',
      weightGrams: 2500,
    }),
  'GET /api/dhis2/mappings': (c) => c.get('/api/dhis2/mappings'),
  'GET /api/dhis2/mappings/:id': (c) => c.get(`/api/dhis2/mappings/${dhis2.mapping}`),
  'POST /api/dhis2/mappings': (c) =>
    c.post('/api/dhis2/mappings', { ...DHIS2_MAPPING, name: unique('Matrix') }),
  'PUT /api/dhis2/mappings/:id': async (c) =>
    c.put(`/api/dhis2/mappings/${dhis2.mapping}`, {
      ...DHIS2_MAPPING,
      version: await rowVersion('dhis2_mappings', dhis2.mapping),
    }),
  'GET /api/dhis2/mappings/:id/data-values': (c, side) =>
    c.get(
      `/api/dhis2/mappings/${dhis2.mapping}/data-values?orgUnit=${unit(side === 'in' ? 'VN-DN' : 'LA-VT')}&period=2026`,
    ),
  'POST /api/dhis2/mappings/:id/push': (c, side) =>
    c.post(`/api/dhis2/mappings/${dhis2.mapping}/push`, {
      orgUnit: unit(side === 'in' ? 'VN-DN' : 'LA-VT'),
      period: '2026',
      dryRun: true,
    }),
  'PUT /api/dhis2/mappings/:id/monthly-push': (c, side) =>
    c.put(`/api/dhis2/mappings/${dhis2.mapping}/monthly-push`, {
      orgUnit: unit(side === 'in' ? 'VN-DN' : 'LA-VT'),
    }),
  'GET /api/checklists': (c) => c.get(`/api/checklists?country=${unit('LA')}`),
  'GET /api/checklists/:id': (c) => c.get(`/api/checklists/${checklists.out}`),
  'POST /api/checklists': (c, side) =>
    c.post('/api/checklists', {
      basedOnId: DEFAULT_CHECKLIST_ID,
      countryId: unit(side === 'in' ? 'VN' : 'LA'),
      label: unique('Matrix copy'),
    }),
  'PUT /api/checklists/:id': async (c, side) =>
    c.put(`/api/checklists/${checklists[pick(side)]}`, {
      version: await rowVersion('checklist_versions', checklists[pick(side)]),
      label: unique('Matrix label'),
    }),
  'POST /api/checklists/:id/publish': async (c, side) => {
    const id = side === 'in' ? await copyChecklistAs('national.vn', 'VN') : checklists.out;
    return c.post(`/api/checklists/${id}/publish`, { version: await rowVersion('checklist_versions', id) });
  },
  'DELETE /api/checklists/:id': async (c, side) => {
    const id = side === 'in' ? await copyChecklistAs('national.vn', 'VN') : checklists.out;
    return c.delete(`/api/checklists/${id}?version=${await rowVersion('checklist_versions', id)}`);
  },
  'GET /api/pnc/worklist': (c, side, p) =>
    c.get(`/api/pnc/worklist?orgUnit=${unit(side === 'in' ? p.home : p.away)}`),
  'GET /api/pnc/births/:id': (c, side) => c.get(`/api/pnc/births/${pncBirths[pick(side)].id}`),
  // A fresh birth for every permitted visit (each contact is recorded once); outside, contact 2 of the LA
  // birth, which nobody recorded yet.
  'POST /api/pnc/visits': async (c, side) =>
    side === 'in'
      ? c.post(
          '/api/pnc/visits',
          pncVisitBody(await recordPncBirthAs('midwife.dn', 'VN-DN-H01', 'VN-DN-HC-C01')),
        )
      : c.post('/api/pnc/visits', pncVisitBody(pncBirths.out, 'c2')),
  'PUT /api/pnc/visits/:id': async (c, side) => {
    const id = pncVisits[pick(side)];
    const { birthId: _b, contactCode: _c, ...body } = pncVisitBody(pncBirths[pick(side)]);
    return c.put(`/api/pnc/visits/${id}`, { ...body, version: await rowVersion('pnc_visits', id) });
  },
  'DELETE /api/pnc/visits/:id': async (c, side) => {
    const id = side === 'in' ? (await freshPncVisit()).visitId : pncVisits.out;
    return c.delete(`/api/pnc/visits/${id}?version=${await rowVersion('pnc_visits', id)}`);
  },
  // A fresh open referral for every permitted close; outside, the one opened at the LA birth.
  'POST /api/pnc/referrals/:id/close': async (c, side) => {
    const id = side === 'in' ? openReferralOf(await freshPncVisit(true)) : pncReferralOut;
    return c.post(`/api/pnc/referrals/${id}/close`, {
      version: await rowVersion('pnc_contacts', id),
      outcome: 'treated_at_facility',
    });
  },
  'PUT /api/pnc/births/:id/preferences': async (c, side) => {
    const id = pncBirths[pick(side)].id;
    const [row] = await t.db.query<{ version: number }>(
      'select version from pnc_preferences where birth_id = $1',
      [id],
    );
    return c.put(`/api/pnc/births/${id}/preferences`, {
      version: row?.version ?? 0,
      language: null,
      remindersEnabled: true,
    });
  },
  'GET /api/pnc/profile': (c) => c.get('/api/pnc/profile'),
  'PUT /api/pnc/profile': async (c, _side, p) => {
    const [row] = await t.db.query<{ version: number }>(
      'select w.version from pnc_worker_profiles w join users u on u.id = w.user_id where u.username = $1',
      [p.username],
    );
    return c.put('/api/pnc/profile', {
      version: row?.version ?? 0,
      phone: '0905 123 456',
      remindersEnabled: true,
    });
  },
  'GET /api/pnc/settings': (c, side, p) =>
    c.get(`/api/pnc/settings?orgUnit=${unit(side === 'in' ? p.home : p.away)}`),
  'PUT /api/pnc/settings/:id': async (c, side) => {
    const country = unit(side === 'in' ? 'VN' : 'LA');
    const [row] = await t.db.query<{ pnc_version: number }>(
      'select pnc_version from country_settings where country_id = $1',
      [country],
    );
    return c.put(`/api/pnc/settings/${country}`, {
      version: row?.pnc_version ?? 0,
      settings: DEFAULT_PNC_SETTINGS,
    });
  },
  'POST /api/auth/login': (_c, _side, p) =>
    t.anonymous().post('/api/auth/login', { username: p.username, password: TEST_PASSWORD }),
  'GET /api/auth/me': (c) => c.get('/api/auth/me'),
  // The user's own language again, so that later answers keep theirs.
  'PUT /api/auth/me/locale': async (c, _side, p) => {
    const [row] = await t.db.query<{ locale: string }>('select locale from users where username = $1', [
      p.username,
    ]);
    return c.put('/api/auth/me/locale', { locale: row!.locale });
  },
  'POST /api/auth/me/password': (c) =>
    c.post('/api/auth/me/password', { currentPassword: 'not-my-password', newPassword: 'whatever-new-1' }),
  // A session of its own, so that the matrix client stays logged in.
  'POST /api/auth/logout': async (_c, _side, p) => (await t.login(p.username)).post('/api/auth/logout'),
  'GET /api/coaching/roster': (c, side) => c.get(`/api/coaching/roster?facility=${coachFacility(side)}`),
  'GET /api/coaching/workers/:id': (c, side) => c.get(`/api/coaching/workers/${coaching[pick(side)].worker}`),
  'POST /api/coaching/workers': (c, side) =>
    c.post('/api/coaching/workers', {
      facilityId: coachFacility(side),
      name: unique('Matrix worker'),
      cadre: 'nurse',
      ward: 'delivery_room',
      activeFrom: '2024-01-01',
    }),
  'GET /api/coaching/roster/template.csv': (c) => c.get('/api/coaching/roster/template.csv'),
  'POST /api/coaching/roster/import': (c, side) =>
    c.post('/api/coaching/roster/import', {
      facilityId: coachFacility(side),
      mode: 'all',
      csv: `name,cadre,ward,active_from\n${unique('Imported')},nurse,delivery_room,2024-01-01`,
    }),
  'PATCH /api/coaching/workers/:id': async (c, side) => {
    const id = coaching[pick(side)].worker;
    return c.patch(`/api/coaching/workers/${id}`, { version: await workerVersion(id), cadre: 'nurse' });
  },
  'POST /api/coaching/workers/:id/move': async (c, side) => {
    const id = side === 'in' ? await freshWorker() : coaching.out.worker;
    return c.post(`/api/coaching/workers/${id}/move`, {
      version: await workerVersion(id),
      facilityId: unit(side === 'in' ? 'VN-DN-HC-H' : 'LA-SV-H01'),
      ward: 'delivery_room',
      on: '2026-03-01',
    });
  },
  'POST /api/coaching/workers/:id/deactivate': async (c, side) => {
    const id = side === 'in' ? await freshWorker() : coaching.out.worker;
    return c.post(`/api/coaching/workers/${id}/deactivate`, {
      version: await workerVersion(id),
      on: '2026-03-01',
    });
  },
  'GET /api/coaching/courses': (c, side) => c.get(`/api/coaching/courses?venue=${coachFacility(side)}`),
  'GET /api/coaching/courses/:id': (c, side) => c.get(`/api/coaching/courses/${coaching[pick(side)].course}`),
  'POST /api/coaching/courses': (c, side) =>
    c.post('/api/coaching/courses', {
      venueId: coachFacility(side),
      module: 'kmc',
      startsOn: '2026-03-02',
      endsOn: '2026-03-03',
      days: 2,
    }),
  'PUT /api/coaching/courses/:id': async (c, side) => {
    const id = coaching[pick(side)].course;
    return c.put(`/api/coaching/courses/${id}`, {
      version: await versionOf(t.db, 'select version from coaching_courses where id = $1', [id]),
      module: 'eenc_routine',
      startsOn: '2026-02-02',
      endsOn: '2026-02-04',
      days: 3,
      notes: unique('n'),
    });
  },
  'POST /api/coaching/courses/:id/participants': async (c, side) =>
    c.post(`/api/coaching/courses/${coaching[pick(side)].course}/participants`, {
      workerIds: [side === 'in' ? await freshWorker() : coaching.out.worker],
    }),
  'PUT /api/coaching/courses/:id/participants/:workerId': async (c, side) => {
    const { course, worker } = coaching[pick(side)];
    return c.put(`/api/coaching/courses/${course}/participants/${worker}`, {
      version: await participantVersion(course, worker),
      daysAttended: 3,
      completed: true,
    });
  },
  'GET /api/coaching/checklists': (c) => c.get('/api/coaching/checklists'),
  'GET /api/coaching/roster/template.xlsx': (c) => c.get('/api/coaching/roster/template.xlsx'),
  'POST /api/coaching/courses/:id/participants/:workerId/checklists': async (c, side) => {
    const { course, worker } = await checklistTarget(side);
    return c.post(`/api/coaching/courses/${course}/participants/${worker}/checklists`, {
      id: newId(),
      checklistId: 'eenc_breathing',
      checklistVersion: 1,
      moment: 'before',
      method: 'mannequin',
      observedOn: '2026-02-03',
      answers: { call_time: 'yes' },
    });
  },
  'DELETE /api/coaching/courses/:id/participants/:workerId': async (c, side) => {
    const course = coaching[pick(side)].course;
    const worker = await participantToRemove(side);
    return c.delete(
      `/api/coaching/courses/${course}/participants/${worker}?version=${await participantVersion(course, worker)}`,
    );
  },
  'GET /api/coaching/certificates/:code': (c) => c.get(`/api/coaching/certificates/${MATRIX_CERTIFICATE}`),
  'GET /api/coaching/settings/:id': (c, side) =>
    c.get(`/api/coaching/settings/${unit(side === 'in' ? 'VN' : 'LA')}`),
  'PUT /api/coaching/settings/:id': async (c, side) => {
    const id = unit(side === 'in' ? 'VN' : 'LA');
    const version = await versionOf(t.db, 'select version from coaching_settings where country_id = $1', [
      id,
    ]);
    return c.put(`/api/coaching/settings/${id}`, { version, coverageYears: 3 });
  },
  'POST /api/coaching/checklists': (c, side) =>
    c.post('/api/coaching/checklists', {
      id: MATRIX_KMC_COPY[side === 'in' ? 'in' : 'out'],
      basedOnId: 'kmc',
      countryId: unit(side === 'in' ? 'VN' : 'LA'),
    }),
  'PUT /api/coaching/checklists/:id': async (c, side) => {
    const id = await kmcCopy(side);
    const version = await versionOf(
      t.db,
      'select row_version as version from coaching_checklist_versions where checklist_id = $1 order by version desc limit 1',
      [id],
    );
    const { name, domains } = findChecklist('kmc', 1)!;
    return c.put(`/api/coaching/checklists/${id}`, { version, name, domains });
  },
  'PUT /api/coaching/courses/:id/participants/:workerId/checklists/:checklistId': async (c, side) => {
    const { course, worker, checklist } = await recordedChecklist(side);
    return c.put(`/api/coaching/courses/${course}/participants/${worker}/checklists/${checklist}`, {
      version: await versionOf(t.db, 'select version from coaching_checklists where id = $1', [checklist]),
      moment: 'after',
      method: 'mannequin',
      observedOn: '2026-02-03',
      answers: { call_time: 'partial' },
    });
  },
  'GET /api/health': (c) => c.get('/api/health'),
  'GET /api/openapi.json': (c) => c.get('/api/openapi.json'),
  'GET /api/reports': (c) => c.get('/api/reports'),
  'POST /api/reports': (c, side) =>
    c.post('/api/reports', { countryId: unit(side === 'in' ? 'VN' : 'LA'), biennium: nextBiennium() }),
  'GET /api/reports/regional': (c) => c.get('/api/reports/regional?biennium=2024-2025'),
  'GET /api/reports/regional/chart.svg': (c) => c.get('/api/reports/regional/chart.svg?biennium=2024-2025'),
  'PUT /api/reports/reviewers/:countryId': (c, side) =>
    c.put(`/api/reports/reviewers/${unit(side === 'in' ? 'VN' : 'LA')}`, {
      reviewerIds: [userIdOf('national.la'), userIdOf('partner.who')],
    }),
  'GET /api/reports/:id': async (c, side) => c.get(`/api/reports/${await reportOn(side, 'under_review')}`),
  'PATCH /api/reports/:id': async (c, side) =>
    c.patch(`/api/reports/${await reportOn(side, 'draft')}`, { rowVersion: 1, narrative: { plan: 'x' } }),
  'POST /api/reports/:id/submit': async (c, side) =>
    c.post(`/api/reports/${await reportOn(side, 'draft')}/submit`),
  'POST /api/reports/:id/start-review': async (c, side) =>
    c.post(`/api/reports/${await reportOn(side, 'submitted')}/start-review`),
  'POST /api/reports/:id/validate': async (c, side) =>
    c.post(`/api/reports/${await reportOn(side, 'under_review')}/validate`),
  'POST /api/reports/:id/publish': async (c, side) =>
    c.post(`/api/reports/${await reportOn(side, 'validated')}/publish`),
  'POST /api/reports/:id/reopen': async (c, side) =>
    c.post(`/api/reports/${await reportOn(side, 'published')}/reopen`),
  'PUT /api/reports/:id/values/:key/review': async (c, side) =>
    c.put(`/api/reports/${await reportOn(side, 'under_review')}/values/live_births/review`, {
      review: 'validated',
    }),
  'POST /api/reports/:id/queries': async (c, side) =>
    c.post(`/api/reports/${await reportOn(side, 'under_review')}/queries`, {
      valueKey: 'live_births',
      body: 'Nguồn?',
    }),
  'POST /api/reports/:id/queries/:queryId/answer': async (c, side) => {
    const { report, query } = await queriedReportOn(side);
    return c.post(`/api/reports/${report}/queries/${query}/answer`, { body: 'Sổ đẻ.' });
  },
  'POST /api/reports/:id/queries/:queryId/reply': async (c, side) => {
    const { report, query } = await queriedReportOn(side);
    return c.post(`/api/reports/${report}/queries/${query}/reply`, { body: 'Cảm ơn.', close: true });
  },
  'GET /api/reports/:id/diff': async (c, side) =>
    c.get(`/api/reports/${await reportOn(side, 'under_review', { previous: true })}/diff`),
  'GET /api/reports/:id/submission': async (c, side) =>
    c.get(`/api/reports/${await reportOn(side, 'under_review')}/submission`),
  'GET /api/reports/:id/report.pdf': async (c, side) =>
    c.get(`/api/reports/${await reportOn(side, 'under_review')}/report.pdf`),
  'GET /api/reports/:id/report.xlsx': async (c, side) =>
    c.get(`/api/reports/${await reportOn(side, 'under_review')}/report.xlsx`),
  'GET /api/reports/:id/chart.svg': async (c, side) =>
    c.get(`/api/reports/${await reportOn(side, 'under_review')}/chart.svg`),
  'POST /api/reports/:id/values/:key/attachments': async (c, side) =>
    c.request({
      method: 'POST',
      url: `/api/reports/${await reportOn(side, 'draft')}/values/policy_national_guideline/attachments?filename=d.pdf`,
      payload: Buffer.from('%PDF-1.4\n%%EOF\n'),
      headers: { 'content-type': 'application/pdf' },
    }),
  'GET /api/reports/:id/attachments/:attachmentId': async (c, side) => {
    const { report, file } = await attachmentOn(side, 'under_review');
    return c.get(`/api/reports/${report}/attachments/${file}`);
  },
  'DELETE /api/reports/:id/attachments/:attachmentId': async (c, side) => {
    const { report, file } = await attachmentOn(side, 'draft');
    return c.delete(`/api/reports/${report}/attachments/${file}`);
  },
  'GET /api/reports/regional/trends': (c) => c.get('/api/reports/regional/trends'),
  'GET /api/reports/regional/trends.svg': (c) => c.get('/api/reports/regional/trends.svg'),
  'GET /api/reports/regional/report.pdf': (c) => c.get('/api/reports/regional/report.pdf?biennium=2024-2025'),
  'GET /api/reports/regional/report.xlsx': (c) =>
    c.get('/api/reports/regional/report.xlsx?biennium=2024-2025'),
  // In scope: the units under the home unit; outside: the home unit listed with one outside the scope.
  'GET /api/indicators/compare': (c, side, p) =>
    c.get(
      side === 'in'
        ? `/api/indicators/compare?parent=${unit(p.home)}&period=2026`
        : `/api/indicators/compare?units=${unit(p.home)},${unit(p.away)}&period=2026`,
    ),
  'GET /api/org-units/:id/child-boundaries': (c, side, p) =>
    c.get(`/api/org-units/${unit(side === 'in' ? p.home : p.away)}/child-boundaries`),
  'POST /api/org-units/boundaries/import': (c, side) =>
    c.request({
      method: 'POST',
      url: '/api/org-units/boundaries/import?mode=commit&source=matrix%20test%20shape',
      headers: { 'content-type': 'application/geo+json' },
      payload: collection(featureOf({ code: side === 'in' ? 'VN-DN' : 'LA-VT' }, square(1, 1, 1))),
    }),
  'GET /api/kmc/facilities/:id/readiness': (c, side) =>
    c.get(`/api/kmc/facilities/${coachFacility(side)}/readiness`),
  // Each write sends the version stored when it runs (null before the first declaration).
  'PUT /api/kmc/facilities/:id/readiness': async (c, side) => {
    const [row] = await t.db.query<{ version: number }>(
      'select version from kmc_facility_readiness where facility_id = $1',
      [coachFacility(side)],
    );
    return c.put(`/api/kmc/facilities/${coachFacility(side)}/readiness`, {
      version: row?.version ?? null,
      offersKmc: true,
      offeredSince: '2026-01-01',
      places: ['kmc_ward'],
    });
  },
  'GET /api/reports/exchange/tokens': (c) => c.get('/api/reports/exchange/tokens'),
  'POST /api/reports/exchange/tokens': (c, side) =>
    c.post('/api/reports/exchange/tokens', { countryId: unit(side === 'in' ? 'VN' : 'LA') }),
  'POST /api/reports/exchange/tokens/:id/revoke': async (c, side) =>
    c.post(`/api/reports/exchange/tokens/${(await exchangeToken(side === 'in' ? 'VN' : 'LA')).id}/revoke`),
  'POST /api/exchange/reports': async (c, side) =>
    withToken(c, side, 'POST', '/api/exchange/reports', {
      sourceReportId: newId(),
      document: matrixSubmission(),
    }),
  'GET /api/exchange/reports/:id/review': async (c, side) =>
    withToken(c, side, 'GET', `/api/exchange/reports/${await receivedReport('under_review')}/review`),
  'POST /api/exchange/reports/:id/queries/:queryId/answer': async (c, side) => {
    const report = await receivedReport('queried');
    const query = await openQueryOn(report);
    return withToken(c, side, 'POST', `/api/exchange/reports/${report}/queries/${query}/answer`, {
      body: 'Sổ đẻ.',
    });
  },
  'GET /api/reports/region-link/:countryId': (c, side) =>
    c.get(`/api/reports/region-link/${unit(side === 'in' ? 'VN' : 'LA')}`),
  'PUT /api/reports/region-link/:countryId': (c, side) =>
    c.put(`/api/reports/region-link/${unit(side === 'in' ? 'VN' : 'LA')}`, {
      url: 'https://region.example.org',
      token: 'oeenc_rx_matrix-token-not-a-real-one',
    }),
  'GET /api/reports/:id/region': async (c, side) =>
    c.get(`/api/reports/${await reportOn(side, 'under_review')}/region`),
  // Without a region link (the row above may have set one): nothing leaves the test for the network.
  'POST /api/reports/:id/region/send': async (c, side) => {
    await t.db.query('delete from report_region_links');
    return c.post(`/api/reports/${await reportOn(side, 'submitted')}/region/send`);
  },
  'POST /api/reports/:id/region/sync': async (c, side) =>
    c.post(`/api/reports/${await reportOn(side, 'under_review')}/region/sync`),
};

/**
 * Country-report fixtures (issue 17), written directly: a report of VN (`in`) or LA (`out`) in a given
 * state with one computed value. Each is a new version of one biennium, so every write starts from a
 * fresh report; reports created through the API take bienniums of their own.
 */
let bienniumYear = 1990;
const nextBiennium = () => {
  bienniumYear += 2;
  return `${bienniumYear}-${bienniumYear + 1}`;
};
let fixtureVersion = 0;
async function insertReport(country: string, state: string, previous: string | null) {
  const id = newId();
  await t.db.query(
    `insert into country_reports (id, country_id, biennium, version, previous_version_id, state, language, computed_at, created_at, updated_at)
     values ($1, $2, '2000-2001', $3, $4, $5, 'vi', now(), now(), now())`,
    [id, unit(country), ++fixtureVersion, previous, state],
  );
  await t.db.query(
    `insert into report_values (report_id, key, kind, section, position, indicator_id, unit, numerator, value, source)
     values ($1, 'live_births', 'computed', 'scale_up', 0, 'live_births', 'count', 12, 12, 'indicators:newborn')`,
    [id],
  );
  return id;
}
async function reportOn(side: Side, state: string, opts: { previous?: boolean } = {}) {
  const country = side === 'in' ? 'VN' : 'LA';
  const previous = opts.previous ? await insertReport(country, 'published', null) : null;
  return insertReport(country, state, previous);
}
/** A report in `state` with one attached file (a tiny PDF). */
async function attachmentOn(side: Side, state: string) {
  const report = await reportOn(side, state);
  const file = newId();
  await t.db.query(
    `insert into report_attachments (id, report_id, value_key, filename, content_type, size_bytes, sha256, content, uploaded_at)
     values ($1, $2, 'policy_national_guideline', 'd.pdf', 'application/pdf', 5, 'x', '\\x255044462d'::bytea, now())`,
    [file, report],
  );
  return { report, file };
}
async function queriedReportOn(side: Side) {
  const report = await reportOn(side, 'queried');
  return { report, query: await openQueryOn(report) };
}

/**
 * Exchange fixtures (reports across instances): a token per country (made once, through the hashed
 * store), a report of VN received from a country instance, and a valid aggregates-only document.
 */
const exchangeTokens = new Map<string, { id: string; token: string }>();
async function exchangeToken(country: 'VN' | 'LA') {
  const made = exchangeTokens.get(country);
  if (made) return made;
  const token = `oeenc_rx_matrix_${country}_${newId()}`;
  const id = newId();
  await t.db.query(
    `insert into report_exchange_tokens (id, country_id, token_hash, hint, created_at)
     values ($1, $2, encode(sha256(convert_to($3, 'UTF8')), 'hex'), right($3, 4), now())`,
    [id, unit(country), token],
  );
  exchangeTokens.set(country, { id, token });
  return { id, token };
}
/** `in` sends VN's token (the report's country), `out` LA's: the session the client holds plays no part. */
async function withToken(c: TestClient, side: Side, method: 'GET' | 'POST', url: string, body?: unknown) {
  const { token } = await exchangeToken(side === 'in' ? 'VN' : 'LA');
  return c.request({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { payload: body as never }),
  });
}
async function receivedReport(state: string) {
  const id = await insertReport('VN', state, null);
  await t.db.query('update country_reports set source_report_id = $2 where id = $1', [id, newId()]);
  return id;
}
async function openQueryOn(report: string) {
  const query = newId();
  await t.db.query(
    `insert into report_queries (id, report_id, value_key, status, created_at) values ($1, $2, 'live_births', 'open', now())`,
    [query, report],
  );
  return query;
}
/** Bienniums of their own (the fixtures above use 2000-2001 and the API's reports count up from 1992). */
let submittedYear = 2050;
const matrixSubmission = (biennium = `${(submittedYear += 2)}-${submittedYear + 1}`) => ({
  format: 'openeenc.country-report/1',
  country: { code: 'VN', name: 'Việt Nam' },
  biennium,
  version: 1,
  language: 'vi',
  period: { from: `${biennium.slice(0, 4)}-01-01`, to: `${biennium.slice(5)}-12-31` },
  computedAt: '2026-03-01T00:00:00.000Z',
  narrative: { achievements: '', challenges: '', plan: '' },
  values: [],
});

function expectOutcome(res: LightMyRequestResponse, outcome: string) {
  const [status, code] = outcome.split(' ');
  if (outcome === IMPORTED || outcome === ROW_REFUSED) {
    expect(res.statusCode, res.body).toBe(200);
    const report = parseNdjson(res.body).at(-1) as BirthImportReport;
    expect(report.type).toBe('report');
    if (outcome === IMPORTED) expect([report.inserted, report.issues]).toEqual([1, []]);
    else expect([report.inserted, report.issues.map((i) => i.column)]).toEqual([0, ['facility_code']]);
    return;
  }
  if (outcome === PUSHED || outcome === PUSH_OUT || outcome === PUSH_FORBIDDEN) {
    expect(res.statusCode, res.body).toBe(200);
    const [result] = res.json().results as Array<{ status: string; code: string | null }>;
    expect(result).toMatchObject(
      outcome === PUSHED
        ? { status: 'applied' }
        : { status: 'rejected', code: outcome === PUSH_OUT ? 'out_of_scope' : 'forbidden' },
    );
    return;
  }
  if (code) expectError(res, Number(status), code);
  else expect(res.statusCode, res.body).toBe(Number(status));
}

beforeAll(async () => {
  // Every person logs in several times here; the per-address login limit is tested in auth.
  t = await createTestApp({ config: { loginIpMaxPerMinute: 10_000 } });
  const admin = await t.login('admin');
  // A second region root, outside even the region-wide partner viewer's scope. The API refuses a
  // second root (nobody could manage it), so this fixture is written directly.
  const searId = newId();
  await t.db.query(
    `insert into org_units (id, code, name, kind, level, parent_id, path, timezone)
     values ($1, 'SEAR', 'South-East Asia', 'region', 1, null, $2, 'Asia/Kolkata')`,
    [searId, `/${searId}/`],
  );
  unitIds.set('SEAR', searId);
  unitIds.set('WPR', ROOT_REGION_ID);
  const target = await admin.post('/api/users', {
    username: 'matrix.target',
    displayName: 'Matrix target',
    role: 'coach',
    scopeIds: [orgUnitIdOf('VN-DN')],
    password: 'matrix-password-1',
  });
  targetUserId = target.json().id;
  for (const p of PEOPLE) clients.set(p.username, await t.login(p.username));
  births.in = await createBirthAs('midwife.dn', 'VN-DN-H01');
  // No demo clinician works in Lao PDR: one is added for this fixture.
  await t.db.query(
    `insert into users (id, username, display_name, role, password_hash)
     select $1, 'midwife.la', 'Matrix LA midwife', 'clinician', password_hash from users where username = 'midwife.dn'`,
    [newId()],
  );
  await t.db.query(
    "insert into user_scopes (user_id, org_unit_id) select id, $1 from users where username = 'midwife.la'",
    [unit('LA-SV-H01')],
  );
  births.out = await createBirthAs('midwife.la', 'LA-SV-H01');
  // No demo hospital lead works in Lao PDR either.
  await t.db.query(
    `insert into users (id, username, display_name, role, password_hash)
     select $1, 'lead.la', 'Matrix LA lead', 'hospital_lead', password_hash from users where username = 'lead.dn'`,
    [newId()],
  );
  await t.db.query(
    "insert into user_scopes (user_id, org_unit_id) select id, $1 from users where username = 'lead.la'",
    [unit('LA-SV-H01')],
  );
  assess.in = await createAssessmentAs('lead.dn', 'VN-DN-H01');
  assess.out = await createAssessmentAs('lead.la', 'LA-SV-H01');
  await addRecordAs('lead.la', assess.out);
  actions.in = await addActionAs('lead.dn', assess.in);
  actions.out = await addActionAs('lead.la', assess.out);
  checklists.in = await copyChecklistAs('national.vn', 'VN');
  checklists.out = await copyChecklistAs('national.la', 'LA');
  dhis2.mapping = (await admin.post('/api/dhis2/mappings', DHIS2_MAPPING)).json().id;
  kmc.in = await smallBabyOn('in');
  kmc.out = await smallBabyOn('out');
  screening.in = await screeningClientOn('in');
  screening.out = await screeningClientOn('out');
  pncBirths.in = await recordPncBirthAs('midwife.dn', 'VN-DN-H01', 'VN-DN-HC-C01');
  pncBirths.out = await recordPncBirthAs('midwife.la', 'LA-SV-H01', null);
  // pnc.hc1 covers the mother's commune: the pair is handed over to it.
  const [subject] = await t.db.query<{ assigned_unit_id: string }>(
    "select assigned_unit_id from pnc_subjects where birth_id = $1 and kind = 'mother'",
    [pncBirths.in.id],
  );
  expect(subject!.assigned_unit_id).toBe(unit('VN-DN-HC-C01'));
  pncVisits.in = (await recordPncVisitAs('midwife.dn', pncBirths.in)).visitId;
  const outVisit = await recordPncVisitAs('midwife.la', pncBirths.out, true);
  pncVisits.out = outVisit.visitId;
  pncReferralOut = openReferralOf(outVisit);
  coaching.in.worker = await addWorkerAs(await as('lead.dn'), unit('VN-DN-H01'));
  coaching.in.course = await addCourseAs(await as('coach.dn'), unit('VN-DN-H01'), coaching.in.worker);
  coaching.out = await insertCoachingTargets(t.db, unit('LA-SV-H01'), unit('LA'));
  // The reviewer pair of VN's reports (issue 17); LA has none.
  for (const reviewer of ['national.la', 'partner.who'])
    await t.db.query(
      'insert into report_reviewers (country_id, user_id, assigned_at) values ($1, $2, now())',
      [unit('VN'), userIdOf(reviewer)],
    );
});
afterAll(() => t.close());

const WHERE: Record<Side, string> = { in: ' inside their area', out: ' outside their area', any: '' };
const cases = PEOPLE.flatMap((person, column) =>
  (Object.entries(MATRIX) as Array<[RouteName, Partial<Record<Side, readonly string[]>>]>).flatMap(
    ([route, row]) =>
      (['in', 'out', 'any'] as const)
        .filter((side) => row[side])
        .map((side) => {
          const expected = row[side]![column]!;
          const name = `${person.role} (${person.username}): ${route}${WHERE[side]} → ${expected}`;
          return [name, { person, route, side, expected }] as const;
        }),
  ),
);
/** The side a request without a user is sent to: inside admin.vn's area when the route has one. */
const firstSide = (route: RouteName): Side => ('in' in MATRIX[route] ? 'in' : 'any');

describe('role × route matrix', () => {
  it('uses one demo user per role, each with the role of its column', async () => {
    expect(PEOPLE.map((p) => p.role).sort()).toEqual(Object.keys(rolePermissions).sort());
    for (const p of PEOPLE) {
      const [row] = await t.db.query<{ role: string }>('select role from users where username = $1', [
        p.username,
      ]);
      expect(row!.role).toBe(p.role);
    }
  });

  it.each(cases)('%s', async (_name, { person, route, side, expected }) => {
    const res = await SEND[route](clients.get(person.username)!, side, person);
    expectOutcome(res, expected);
  });

  it('answers an administrator filtering users or the audit log on a unit outside their area with empty lists', async () => {
    const admin = await t.login('admin');
    const { version, name } = await orgUnitState('LA-VT');
    expect(
      (await admin.patch(`/api/org-units/${unit('LA-VT')}`, { version, name: `${name}!` })).statusCode,
    ).toBe(200);
    const adminVn = clients.get('admin.vn')!;
    expect((await adminVn.get(`/api/users?orgUnit=${orgUnitIdOf('LA')}`)).json().items).toEqual([]);
    expect((await adminVn.get(`/api/audit?entityId=${orgUnitIdOf('LA-VT')}`)).json().items).toEqual([]);
    // While the region-wide administrator sees both.
    expect(
      (await admin.get(`/api/users?orgUnit=${orgUnitIdOf('LA')}`))
        .json()
        .items.map((u: { username: string }) => u.username),
    ).toContain('national.la');
    expect(
      (await admin.get(`/api/audit?entityId=${orgUnitIdOf('LA-VT')}`)).json().items.length,
    ).toBeGreaterThan(0);
  });

  it('agrees with rolePermissions: a role is refused with 403 forbidden exactly where it lacks the permission', () => {
    for (const [column, person] of PEOPLE.entries()) {
      for (const [route, row] of Object.entries(MATRIX) as Array<
        [RouteName, Partial<Record<Side, readonly string[]>>]
      >) {
        const access = ROUTE_ACCESS[route];
        const oneOf = HANDLER_NEEDS_ONE_OF[route];
        const allowed =
          (access === 'public' ||
            access === 'authenticated' ||
            rolePermissions[person.role].includes(access)) &&
          (!oneOf || oneOf.some((p) => rolePermissions[person.role].includes(p)));
        const also = HANDLER_ALSO_NEEDS[route];
        for (const side of ['in', 'out', 'any'] as const) {
          const allowedHere =
            allowed && (side === 'out' || !also || rolePermissions[person.role].includes(also));
          if (row[side])
            expect([route, person.role, side, row[side][column] === F]).toEqual([
              route,
              person.role,
              side,
              !allowedHere,
            ]);
        }
      }
    }
  });
});

describe('requests without a session', () => {
  const privateRoutes = (Object.keys(MATRIX) as RouteName[]).filter((r) => ROUTE_ACCESS[r] !== 'public');

  it.each(privateRoutes)('%s answers 401 unauthenticated', async (route) => {
    // Logout is sent without a session here (its SEND logs in first).
    const res =
      route === 'POST /api/auth/logout'
        ? await t.anonymous().post('/api/auth/logout')
        : await SEND[route](t.anonymous(), firstSide(route), PEOPLE[0]);
    expect(expectError(res, 401, 'unauthenticated').message).toBe('Please log in.');
  });

  it.each(['GET /api/health', 'GET /api/openapi.json'] as const)('%s is public: 200', async (route) => {
    expect((await SEND[route](t.anonymous(), 'any', PEOPLE[0])).statusCode).toBe(200);
  });
});

describe('writes without the CSRF token', () => {
  const writes = (Object.keys(MATRIX) as RouteName[]).filter(
    (r) => !r.startsWith('GET ') && ROUTE_ACCESS[r] !== 'public' && r !== 'POST /api/auth/logout',
  );

  it.each(writes)('%s answers 403 csrf_failed even for a system administrator', async (route) => {
    const withoutToken = new TestClient(t.app, clients.get('admin.vn')!.cookie, null);
    expectError(await SEND[route](withoutToken, firstSide(route), PEOPLE[0]), 403, 'csrf_failed');
  });
});

describe('route registration', () => {
  it('has a matrix row for every API route (a new route must say who may call it)', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const registered = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
    const inMatrix = (Object.keys(MATRIX) as RouteName[]).filter((r) => r !== 'GET /api/openapi.json');
    expect(registered.sort()).toEqual(inMatrix.sort());
  });

  it('refuses to build an app with an /api route that declares no config.access', async () => {
    const app = await buildApp(t.deps, { logger: false });
    try {
      expect(() => app.get('/api/unguarded', async () => 'open')).toThrow(
        'Route GET /api/unguarded declares no config.access',
      );
      // Routes outside /api (the web app) and routes that declare their access are accepted.
      expect(() => app.get('/not-api', async () => 'page')).not.toThrow();
      expect(() =>
        app.get('/api/guarded', { config: { access: 'audit.read' } }, async () => 'ok'),
      ).not.toThrow();
    } finally {
      await app.close();
    }
  });
});
