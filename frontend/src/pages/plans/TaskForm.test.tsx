import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { describe, expect, it, vi } from 'vitest';
import type { PlanTaskInput } from '../../gql/graphql';
import { CreatePlanTaskMutation, PlanItemOptionsQuery } from '../../graphql/plans';
import { renderApp } from '../../test/render';
import { itemOptionsResult, taskFixture } from './fixtures';
import { defaultTaskValues, errorSlot, TaskForm, taskToValues, valuesToInput, type TaskFormValues } from './TaskForm';

/** Generous waits: antd renders slowly in jsdom on a busy machine. */
const WAIT = { timeout: 10_000 };

const PLAN_ID = 'QW5udWFsUGxhbjox';

const values: TaskFormValues = {
  title: '建筑施工企业安全生产检查',
  section: '建筑业管理股',
  departments: ['HOUSING'],
  itemCodes: ['ZJ-001', 'ZJ-999'],
  targetKind: 'ENTITY',
  scopeKind: 'UNDIRECTED',
  samplingMode: 'RATIO',
  ratioPct: 1.5,
  creditRatioPct: { A: 0.5, D: 10 },
  targetCount: null,
  rounds: [{ window: [dayjs('2027-04-01'), dayjs('2028-01-15')] }],
  officersPerTeam: 2,
  targetsPerTeam: 5,
  categories: [],
  expertsPerTeam: 0,
  notes: '',
};

const itemOptions = { request: { query: PlanItemOptionsQuery }, result: itemOptionsResult, maxUsageCount: 5 };

describe('valuesToInput / errorSlot', () => {
  it('converts percentages to basis points and windows to ISO dates', () => {
    const input = valuesToInput(values);
    expect(input.ratioBp).toBe(150);
    expect(input.creditRatios).toEqual([
      { creditClass: 'A', ratioBp: 50 },
      { creditClass: 'D', ratioBp: 1000 },
    ]);
    expect(input.rounds).toEqual([{ startsOn: '2027-04-01', endsOn: '2028-01-15' }]);
    expect(input.targetCount).toBeNull();
    expect(input.entityTypes).toEqual([]);
    expect(input.targetKind).toBe('ENTITY');
  });

  it('sends the task\'s targets: market entities by default, else construction projects', () => {
    expect(defaultTaskValues(2027).targetKind).toBe('ENTITY');
    expect(valuesToInput(defaultTaskValues(2027)).targetKind).toBe('ENTITY');
    expect(valuesToInput({ ...values, targetKind: 'PROJECT' }).targetKind).toBe('PROJECT');
    expect(taskToValues(taskFixture({ targetKind: 'PROJECT' })).targetKind).toBe('PROJECT');
  });

  it('maps input paths to form items', () => {
    expect(errorSlot('rounds.0.endsOn')).toBe('rounds.0');
    expect(errorSlot('rounds')).toBe('rounds');
    expect(errorSlot('itemCodes.1')).toBe('itemCodes');
    expect(errorSlot('ratioBp')).toBe('ratioPct');
    expect(errorSlot('officersPerTeam')).toBe('officersPerTeam');
    expect(errorSlot('targetKind')).toBe('targetKind');
    expect(errorSlot('planId')).toBeNull();
    expect(errorSlot(null)).toBeNull();
  });
});

describe('TaskForm', () => {
  it("shows the server's errors on the fields they name, and nothing is saved", async () => {
    const user = userEvent.setup();
    const onSaved = vi.fn();
    renderApp(
      <TaskForm orgCode="533100" planId={PLAN_ID} year={2027} initialValues={values} open onClose={() => {}} onSaved={onSaved} />,
      {
        mocks: [
          itemOptions,
          {
            request: { query: CreatePlanTaskMutation, variables: { planId: PLAN_ID, input: valuesToInput(values) } },
            result: {
              data: {
                createPlanTask: {
                  __typename: 'CreatePlanTask',
                  task: null,
                  errors: [
                    { __typename: 'MutationError', field: 'ratioBp', code: 'prefecture_ratio_cap', message: '州（市）本级计划每年抽查比例不得超过1%（实施细则第二十条），当前每轮为1.5%。' },
                    { __typename: 'MutationError', field: 'rounds.0.endsOn', code: 'outside_year', message: '第1轮的结束日期 2028-01-15 不在计划年度 2027 年内。' },
                    { __typename: 'MutationError', field: 'itemCodes.1', code: 'unknown_item', message: '事项编码“ZJ-999”不在本机构的随机抽查事项清单中（或已停用），请先在事项清单中登记。' },
                    { __typename: 'MutationError', field: 'creditRatios', code: 'prefecture_ratio_cap', message: '按信用等级设置的比例也不得超过1%。' },
                    { __typename: 'MutationError', field: 'planId', code: 'not_editable', message: '计划当前状态为“已提交”，不能修改任务。' },
                  ],
                },
              },
            },
          },
        ],
      },
    );
    expect(await screen.findByText('新增检查任务', {}, WAIT)).toBeInTheDocument();
    await user.click(screen.getByTestId('task-save'));

    expect(await screen.findByTestId('task-error-ratioPct', {}, WAIT)).toHaveTextContent('不得超过1%');
    expect(screen.getByTestId('task-error-rounds.0')).toHaveTextContent('不在计划年度 2027 年内');
    expect(screen.getByTestId('task-error-itemCodes')).toHaveTextContent('ZJ-999');
    expect(screen.getByTestId('task-error-creditRatios')).toHaveTextContent('信用等级');
    expect(screen.getByTestId('task-form-alert')).toHaveTextContent('不能修改任务');
    // Each message sits inside the form item of its field.
    const ratioItem = screen.getByTestId('task-ratio').closest('.ant-form-item') as HTMLElement;
    expect(within(ratioItem).getByTestId('task-error-ratioPct')).toBeInTheDocument();
    expect(ratioItem.className).toContain('has-error');
    expect(onSaved).not.toHaveBeenCalled();

    // Editing the ratio clears its error only.
    const ratio = within(ratioItem).getByRole('spinbutton');
    fireEvent.change(ratio, { target: { value: '1' } });
    await waitFor(() => expect(screen.queryByTestId('task-error-ratioPct')).toBeNull(), WAIT);
    expect(screen.getByTestId('task-error-rounds.0')).toBeInTheDocument();
  }, 60_000);

  it.each([
    { choose: null, targetKind: 'ENTITY' as const },
    { choose: '工程项目', targetKind: 'PROJECT' as const },
  ])('sends targetKind $targetKind for a new task (chosen: $choose)', async ({ choose, targetKind }) => {
    const user = userEvent.setup();
    const onSaved = vi.fn();
    const sent: PlanTaskInput[] = [];
    const start: TaskFormValues = { ...defaultTaskValues(2027), title: '在建工程质量安全检查', itemCodes: ['ZJ-002'] };
    const saved = taskFixture({ title: start.title, targetKind });
    renderApp(
      <TaskForm orgCode="533103" planId={PLAN_ID} year={2027} initialValues={start} open onClose={() => {}} onSaved={onSaved} />,
      {
        mocks: [
          itemOptions,
          {
            request: {
              query: CreatePlanTaskMutation,
              variables: (v: { planId: string; input: PlanTaskInput }) => {
                sent.push(v.input);
                return v.planId === PLAN_ID;
              },
            },
            result: { data: { createPlanTask: { __typename: 'CreatePlanTask', task: saved, errors: [] } } },
          },
        ],
      },
    );
    expect(await screen.findByText('新增检查任务', {}, WAIT)).toBeInTheDocument();
    const targets = screen.getByTestId('task-target-kind');
    expect(within(targets).getByRole('radio', { name: '市场主体' })).toBeChecked();
    expect(screen.queryByTestId('task-target-kind-hint')).toBeNull();
    if (choose) {
      await user.click(within(targets).getByRole('radio', { name: choose }));
      expect(await screen.findByTestId('task-target-kind-hint', {}, WAIT)).toHaveTextContent('责任主体');
      expect(screen.getByTestId('task-scope')).toHaveTextContent('全部在施工程项目');
    }
    await user.click(screen.getByTestId('task-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1), WAIT);
    expect(sent.at(-1)).toEqual({ ...valuesToInput(start), targetKind });
  }, 60_000);

  it('saves an edited task and hands it back', async () => {
    const user = userEvent.setup();
    const onSaved = vi.fn();
    const task = taskFixture({ targetKind: 'PROJECT' });
    const { UpdatePlanTaskMutation } = await import('../../graphql/plans');
    renderApp(
      <TaskForm orgCode="533103" planId={PLAN_ID} year={2027} task={task} open onClose={() => {}} onSaved={onSaved} />,
      {
        mocks: [
          itemOptions,
          {
            request: { query: UpdatePlanTaskMutation, variables: { id: task.id, input: valuesToInput(taskToValues(task)) } },
            result: { data: { updatePlanTask: { __typename: 'UpdatePlanTask', task, errors: [] } } },
          },
        ],
      },
    );
    expect(await screen.findByText('编辑检查任务', {}, WAIT)).toBeInTheDocument();
    expect(screen.getByTestId('task-title')).toHaveValue('建筑施工企业安全生产检查');
    expect(within(screen.getByTestId('task-target-kind')).getByRole('radio', { name: '工程项目' })).toBeChecked();
    expect(screen.getByTestId('task-target-kind-hint')).toBeInTheDocument();
    await user.click(screen.getByTestId('task-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1), WAIT);
    expect(onSaved.mock.calls[0][0]).toMatchObject({ id: task.id });
  }, 60_000);

  it('requires at least two officers per team before sending', async () => {
    const user = userEvent.setup();
    renderApp(
      <TaskForm
        orgCode="533103"
        planId={PLAN_ID}
        year={2027}
        initialValues={{ ...values, officersPerTeam: 1 }}
        open
        onClose={() => {}}
        onSaved={() => {}}
      />,
      { mocks: [itemOptions] },
    );
    await screen.findByText('新增检查任务', {}, WAIT);
    await user.click(screen.getByTestId('task-save'));
    expect(await screen.findByText('每组至少2名执法人员', {}, WAIT)).toBeInTheDocument();
  }, 60_000);
});
