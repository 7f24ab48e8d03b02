import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** UI languages: Chinese first, English second. */
export type Lang = 'zh-CN' | 'en-US';
export const LANGS: readonly Lang[] = ['zh-CN', 'en-US'];
export const DEFAULT_LANG: Lang = 'zh-CN';
export const LANG_STORAGE_KEY = 'suiji.lang';

const zhCN = {
  'app.name': '随机 Suiji',
  'app.title': '随机 Suiji · 双随机、一公开监管平台',
  'app.subtitle': '双随机、一公开监管平台',
  'lang.switch': '界面语言',

  'nav.home': '工作台',
  'nav.registries': '名录库',
  'nav.plans': '检查计划',
  'nav.draws': '随机抽取',
  'nav.inspections': '检查实施',
  'nav.publication': '结果公示',
  'nav.oversight': '监督',
  'nav.audit': '审计日志',

  'section.underConstruction': '建设中',
  'section.registries.desc': '随机抽查事项清单、市场主体与工程项目名录库、执法检查人员名录库（一单两库）。',
  'section.plans.desc': '年度检查计划：抽查范围、事项、比例、频次与时间安排。',
  'section.draws.desc': '公平、可复现、可公开验证的随机抽取检查对象与执法检查人员。',
  'section.inspections.desc': '现场检查笔录、检查报告与告知被检查对象。',
  'section.publication.desc': '检查结果按规定向社会公示。',
  'section.oversight.desc': '上级对县（市）局的监督与督促整改。',

  'role.PREFECTURE_ADMIN': '州局管理员',
  'role.COUNTY_ADMIN': '县（市）局管理员（政策法规科）',
  'role.SECTION_STAFF': '业务科室人员',
  'role.INSPECTOR': '执法检查人员',
  'role.PARTNER_STAFF': '协作部门人员',
  'role.AUDITOR': '审计（上级只读）',

  'kind.PREFECTURE': '州（市）局',
  'kind.COUNTY': '县（市）局',

  'org.switcher': '切换组织',
  'org.readOnly': '只读',
  'org.readOnlyBanner': '只读（上级监督）',
  'org.readOnlyBannerDesc': '您以上级监督身份查看该组织的数据，不能在此修改。',
  'org.code': '行政区划代码',
  'org.kind': '类型',
  'org.parent': '上级组织',
  'org.roles': '我的角色',
  'org.none': '您在任何组织中都还没有角色，请联系管理员。',
  'org.forbidden.title': '无权访问该组织',
  'org.forbidden.desc': '您在组织 {code} 中没有角色。',
  'org.notFound.title': '组织不存在',
  'org.notFound.desc': '没有代码为 {code} 的组织。',
  'org.home.title': '工作台',
  'org.home.intro': '请从左侧菜单选择功能。',

  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.required.username': '请输入用户名',
  'login.required.password': '请输入密码',
  'login.failed': '登录失败',

  'user.menu': '用户菜单',
  'user.logout': '退出登录',
  'user.login': '登录',
  'user.workspace': '进入工作台',

  'portal.welcome': '双随机、一公开',
  'portal.intro': '随机抽取检查对象、随机选派执法检查人员，抽查情况及查处结果及时向社会公开。',
  'portal.public': '公开信息',
  'portal.publicDesc': '各单位的抽查计划、抽取结果与检查结果公示。',
  'portal.empty': '暂无公开信息',
  'portal.view': '查看公开信息',
  'portal.back': '返回首页',

  'audit.seq': '序号',
  'audit.at': '时间',
  'audit.actor': '操作人',
  'audit.operation': '操作',
  'audit.objectType': '对象类型',
  'audit.objectId': '对象编号',
  'audit.denied': '无法查看审计日志',

  'job.status.PENDING': '排队中',
  'job.status.RUNNING': '进行中',
  'job.status.SUCCEEDED': '已完成',
  'job.status.FAILED': '失败',
  'job.notFound': '任务不存在',

  'common.loading': '加载中…',
  'common.error': '出错了',
  'common.back': '返回',
  'common.home': '返回首页',
  'common.notFound': '页面不存在',
};

export type MessageKey = keyof typeof zhCN;

const enUS: Record<MessageKey, string> = {
  'app.name': 'Suiji',
  'app.title': '随机 Suiji · Double-random, one-public supervision',
  'app.subtitle': 'Double-random, one-public supervision',
  'lang.switch': 'Language',

  'nav.home': 'Workspace',
  'nav.registries': 'Registries',
  'nav.plans': 'Inspection plans',
  'nav.draws': 'Random draws',
  'nav.inspections': 'Inspections',
  'nav.publication': 'Publication',
  'nav.oversight': 'Oversight',
  'nav.audit': 'Audit log',

  'section.underConstruction': 'Under construction',
  'section.registries.desc': 'Inspection item list, market entity and project registries, inspector registry.',
  'section.plans.desc': 'Annual inspection plans: scope, items, ratio, frequency and timing.',
  'section.draws.desc': 'Fair, reproducible and publicly verifiable draws of targets and inspectors.',
  'section.inspections.desc': 'On-site records, inspection reports and notices to the inspected party.',
  'section.publication.desc': 'Publication of inspection results.',
  'section.oversight.desc': 'Oversight of county bureaus and rectification orders.',

  'role.PREFECTURE_ADMIN': 'Prefecture admin',
  'role.COUNTY_ADMIN': 'County admin (policy & regulations)',
  'role.SECTION_STAFF': 'Section staff',
  'role.INSPECTOR': 'Inspector',
  'role.PARTNER_STAFF': 'Partner department staff',
  'role.AUDITOR': 'Auditor (read-only, upper level)',

  'kind.PREFECTURE': 'Prefecture bureau',
  'kind.COUNTY': 'County bureau',

  'org.switcher': 'Switch organisation',
  'org.readOnly': 'Read-only',
  'org.readOnlyBanner': 'Read-only (upper-level oversight)',
  'org.readOnlyBannerDesc': 'You are viewing this organisation as its supervising level and cannot change it here.',
  'org.code': 'Administrative code',
  'org.kind': 'Kind',
  'org.parent': 'Parent',
  'org.roles': 'My roles',
  'org.none': 'You have no role in any organisation yet; please contact an administrator.',
  'org.forbidden.title': 'No access to this organisation',
  'org.forbidden.desc': 'You hold no role in organisation {code}.',
  'org.notFound.title': 'Organisation not found',
  'org.notFound.desc': 'There is no organisation with code {code}.',
  'org.home.title': 'Workspace',
  'org.home.intro': 'Choose a function in the menu on the left.',

  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.required.username': 'Please enter your username',
  'login.required.password': 'Please enter your password',
  'login.failed': 'Sign-in failed',

  'user.menu': 'User menu',
  'user.logout': 'Sign out',
  'user.login': 'Sign in',
  'user.workspace': 'Open workspace',

  'portal.welcome': 'Double random, one public',
  'portal.intro': 'Targets and inspectors are drawn at random, and inspections and their results are published.',
  'portal.public': 'Public information',
  'portal.publicDesc': 'Plans, draw results and inspection results published by each bureau.',
  'portal.empty': 'Nothing published yet',
  'portal.view': 'View public information',
  'portal.back': 'Back to the portal',

  'audit.seq': 'No.',
  'audit.at': 'Time',
  'audit.actor': 'Actor',
  'audit.operation': 'Operation',
  'audit.objectType': 'Object type',
  'audit.objectId': 'Object ID',
  'audit.denied': 'The audit log cannot be shown',

  'job.status.PENDING': 'Queued',
  'job.status.RUNNING': 'Running',
  'job.status.SUCCEEDED': 'Done',
  'job.status.FAILED': 'Failed',
  'job.notFound': 'Job not found',

  'common.loading': 'Loading…',
  'common.error': 'Something went wrong',
  'common.back': 'Back',
  'common.home': 'Home',
  'common.notFound': 'Page not found',
};

export const messages: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = messages[lang][key] ?? messages[DEFAULT_LANG][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export function storedLang(): Lang {
  try {
    const value = window.localStorage.getItem(LANG_STORAGE_KEY);
    return isLang(value) ? value : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children, initialLang }: { children: ReactNode; initialLang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => initialLang ?? storedLang());
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  const value = useMemo<I18nValue>(
    () => ({ lang, setLang, t: (key, params) => translate(lang, key, params) }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() outside <I18nProvider>');
  return value;
}
