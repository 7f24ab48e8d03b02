import type { MockLink } from '@apollo/client/testing';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { Me } from '../../../access';
import type {
  CloseTargetedInspectionMutation as CloseResult,
  CloseTargetedInspectionMutationVariables as CloseVariables,
  MeQuery as MeResult,
  RegisterTargetedInspectionMutation as RegisterResult,
  RegisterTargetedInspectionMutationVariables as RegisterVariables,
  TargetedInspectionsQuery as ListResult,
  TargetedInspectionsQueryVariables as ListVariables,
  TargetedItemOptionsQuery as ItemsResult,
} from '../../../gql/graphql';
import { MeQuery } from '../../../graphql/operations';
import {
  CloseTargetedInspectionMutation,
  RegisterTargetedInspectionMutation,
  TargetedInspectionsQuery,
  TargetedItemOptionsQuery,
} from '../../../graphql/targeted';
import { dehongAdmin, multiAdmin, renderApp } from '../../../test/render';
import { entityInspection, itemOptionsResult, listResult, projectInspection, targetedFixture } from './fixtures';
import { errorSlot, valuesToVariables } from './RegisterForm';

/** Generous waits: antd renders slowly in jsdom on a busy machine. */
const WAIT = { timeout: 10_000 };

const PATH = '/o/533103/targeted';

const meMock = (me: Me): MockLink.MockedResponse<MeResult> => ({
  request: { query: MeQuery },
  result: { data: { __typename: 'Query', me } },
  maxUsageCount: 10,
});

const listMock = (
  nodes = [entityInspection, projectInspection],
  variables: ListVariables = { openOnly: false, offset: 0, first: 20 },
): MockLink.MockedResponse<ListResult, ListVariables> => ({
  request: { query: TargetedInspectionsQuery, variables },
  result: listResult(nodes),
  maxUsageCount: 10,
});

const itemsMock: MockLink.MockedResponse<ItemsResult> = {
  request: { query: TargetedItemOptionsQuery },
  result: itemOptionsResult,
  maxUsageCount: 5,
};

function registerMock(
  sent: RegisterVariables[],
  result: RegisterResult['registerTargetedInspection'],
): MockLink.MockedResponse<RegisterResult, RegisterVariables> {
  return {
    request: {
      query: RegisterTargetedInspectionMutation,
      variables: (v: RegisterVariables) => {
        sent.push(v);
        return true;
      },
    },
    result: { data: { __typename: 'Mutation', registerTargetedInspection: result } },
  };
}

/** Picks an option of an antd Select (the dropdown renders in a portal). */
async function choose(user: ReturnType<typeof userEvent.setup>, testId: string, label: string) {
  await user.click(within(screen.getByTestId(testId).closest('.ant-select') as HTMLElement).getByRole('combobox'));
  const options = await screen.findAllByTitle(label, {}, WAIT);
  await user.click(options[options.length - 1]);
}

async function openForm(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId('targeted-new', {}, WAIT));
  expect(await screen.findByTestId('targeted-form', {}, WAIT)).toBeInTheDocument();
}

describe('RegisterForm helpers', () => {
  it('sends exactly one of uscc / projectCode', () => {
    const base = { reason: 'BIG_DATA' as const, startedOn: dayjs('2027-05-06'), itemCodes: ['ZJ-002'], description: ' 监测预警 ' };
    expect(valuesToVariables({ ...base, targetKind: 'ENTITY', uscc: ' 91533103ma6k3a9ptb', projectCode: 'stale' })).toEqual({
      uscc: '91533103MA6K3A9PTB',
      reason: 'BIG_DATA',
      startedOn: '2027-05-06',
      itemCodes: ['ZJ-002'],
      description: '监测预警',
    });
    const project = valuesToVariables({ ...base, targetKind: 'PROJECT', uscc: 'stale', projectCode: '2405-533103-04-01-000123 ' });
    expect(project.projectCode).toBe('2405-533103-04-01-000123');
    expect(project).not.toHaveProperty('uscc');
  });

  it('maps argument paths to form items', () => {
    expect(errorSlot('itemCodes.2')).toBe('itemCodes');
    expect(errorSlot('projectCode')).toBe('projectCode');
    expect(errorSlot('startedOn')).toBe('startedOn');
    expect(errorSlot('id')).toBeNull();
    expect(errorSlot(null)).toBeNull();
  });
});

describe('TargetedPage', () => {
  it('lists targeted inspections of market entities and construction projects', async () => {
    renderApp(null, { path: PATH, mocks: [meMock(multiAdmin), listMock()] });
    const nav = await screen.findByTestId('side-nav', {}, WAIT);
    expect(within(nav).getByText('定向检查')).toBeInTheDocument();
    expect(await screen.findByTestId('targeted-explain', {}, WAIT)).toHaveTextContent(
      '定向检查不参加随机抽取；检查期间该对象不会被随机抽中，结案后本年度同一事项视为已检查。',
    );
    const table = screen.getByTestId('targeted-table');
    const entityRow = (await within(table).findByText('91533103MA6K3A9PTB', {}, WAIT)).closest('tr') as HTMLElement;
    expect(entityRow).toHaveTextContent('市场主体');
    expect(entityRow).toHaveTextContent('芒市宏达建筑工程有限公司');
    expect(entityRow).toHaveTextContent('投诉举报');
    expect(entityRow).toHaveTextContent('ZJ-001');
    expect(entityRow).toHaveTextContent('2027-03-02');
    expect(within(entityRow).getByTestId('targeted-status')).toHaveTextContent('进行中');
    expect(within(entityRow).getByTestId(`targeted-close-${entityInspection.id}`)).toBeInTheDocument();

    const projectRow = within(table).getByText('2405-533103-04-01-000123').closest('tr') as HTMLElement;
    expect(projectRow).toHaveTextContent('工程项目');
    expect(projectRow).toHaveTextContent('芒市勐焕街道保障性住房建设项目');
    expect(projectRow).toHaveTextContent('安全生产等重点领域');
    expect(projectRow).toHaveTextContent('全部事项');
    expect(within(projectRow).getByTestId('targeted-status')).toHaveTextContent('已结案（2027-02-28）');
    // A closed inspection cannot be closed again.
    expect(screen.queryByTestId(`targeted-close-${projectInspection.id}`)).toBeNull();
    expect(screen.getByTestId('targeted-new')).toHaveTextContent('登记定向检查');
  }, 60_000);

  it('shows the list without buttons to the prefecture looking at a county (read-only)', async () => {
    renderApp(null, { path: PATH, mocks: [meMock(dehongAdmin), listMock()] });
    expect(await screen.findByTestId('read-only-banner', {}, WAIT)).toBeInTheDocument();
    expect(await screen.findByText('91533103MA6K3A9PTB', {}, WAIT)).toBeInTheDocument();
    expect(screen.getByText('2405-533103-04-01-000123')).toBeInTheDocument();
    expect(screen.queryByTestId('targeted-new')).toBeNull();
    expect(screen.queryByTestId(`targeted-close-${entityInspection.id}`)).toBeNull();
    expect(screen.queryByText('结案')).toBeNull();
  }, 60_000);

  it('registers a construction project by its project code (not a USCC)', async () => {
    const user = userEvent.setup();
    const sent: RegisterVariables[] = [];
    const created = targetedFixture({
      id: btoa('TargetedInspection:3'),
      reason: 'HANDED_OVER',
      targetKind: 'PROJECT',
      code: '2405-533103-04-01-000456',
      name: '芒市第二污水处理厂建设项目',
      itemCodes: ['ZJ-002'],
      description: '州住建局转办。',
      startedOn: dayjs().format('YYYY-MM-DD'),
    });
    renderApp(null, {
      path: PATH,
      mocks: [
        meMock(multiAdmin),
        listMock([entityInspection]),
        itemsMock,
        registerMock(sent, { __typename: 'RegisterTargetedInspection', targetedInspection: created, errors: [] }),
      ],
    });
    await openForm(user);
    await user.click(within(screen.getByTestId('targeted-kind')).getByRole('radio', { name: '工程项目' }));
    // The code input switches to 项目代码.
    const codeInput = await screen.findByTestId('targeted-project-code', {}, WAIT);
    expect(screen.queryByTestId('targeted-uscc')).toBeNull();
    expect(screen.getByText('项目代码')).toBeInTheDocument();
    await user.type(codeInput, '2405-533103-04-01-000456');
    await choose(user, 'targeted-reason', '转办交办案件');
    await choose(user, 'targeted-items', 'ZJ-002 建设工程质量检查');
    await user.type(screen.getByTestId('targeted-description'), '州住建局转办。');
    await user.click(screen.getByTestId('targeted-save'));

    await waitFor(() => expect(sent).toHaveLength(1), WAIT);
    expect(sent[0]).toEqual({
      projectCode: '2405-533103-04-01-000456',
      reason: 'HANDED_OVER',
      startedOn: dayjs().format('YYYY-MM-DD'),
      itemCodes: ['ZJ-002'],
      description: '州住建局转办。',
    });
    expect(sent[0]).not.toHaveProperty('uscc');
    await waitFor(() => expect(screen.queryByTestId('targeted-form')).toBeNull(), WAIT);
    expect(await screen.findByText('定向检查已登记', {}, WAIT)).toBeInTheDocument();
  }, 60_000);

  it("shows the server's error on the code field and keeps the form open", async () => {
    const user = userEvent.setup();
    const sent: RegisterVariables[] = [];
    renderApp(null, {
      path: PATH,
      mocks: [
        meMock(multiAdmin),
        listMock([]),
        itemsMock,
        registerMock(sent, {
          __typename: 'RegisterTargetedInspection',
          targetedInspection: null,
          errors: [
            {
              __typename: 'MutationError',
              field: 'uscc',
              code: 'not_found',
              message: '名录库中没有统一社会信用代码为“91533103MA6K3A9XXX”的市场主体。',
            },
          ],
        }),
      ],
    });
    await openForm(user);
    await user.type(screen.getByTestId('targeted-uscc'), '91533103MA6K3A9XXX');
    await choose(user, 'targeted-reason', '投诉举报');
    await user.click(screen.getByTestId('targeted-save'));

    const message = await screen.findByTestId('targeted-error-uscc', {}, WAIT);
    expect(message).toHaveTextContent('名录库中没有统一社会信用代码为“91533103MA6K3A9XXX”的市场主体。');
    const item = screen.getByTestId('targeted-uscc').closest('.ant-form-item') as HTMLElement;
    expect(within(item).getByTestId('targeted-error-uscc')).toBeInTheDocument();
    expect(item.className).toContain('has-error');
    expect(screen.getByTestId('targeted-form-alert')).toHaveTextContent('请按提示修改后重新提交');
    expect(sent[0]).toMatchObject({ uscc: '91533103MA6K3A9XXX', reason: 'COMPLAINT' });
    expect(sent[0]).not.toHaveProperty('projectCode');
    expect(screen.getByTestId('targeted-form')).toBeInTheDocument();

    // Correcting the code clears its error.
    await user.type(screen.getByTestId('targeted-uscc'), '{Backspace}');
    await waitFor(() => expect(screen.queryByTestId('targeted-error-uscc')).toBeNull(), WAIT);
  }, 60_000);

  it('closes an open inspection on the chosen date', async () => {
    const user = userEvent.setup();
    const sent: CloseVariables[] = [];
    const closeMock: MockLink.MockedResponse<CloseResult, CloseVariables> = {
      request: {
        query: CloseTargetedInspectionMutation,
        variables: (v: CloseVariables) => {
          sent.push(v);
          return true;
        },
      },
      result: {
        data: {
          __typename: 'Mutation',
          closeTargetedInspection: {
            __typename: 'CloseTargetedInspection',
            targetedInspection: { ...entityInspection, closedOn: '2027-03-20' },
            errors: [],
          },
        },
      },
    };
    renderApp(null, { path: PATH, mocks: [meMock(multiAdmin), listMock([entityInspection]), closeMock] });
    await user.click(await screen.findByTestId(`targeted-close-${entityInspection.id}`, {}, WAIT));
    expect(await screen.findByText('定向检查结案', {}, WAIT)).toBeInTheDocument();
    const date = screen.getByTestId('targeted-closed-on');
    const input = (date.tagName === 'INPUT' ? date : date.querySelector('input')) as HTMLInputElement;
    expect(input).toHaveValue(dayjs().format('YYYY-MM-DD'));
    await user.clear(input);
    await user.type(input, '2027-03-20{Enter}');
    await user.click(screen.getByTestId('targeted-close-confirm'));

    await waitFor(() => expect(sent).toHaveLength(1), WAIT);
    expect(sent[0]).toEqual({ id: entityInspection.id, closedOn: '2027-03-20' });
    await waitFor(() => expect(screen.queryByText('定向检查结案')).toBeNull(), WAIT);
  }, 60_000);
});
