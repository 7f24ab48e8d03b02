import { describe, expect, it } from 'vitest';
import { messages } from './i18n';

/**
 * Words of Latin letters allowed inside the Chinese UI: the product's name, file formats and
 * programs users know by these names, and the verifier's command and its output. Anything
 * else (English words, rule numbers such as "R16") is a translation left undone.
 */
const ALLOWED = new Set([
  'Suiji',
  'Excel',
  'PDF',
  'WPS',
  'LibreOffice',
  'xlsx',
  'xls',
  'ods',
  'JSON',
  'json',
  'SHA',
  'PASS',
  'FAIL',
  'ERROR',
  'Python',
  'py',
  'verify',
  'draw',
  'record',
  'USCC',
  'ID',
  // the evidence formats ("MP4" is read as "MP": words are runs of letters)
  'JPEG',
  'PNG',
  'HEIC',
  'MP',
  'MOV',
  // authenticator apps named in the second-factor steps
  'Microsoft',
  'Authenticator',
  'Google',
]);

/** Every dictionary of the web app: the app's own and each `i18n.ts` beside a page or tool
 * (found, not listed, so a new one is scanned too; each must export its `DICT`). */
const MODULES = import.meta.glob<{ DICT?: Record<string, Record<string, string>> }>(['./**/i18n.ts'], { eager: true });
const DICTIONARIES: Record<string, Record<string, string>> = { app: messages['zh-CN'] };
const ENGLISH: Record<string, Record<string, string>> = { app: messages['en-US'] };
for (const [path, module] of Object.entries(MODULES)) {
  if (!module.DICT) throw new Error(`${path} does not export its DICT`);
  DICTIONARIES[path] = module.DICT['zh-CN'];
  ENGLISH[path] = module.DICT['en-US'];
}

/** Latin words and rule numbers in a Chinese text, placeholders such as {year} left out. */
export function foreignWords(text: string): string[] {
  const bare = text.replace(/\{\w+\}/g, '');
  // Single capitals are credit classes (A–D) and grades, not words.
  const words = bare.match(/[A-Za-z]{2,}/g) ?? [];
  const rules = bare.match(/\bR\d+\b/g) ?? [];
  return [...rules, ...words.filter((w) => !ALLOWED.has(w) && !/^R\d*$/.test(w))];
}

describe('the Chinese UI speaks Chinese', () => {
  it('finds English words and rule numbers', () => {
    expect(foreignWords('适用于重点领域的检查（实施细则 R16）')).toEqual(['R16']);
    expect(foreignWords('Round 1 already has draw: void it first')).toEqual(['Round', 'already', 'has', 'void', 'it', 'first']);
    expect(foreignWords('{year}年度 · 导出 Excel')).toEqual([]);
  });

  it('scans the dictionaries of every part of the app', () => {
    for (const part of ['draws', 'plans', 'targeted', 'inspections', 'account', 'verifier'])
      expect(Object.keys(DICTIONARIES).some((path) => path.includes(`/${part}/`))).toBe(true);
  });

  for (const [name, dict] of Object.entries(DICTIONARIES)) {
    it(`has no English words or rule numbers in the ${name} texts`, () => {
      const found = Object.entries(dict)
        .map(([key, text]) => [key, foreignWords(text)] as const)
        .filter(([, words]) => words.length);
      expect(found).toEqual([]);
    });
  }
});

describe('the English UI names no rule numbers', () => {
  for (const [name, dict] of Object.entries(ENGLISH)) {
    it(`has no rule numbers such as "R5" in the ${name} texts`, () => {
      const found = Object.entries(dict).filter(([, text]) => /\bR\d+\b/.test(text));
      expect(found).toEqual([]);
    });
  }
});
