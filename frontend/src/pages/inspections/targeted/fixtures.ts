import type {
  TargetedInspectionFieldsFragment,
  TargetedInspectionsQuery,
  TargetedItemOptionsQuery,
} from '../../../gql/graphql';

/** Test data shaped like the server's answers (with __typename, as Apollo's mocks need). */
export function targetedFixture(over: Partial<TargetedInspectionFieldsFragment> = {}): TargetedInspectionFieldsFragment {
  return {
    __typename: 'TargetedInspection',
    id: btoa('TargetedInspection:1'),
    reason: 'COMPLAINT',
    targetKind: 'ENTITY',
    code: '91533103MA6K3A9PTB',
    name: '芒市宏达建筑工程有限公司',
    itemCodes: ['ZJ-001'],
    description: '群众投诉施工现场夜间违规作业。',
    startedOn: '2027-03-02',
    closedOn: null,
    createdAt: '2027-03-02T09:30:00+08:00',
    ...over,
  };
}

export const entityInspection = targetedFixture();

export const projectInspection = targetedFixture({
  id: btoa('TargetedInspection:2'),
  reason: 'SAFETY',
  targetKind: 'PROJECT',
  code: '2405-533103-04-01-000123',
  name: '芒市勐焕街道保障性住房建设项目',
  itemCodes: [],
  description: '',
  startedOn: '2027-02-10',
  closedOn: '2027-02-28',
  createdAt: '2027-02-10T10:00:00+08:00',
});

export function listResult(nodes: TargetedInspectionFieldsFragment[]): { data: TargetedInspectionsQuery } {
  return {
    data: {
      __typename: 'Query',
      targetedInspections: {
        __typename: 'TargetedInspectionConnection',
        totalCount: nodes.length,
        edges: nodes.map((node) => ({ __typename: 'TargetedInspectionEdge', node })),
      },
    },
  };
}

export const itemOptionsResult: { data: TargetedItemOptionsQuery } = {
  data: {
    __typename: 'Query',
    inspectionItems: {
      __typename: 'InspectionItemConnection',
      edges: [
        {
          __typename: 'InspectionItemEdge',
          node: { __typename: 'InspectionItem', id: btoa('InspectionItem:1'), code: 'ZJ-001', name: '建筑施工企业安全生产许可条件检查' },
        },
        {
          __typename: 'InspectionItemEdge',
          node: { __typename: 'InspectionItem', id: btoa('InspectionItem:2'), code: 'ZJ-002', name: '建设工程质量检查' },
        },
      ],
    },
  },
};
