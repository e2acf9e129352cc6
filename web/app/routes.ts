import { type ComponentType, lazy, type LazyExoticComponent } from 'react';
import type { Permission } from '../../shared/auth/roles';

/**
 * The pages behind the login, each with the permission it needs. Pages load on demand, keeping the
 * first download small on slow connections. A feature adds its lines here (and its menu entry in nav.ts).
 */
export type PageRoute = {
  path: string;
  permission: Permission;
  page: LazyExoticComponent<ComponentType>;
};

export const PAGE_ROUTES: PageRoute[] = [
  {
    path: '/org-units/:id?',
    permission: 'org_unit.read',
    page: lazy(() => import('../features/org-units/OrgUnitsPage')),
  },
  { path: '/users', permission: 'user.read', page: lazy(() => import('../features/users/UsersPage')) },
  { path: '/audit', permission: 'audit.read', page: lazy(() => import('../features/audit/AuditPage')) },
  {
    path: '/births',
    permission: 'record.read',
    page: lazy(() => import('../features/births/BirthsListPage')),
  },
  {
    path: '/births/new',
    permission: 'record.write',
    page: lazy(() => import('../features/births/BirthFormPage')),
  },
  {
    path: '/births/:id',
    permission: 'record.read',
    page: lazy(() => import('../features/births/BirthDetailPage')),
  },
  {
    path: '/births/:id/edit',
    permission: 'record.write',
    page: lazy(() => import('../features/births/BirthFormPage')),
  },
  {
    path: '/births/import',
    permission: 'record.write',
    page: lazy(() => import('../features/births-import/BirthsImportPage')),
  },
  {
    path: '/settings/eenc',
    permission: 'config.manage',
    page: lazy(() => import('../features/births/EencSettingsPage')),
  },
  {
    path: '/assessments/*',
    permission: 'assessment.read',
    page: lazy(() => import('../features/assessments/AssessmentsRoutes')),
  },
  { path: '/dhis2', permission: 'config.manage', page: lazy(() => import('../features/dhis2/Dhis2Page')) },
  {
    path: '/coaching/*',
    permission: 'workforce.read',
    page: lazy(() => import('../features/coaching/CoachingRoutes')),
  },
  {
    path: '/checklists',
    permission: 'config.manage',
    page: lazy(() => import('../features/assessments/ChecklistsPage')),
  },
  {
    path: '/dashboard',
    permission: 'aggregate.read',
    page: lazy(() => import('../features/indicators/DashboardPage')),
  },
  {
    path: '/indicators/definitions',
    permission: 'aggregate.read',
    page: lazy(() => import('../features/indicators/DefinitionsPage')),
  },
  { path: '/pnc', permission: 'pnc.read', page: lazy(() => import('../features/pnc/WorklistPage')) },
  {
    path: '/pnc/births/:birthId',
    permission: 'pnc.read',
    page: lazy(() => import('../features/pnc/FollowUpPage')),
  },
  { path: '/kmc', permission: 'record.read', page: lazy(() => import('../features/kmc/KmcListPage')) },
  {
    path: '/kmc/babies/:newbornId',
    permission: 'record.read',
    page: lazy(() => import('../features/kmc/KmcBabyPage')),
  },
  {
    path: '/kmc/readiness',
    permission: 'org_unit.read',
    page: lazy(() => import('../features/kmc/KmcReadinessPage')),
  },
  {
    path: '/reports/*',
    permission: 'aggregate.read',
    page: lazy(() => import('../features/reports/ReportsRoutes')),
  },
  {
    path: '/screening',
    permission: 'pnc.read',
    page: lazy(() => import('../features/screening/ScreeningListPage')),
  },
  {
    path: '/settings/kmc-follow-up',
    permission: 'config.manage',
    page: lazy(() => import('../features/pnc/KmcFollowUpSettingsPage')),
  },
  {
    path: '/settings/screening',
    permission: 'config.manage',
    page: lazy(() => import('../features/screening/ScreeningSettingsPage')),
  },
  {
    path: '/screening/clients/:id',
    permission: 'pnc.read',
    page: lazy(() => import('../features/screening/ScreeningClientPage')),
  },
  {
    // The refused badge's page; every role that records offline has pnc.read. It reads only this device's outbox.
    path: '/sync/refused',
    permission: 'pnc.read',
    page: lazy(() => import('../features/offline/RefusedChangesPage')),
  },
  {
    path: '/sync/conflicts',
    permission: 'record.read',
    page: lazy(() => import('../features/offline/ConflictInboxPage')),
  },
];
