import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Me } from '../../access';
import { MeQuery } from '../../graphql/operations';
import { MarketEntitiesQuery, RegistryFilterValuesQuery } from '../../graphql/registries';
import { dehongAdmin, multiAdmin, renderApp } from '../../test/render';

const meMock = (me: Me | null) => ({ request: { query: MeQuery }, result: { data: { me } }, maxUsageCount: 10 });

const entity = (id: number, name: string, uscc: string, region: string) => ({
  __typename: 'MarketEntity' as const,
  id: `TWFya2V0RW50aXR5OjE${id}`,
  name,
  uscc,
  address: '芒市勐焕街道团结大街88号',
  legalRepresentative: '张伟',
  contactName: '李娜',
  contactPhone: '138****5678',
  entityType: '建筑施工企业',
  nature: '私营企业',
  region,
  creditClass: 'B' as const,
  complaintCount: 0,
  violationCount: 2,
  status: 'ACTIVE' as const,
  establishedOn: '2015-06-18',
  statusChangedOn: null,
  updatedAt: '2026-03-01T10:00:00+08:00',
});

const page = (rows: ReturnType<typeof entity>[], totalCount: number) => ({
  data: {
    marketEntities: {
      __typename: 'MarketEntityConnection' as const,
      totalCount,
      edges: rows.map((node) => ({ __typename: 'MarketEntityEdge' as const, node })),
    },
  },
});

const filterValues = {
  request: { query: RegistryFilterValuesQuery, variables: { kind: 'ENTITIES' } },
  result: {
    data: {
      registryFilterValues: [
        { __typename: 'RegistryFilterValues' as const, field: 'entityType', values: ['建筑施工企业', '房地产开发企业'] },
        { __typename: 'RegistryFilterValues' as const, field: 'nature', values: ['私营企业'] },
        { __typename: 'RegistryFilterValues' as const, field: 'region', values: ['勐焕街道', '风平镇'] },
      ],
    },
  },
  maxUsageCount: 10,
};

const HENGXIN = entity(1, '德宏恒信建筑工程有限公司', '91533103MA6K4X0A1E', '勐焕街道');
const LONGCHENG = entity(2, '芒市龙城建设有限公司', '91533103MA6K4X0B2F', '风平镇');

describe('名录库 · 市场主体', { timeout: 90_000 }, () => {
  it('renders the rows and total of the first page, then passes search and filters as variables', async () => {
    const user = userEvent.setup();
    renderApp(null, {
      path: '/o/533103/registries?tab=entities',
      mocks: [
        meMock(multiAdmin),
        filterValues,
        { request: { query: MarketEntitiesQuery, variables: { first: 20 } }, result: page([HENGXIN, LONGCHENG], 2345) },
        {
          request: { query: MarketEntitiesQuery, variables: { first: 20, search: '恒信' } },
          result: page([HENGXIN], 1),
        },
        {
          request: { query: MarketEntitiesQuery, variables: { first: 20, search: '恒信', region: '勐焕街道' } },
          result: page([HENGXIN], 1),
        },
      ],
    });

    const table = await screen.findByTestId('registry-entities', undefined, { timeout: 25000 });
    expect(await within(table).findByText('芒市龙城建设有限公司', undefined, { timeout: 25000 })).toBeInTheDocument();
    expect(within(table).getByText('德宏恒信建筑工程有限公司')).toBeInTheDocument();
    expect(within(table).getByText('91533103MA6K4X0A1E')).toBeInTheDocument();
    // masked personal data as the API returns it
    expect(within(table).getAllByText('138****5678')).toHaveLength(2);
    expect(screen.getByTestId('registry-total')).toHaveTextContent('共 2345 条');
    // a county admin may change the registry
    expect(screen.getByTestId('registry-import')).toBeInTheDocument();
    expect(screen.getByTestId('registry-new')).toBeInTheDocument();

    await user.type(within(screen.getByTestId('registry-search')).getByRole('searchbox'), '恒信{Enter}');
    await waitFor(() => expect(screen.getByTestId('registry-total')).toHaveTextContent('共 1 条'), { timeout: 25000 });
    expect(within(table).queryByText('芒市龙城建设有限公司')).toBeNull();

    // 乡镇 is a select of the values present in the registry (not free text matched exactly)
    await user.click(within(screen.getByTestId('filter-region')).getByRole('combobox'));
    await user.click(await screen.findByTitle('勐焕街道', undefined, { timeout: 25000 }));
    await waitFor(() =>
      expect(screen.getByTestId('registry-export')).toHaveAttribute(
        'href',
        `/o/533103/registries/export/entities.xlsx?search=${encodeURIComponent('恒信')}&region=${encodeURIComponent('勐焕街道')}`,
      ),
      { timeout: 25000 },
    );
    expect(within(table).getByText('德宏恒信建筑工程有限公司')).toBeInTheDocument();
    // the search and the filter are in the URL, so a reload shows the same list
    expect(screen.getByTestId('location')).toHaveTextContent(
      `/o/533103/registries?tab=entities&q=${encodeURIComponent('恒信')}&f.region=${encodeURIComponent('勐焕街道')}`,
    );
  });

  it('opens with the search, filters and page kept in the URL (a reload keeps them)', async () => {
    renderApp(null, {
      path: `/o/533103/registries?tab=entities&q=${encodeURIComponent('恒信')}&f.region=${encodeURIComponent('勐焕街道')}&f.creditClass[]=B&page=2`,
      mocks: [
        meMock(multiAdmin),
        filterValues,
        {
          request: {
            query: MarketEntitiesQuery,
            variables: { first: 20, offset: 20, search: '恒信', region: '勐焕街道', creditClass: ['B'] },
          },
          result: page([HENGXIN], 21),
        },
      ],
    });
    expect(await screen.findByText('德宏恒信建筑工程有限公司', undefined, { timeout: 25000 })).toBeInTheDocument();
    expect(within(screen.getByTestId('filter-region')).getByTitle('勐焕街道')).toBeInTheDocument();
  });

  it('shows no edit or import buttons to a read-only prefecture user', async () => {
    renderApp(null, {
      path: '/o/533103/registries?tab=entities',
      mocks: [
        meMock(dehongAdmin),
        filterValues,
        { request: { query: MarketEntitiesQuery, variables: { first: 20 } }, result: page([HENGXIN], 1) },
      ],
    });
    expect(await screen.findByText('德宏恒信建筑工程有限公司', undefined, { timeout: 25000 })).toBeInTheDocument();
    expect(screen.getByTestId('registry-export')).toBeInTheDocument();
    expect(screen.queryByTestId('registry-import')).toBeNull();
    expect(screen.queryByTestId('registry-new')).toBeNull();
  });
});
