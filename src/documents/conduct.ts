/**
 * Phrases the conduct rules forbid in anything we send (domain.md §5: 催收工作指引, 消保办法):
 * letters state facts and lawful consequences only. The one list, used by the template check and
 * by the view builders on lender-supplied free text (payment channels, contact notes, letterhead).
 * Matching ignores whitespace, so "黑 名 单" is caught too.
 */

type ConductCategory = 'threat' | 'exaggeration' | 'third_party' | 'invented_fee' | 'authority_as_sender';

interface ForbiddenPhrase {
  /** What is forbidden, as shown in messages. */
  phrase: string;
  category: ConductCategory;
  /** Matched against the whitespace-free text. */
  pattern: RegExp;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const list = (category: ConductCategory, phrases: string[]): ForbiddenPhrase[] =>
  phrases.map((phrase) => ({ phrase, category, pattern: new RegExp(escapeRe(phrase), 'g') }));
const rule = (category: ConductCategory, phrase: string, pattern: RegExp): ForbiddenPhrase => ({ phrase, category, pattern });

const FORBIDDEN_PHRASES: readonly ForbiddenPhrase[] = [
  ...list('threat', ['坐牢', '拘留', '逮捕', '判刑', '入狱', '牢狱', '通缉', '抓捕', '后果自负', '严重后果', '一切后果', '走着瞧', '曝光', '公示欠款', '不择手段']),
  ...list('exaggeration', ['黑名单', '失信名单', '失信被执行人', '刑事', '犯罪', '诈骗', '骗贷', '恶意透支', '征信', '查封', '冻结', '全国通报', '子女', '出行受限', '限制高消费']),
  ...list('third_party', ['上门', '家访', '外访', '通讯录', '紧急联系人', '单位领导', '村委会', '居委会']),
  rule('third_party', '通知/联系单位、家人、亲友', /(通知|告知|联系|告诉|转告)[^。，；：]{0,6}?(单位|家人|家属|亲属|亲友|朋友|同事|领导|邻居)/g),
  ...list('invented_fee', ['催收费', '上门费', '外访费', '滞纳金', '处理费', '结案费', '保证金']),
  ...list('authority_as_sender', ['传票', '司法通知', '执行局', '公安', '警方', '警察', '派出所', '检察院', '司法机关']),
  rule('authority_as_sender', '法院/政府/仲裁机构的通知、公告、函', /(法院|政府|仲裁委|仲裁委员会|监管部门|金融监管)[^。，；：]{0,4}?(通知|公告|函|令)/g),
];

export interface ConductViolation {
  phrase: string;
  category: ConductCategory;
  /** The text that matched. */
  match: string;
  /** Index in the whitespace-free text. */
  index: number;
}

/** Every forbidden phrase in `text` (whitespace ignored). */
export function findForbiddenPhrases(text: string): ConductViolation[] {
  const compact = text.replace(/\s+/g, '');
  const found: ConductViolation[] = [];
  for (const p of FORBIDDEN_PHRASES) {
    for (const m of compact.matchAll(p.pattern)) found.push({ phrase: p.phrase, category: p.category, match: m[0], index: m.index });
  }
  return found.sort((a, b) => a.index - b.index);
}

export class ConductError extends Error {
  override name = 'ConductError';
  readonly violations: ConductViolation[];
  constructor(where: string, violations: ConductViolation[]) {
    super(`${where}: forbidden by the conduct rules: ${violations.map((v) => `"${v.match}" (${v.category}: ${v.phrase})`).join(', ')}`);
    this.violations = violations;
  }
}

/** Throws a ConductError when lender-supplied text contains a forbidden phrase. */
export function assertConduct(where: string, ...texts: (string | undefined)[]): void {
  const violations = texts.flatMap((t) => (t ? findForbiddenPhrases(t) : []));
  if (violations.length > 0) throw new ConductError(where, violations);
}
