/**
 * Phrases the conduct rules forbid in anything we send (domain.md §5: 催收工作指引, 消保办法):
 * letters state facts and lawful consequences only. The one list, used by the template check and
 * by the view builders on lender-supplied free text (payment channels, contact notes, letterhead).
 * Matching ignores whitespace, so "黑 名 单" is caught too.
 */

export type ConductCategory = 'threat' | 'exaggeration' | 'third_party' | 'invented_fee' | 'authority_as_sender';

export interface ForbiddenPhrase {
  phrase: string;
  category: ConductCategory;
}

const list = (category: ConductCategory, phrases: string[]): ForbiddenPhrase[] => phrases.map((phrase) => ({ phrase, category }));

export const FORBIDDEN_PHRASES: readonly ForbiddenPhrase[] = [
  ...list('threat', ['坐牢', '拘留', '逮捕', '判刑', '入狱', '牢狱', '通缉', '抓捕', '后果自负', '严重后果', '一切后果', '走着瞧', '曝光', '公开你', '公示欠款', '采取措施', '不择手段']),
  ...list('exaggeration', ['黑名单', '失信名单', '失信被执行人', '刑事责任', '刑事', '犯罪', '诈骗', '骗贷', '恶意透支', '征信', '查封', '冻结', '全国通报', '影响子女', '子女上学', '出行受限', '限制高消费']),
  ...list('third_party', ['上门', '家访', '外访', '通知单位', '通知家人', '通知亲友', '联系单位', '联系家人', '联系亲友', '告知单位', '告知家人', '告知亲友', '单位领导', '通讯录', '紧急联系人', '村委会', '居委会']),
  ...list('invented_fee', ['催收费', '上门费', '外访费', '滞纳金', '违约处理费', '结案费', '处理费', '诉讼保证金', '保证金']),
  ...list('authority_as_sender', ['法院通知', '法院传票', '传票', '法院公告', '司法通知', '人民法院通知', '执行局', '公安', '警方', '警察', '派出所', '检察院', '政府通知', '司法机关', '仲裁委通知', '立案通知', '执行通知']),
];

export interface ConductViolation extends ForbiddenPhrase {
  /** Index in the whitespace-free text. */
  index: number;
}

/** Every forbidden phrase in `text` (whitespace ignored). */
export function findForbiddenPhrases(text: string): ConductViolation[] {
  const compact = text.replace(/\s+/g, '');
  const found: ConductViolation[] = [];
  for (const p of FORBIDDEN_PHRASES) {
    let from = 0;
    for (;;) {
      const index = compact.indexOf(p.phrase, from);
      if (index < 0) break;
      found.push({ ...p, index });
      from = index + p.phrase.length;
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

export class ConductError extends Error {
  override name = 'ConductError';
  readonly violations: ConductViolation[];
  constructor(where: string, violations: ConductViolation[]) {
    super(`${where}: forbidden by the conduct rules: ${violations.map((v) => `"${v.phrase}" (${v.category})`).join(', ')}`);
    this.violations = violations;
  }
}

/** Throws a ConductError when lender-supplied text contains a forbidden phrase. */
export function assertConduct(where: string, ...texts: (string | undefined)[]): void {
  const violations = texts.flatMap((t) => (t ? findForbiddenPhrases(t) : []));
  if (violations.length > 0) throw new ConductError(where, violations);
}
