import { translateIn, useDictT, type Lang } from '../i18n';

/** The browser verifier's dictionary (Chinese first, English second), same `{param}` convention as the app. */
const zhCN = {
  'verifier.title': '验证这次抽取',
  'verifier.intro': '任何人都可以独立重算这次抽取：候选池摘要、承诺值、种子、每个分层的名额与抽中对象、检查人员排序、分组、匹配与回避，逐项与公布的记录比对。',
  'verifier.browser': '方式一：在本浏览器中验证',
  'verifier.browserHint': '记录在您的浏览器里（后台线程）按公开的算法说明重新计算，不依赖本网站的服务器程序。',
  'verifier.run': '在本浏览器中验证',
  'verifier.again': '再验证一次',
  'verifier.noRecord': '记录尚未公开，暂不能验证。',
  'verifier.stage.download': '下载记录…',
  'verifier.stage.parse': '读取记录…',
  'verifier.stage.pool': '计算候选池摘要（{done}/{total}）…',
  'verifier.stage.keys': '计算排序键（{done}/{total}）…',
  'verifier.stage.inspectors': '检查人员排序、分组与回避…',
  'verifier.stage.compare': '逐项比对…',
  'verifier.stage.digest': '核对结果摘要…',
  'verifier.pass': '通过（PASS）：重算结果与公布的记录完全一致',
  'verifier.passDesc': '格式 {format}；候选对象 {pool} 个，抽中 {targets} 个，{teams} 个检查组，回避 {recusals} 次；结果摘要 {digest}。',
  'verifier.fail': '未通过（FAIL）：记录与重算结果不一致',
  'verifier.failAt': '第一处不同：{path}',
  'verifier.expected': '按公开算法重算得到：{value}',
  'verifier.actual': '记录中写的是：{value}',
  'verifier.cannot': '无法按记录中的数据完成重算：{message}',
  'verifier.error': '无法读取记录（ERROR）',
  'verifier.crash': '验证程序出错：{message}',
  'verifier.anchor': '请同时核对：承诺值与候选池摘要应与抽取前公布的一致，结果摘要应与揭晓时公布的一致。',
  'verifier.download': '方式二：下载单文件验证程序',
  'verifier.downloadHint': 'verify-draw.py 只需 Python 3.10 及以上的标准库，可在任何电脑上离线运行。先核对文件的 SHA-256，再运行：',
  'verifier.downloadScript': '下载 verify-draw.py',
  'verifier.sha256': 'SHA-256',
  'verifier.passOut': '输出 PASS 即通过；否则会指出第一处不同。',
};

export type VerifierKey = keyof typeof zhCN;

const enUS: Record<VerifierKey, string> = {
  'verifier.title': 'Verify this draw',
  'verifier.intro': 'Anyone can re-derive this draw independently: the pool digest, the commitment, the seed, every stratum’s quota and selection, the inspector rankings, teams, matching and recusals, compared field by field with the published record.',
  'verifier.browser': 'Option 1: verify in this browser',
  'verifier.browserHint': 'Your browser recomputes the record (in a background thread) from the published specification, without this site’s server code.',
  'verifier.run': 'Verify in this browser',
  'verifier.again': 'Verify again',
  'verifier.noRecord': 'The record is not public yet.',
  'verifier.stage.download': 'Downloading the record…',
  'verifier.stage.parse': 'Reading the record…',
  'verifier.stage.pool': 'Pool digest ({done}/{total})…',
  'verifier.stage.keys': 'Candidate keys ({done}/{total})…',
  'verifier.stage.inspectors': 'Inspectors, teams and recusals…',
  'verifier.stage.compare': 'Comparing…',
  'verifier.stage.digest': 'Checking the result digest…',
  'verifier.pass': 'PASS: the recomputed draw equals the published record',
  'verifier.passDesc': 'Format {format}; {pool} candidates, {targets} drawn, {teams} teams, {recusals} recusals; result digest {digest}.',
  'verifier.fail': 'FAIL: the record differs from the recomputed draw',
  'verifier.failAt': 'First difference: {path}',
  'verifier.expected': 'Recomputed: {value}',
  'verifier.actual': 'Recorded: {value}',
  'verifier.cannot': 'The record cannot be re-derived: {message}',
  'verifier.error': 'Cannot read the record (ERROR)',
  'verifier.crash': 'The verifier failed: {message}',
  'verifier.anchor': 'Also check that the commitment and pool digest equal those published before the draw, and the result digest the one published at the reveal.',
  'verifier.download': 'Option 2: download the single-file verifier',
  'verifier.downloadHint': 'verify-draw.py needs only the standard library of Python 3.10 or later and runs offline on any computer. Check its SHA-256, then run:',
  'verifier.downloadScript': 'Download verify-draw.py',
  'verifier.sha256': 'SHA-256',
  'verifier.passOut': 'It prints PASS, or the first difference.',
};

export const DICT: Record<Lang, Record<VerifierKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

export type VerifierT = (key: VerifierKey, params?: Record<string, string | number>) => string;

export function verifierTranslate(lang: Lang, key: VerifierKey, params?: Record<string, string | number>): string {
  return translateIn(DICT, lang, key, params);
}

export function useVerifierT(): VerifierT {
  return useDictT(DICT).t;
}
