import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AuditRecordsQuery, MeQuery, PublicOrganisationsQuery } from '../graphql/operations';
import { dehongAdmin, multiAdmin, renderApp } from '../test/render';
import type { Me } from '../access';

const meMock = (me: Me | null) => ({ request: { query: MeQuery }, result: { data: { me } }, maxUsageCount: 10 });

describe('organisation workspace', () => {
  it('shows the Chinese layout with the navigation', async () => {
    renderApp(null, { path: '/o/533103/oversight', mocks: [meMock(multiAdmin)] });
    const nav = await screen.findByTestId('side-nav');
    for (const label of ['名录库', '检查计划', '随机抽取', '检查实施', '结果公示', '监督', '审计日志']) {
      expect(within(nav).getByText(label)).toBeInTheDocument();
    }
    expect(screen.getByTestId('app-header')).toHaveTextContent('随机 Suiji · 双随机、一公开监管平台');
    expect(screen.getByTestId('org-switcher')).toHaveTextContent('芒市');
    const page = screen.getByTestId('oversight-page');
    expect(within(page).getByRole('heading', { name: '监督' })).toBeInTheDocument();
    expect(screen.queryByTestId('read-only-banner')).toBeNull();
  });

  it('switching organisation keeps the sub-page', async () => {
    const user = userEvent.setup();
    renderApp(null, { path: '/o/533103/plans', mocks: [meMock(multiAdmin)] });
    const switcher = await screen.findByTestId('org-switcher');
    await user.click(within(switcher).getByRole('combobox'));
    await user.click(within(await screen.findByTestId('org-option-533102')).getByText('瑞丽市'));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/o/533102/plans'));
    expect(screen.getByTestId('org-switcher')).toHaveTextContent('瑞丽市');
  });

  it('shows the read-only banner on a county seen from the prefecture', async () => {
    renderApp(null, { path: '/o/533103/draws', mocks: [meMock(dehongAdmin)] });
    expect(await screen.findByTestId('read-only-banner')).toHaveTextContent('只读（上级监督）');
    expect(screen.getByTestId('org-switcher')).toHaveTextContent('只读');
  });

  it('sends anonymous visitors to the login page, keeping where they were going', async () => {
    renderApp(null, { path: '/o/533103/audit', mocks: [meMock(null)] });
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(`/login?next=${encodeURIComponent('/o/533103/audit')}`),
    );
  });

  it('answers 403 for an organisation where the user has no role, with a way back', async () => {
    renderApp(null, {
      path: '/o/533124/',
      mocks: [
        meMock(multiAdmin),
        {
          request: { query: PublicOrganisationsQuery },
          result: {
            data: {
              publicOrganisations: [
                { __typename: 'Organisation', id: 'Organisation:533124', code: '533124', name: '陇川县', kind: 'COUNTY', parent: null },
              ],
            },
          },
        },
      ],
    });
    const result = await screen.findByTestId('org-unavailable');
    expect(result).toHaveTextContent('无权访问该组织');
    expect(within(result).getByRole('link')).toHaveAttribute('href', '/o/533103/');
  });

  it('answers 404 for an unknown organisation code', async () => {
    renderApp(null, {
      path: '/o/999999/',
      mocks: [meMock(multiAdmin), { request: { query: PublicOrganisationsQuery }, result: { data: { publicOrganisations: [] } } }],
    });
    expect(await screen.findByTestId('org-unavailable')).toHaveTextContent('组织不存在');
  });

  it('lists audit records, or shows the permission error', async () => {
    const { unmount } = renderApp(null, {
      path: '/o/533103/audit',
      mocks: [
        meMock(multiAdmin),
        {
          request: { query: AuditRecordsQuery, variables: { first: 50, after: null } },
          result: {
            data: {
              auditRecords: {
                __typename: 'AuditRecordConnection',
                edges: [
                  {
                    __typename: 'AuditRecordEdge',
                    cursor: 'c1',
                    node: {
                      __typename: 'AuditRecord',
                      id: 'AuditRecord:1',
                      seq: 1,
                      at: '2026-03-02T09:00:00+08:00',
                      actor: 'mangshi.admin',
                      operation: 'login',
                      objectType: 'user',
                      objectId: '7',
                    },
                  },
                ],
                pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'c1' },
              },
            },
          },
        },
      ],
    });
    expect(await screen.findByText('mangshi.admin')).toBeInTheDocument();
    expect(screen.getByText('操作人')).toBeInTheDocument();
    unmount();

    renderApp(null, {
      path: '/o/533103/audit',
      mocks: [
        meMock(multiAdmin),
        {
          request: { query: AuditRecordsQuery, variables: { first: 50, after: null } },
          result: { errors: [{ message: '您没有查看审计日志的权限' }], data: { auditRecords: null } },
        },
      ],
    });
    expect(await screen.findByTestId('audit-error')).toHaveTextContent('您没有查看审计日志的权限');
  });
});

describe('language switch', () => {
  it('switches the labels to English and remembers the choice', async () => {
    const user = userEvent.setup();
    renderApp(null, { path: '/o/533103/oversight', mocks: [meMock(multiAdmin)] });
    const nav = await screen.findByTestId('side-nav');
    expect(within(nav).getByText('名录库')).toBeInTheDocument();

    await user.click(within(screen.getByTestId('language-switch')).getByText('English'));
    expect(within(nav).getByText('Registries')).toBeInTheDocument();
    expect(within(nav).queryByText('名录库')).toBeNull();
    expect(within(nav).getByText('Audit log')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Oversight' })).toBeInTheDocument();
    expect(window.localStorage.getItem('suiji.lang')).toBe('en-US');

    await user.click(within(screen.getByTestId('language-switch')).getByText('中文'));
    expect(within(nav).getByText('名录库')).toBeInTheDocument();
    expect(window.localStorage.getItem('suiji.lang')).toBe('zh-CN');
  });

  it('starts in the remembered language', async () => {
    window.localStorage.setItem('suiji.lang', 'en-US');
    renderApp(null, { path: '/login', mocks: [meMock(null)] });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toBeInTheDocument();
  });
});
