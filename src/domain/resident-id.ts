import { isIsoDate } from './calendar.ts';

/**
 * The 18-character PRC resident identity number (GB 11643-1999):
 * 6 digits of address code, 8 of birth date (YYYYMMDD), 3 of sequence (odd = male, even = female),
 * 1 check character = ISO 7064 MOD 11-2: Σ digit_i × weight_i mod 11 indexes "10X98765432".
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** The check character the first 17 digits call for, or null if they are not 17 digits. */
export function residentIdCheckCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARACTERS[sum % 11] ?? null;
}

export interface ResidentIdFacts {
  checksumValid: boolean;
  /** ISO birth date encoded in digits 7–14, or null if those digits are not a real date. */
  birthDate: string | null;
  gender: 'male' | 'female';
}

/** What an 18-character resident ID says about its holder, or null if it is not 17 digits + check. */
export function readResidentId(idNumber: string): ResidentIdFacts | null {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return null;
  const birth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  return {
    checksumValid: residentIdCheckCharacter(idNumber.slice(0, 17)) === idNumber[17],
    birthDate: isIsoDate(birth) ? birth : null,
    gender: (idNumber.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female',
  };
}
