/**
 * Masks for personal data shown in lists (个人信息保护法: only what the purpose needs). Enough is
 * left to tell two borrowers apart on the phone, not enough to reuse the data. Lists carry the
 * borrower's name (how people find a case) but no address at all.
 */

/** 110101199001011234 → 110101********1234: region code and the last four stay, the birth date goes. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 10) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 6)}${'*'.repeat(idNumber.length - 10)}${idNumber.slice(-4)}`;
}

/** 13800000000 → 138****0000. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}
