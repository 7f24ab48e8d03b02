import { translateIn, useDictT, type Lang } from '../../i18n';

/** 受检负担 page dictionary (Chinese first, English second), beside the page. */
const zhCN = {
  'burden.title': '受检负担',
  'burden.explain': '同一市场主体本年度跨部门、跨层级的全部检查。随机抽查计入州局设定的受检次数上限；定向检查照常记录，不计上限。',
  'burden.cap': '每户每年随机检查上限',
  'burden.capTimes': '{count} 次',
  'burden.capDefault': '（默认值，州局尚未设定）',
  'burden.capSetBy': '由 {name} 设定',
  'burden.capEdit': '修改上限',
  'burden.capSave': '保存',
  'burden.capSaved': '受检次数上限已更新',
  'burden.search': '统一社会信用代码或项目代码',
  'burden.searchButton': '查看',
  'burden.year': '{year} 年度',
  'burden.notFound': '查询失败',
  'burden.random': '随机抽查',
  'burden.targeted': '定向检查（不计上限）',
  'burden.remaining': '剩余可抽次数',
  'burden.visits': '检查记录',
  'burden.empty': '本年度尚无检查',
  'burden.col.org': '检查机关',
  'burden.col.source': '方式',
  'burden.col.period': '检查时段',
  'burden.col.items': '事项',
  'burden.col.departments': '部门',
  'burden.col.reference': '编号',
  'burden.merged': '合并检查',
  'burden.near': '最接近上限的主体',
  'burden.nearEmpty': '本年度尚无随机抽查',
  'burden.col.code': '代码',
  'burden.col.name': '名称',
  'burden.col.count': '随机检查 / 上限',
  'burden.open': '查看',
  'burden.proposals': '建议合并的检查',
  'burden.proposalsExplain': '同一主体在同一时段有两次检查时，建议合并为一次检查（进一次门、查多项事），只计一次。',
  'burden.proposalsEmpty': '暂无需要合并的检查',
  'burden.commonPeriod': '共同时段 {start} 至 {end}',
  'burden.accept': '合并为一次检查',
  'burden.accepted': '已合并为一次检查',
  'burden.failed': '操作失败',
  'burden.period': '{start} 至 {end}',
};

type BurdenKey = keyof typeof zhCN;

const enUS: Record<BurdenKey, string> = {
  'burden.title': 'Inspection burden',
  'burden.explain': 'Every inspection of an entity this year, across departments and levels. Random inspections count toward the prefecture cap; targeted ones are recorded but not capped.',
  'burden.cap': 'Random inspections per entity per year',
  'burden.capTimes': '{count}',
  'burden.capDefault': '(default, not set by the prefecture)',
  'burden.capSetBy': 'set by {name}',
  'burden.capEdit': 'Change cap',
  'burden.capSave': 'Save',
  'burden.capSaved': 'Visit cap updated',
  'burden.search': 'USCC or project code',
  'burden.searchButton': 'Show',
  'burden.year': 'Year {year}',
  'burden.notFound': 'Lookup failed',
  'burden.random': 'Random inspections',
  'burden.targeted': 'Targeted (not capped)',
  'burden.remaining': 'Remaining',
  'burden.visits': 'Inspections',
  'burden.empty': 'No inspection this year',
  'burden.col.org': 'Authority',
  'burden.col.source': 'Kind',
  'burden.col.period': 'Period',
  'burden.col.items': 'Items',
  'burden.col.departments': 'Departments',
  'burden.col.reference': 'Reference',
  'burden.merged': 'Combined visit',
  'burden.near': 'Entities closest to their cap',
  'burden.nearEmpty': 'No random inspection this year',
  'burden.col.code': 'Code',
  'burden.col.name': 'Name',
  'burden.col.count': 'Random / cap',
  'burden.open': 'Open',
  'burden.proposals': 'Proposed combined visits',
  'burden.proposalsExplain': 'Two visits of one entity in the same period can be combined into one visit, counted once.',
  'burden.proposalsEmpty': 'Nothing to combine',
  'burden.commonPeriod': 'Common period {start} to {end}',
  'burden.accept': 'Combine into one visit',
  'burden.accepted': 'Combined into one visit',
  'burden.failed': 'Failed',
  'burden.period': '{start} to {end}',
};

export const DICT: Record<Lang, Record<BurdenKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

export type BurdenT = (key: BurdenKey, params?: Record<string, string | number>) => string;

export function burdenTranslate(lang: Lang, key: BurdenKey, params?: Record<string, string | number>): string {
  return translateIn(DICT, lang, key, params);
}

export function useBurdenT(): { t: BurdenT; lang: Lang } {
  return useDictT(DICT);
}
