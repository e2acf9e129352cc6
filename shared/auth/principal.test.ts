import { describe, expect, it } from 'vitest';
import {
  canSeeMotherContact,
  canSeePersonalData,
  decideAccess,
  isPathInScope,
  type Principal,
} from './principal';
import { ROLES, rolePermissions } from './roles';

const scope = (kind: Principal['scopes'][number]['kind'], path: string) => ({
  id: '00000000-0000-4000-8000-000000000001',
  code: 'X',
  name: 'X',
  kind,
  path,
});

const province = '/r/vn/dn/';
const facility = '/r/vn/dn/h1/';
const otherProvince = '/r/vn/qn/';

describe('decideAccess', () => {
  it.each([
    ['clinician', 'record.write', facility, 'allowed'],
    ['clinician', 'record.write', '/r/vn/dn/h1/ward/', 'allowed'],
    ['clinician', 'record.write', '/r/vn/dn/h2/', 'out_of_scope'],
    ['clinician', 'org_unit.manage', facility, 'forbidden'],
    ['partner_viewer', 'record.read', facility, 'forbidden'],
    ['partner_viewer', 'aggregate.read', facility, 'allowed'],
  ] as const)('%s asking %s at %s is %s (scope: the facility)', (role, permission, path, expected) => {
    expect(decideAccess({ role, scopes: [scope('facility', facility)] }, permission, path)).toBe(expected);
  });

  it('checks only the role when no target is given', () => {
    expect(decideAccess({ role: 'system_admin', scopes: [] }, 'user.manage')).toBe('allowed');
    expect(decideAccess({ role: 'coach', scopes: [] }, 'user.manage')).toBe('forbidden');
  });

  it('does not treat a sibling whose path shares a prefix string as in scope', () => {
    // Paths end with "/", so "/r/vn/dn/" never matches "/r/vn/dnx/".
    expect(isPathInScope({ scopes: [scope('province', province)] }, '/r/vn/dnx/h/')).toBe(false);
    expect(isPathInScope({ scopes: [scope('province', province)] }, otherProvince)).toBe(false);
  });

  it('gives every role read access to org units and aggregates, and only the admin user management', () => {
    for (const role of ROLES) {
      expect(rolePermissions[role]).toContain('org_unit.read');
      expect(rolePermissions[role]).toContain('aggregate.read');
      expect(rolePermissions[role].includes('user.manage')).toBe(role === 'system_admin');
    }
  });
});

describe('canSeePersonalData', () => {
  it('shows names to a clinician scoped to the facility itself', () => {
    expect(canSeePersonalData({ role: 'clinician', scopes: [scope('facility', facility)] }, facility)).toBe(
      true,
    );
  });
  it('hides names from a provincial manager even inside the province', () => {
    expect(
      canSeePersonalData({ role: 'provincial_manager', scopes: [scope('province', province)] }, facility),
    ).toBe(false);
  });
  it('hides names from a clinician scoped to a whole district', () => {
    expect(
      canSeePersonalData(
        { role: 'clinician', scopes: [scope('district', '/r/vn/dn/hc/')] },
        '/r/vn/dn/hc/h/',
      ),
    ).toBe(false);
  });
  it('shows names to a PNC worker for their own commune only', () => {
    const worker = { role: 'pnc_worker' as const, scopes: [scope('commune', '/r/vn/dn/hc/c1/')] };
    expect(canSeePersonalData(worker, '/r/vn/dn/hc/c1/')).toBe(true);
    expect(canSeePersonalData(worker, '/r/vn/dn/hc/c2/')).toBe(false);
  });
  it('never shows names to a system administrator', () => {
    expect(
      canSeePersonalData({ role: 'system_admin', scopes: [scope('facility', facility)] }, facility),
    ).toBe(false);
  });
});

describe('canSeeMotherContact (postnatal handover to the commune of residence)', () => {
  const hospital = '/r/vn/dn/h1/';
  const c1 = '/r/vn/dn/hc/c1/';
  const worker = { role: 'pnc_worker' as const, scopes: [scope('commune', c1)] };
  it.each([
    ['a PNC worker of her commune, birth at a hospital elsewhere', worker, hospital, c1, true],
    ['a PNC worker of another commune', worker, hospital, '/r/vn/dn/hc/c2/', false],
    ['a PNC worker, mother without a commune', worker, hospital, null, false],
    [
      'a clinician of the birth facility',
      { role: 'clinician' as const, scopes: [scope('facility', hospital)] },
      hospital,
      c1,
      true,
    ],
    [
      'a provincial manager over both',
      { role: 'provincial_manager' as const, scopes: [scope('province', '/r/vn/dn/')] },
      hospital,
      c1,
      false,
    ],
    [
      'a coach scoped to the commune (no PNC permission)',
      { role: 'coach' as const, scopes: [scope('commune', c1)] },
      hospital,
      c1,
      false,
    ],
    [
      'a clinician of the commune station (PNC and personal data)',
      { role: 'clinician' as const, scopes: [scope('commune', c1)] },
      hospital,
      c1,
      true,
    ],
  ])('%s: %s', (_name, principal, facilityPath, communePath, expected) => {
    expect(canSeeMotherContact(principal, facilityPath, communePath)).toBe(expected);
  });
  it('leaves the facility rule unchanged for the same worker', () => {
    expect(canSeePersonalData(worker, hospital)).toBe(false);
  });
});
