import type { DrawFieldsFragment, DrawStatus, PublicDrawQuery } from '../../gql/graphql';

/** Relay id of draw 7 ("Draw:7"). */
export const DRAW_ID = btoa('Draw:7');
export const PUBLIC_ID = btoa('PublicDraw:533103-7');
export const COMMIT_URL = '/o/533103/draws/533103-D000007/commit.json';
export const RECORD_URL = '/o/533103/draws/533103-D000007/record.json';

const teams: DrawFieldsFragment['teams'] = [
  {
    __typename: 'DrawTeam',
    number: 1,
    targetCodes: ['91533103MA6K3A9PTB'],
    members: [
      { __typename: 'TeamMember', role: 'officer', code: '云执533103001', name: '张三' },
      { __typename: 'TeamMember', role: 'officer', code: '云执533103002', name: '李四' },
    ],
  },
  {
    __typename: 'DrawTeam',
    number: 2,
    targetCodes: ['91533103MA6K3A9P0X'],
    members: [
      { __typename: 'TeamMember', role: 'officer', code: '云执533103003', name: '王五' },
      { __typename: 'TeamMember', role: 'officer', code: '云执533103005', name: '赵六' },
      { __typename: 'TeamMember', role: 'expert', code: 'DHZJ-002', name: '钱七' },
    ],
  },
];

const recusals: DrawFieldsFragment['recusals'] = [
  {
    __typename: 'Recusal',
    seq: 1,
    kind: 'swap',
    role: 'officer',
    teamNumber: 2,
    target: '91533103MA6K3A9PTB',
    inspector: '云执533103003',
    reason: '曾在该企业任职',
    swapTeam: 1,
    swapTarget: '91533103MA6K3A9P0X',
    replacement: null,
  },
  {
    __typename: 'Recusal',
    seq: 2,
    kind: 'replace',
    role: 'officer',
    teamNumber: 2,
    target: '91533103MA6K3A9P0X',
    inspector: '云执533103004',
    reason: '近亲属为该企业法定代表人',
    swapTeam: null,
    swapTarget: null,
    replacement: '云执533103005',
  },
];

const REVEALED: DrawStatus[] = ['EXECUTED', 'PUBLISHED', 'VOIDED'];

export function drawFixture(status: DrawStatus, overrides: Partial<DrawFieldsFragment> = {}): DrawFieldsFragment {
  const committed = status !== 'PREVIEWED';
  const revealed = REVEALED.includes(status);
  return {
    __typename: 'Draw',
    id: DRAW_ID,
    reference: '533103-D000007',
    status,
    planYear: 2026,
    taskTitle: '建筑市场主体资质及履职情况随机抽查',
    roundNumber: 1,
    windowStart: '2026-11-23',
    windowEnd: '2026-12-31',
    poolSize: committed ? 420 : null,
    targetCount: revealed ? 2 : 0,
    teamCount: revealed ? 2 : 0,
    recusalCount: revealed ? 2 : 0,
    createdAt: '2026-11-23T09:00:00+08:00',
    committedAt: committed ? '2026-11-23T09:05:00+08:00' : null,
    executedAt: revealed ? '2026-11-23T09:10:00+08:00' : null,
    publishedAt: status === 'PUBLISHED' ? '2026-11-23T09:15:00+08:00' : null,
    voidedAt: status === 'VOIDED' ? '2026-11-23T10:00:00+08:00' : null,
    createdBy: '芒市业务科室',
    poolDigest: committed ? 'a'.repeat(64) : null,
    excludedCount: committed ? 12 : null,
    exclusionsDigest: committed ? 'b'.repeat(64) : null,
    commitment: committed ? 'c'.repeat(64) : null,
    resultDigest: revealed ? 'd'.repeat(64) : null,
    seed: revealed ? 'e'.repeat(64) : null,
    revealedSecret: revealed ? 'f'.repeat(64) : null,
    voidReason: status === 'VOIDED' ? '抽取参数录入错误' : null,
    voidedBy: status === 'VOIDED' ? '芒市管理员' : null,
    executedBy: revealed ? '芒市业务科室' : null,
    recordUrl: status === 'PUBLISHED' || status === 'VOIDED' ? RECORD_URL : null,
    commitUrl: committed ? COMMIT_URL : null,
    witnesses: committed ? [{ __typename: 'WitnessInput', name: '州司法局公证处', value: '20261123' }] : [],
    teams: revealed ? teams : [],
    recusals: revealed ? recusals : [],
    ...overrides,
  };
}

export const targetItems = [
  {
    __typename: 'DrawTarget' as const,
    position: 0,
    code: '91533103MA6K3A9PTB',
    name: '芒市建工集团有限公司',
    region: '芒市',
    entityType: '施工企业',
    creditClass: 'B',
    key: '0f'.repeat(32),
    teamNumber: 1,
  },
  {
    __typename: 'DrawTarget' as const,
    position: 1,
    code: '91533103MA6K3A9P0X',
    name: '德宏监理有限公司',
    region: '芒市',
    entityType: '监理企业',
    creditClass: 'C',
    key: '1f'.repeat(32),
    teamNumber: 2,
  },
];

export function publicDrawFixture(): NonNullable<PublicDrawQuery['publicDraw']> {
  const d = drawFixture('PUBLISHED');
  return {
    __typename: 'PublicDraw',
    id: PUBLIC_ID,
    organisationCode: '533103',
    organisationName: '芒市住房和城乡建设局',
    reference: d.reference,
    status: d.status,
    planYear: d.planYear,
    taskTitle: d.taskTitle,
    roundNumber: d.roundNumber,
    windowStart: d.windowStart,
    windowEnd: d.windowEnd,
    poolSize: d.poolSize,
    poolDigest: d.poolDigest,
    excludedCount: d.excludedCount,
    exclusionsDigest: d.exclusionsDigest,
    commitment: d.commitment,
    seed: d.seed,
    revealedSecret: d.revealedSecret,
    resultDigest: d.resultDigest,
    targetCount: d.targetCount,
    teamCount: d.teamCount,
    recusalCount: d.recusalCount,
    committedAt: d.committedAt,
    executedAt: d.executedAt,
    publishedAt: d.publishedAt,
    voidReason: null,
    voidedAt: null,
    recordUrl: RECORD_URL,
    commitUrl: COMMIT_URL,
    recordFormat: 'suiji-draw/2',
    strata: [
      {
        __typename: 'DrawStratum',
        region: '勐焕街道',
        entityType: '施工企业',
        creditClass: 'A',
        available: 3,
        ratio: { __typename: 'Fraction', numerator: '100', denominator: '10000', percent: 1 },
        probability: { __typename: 'Fraction', numerator: '1', denominator: '100', percent: 1 },
      },
    ],
    parametersSummary: {
      __typename: 'DrawParametersSummary',
      samplingMode: 'ratio',
      ratioBp: 100,
      creditRatios: [{ __typename: 'DrawCreditRatio', creditClass: 'D', ratioBp: 3000 }],
      targetCount: 0,
      minPerStratum: 0,
      capBp: null,
      teamSize: 2,
      targetsPerTeam: 5,
      expertsPerTeam: 0,
    },
    inspectorChances: [
      {
        __typename: 'InspectorChance',
        role: 'officer',
        code: '云执533103001',
        department: '住建局',
        probability: { __typename: 'Fraction', numerator: '2', denominator: '3', percent: 66.66666666666667 },
      },
    ],
    witnesses: d.witnesses,
    targets: { __typename: 'DrawTargetPage', totalCount: 2, items: targetItems },
    teams: d.teams,
    recusals: d.recusals,
  };
}

/** A committed draw as the public sees it before the reveal: no seed, no result, no record. */
export function committedPublicDrawFixture(): NonNullable<PublicDrawQuery['publicDraw']> {
  return {
    ...publicDrawFixture(),
    status: 'COMMITTED',
    seed: null,
    revealedSecret: null,
    resultDigest: null,
    recordUrl: null,
    executedAt: null,
    publishedAt: null,
    targetCount: 0,
    teamCount: 0,
    recusalCount: 0,
    witnesses: [],
    targets: { __typename: 'DrawTargetPage', totalCount: 0, items: [] },
    teams: [],
    recusals: [],
    inspectorChances: [],
  };
}
