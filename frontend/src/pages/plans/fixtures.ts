import type { AnnualPlanFieldsFragment, PlanTaskFieldsFragment } from '../../gql/graphql';

/** Test data shaped like the server's answers (with __typename, as Apollo's mocks need). */
export function taskFixture(over: Partial<PlanTaskFieldsFragment> = {}): PlanTaskFieldsFragment {
  return {
    __typename: 'PlanTask',
    id: 'UGxhblRhc2s6MQ==',
    position: 1,
    title: '建筑施工企业安全生产检查',
    section: '建筑业管理股',
    departments: ['HOUSING'],
    targetKind: 'ENTITY',
    scopeKind: 'UNDIRECTED',
    entityTypes: [],
    natures: [],
    regions: [],
    creditClasses: [],
    samplingMode: 'RATIO',
    ratioBp: 300,
    targetCount: null,
    officersPerTeam: 2,
    targetsPerTeam: 5,
    categories: [],
    expertsPerTeam: 0,
    notes: '',
    updatedAt: '2026-11-20T08:00:00+08:00',
    creditRatios: [],
    rounds: [{ __typename: 'PlanRound', number: 1, startsOn: '2027-04-01', endsOn: '2027-09-30' }],
    items: [
      {
        __typename: 'PlanTaskItem',
        code: 'ZJ-001',
        name: '建筑施工企业安全生产许可条件检查',
        version: 1,
        legalBasis: '《安全生产许可证条例》第十四条',
        needsExpert: false,
        enforcementCategory: '安全生产',
      },
    ],
    ...over,
  };
}

export function planFixture(over: Partial<AnnualPlanFieldsFragment> = {}): AnnualPlanFieldsFragment {
  return {
    __typename: 'AnnualPlan',
    id: 'QW5udWFsUGxhbjox',
    year: 2027,
    title: '芒市2027年度“双随机、一公开”抽查工作计划',
    status: 'SUBMITTED',
    version: 0,
    reportedAt: null,
    reportedTo: '',
    reportedOn: null,
    publishedAt: null,
    adjustedAt: null,
    adjustmentReason: '',
    adjustmentDue: null,
    adjustmentDueUnknown: false,
    draftDue: '2026-12-31',
    updatedAt: '2026-11-20T08:00:00+08:00',
    availableActions: ['CONSOLIDATE', 'RETURN'],
    tasks: [taskFixture()],
    transitions: [],
    publications: [],
    ...over,
  };
}

export const itemOptionsResult = {
  data: {
    inspectionItems: {
      __typename: 'InspectionItemConnection',
      totalCount: 2,
      edges: [
        {
          __typename: 'InspectionItemEdge',
          node: {
            __typename: 'InspectionItem',
            id: 'SW5zcGVjdGlvbkl0ZW06MQ==',
            code: 'ZJ-001',
            name: '建筑施工企业安全生产许可条件检查',
            version: 1,
            department: 'HOUSING',
            enforcementCategory: '安全生产',
            needsExpert: false,
          },
        },
        {
          __typename: 'InspectionItemEdge',
          node: {
            __typename: 'InspectionItem',
            id: 'SW5zcGVjdGlvbkl0ZW06Mg==',
            code: 'ZJ-002',
            name: '建设工程质量检查',
            version: 1,
            department: 'HOUSING',
            enforcementCategory: '工程质量',
            needsExpert: true,
          },
        },
      ],
    },
  },
};
