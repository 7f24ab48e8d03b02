import { translateIn, useDictT, type Lang } from '../../../i18n';

/**
 * The targeted inspections' dictionary (Chinese first, English second), kept beside the page so
 * the shared `src/i18n.tsx` stays small. Same `{param}` convention and language as the app.
 */
const zhCN = {
  'targeted.title': '定向检查',
  'targeted.explain': '定向检查不参加随机抽取；检查期间该对象不会被随机抽中，结案后本年度同一事项视为已检查。',
  'targeted.explainReasons': '适用于投诉举报、大数据监测、转办交办案件和安全生产等重点领域的检查，记入检查台账。',
  'targeted.new': '登记定向检查',
  'targeted.openOnly': '只看进行中',
  'targeted.empty': '还没有定向检查',
  'targeted.loadFailed': '定向检查加载失败',
  'targeted.total': '共 {count} 条',

  'targeted.col.kind': '对象类型',
  'targeted.col.code': '代码',
  'targeted.col.name': '名称',
  'targeted.col.reason': '原因',
  'targeted.col.items': '事项',
  'targeted.col.startedOn': '开始日期',
  'targeted.col.status': '状态',
  'targeted.col.actions': '操作',
  'targeted.col.description': '情况说明',

  'targeted.kind.ENTITY': '市场主体',
  'targeted.kind.PROJECT': '工程项目',
  'targeted.reason.COMPLAINT': '投诉举报',
  'targeted.reason.BIG_DATA': '大数据监测',
  'targeted.reason.HANDED_OVER': '转办交办案件',
  'targeted.reason.SAFETY': '安全生产等重点领域',
  'targeted.status.open': '进行中',
  'targeted.status.closed': '已结案',
  'targeted.status.closedOn': '已结案（{date}）',
  'targeted.items.all': '全部事项',

  'targeted.form.title': '登记定向检查',
  'targeted.form.kind': '检查对象',
  'targeted.form.uscc': '统一社会信用代码',
  'targeted.form.usccPlaceholder': '18 位统一社会信用代码',
  'targeted.form.usccRequired': '请填写统一社会信用代码',
  'targeted.form.projectCode': '项目代码',
  'targeted.form.projectCodePlaceholder': '如 2405-533103-04-01-000123',
  'targeted.form.projectCodeRequired': '请填写项目代码',
  'targeted.form.codeHelp': '须为名录库中已登记的对象。',
  'targeted.form.reason': '检查原因',
  'targeted.form.reasonRequired': '请选择检查原因',
  'targeted.form.startedOn': '开始日期',
  'targeted.form.startedOnRequired': '请选择开始日期',
  'targeted.form.items': '检查事项',
  'targeted.form.itemsHelp': '留空表示不限事项；结案后本年度所选事项视为已检查。',
  'targeted.form.itemsPlaceholder': '从随机抽查事项清单中选择',
  'targeted.form.description': '情况说明',
  'targeted.form.save': '登记',
  'targeted.form.cancel': '取消',
  'targeted.form.errors': '请按提示修改后重新提交',
  'targeted.form.saved': '定向检查已登记',

  'targeted.close': '结案',
  'targeted.close.title': '定向检查结案',
  'targeted.close.intro': '{name}（{code}）结案后可再参加随机抽取；本年度同一事项仍视为已检查。',
  'targeted.close.closedOn': '结案日期',
  'targeted.close.closedOnRequired': '请选择结案日期',
  'targeted.close.confirm': '确定结案',
  'targeted.close.cancel': '取消',
  'targeted.close.done': '已结案',
  'targeted.failed': '操作失败',
};

export type TargetedKey = keyof typeof zhCN;

const enUS: Record<TargetedKey, string> = {
  'targeted.title': 'Targeted inspections',
  'targeted.explain':
    'Targeted inspections are not drawn at random; while one is open its target cannot be drawn, and once closed the same items count as inspected for the year.',
  'targeted.explainReasons':
    'For complaints and reports, big-data monitoring, cases handed over or assigned, and safety-critical matters; recorded in the inspection ledger.',
  'targeted.new': 'Register a targeted inspection',
  'targeted.openOnly': 'Open only',
  'targeted.empty': 'No targeted inspections yet',
  'targeted.loadFailed': 'The targeted inspections could not be loaded',
  'targeted.total': '{count} in all',

  'targeted.col.kind': 'Target',
  'targeted.col.code': 'Code',
  'targeted.col.name': 'Name',
  'targeted.col.reason': 'Reason',
  'targeted.col.items': 'Items',
  'targeted.col.startedOn': 'Started',
  'targeted.col.status': 'Status',
  'targeted.col.actions': 'Actions',
  'targeted.col.description': 'Description',

  'targeted.kind.ENTITY': 'Market entity',
  'targeted.kind.PROJECT': 'Construction project',
  'targeted.reason.COMPLAINT': 'Complaint or report',
  'targeted.reason.BIG_DATA': 'Big-data monitoring',
  'targeted.reason.HANDED_OVER': 'Case handed over or assigned',
  'targeted.reason.SAFETY': 'Safety-critical matter',
  'targeted.status.open': 'Open',
  'targeted.status.closed': 'Closed',
  'targeted.status.closedOn': 'Closed ({date})',
  'targeted.items.all': 'All items',

  'targeted.form.title': 'Register a targeted inspection',
  'targeted.form.kind': 'Target',
  'targeted.form.uscc': 'Unified social credit code',
  'targeted.form.usccPlaceholder': '18-character unified social credit code',
  'targeted.form.usccRequired': 'Enter the unified social credit code',
  'targeted.form.projectCode': 'Project code',
  'targeted.form.projectCodePlaceholder': 'e.g. 2405-533103-04-01-000123',
  'targeted.form.projectCodeRequired': 'Enter the project code',
  'targeted.form.codeHelp': 'The target must be in the registry.',
  'targeted.form.reason': 'Reason',
  'targeted.form.reasonRequired': 'Choose a reason',
  'targeted.form.startedOn': 'Start date',
  'targeted.form.startedOnRequired': 'Choose the start date',
  'targeted.form.items': 'Inspection items',
  'targeted.form.itemsHelp': 'Empty means any item; once closed, the chosen items count as inspected for the year.',
  'targeted.form.itemsPlaceholder': 'Choose from the inspection item list',
  'targeted.form.description': 'Description',
  'targeted.form.save': 'Register',
  'targeted.form.cancel': 'Cancel',
  'targeted.form.errors': 'Please correct the marked fields and submit again',
  'targeted.form.saved': 'Targeted inspection registered',

  'targeted.close': 'Close',
  'targeted.close.title': 'Close the targeted inspection',
  'targeted.close.intro':
    'Once closed, {name} ({code}) can be drawn again; the same items still count as inspected for the year.',
  'targeted.close.closedOn': 'Closing date',
  'targeted.close.closedOnRequired': 'Choose the closing date',
  'targeted.close.confirm': 'Close it',
  'targeted.close.cancel': 'Cancel',
  'targeted.close.done': 'Closed',
  'targeted.failed': 'Failed',
};

export const DICT: Record<Lang, Record<TargetedKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

export type TargetedT = (key: TargetedKey, params?: Record<string, string | number>) => string;

export function targetedTranslate(lang: Lang, key: TargetedKey, params?: Record<string, string | number>): string {
  return translateIn(DICT, lang, key, params);
}

/** `t` for the targeted inspections page, in the language of the app. */
export function useTargetedT(): { t: TargetedT; lang: Lang } {
  return useDictT(DICT);
}
