import { describe, expect, it } from 'vitest';
import { readResidentId, residentIdCheckCharacter } from '../../../src/domain/resident-id.ts';

describe('resident ID (GB 11643)', () => {
  it('computes the check character by MOD 11-2', () => {
    // 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 × weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    // = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2; "10X98765432"[2] = X
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    // 4 4 0 3 0 4 1 9 9 0 0 3 0 7 0 0 1 → 28+36+0+15+0+16+2+9+54+0+0+27+0+35+0+0+2 = 224;
    // 224 mod 11 = 4; "10X98765432"[4] = 8
    expect(residentIdCheckCharacter('44030419900307001')).toBe('8');
  });

  it('reads birth date and gender', () => {
    // sequence digit 2 (even) → female; 1 (odd) → male
    expect(readResidentId('11010519491231002X')).toEqual({ checksumValid: true, birthDate: '1949-12-31', gender: 'female' });
    expect(readResidentId('440304199003070018')).toEqual({ checksumValid: true, birthDate: '1990-03-07', gender: 'male' });
  });

  it('flags a wrong check character and impossible birth dates', () => {
    expect(readResidentId('110105194912310021')?.checksumValid).toBe(false);
    expect(readResidentId('110105199302290011')?.birthDate).toBeNull(); // 1993-02-29 does not exist
    expect(readResidentId('11010519491231002x')).toBeNull();
    expect(readResidentId('1101051949123100')).toBeNull();
  });
});
