import { useContext } from 'react';
import type { MeFieldsFragment, PermissionName, RoleName } from './gql/graphql';
import { OrgContext } from './orgContext';

export type Me = MeFieldsFragment;
export type OrganisationAccess = Me['organisations'][number];
export type { PermissionName };

export interface Permissions {
  /** Whether the signed-in user may do `permission` in the organisation being viewed. */
  can: (permission: PermissionName) => boolean;
  readOnly: boolean;
}

/** The rights of an access, exactly as the server decided them (accounts/access.py). */
export function permissionsOf(access: Pick<OrganisationAccess, 'permissions' | 'readOnly'> | null | undefined): Permissions {
  const granted = new Set<PermissionName>(access?.permissions ?? []);
  return { can: (permission) => granted.has(permission), readOnly: access?.readOnly ?? true };
}

/**
 * THE hook every page uses to show or hide an action: the permissions the API reports for the
 * current organisation (`me.organisations[].permissions`). No page looks at roles to decide.
 */
export function usePermissions(): Permissions {
  const workspace = useContext(OrgContext);
  return permissionsOf(workspace?.access);
}

export const ROLE_ORDER: readonly RoleName[] = [
  'PREFECTURE_ADMIN',
  'COUNTY_ADMIN',
  'SECTION_STAFF',
  'INSPECTOR',
  'PARTNER_STAFF',
  'AUDITOR',
];

export const LAST_ORG_KEY = 'suiji.lastOrg';

export function findAccess(me: Me | null | undefined, code: string | undefined): OrganisationAccess | undefined {
  if (!me || !code) return undefined;
  return me.organisations.find((access) => access.organisation.code === code);
}

export function rememberOrg(code: string): void {
  try {
    window.localStorage.setItem(LAST_ORG_KEY, code);
  } catch {
    // storage unavailable: nothing to remember
  }
}

export function lastOrg(): string | null {
  try {
    return window.localStorage.getItem(LAST_ORG_KEY);
  } catch {
    return null;
  }
}

/** `/o/<code>/<rest>` → `{ code, rest }` (rest without leading slash, '' for the workspace home). */
export function parseOrgPath(pathname: string): { code: string; rest: string } | null {
  const match = /^\/o\/([^/]+)(?:\/(.*))?$/.exec(pathname);
  if (!match) return null;
  return { code: decodeURIComponent(match[1]), rest: match[2] ?? '' };
}

export function orgPath(code: string, rest = ''): string {
  return `/o/${encodeURIComponent(code)}/${rest}`;
}

/** The same sub-page in another organisation. */
export function switchOrgPath(pathname: string, toCode: string): string {
  const parsed = parseOrgPath(pathname);
  return orgPath(toCode, parsed ? parsed.rest : '');
}

/**
 * Where to go after login: `next` if it is a page of an organisation the user may open, else the
 * last used organisation if still accessible, else the first one; '/' when the user has none.
 */
export function landingPath(me: Me, next?: string | null): string {
  if (next) {
    const parsed = parseOrgPath(next);
    if (parsed && findAccess(me, parsed.code)) return next;
  }
  const remembered = lastOrg();
  if (remembered && findAccess(me, remembered)) return orgPath(remembered);
  const first = me.organisations[0];
  return first ? orgPath(first.organisation.code) : '/';
}
