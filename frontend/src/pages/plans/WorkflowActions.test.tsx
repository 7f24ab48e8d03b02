import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { TransitionPlanMutation } from '../../graphql/plans';
import { renderApp } from '../../test/render';
import { planFixture } from './fixtures';
import { WorkflowActions } from './WorkflowActions';

/** Generous waits: antd renders slowly in jsdom on a busy machine. */
const WAIT = { timeout: 10_000 };

const plan = planFixture();

describe('WorkflowActions', () => {
  it('shows one button per available action, and none for the others', async () => {
    renderApp(<WorkflowActions orgCode="533103" plan={plan} isPrefecture={false} />);
    expect(await screen.findByTestId('plan-action-CONSOLIDATE', {}, WAIT)).toHaveTextContent(/汇\s*总/);
    expect(screen.getByTestId('plan-action-RETURN')).toHaveTextContent(/退\s*回/);
    for (const hidden of ['SUBMIT', 'REPORT', 'PUBLISH', 'ADJUST'])
      expect(screen.queryByTestId(`plan-action-${hidden}`)).toBeNull();
  });

  it('renders nothing when the user may not move the plan', () => {
    renderApp(<WorkflowActions orgCode="533103" plan={{ ...plan, availableActions: [] }} isPrefecture={false} />);
    expect(screen.queryByTestId('plan-actions')).toBeNull();
  });

  it('requires a comment to return the plan, then sends it', async () => {
    const user = userEvent.setup();
    const onDone = vi.fn();
    const returned = planFixture({ status: 'DRAFT', availableActions: ['SUBMIT'] });
    renderApp(<WorkflowActions orgCode="533103" plan={plan} isPrefecture={false} onDone={onDone} />, {
      mocks: [
        {
          request: {
            query: TransitionPlanMutation,
            variables: { planId: plan.id, action: 'RETURN', comment: '请补充物业管理事项', recipient: null, reportedOn: null },
          },
          result: { data: { transitionPlan: { __typename: 'TransitionPlan', plan: returned, errors: [] } } },
        },
      ],
    });
    await user.click(await screen.findByTestId('plan-action-RETURN', {}, WAIT));
    expect(await screen.findByText('退回计划', {}, WAIT)).toBeInTheDocument();
    await user.click(screen.getByTestId('plan-action-confirm'));
    expect(await screen.findByText('请填写退回意见', {}, WAIT)).toBeInTheDocument();
    expect(onDone).not.toHaveBeenCalled();

    await user.type(screen.getByTestId('action-comment'), '请补充物业管理事项');
    await user.click(screen.getByTestId('plan-action-confirm'));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1), WAIT);
    expect(onDone.mock.calls[0][0]).toMatchObject({ status: 'DRAFT' });
  }, 60_000);

  it("shows the server's refusal on the field it names and keeps the modal open", async () => {
    const user = userEvent.setup();
    const onDone = vi.fn();
    const consolidated = planFixture({ status: 'CONSOLIDATED', availableActions: ['REPORT', 'RETURN'] });
    const { default: dayjs } = await import('dayjs');
    renderApp(<WorkflowActions orgCode="533100" plan={consolidated} isPrefecture onDone={onDone} />, {
      mocks: [
        {
          request: {
            query: TransitionPlanMutation,
            variables: {
              planId: consolidated.id,
              action: 'REPORT',
              comment: null,
              recipient: '州司法局',
              reportedOn: dayjs().format('YYYY-MM-DD'),
            },
          },
          result: {
            data: {
              transitionPlan: {
                __typename: 'TransitionPlan',
                plan: null,
                errors: [
                  { __typename: 'MutationError', field: 'recipient', code: 'too_long', message: '报送对象不能超过100个字符。' },
                  { __typename: 'MutationError', field: 'action', code: 'role_not_allowed', message: '“报送”只能由政策法规科（管理员）操作。' },
                ],
              },
            },
          },
        },
      ],
    });
    await user.click(await screen.findByTestId('plan-action-REPORT', {}, WAIT));
    // The prefecture names the justice authority it reports to.
    await user.click(screen.getByTestId('plan-action-confirm'));
    expect(await screen.findByText('请填写报送对象', {}, WAIT)).toBeInTheDocument();
    await user.type(screen.getByTestId('action-recipient'), '州司法局');
    await user.click(screen.getByTestId('plan-action-confirm'));
    expect(await screen.findByTestId('action-error-recipient', {}, WAIT)).toHaveTextContent('报送对象不能超过100个字符。');
    expect(screen.getByTestId('action-error')).toHaveTextContent('只能由政策法规科');
    expect(onDone).not.toHaveBeenCalled();
    expect(screen.getByText('报送上级计划')).toBeInTheDocument();
  }, 60_000);
});
