import type { Permission } from '../../shared/auth/roles';

/** The main menu: each feature adds its entry; entries the user's role cannot use are hidden. */
export type NavItem = { to: string; labelKey: string; permission?: Permission };

export const NAV_ITEMS: NavItem[] = [
  { to: '/', labelKey: 'nav.home' },
  { to: '/births', labelKey: 'nav.births', permission: 'record.read' },
  { to: '/pnc', labelKey: 'pnc:nav', permission: 'pnc.read' },
  { to: '/kmc', labelKey: 'kmc:nav', permission: 'record.read' },
  { to: '/sync/conflicts', labelKey: 'offline:nav', permission: 'record.read' },
  { to: '/dashboard', labelKey: 'indicators:nav.dashboard', permission: 'aggregate.read' },
  { to: '/assessments', labelKey: 'assessments:nav', permission: 'assessment.read' },
  { to: '/coaching', labelKey: 'coaching:nav', permission: 'workforce.read' },
  { to: '/indicators/definitions', labelKey: 'indicators:nav.definitions', permission: 'aggregate.read' },
  { to: '/org-units', labelKey: 'nav.orgUnits', permission: 'org_unit.read' },
  { to: '/users', labelKey: 'nav.users', permission: 'user.read' },
  { to: '/audit', labelKey: 'nav.audit', permission: 'audit.read' },
  { to: '/settings/eenc', labelKey: 'nav.eencSettings', permission: 'config.manage' },
  { to: '/checklists', labelKey: 'assessments:navChecklists', permission: 'config.manage' },
  { to: '/dhis2', labelKey: 'dhis2:nav', permission: 'config.manage' },
];
