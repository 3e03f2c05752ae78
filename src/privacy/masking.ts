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

/**
 * Masks ID numbers and mobile numbers wherever they appear in free text, e.g. a database error's
 * "Key (id_number)=(110101199001011234) already exists", before it is logged.
 */
export function maskPersonalText(text: string): string {
  return text
    .replace(/(?<![\dA-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![\dA-Za-z])/g, '$1********$2')
    .replace(/(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)/g, '$1****$2');
}
