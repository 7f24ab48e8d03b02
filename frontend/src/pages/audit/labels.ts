import type { Lang } from '../../i18n';
import table from './labels.json';

type Labels = Record<string, Record<Lang, string>>;
const OPERATIONS: Labels = table.operations;
const OBJECT_TYPES: Labels = table.objectTypes;

/** The audit log's operation code (`draw.publish`) as users read it (公开抽取结果). */
export function operationLabel(code: string, lang: Lang): string {
  return OPERATIONS[code]?.[lang] ?? code;
}

/** The audit log's object type (`AnnualPlan`) as users read it (年度检查计划). */
export function objectTypeLabel(code: string, lang: Lang): string {
  return OBJECT_TYPES[code]?.[lang] ?? code;
}
