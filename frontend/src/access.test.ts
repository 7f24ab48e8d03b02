import { describe, expect, it } from 'vitest';
import { landingPath, parseOrgPath, permissionsOf, switchOrgPath } from './access';
import { dehongAdmin, multiAdmin } from './test/render';

describe('organisation paths', () => {
  it('parses /o/<code>/<rest>', () => {
    expect(parseOrgPath('/o/533103/')).toEqual({ code: '533103', rest: '' });
    expect(parseOrgPath('/o/533103')).toEqual({ code: '533103', rest: '' });
    expect(parseOrgPath('/o/533103/audit')).toEqual({ code: '533103', rest: 'audit' });
    expect(parseOrgPath('/login')).toBeNull();
  });

  it('keeps the sub-page when switching', () => {
    expect(switchOrgPath('/o/533103/draws', '533102')).toBe('/o/533102/draws');
    expect(switchOrgPath('/o/533103/', '533102')).toBe('/o/533102/');
  });
});

describe('landingPath', () => {
  it('goes to next when accessible, then the last used organisation, then the first', () => {
    expect(landingPath(multiAdmin, '/o/533102/audit')).toBe('/o/533102/audit');
    expect(landingPath(multiAdmin, '/o/533100/')).toBe('/o/533103/');
    expect(landingPath(multiAdmin, 'https://example.com/')).toBe('/o/533103/');
    window.localStorage.setItem('suiji.lastOrg', '533102');
    expect(landingPath(multiAdmin)).toBe('/o/533102/');
    window.localStorage.setItem('suiji.lastOrg', '533122');
    expect(landingPath(multiAdmin)).toBe('/o/533103/');
    expect(landingPath(dehongAdmin)).toBe('/o/533100/');
    expect(landingPath({ ...multiAdmin, organisations: [] })).toBe('/');
  });
});

describe('permissionsOf (the one source of rights in the web app)', () => {
  it('allows exactly what the API reported for the organisation', () => {
    const county = multiAdmin.organisations[0];
    const rights = permissionsOf(county);
    expect(rights.can('RUN_DRAWS')).toBe(true);
    expect(rights.can('CREATE_ORGANISATIONS')).toBe(false);
    const inspector = permissionsOf({ readOnly: false, permissions: ['READ_ORGANISATION', 'INSPECT'] });
    expect(inspector.can('RUN_DRAWS')).toBe(false);
    expect(inspector.can('READ_AUDIT')).toBe(false);
    const oversight = permissionsOf(dehongAdmin.organisations[1]);
    expect(oversight.readOnly).toBe(true);
    expect(oversight.can('MANAGE_REGISTRIES')).toBe(false);
    expect(permissionsOf(undefined).can('READ_ORGANISATION')).toBe(false);
  });
});
