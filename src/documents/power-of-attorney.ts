/** 授权委托书: general or special authority; special powers are listed one by one. */
import { z } from 'zod';
import { lawsuitOf } from './complaint.ts';
import { formatDate } from './format.ts';
import type { DocumentDefinition } from './generate.ts';
import type { CaseDocuments, ProcedureStage, SpecialPower } from './input.ts';
import { LawFirmView, lawFirmView, PlaintiffView, plaintiffView } from './views.ts';

const S = z.string();

export const STAGE_TEXT: Record<ProcedureStage, string> = {
  first_instance: '一审',
  second_instance: '二审',
  retrial: '再审',
  enforcement: '执行',
};

const GENERAL_POWERS = ['代为起诉、应诉，提交、签收诉讼材料及法律文书', '代为参加庭审，进行陈述、举证、质证和辩论', '代为申请财产保全、证据保全'];

/** The special powers in the words of 民事诉讼法 第六十二条, one item each (claims powers grouped as the law words them). */
function specialPowerItems(powers: readonly SpecialPower[]): string[] {
  const has = (p: SpecialPower) => powers.includes(p);
  const claimVerbs = [has('admit_claims') && '承认', has('waive_claims') && '放弃', has('modify_claims') && '变更'].filter((v): v is string => Boolean(v));
  const items: string[] = [];
  if (claimVerbs.length > 0) items.push(`代为${claimVerbs.join('、')}诉讼请求`);
  if (has('settle')) items.push('代为进行和解、参加调解，签收调解书');
  if (has('counterclaim')) items.push('代为提起反诉或者对反诉进行答辩');
  if (has('appeal')) items.push('代为提起上诉');
  return items;
}

const SPECIAL_POWER_TEXT: Record<SpecialPower, string> = {
  admit_claims: '承认诉讼请求',
  waive_claims: '放弃诉讼请求',
  modify_claims: '变更诉讼请求',
  settle: '进行和解',
  counterclaim: '提起反诉',
  appeal: '提起上诉',
};

export const PowerOfAttorneyView = z.object({
  lender: PlaintiffView,
  borrower: z.object({ name: S }),
  lawFirm: LawFirmView,
  stages: S,
  special: z.boolean(),
  powers: z.array(S),
  excludedPowers: S.optional(),
  date: S,
});
export type PowerOfAttorneyView = z.infer<typeof PowerOfAttorneyView>;

function powerOfAttorneyView(input: CaseDocuments): PowerOfAttorneyView {
  const lawsuit = lawsuitOf(input, '授权委托书');
  const lawFirm = lawFirmView(input, '授权委托书');
  const special = lawsuit.authority === 'special';
  const granted = special ? lawsuit.specialPowers : [];
  const excluded = (Object.keys(SPECIAL_POWER_TEXT) as SpecialPower[]).filter((p) => !granted.includes(p));
  return {
    lender: plaintiffView(input, '授权委托书'),
    borrower: { name: input.borrower.name },
    lawFirm,
    stages: lawsuit.agentStages.map((s) => STAGE_TEXT[s]).join('、'),
    special,
    powers: special ? [...GENERAL_POWERS, ...specialPowerItems(granted)] : GENERAL_POWERS,
    ...(excluded.length > 0 ? { excludedPowers: excluded.map((p) => SPECIAL_POWER_TEXT[p]).join('、') } : {}),
    date: formatDate(lawsuit.filedOn),
  };
}

export const powerOfAttorney: DocumentDefinition<PowerOfAttorneyView> = {
  type: 'power_of_attorney',
  template: 'power_of_attorney',
  schema: PowerOfAttorneyView,
  view: powerOfAttorneyView,
  fileName: () => '授权委托书',
};
