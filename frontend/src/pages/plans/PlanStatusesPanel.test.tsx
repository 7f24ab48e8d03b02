import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PlanStatusRowFieldsFragment } from '../../gql/graphql';
import { PlanStatusesQuery } from '../../graphql/plans';
import { renderApp } from '../../test/render';
import { completionPercent, inspectionsPercent, PlanStatusesPanel } from './PlanStatusesPanel';

function row(code: string, name: string, extra: Partial<PlanStatusRowFieldsFragment>): PlanStatusRowFieldsFragment {
  return {
    __typename: 'PlanStatusRow',
    year: 2026,
    status: 'DRAFT',
    version: 0,
    draftDue: '2025-12-31',
    reportedAt: null,
    reportedTo: '',
    acknowledgedAt: null,
    publishedAt: null,
    adjustedAt: null,
    adjustmentDue: null,
    adjustmentDueUnknown: false,
    overdue: false,
    overdueReason: '',
    roundsPlanned: 0,
    drawsDone: 0,
    targetsDrawn: 0,
    resultsPublished: 0,
    organisationCode: code,
    organisationName: name,
    ...extra,
  };
}

describe('the prefecture plan overview', () => {
  it('computes the completion of the rounds planned', () => {
    expect(completionPercent({ drawsDone: 1, roundsPlanned: 4 })).toBe(25);
    expect(completionPercent({ drawsDone: 0, roundsPlanned: 0 })).toBeNull();
    expect(inspectionsPercent({ resultsPublished: 3, targetsDrawn: 12 })).toBe(25);
    expect(inspectionsPercent({ resultsPublished: 0, targetsDrawn: 0 })).toBeNull();
  });

  it('lists in the overdue panel exactly the rows tagged overdue, with draws per county', async () => {
    const rows = [
      row('533100', '德宏州', { overdue: true, overdueReason: '2026年度计划应于2025年12月31日前编制完成' }),
      row('533103', '芒市', { status: 'PUBLISHED', version: 1, roundsPlanned: 4, drawsDone: 1, targetsDrawn: 12, resultsPublished: 3 }),
    ];
    renderApp(<PlanStatusesPanel orgCode="533100" year={2026} canAcknowledge={false} />, {
      mocks: [{ request: { query: PlanStatusesQuery, variables: { year: 2026 } }, result: { data: { planStatuses: rows } } }],
    });
    const panel = await screen.findByTestId('overdue-list');
    expect(await within(panel).findByText(/德宏州/)).toBeInTheDocument();
    expect(within(panel).queryByText(/芒市/)).toBeNull();
    expect(within(panel).queryByText('没有逾期的计划')).toBeNull();
    expect(screen.getByTestId('draws-done-533103')).toHaveTextContent('已抽取 1 / 计划 4 轮');
    expect(screen.getByTestId('inspections-done-533103')).toHaveTextContent('已公示 3 / 抽中 12 户');
    expect(screen.getByTestId('inspections-done-533100')).toHaveTextContent('已公示 0 / 抽中 0 户');
  });
});
