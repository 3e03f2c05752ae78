/** The one text rule, the date ranges, the id pattern and the JSON depth limit, as pure functions. */
import { describe, expect, it } from 'vitest';
import { depthExceededAt } from '../../../src/api/json-depth.ts';
import { BirthDate, Id, IsoDate, IsoInstant, PastDate, textProblem } from '../../../src/domain/input-rules.ts';

describe('input rules', () => {
  it('accepts prose and refuses lone surrogates, NUL and C0/C1 controls', () => {
    for (const ok of ['王芳', '第一行\n第二行\t缩进', 'emoji 😀 paired', 'Windows\r\nline']) expect(textProblem(ok)).toBeUndefined();
    for (const bad of ['x\ud800', '\udfffx', 'a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u009fb']) expect(textProblem(bad)).toBeDefined();
  });

  it('keeps dates and instants in a sane range', () => {
    expect(IsoDate.safeParse('2025-02-28').success).toBe(true);
    for (const bad of ['0000-01-01', '1999-12-31', '2200-01-01', '2025-02-30']) expect(IsoDate.safeParse(bad).success).toBe(false);
    expect(BirthDate.safeParse('1949-12-31').success).toBe(true);
    for (const bad of ['0000-01-01', '1899-12-31', '2999-01-01']) expect(BirthDate.safeParse(bad).success).toBe(false);
    expect(PastDate.safeParse('2999-01-01').success).toBe(false);
    expect(IsoInstant.safeParse('2025-03-01T10:00:00+14:00').success).toBe(true);
    expect(IsoInstant.safeParse('2025-03-01T10:00:00-12:00').success).toBe(true);
    for (const bad of ['2025-03-01T10:00:00+14:30', '2025-03-01T10:00:00-23:59', '0001-01-01T00:00:00Z']) expect(IsoInstant.safeParse(bad).success).toBe(false);
  });

  it('has one id pattern', () => {
    for (const ok of ['loan-1', 'L.2024:7_x']) expect(Id.safeParse(ok).success).toBe(true);
    for (const bad of ['../../etc/x', 'a b', '李四', '', '-x', 'x'.repeat(65)]) expect(Id.safeParse(bad).success).toBe(false);
  });

  it('finds where JSON nests too deep, ignoring brackets in strings', () => {
    expect(depthExceededAt('[[[]]]', 3)).toBeUndefined();
    expect(depthExceededAt('[[[[]]]]', 3)).toBe(3);
    expect(depthExceededAt('{"a": "[[[[[[", "b": "\\"[[[["}', 1)).toBeUndefined();
    expect(depthExceededAt(`${'['.repeat(100_000)}`)).toBe(32);
  });
});
