import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { createCache } from '../apollo';
import { AppRoutes } from '../AppRoutes';
import { AppShell } from '../AppShell';
import type { Me, PermissionName } from '../access';
import type { Lang } from '../i18n';

/** Shows the router's current path so tests can assert navigation. */
export function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname + location.search}</div>;
}

export interface RenderOptions {
  mocks?: ReadonlyArray<MockLink.MockedResponse<any, any>>;
  path?: string;
  lang?: Lang;
}

/** Renders an element (or the whole route table when `ui` is omitted) with mocked GraphQL. */
export function renderApp(ui: ReactElement | null, { mocks = [], path = '/', lang }: RenderOptions = {}) {
  return render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      <MemoryRouter initialEntries={[path]}>
        <AppShell initialLang={lang}>
          {ui ?? <AppRoutes />}
          <Routes>
            <Route path="*" element={<LocationProbe />} />
          </Routes>
        </AppShell>
      </MemoryRouter>
    </MockedProvider>,
  );
}

const org = (code: string, name: string, kind: 'PREFECTURE' | 'COUNTY', parent?: { code: string; name: string }) => ({
  __typename: 'Organisation' as const,
  id: `Organisation:${code}`,
  code,
  name,
  kind,
  parent: parent ? { __typename: 'Organisation' as const, id: `Organisation:${parent.code}`, ...parent } : null,
});

const DEHONG = { code: '533100', name: '德宏州' };

/** What accounts/access.py grants (the API reports these in `me.organisations[].permissions`). */
export const PREFECTURE_ADMIN_PERMISSIONS: PermissionName[] = ['ACKNOWLEDGE_REPORTS', 'APPROVE_PLANS', 'CREATE_ORGANISATIONS', 'INSPECT', 'MANAGE_CALENDAR', 'MANAGE_MEMBERS', 'MANAGE_PLANS', 'MANAGE_REGISTRIES', 'OVERSEE_SUBORDINATES', 'READ_AUDIT', 'READ_ORGANISATION', 'REVEAL_PERSONAL_DATA', 'RUN_DRAWS'];
export const COUNTY_ADMIN_PERMISSIONS: PermissionName[] = ['APPROVE_PLANS', 'MANAGE_MEMBERS', 'MANAGE_PLANS', 'MANAGE_REGISTRIES', 'READ_AUDIT', 'READ_ORGANISATION', 'REVEAL_PERSONAL_DATA', 'RUN_DRAWS'];
export const OVERSIGHT_PERMISSIONS: PermissionName[] = ['READ_AUDIT', 'READ_ORGANISATION'];

/** `me` of the demo prefecture admin: 德宏州 plus its counties read-only. */
export const dehongAdmin: Me = {
  __typename: 'Me' as const,
  id: 'Me:1',
  username: 'dehong.admin',
  displayName: '德宏州管理员',
  sessionIdleSeconds: 1800,
  organisations: [
    { __typename: 'OrganisationAccess' as const, readOnly: false, roles: ['PREFECTURE_ADMIN'], permissions: PREFECTURE_ADMIN_PERMISSIONS, organisation: org('533100', '德宏州', 'PREFECTURE') },
    { __typename: 'OrganisationAccess' as const, readOnly: true, roles: [], permissions: OVERSIGHT_PERMISSIONS, organisation: org('533103', '芒市', 'COUNTY', DEHONG) },
    { __typename: 'OrganisationAccess' as const, readOnly: true, roles: [], permissions: OVERSIGHT_PERMISSIONS, organisation: org('533102', '瑞丽市', 'COUNTY', DEHONG) },
  ],
} satisfies Me;

/** `me` of the demo user holding roles in two counties. */
export const multiAdmin: Me = {
  __typename: 'Me' as const,
  id: 'Me:2',
  username: 'multi.admin',
  displayName: '多县管理员',
  sessionIdleSeconds: 1800,
  organisations: [
    { __typename: 'OrganisationAccess' as const, readOnly: false, roles: ['COUNTY_ADMIN'], permissions: COUNTY_ADMIN_PERMISSIONS, organisation: org('533103', '芒市', 'COUNTY', DEHONG) },
    {
      __typename: 'OrganisationAccess' as const,
      readOnly: false,
      roles: ['COUNTY_ADMIN', 'INSPECTOR'],
      permissions: [...COUNTY_ADMIN_PERMISSIONS, 'INSPECT'],
      organisation: org('533102', '瑞丽市', 'COUNTY', DEHONG),
    },
  ],
} satisfies Me;
