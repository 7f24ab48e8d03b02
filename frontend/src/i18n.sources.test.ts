import { describe, expect, it } from 'vitest';

/**
 * The pages and components speak through their dictionaries (`i18n.ts` beside them, or the
 * app's `i18n.tsx`): a Chinese text written into a page stays Chinese in the English UI, and
 * `i18n.zh.test.ts` (which reads the dictionaries) never sees it. This scan reads every
 * non-test source under `pages/` and `components/`, comments stripped, and refuses Chinese
 * characters outside the dictionaries, except the few listed in ALLOWED with their reason.
 * Full-width punctuation counts too (、；：（）…): a page joins and labels through `usePunct()`,
 * so the English UI never shows "Fire、Market supervision".
 */
const SOURCES = import.meta.glob<string>(
  [
    './pages/**/*.tsx',
    './pages/**/*.ts',
    './components/**/*.tsx',
    './components/**/*.ts',
    '!./**/*.test.ts',
    '!./**/*.test.tsx',
    '!./**/i18n.ts',
  ],
  { query: '?raw', import: 'default', eager: true },
);

/** Chinese in a source that is data, not UI text: file → the exact snippets allowed there
 * (or `'*'` for the whole file), with the reason. */
const ALLOWED: Record<string, { texts: string[] | '*'; reason: string }> = {
  './pages/joint/JointPage.tsx': {
    texts: ['/住房和城乡建设局$/'],
    reason: 'strips the organisation-name suffix to show a county by its place name (data)',
  },
  './pages/oversight/OversightChart.tsx': {
    texts: ['/住房和城乡建设局$/'],
    reason: 'strips the organisation-name suffix to show a county by its place name (data)',
  },
  './pages/inspections/PublicResults.tsx': {
    texts: ["'未发现问题'"],
    reason: 'compared with the result labels the server sends (data), to colour the “no problems found” result green',
  },
  './pages/registries/RecordForm.tsx': {
    texts: ["join('、')"],
    reason: 'the categories an entity is registered under, pre-filled into the field as entered (data; the server splits on 、 , ； and spaces)',
  },
  './components/LanguageSwitch.tsx': {
    texts: ["'中文'"],
    reason: 'a language is offered under its own name (like "English"), whatever the UI language',
  },
  './pages/plans/format.ts': {
    texts: '*',
    reason: 'the registry’s usual entity types, natures and categories: filter values matched against registry records (data)',
  },
  './pages/draws/fixtures.ts': { texts: '*', reason: 'test data, imported by tests only' },
  './pages/plans/fixtures.ts': { texts: '*', reason: 'test data, imported by tests only' },
  './pages/inspections/targeted/fixtures.ts': { texts: '*', reason: 'test data, imported by tests only' },
};

/** The source without its comments (strings kept whole, so `'https://…'` is not a comment). */
export function stripComments(source: string): string {
  return source.replace(
    /("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (whole, literal: string | undefined) => literal ?? whole.replace(/[^\n]/g, ' '),
  );
}

/** The lines of a source holding Chinese characters outside its comments and allowed snippets. */
export function chineseLines(source: string, allowed: string[] = []): string[] {
  let code = stripComments(source);
  for (const text of allowed) code = code.split(text).join('');
  return code
    .split('\n')
    .map((line, i) => [i + 1, line.trim()] as const)
    .filter(([, line]) => /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(line))
    .map(([n, line]) => `${n}: ${line}`);
}

describe('the pages keep their texts in the dictionaries', () => {
  it('finds Chinese in code and JSX text, not in comments', () => {
    expect(chineseLines("// 注释\nconst a = 1; /* 说明\n 多行 */\nconst b = 'x';")).toEqual([]);
    expect(chineseLines("const url = 'https://例.cn'; // 注释")).toEqual(["1: const url = 'https://例.cn';"]);
    expect(chineseLines('<Button>\n  提交\n</Button>')).toEqual(['2: 提交']);
    expect(chineseLines("message.error('请先注明证据来源。');")).toEqual(["1: message.error('请先注明证据来源。');"]);
    expect(chineseLines("name.replace(/住房和城乡建设局$/, '')", ['/住房和城乡建设局$/'])).toEqual([]);
    expect(chineseLines("names.join('、')")).toEqual(["1: names.join('、')"]);
    expect(chineseLines('{label}：{value}')).toEqual(['1: {label}：{value}']);
    expect(chineseLines("names.join(p.sep); // 、")).toEqual([]);
  });

  it('scans the pages and the components', () => {
    const paths = Object.keys(SOURCES);
    for (const part of ['./pages/inspections/', './pages/oversight/', './components/'])
      expect(paths.some((p) => p.startsWith(part))).toBe(true);
    expect(paths.some((p) => p.endsWith('i18n.ts') || /\.test\.tsx?$/.test(p))).toBe(false);
  });

  it('lists only files that exist in its allowlist', () => {
    expect(Object.keys(ALLOWED).filter((p) => !(p in SOURCES))).toEqual([]);
  });

  for (const [path, source] of Object.entries(SOURCES)) {
    const allowed = ALLOWED[path]?.texts ?? [];
    if (allowed === '*') continue;
    it(`has no Chinese text in ${path}`, () => {
      expect(chineseLines(source, allowed)).toEqual([]);
    });
  }
});
