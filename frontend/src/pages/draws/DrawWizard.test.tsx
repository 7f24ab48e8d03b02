import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { DrawStatus } from '../../gql/graphql';
import { DrawPreviewQuery, DrawTargetsQuery, PublicDrawQuery, VoidDrawMutation } from '../../graphql/draws';
import { renderApp } from '../../test/render';
import { DrawWizard } from './DrawWizard';
import { COMMIT_URL, DRAW_ID, PUBLIC_ID, RECORD_URL, committedPublicDrawFixture, drawFixture, publicDrawFixture, targetItems } from './fixtures';

const WAIT = { timeout: 10_000 };

const previewMock = {
  request: { query: DrawPreviewQuery, variables: { id: DRAW_ID, offset: 0, limit: 20, reason: null } },
  maxUsageCount: 10,
  result: {
    data: {
      draw: {
        __typename: 'Draw' as const,
        id: DRAW_ID,
        preview: {
          __typename: 'DrawPreview' as const,
          poolSize: 420,
          targets: 5,
          teams: 1,
          warnings: [],
          notices: [],
          strata: [
            { __typename: 'StratumPreview' as const, region: '芒市', entityType: '施工企业', creditClass: 'B', available: 300, quota: 3 },
            { __typename: 'StratumPreview' as const, region: '芒市', entityType: '监理企业', creditClass: 'C', available: 120, quota: 2 },
          ],
          excludedByReason: [
            { __typename: 'ReasonCount' as const, reason: 'NOT_BUILDING' as const, label: '不在施工（未开工、停工或已竣工）', count: 1 },
            { __typename: 'ReasonCount' as const, reason: 'INSPECTED' as const, label: '本计划年度已就同一事项检查过', count: 1 },
          ],
          excluded: {
            __typename: 'ExcludedPage' as const,
            totalCount: 2,
            items: [
              {
                __typename: 'ExcludedEntity' as const,
                code: '91533103MA6K3A9XXX',
                reason: 'INSPECTED' as const,
                label: '本计划年度已就同一事项检查过',
                region: '芒市',
                entityType: '施工企业',
                creditClass: 'B',
              },
              {
                __typename: 'ExcludedEntity' as const,
                code: '2405-533103-04-01-000123',
                reason: 'NOT_BUILDING' as const,
                label: '不在施工（未开工、停工或已竣工）',
                region: '勐焕街道',
                entityType: '施工企业',
                creditClass: 'A',
              },
            ],
          },
        },
      },
    },
  },
};

const targetsMock = {
  request: { query: DrawTargetsQuery, variables: { id: DRAW_ID, offset: 0, limit: 20 } },
  maxUsageCount: 10,
  result: {
    data: {
      draw: { __typename: 'Draw' as const, id: DRAW_ID, targets: { __typename: 'DrawTargetPage' as const, totalCount: 2, items: targetItems } },
    },
  },
};

const EXPECTED_STEP: Record<DrawStatus, string> = {
  PREVIEWED: 'draw-step-preview',
  COMMITTED: 'draw-step-commit',
  EXECUTED: 'draw-step-reveal',
  PUBLISHED: 'draw-step-publish',
  VOIDED: 'draw-step-reveal',
};

describe('DrawWizard', () => {
  it.each(Object.entries(EXPECTED_STEP))('opens a %s draw on its step', async (status, testId) => {
    renderApp(<DrawWizard draw={drawFixture(status as DrawStatus)} orgCode="533103" />, { mocks: [previewMock, targetsMock] });
    expect(await screen.findByTestId(testId, {}, WAIT)).toBeInTheDocument();
    expect(screen.getByTestId('draw-status')).toHaveTextContent(
      { PREVIEWED: '已预览', COMMITTED: '已提交承诺', EXECUTED: '已揭晓', PUBLISHED: '已公开', VOIDED: '已作废' }[status as DrawStatus],
    );
    // Voiding is offered for executed and published draws only.
    if (status === 'EXECUTED' || status === 'PUBLISHED') expect(screen.getByTestId('draw-void')).toBeInTheDocument();
    else expect(screen.queryByTestId('draw-void')).toBeNull();
  }, 30_000);

  it('previews the pool per stratum and the excluded entities with reasons in Chinese', async () => {
    renderApp(<DrawWizard draw={drawFixture('PREVIEWED')} orgCode="533103" />, { mocks: [previewMock] });
    const strata = await screen.findByTestId('draw-strata', {}, WAIT);
    expect(await within(strata).findByText('监理企业', {}, WAIT)).toBeInTheDocument();
    const excluded = screen.getByTestId('draw-excluded');
    expect(await within(excluded).findByText('91533103MA6K3A9XXX', {}, WAIT)).toBeInTheDocument();
    expect(within(excluded).getByText('本计划年度已就同一事项检查过')).toBeInTheDocument();
    // A construction project that is not under construction is excluded with its own reason.
    expect(within(excluded).getByText('2405-533103-04-01-000123')).toBeInTheDocument();
    expect(within(excluded).getByText('不在施工（未开工、停工或已竣工）')).toBeInTheDocument();
    expect(screen.getByTestId('draw-commit')).toBeInTheDocument();
  }, 30_000);

  it('shows the commitment and explains what it is', async () => {
    renderApp(<DrawWizard draw={drawFixture('COMMITTED')} orgCode="533103" />);
    expect(await screen.findByTestId('draw-commitment', {}, WAIT)).toHaveTextContent('c'.repeat(64));
    expect(screen.getByTestId('draw-commit-what')).toHaveTextContent('承诺是服务器在抽取前公布的密钥的 SHA-256 值');
  }, 30_000);

  it('lists teams and every recusal with its reason and outcome', async () => {
    renderApp(<DrawWizard draw={drawFixture('EXECUTED')} orgCode="533103" />, { mocks: [targetsMock] });
    const recusals = await screen.findByTestId('draw-recusals', {}, WAIT);
    const rows = within(recusals).getAllByRole('row');
    expect(rows).toHaveLength(3); // header + 2
    expect(rows[1]).toHaveTextContent('调换对象');
    expect(rows[1]).toHaveTextContent('曾在该企业任职');
    expect(rows[1]).toHaveTextContent('王五（云执533103003）');
    expect(rows[1]).toHaveTextContent('与第1组的对象 91533103MA6K3A9P0X 调换');
    expect(rows[2]).toHaveTextContent('替补人员');
    expect(rows[2]).toHaveTextContent('近亲属为该企业法定代表人');
    expect(rows[2]).toHaveTextContent('由 赵六（云执533103005） 替补');
    const teams = screen.getByTestId('draw-teams');
    expect(within(teams).getByText('钱七')).toBeInTheDocument();
    expect(within(teams).getByText('专家')).toBeInTheDocument();
    expect(await within(screen.getByTestId('draw-targets')).findByText('芒市建工集团有限公司', {}, WAIT)).toBeInTheDocument();
  }, 30_000);

  it('links a published draw to its public page and record', async () => {
    renderApp(<DrawWizard draw={drawFixture('PUBLISHED')} orgCode="533103" />);
    expect(await screen.findByTestId('draw-record-link', {}, WAIT)).toHaveAttribute('href', RECORD_URL);
    // The public page's address is readable: the organisation's code and the draw's reference.
    expect(screen.getByTestId('draw-public-link')).toHaveAttribute('href', '/public/533103/draws/533103-D000007');
  }, 30_000);

  it('requires a reason to void and shows the refusal of the same user', async () => {
    const user = userEvent.setup();
    const onChanged = vi.fn();
    renderApp(<DrawWizard draw={drawFixture('PUBLISHED')} orgCode="533103" onChanged={onChanged} />, {
      mocks: [
        {
          request: { query: VoidDrawMutation, variables: { id: DRAW_ID, reason: '参数错误' } },
          result: {
            data: {
              voidDraw: {
                __typename: 'VoidDraw',
                draw: null,
                errors: [
                  {
                    __typename: 'MutationError',
                    field: 'draw',
                    code: 'same_user',
                    message: '作废须由执行抽取者以外的另一名工作人员办理（双人确认）。',
                  },
                ],
              },
            },
          },
        },
      ],
    });
    await user.click(await screen.findByTestId('draw-void', {}, WAIT));
    expect(await screen.findByTestId('draw-void-rule', {}, WAIT)).toHaveTextContent('须由另一人作废');
    await user.click(screen.getByTestId('draw-void-confirm'));
    expect(await screen.findByText('请填写作废原因', {}, WAIT)).toBeInTheDocument();
    await user.type(screen.getByTestId('draw-void-reason'), '参数错误');
    await user.click(screen.getByTestId('draw-void-confirm'));
    expect(await screen.findByTestId('draw-void-error', {}, WAIT)).toHaveTextContent('另一名工作人员');
    expect(onChanged).not.toHaveBeenCalled();
  }, 60_000);
});

describe('PublicDrawPage', () => {
  it('opens from its readable address (code and reference), asking by reference', async () => {
    renderApp(null, {
      path: '/public/533103/draws/533103-D000007',
      mocks: [
        {
          request: {
            query: PublicDrawQuery,
            variables: { organisationCode: '533103', reference: '533103-D000007', offset: 0, limit: 20 },
          },
          result: { data: { publicDraw: publicDrawFixture() } },
        },
      ],
    });
    expect(await screen.findByTestId('draw-download', {}, WAIT)).toHaveAttribute('href', RECORD_URL);
  }, 30_000);

  // Addresses of the earlier form (the public ID) keep working.
  it('shows the record with its download link and how to verify it, without login', async () => {
    renderApp(null, {
      path: `/public/533103/draws/${encodeURIComponent(PUBLIC_ID)}`,
      mocks: [
        {
          request: { query: PublicDrawQuery, variables: { id: PUBLIC_ID, offset: 0, limit: 20 } },
          result: { data: { publicDraw: publicDrawFixture() } },
        },
      ],
    });
    const download = await screen.findByTestId('draw-download', {}, WAIT);
    expect(download).toHaveAttribute('href', RECORD_URL);
    expect(screen.getByTestId('draw-verify')).toHaveTextContent('verify-draw 533103-D000007.json');
    expect(screen.getByTestId('draw-verify')).toHaveTextContent('PASS');
    expect(screen.getByTestId('public-draw-seed')).toHaveTextContent('e'.repeat(64));
    expect(screen.getByTestId('public-draw-secret')).toHaveTextContent('f'.repeat(64));
    expect(within(screen.getByTestId('draw-targets')).getByText('德宏监理有限公司')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('draw-recusals')).toBeInTheDocument());
    expect(screen.getByTestId('public-draw-inspectors')).toHaveTextContent('66.7 %');
  }, 30_000);

  it('shows a committed draw before the reveal: commitment, commit record, strata chances, no result', async () => {
    renderApp(null, {
      path: `/public/533103/draws/${encodeURIComponent(PUBLIC_ID)}`,
      mocks: [
        {
          request: { query: PublicDrawQuery, variables: { id: PUBLIC_ID, offset: 0, limit: 20 } },
          result: { data: { publicDraw: committedPublicDrawFixture() } },
        },
      ],
    });
    const commit = await screen.findByTestId('draw-commit-download', {}, WAIT);
    expect(commit).toHaveAttribute('href', COMMIT_URL);
    expect(screen.getByTestId('public-draw-commit')).toHaveTextContent('verify-draw --commit 533103-D000007.commit.json 533103-D000007.json');
    expect(screen.getByTestId('public-draw-commitment')).toHaveTextContent('c'.repeat(64).slice(0, 8));
    expect(screen.getByTestId('public-stratum-probability')).toHaveTextContent('1.00 %');
    expect(screen.getByTestId('public-draw-not-revealed')).toBeInTheDocument();
    expect(screen.queryByTestId('draw-download')).toBeNull();
    expect(screen.queryByTestId('draw-targets')).toBeNull();
  }, 30_000);
});
