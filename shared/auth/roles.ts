import type { ValueOf } from '../closed-set';
/**
 * Roles and what each may do. This table is the single source of truth for authorization: the server
 * checks every route against it, and the web uses it only to hide what a user cannot do.
 */
export const ROLES = [
  'system_admin',
  'national_manager',
  'provincial_manager',
  'hospital_lead',
  'clinician',
  'coach',
  'pnc_worker',
  'partner_viewer',
] as const;
export type Role = (typeof ROLES)[number];

/** Clinicians record their profession; it matters for coaching coverage and audit, not for access. */
export const PROFESSIONS = ['midwife', 'nurse', 'doctor'] as const;
export type Profession = (typeof PROFESSIONS)[number];

export const Permission = {
  /** Browse org units inside one's scope. */
  orgUnitRead: 'org_unit.read',
  /** Create, rename, move, deactivate and import org units. */
  orgUnitManage: 'org_unit.manage',
  userRead: 'user.read',
  userManage: 'user.manage',
  auditRead: 'audit.read',
  /** Read individual patient records (births, contacts). Personal identifiers need `personalDataRead` too. */
  recordRead: 'record.read',
  recordWrite: 'record.write',
  /** See names and phone numbers; further limited to facility-level scopes (see `canSeePersonalData`). */
  personalDataRead: 'personal_data.read',
  /** Indicator values and dashboards. Partner viewers get counts of people perturbed (cell-key method). */
  aggregateRead: 'aggregate.read',
  /** Download record-level exports. */
  recordExport: 'record.export',
  /** Postnatal follow-up worklists and contacts. */
  pncRead: 'pnc.read',
  pncWrite: 'pnc.write',
  /** Hospital self-assessments (Module 3) and action plans. */
  assessmentRead: 'assessment.read',
  assessmentWrite: 'assessment.write',
  /** Health-worker rosters and coaching courses (Module 2); names further limited to facility scopes. */
  workforceRead: 'workforce.read',
  /** Add, edit, move and deactivate the health workers of a facility's roster. */
  rosterManage: 'roster.manage',
  /** Record coaching courses, participants, attendance and completion. */
  coachingWrite: 'coaching.write',
  /** Adapt checklists, indicator settings and country configuration. */
  configManage: 'config.manage',
  /** Declare what a facility offers (kangaroo mother care): its hospital lead, managers of its area. */
  facilityReadinessWrite: 'facility_readiness.write',
  /** Write the country progress report of one's country and answer the reviewers (issue 17). */
  reportWrite: 'report.write',
  /** Review a country report; only where the regional coordinator assigned the user to the country's pair. */
  reportReview: 'report.review',
  /** Assign reviewer pairs, start reviews and publish: the regional coordinator, scoped above the country. */
  reportCoordinate: 'report.coordinate',
} as const;
export type Permission = ValueOf<typeof Permission>;

const P = Permission;
const managerPermissions = [
  P.orgUnitRead,
  P.recordRead,
  P.aggregateRead,
  P.recordExport,
  P.pncRead,
  P.assessmentRead,
  P.workforceRead,
] as const;

export const rolePermissions: Record<Role, readonly Permission[]> = {
  // Ministry IT: structure, accounts and audit. Deliberately no access to patient records.
  system_admin: [
    P.orgUnitRead,
    P.orgUnitManage,
    P.userRead,
    P.userManage,
    P.auditRead,
    P.aggregateRead,
    P.configManage,
    P.reportCoordinate,
  ],
  national_manager: [
    ...managerPermissions,
    P.configManage,
    P.reportWrite,
    P.reportReview,
    P.facilityReadinessWrite,
  ],
  provincial_manager: [...managerPermissions, P.facilityReadinessWrite],
  hospital_lead: [
    P.orgUnitRead,
    P.recordRead,
    P.recordWrite,
    P.personalDataRead,
    P.aggregateRead,
    P.recordExport,
    P.pncRead,
    P.assessmentRead,
    P.assessmentWrite,
    P.workforceRead,
    P.rosterManage,
    P.facilityReadinessWrite,
  ],
  clinician: [
    P.orgUnitRead,
    P.recordRead,
    P.recordWrite,
    P.personalDataRead,
    P.aggregateRead,
    P.pncRead,
    P.pncWrite,
  ],
  coach: [P.orgUnitRead, P.recordRead, P.aggregateRead, P.assessmentRead, P.workforceRead, P.coachingWrite],
  pnc_worker: [P.orgUnitRead, P.personalDataRead, P.aggregateRead, P.pncRead, P.pncWrite],
  partner_viewer: [P.orgUnitRead, P.aggregateRead, P.reportReview],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return rolePermissions[role].includes(permission);
}

/** Aggregates for these roles have counts of people perturbed (shared/indicators/cell-key.ts). */
export function isAggregateOnlyRole(role: Role): boolean {
  return role === 'partner_viewer';
}
