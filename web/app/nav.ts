import type { Permission, Role } from '../../shared/auth/roles';

/**
 * The main menu: each feature adds its entry; entries the user's role cannot use are hidden.
 * `notFor`: roles that have the permission (for pickers and links) but no use for the page in their
 * day's work, so the menu stays short on a phone; the page itself stays open to them.
 */
export type NavItem = { to: string; labelKey: string; permission?: Permission; notFor?: readonly Role[] };

const FRONT_LINE: readonly Role[] = ['clinician', 'pnc_worker'];

/** The menu entries a role sees. */
export function navItemsFor(role: Role, can: (p: Permission) => boolean): NavItem[] {
  return NAV_ITEMS.filter((i) => (!i.permission || can(i.permission)) && !i.notFor?.includes(role));
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/', labelKey: 'nav.home' },
  { to: '/births', labelKey: 'nav.births', permission: 'record.read' },
  { to: '/pnc', labelKey: 'pnc:nav', permission: 'pnc.read' },
  { to: '/kmc', labelKey: 'kmc:nav', permission: 'record.read' },
  { to: '/screening', labelKey: 'screening:nav', permission: 'pnc.read' },
  { to: '/sync/conflicts', labelKey: 'offline:nav', permission: 'record.read' },
  { to: '/dashboard', labelKey: 'indicators:nav.dashboard', permission: 'aggregate.read' },
  { to: '/assessments', labelKey: 'assessments:nav', permission: 'assessment.read' },
  { to: '/coaching', labelKey: 'coaching:nav', permission: 'workforce.read' },
  {
    to: '/indicators/definitions',
    labelKey: 'indicators:nav.definitions',
    permission: 'aggregate.read',
    notFor: FRONT_LINE,
  },
  { to: '/org-units', labelKey: 'nav.orgUnits', permission: 'org_unit.read', notFor: FRONT_LINE },
  { to: '/users', labelKey: 'nav.users', permission: 'user.read' },
  { to: '/audit', labelKey: 'nav.audit', permission: 'audit.read' },
  { to: '/settings/eenc', labelKey: 'nav.eencSettings', permission: 'config.manage' },
  { to: '/settings/kmc-follow-up', labelKey: 'pnc:kmcSchedule.nav', permission: 'config.manage' },
  { to: '/settings/screening', labelKey: 'screening:settingsNav', permission: 'config.manage' },
  { to: '/checklists', labelKey: 'assessments:navChecklists', permission: 'config.manage' },
  { to: '/dhis2', labelKey: 'dhis2:nav', permission: 'config.manage' },
  { to: '/reports', labelKey: 'reports:nav', permission: 'aggregate.read' },
];
