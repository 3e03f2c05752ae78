import { UNIFIED_SOCIAL_CREDIT_CODE } from '../domain/parties.ts';

/**
 * The 18-character unified social credit code of a PRC organisation (GB 32100-2015): characters
 * from a 31-symbol alphabet (digits and capitals without I, O, S, V, Z); the last one is a check
 * character, 31 − (Σ value_i × weight_i mod 31), where 31 maps to 0.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export { UNIFIED_SOCIAL_CREDIT_CODE };

export function unifiedSocialCreditCodeValid(code: string): boolean {
  if (!UNIFIED_SOCIAL_CREDIT_CODE.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(code.charAt(i)) * (WEIGHTS[i] ?? 0);
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET.charAt(check) === code.charAt(17);
}
