/** The API's small pure helpers, each against cases worked out by hand. */
import { describe, expect, it } from 'vitest';
import { attachment, matchesEtag } from '../../../src/api/content-disposition.ts';
import { jsonErrorPosition } from '../../../src/api/json-position.ts';
import { maskIdNumber, maskPersonalText, maskPhone } from '../../../src/privacy/masking.ts';
import { markupProblems } from '../../../src/api/plain-text.ts';
import { canonicalSha256 } from '../../../src/intake/canonical-hash.ts';
import { unifiedSocialCreditCodeValid } from '../../../src/intake/unified-social-credit-code.ts';

describe('jsonErrorPosition', () => {
  it.each([
    ['{"a": }', 6, 1, 7], // unexpected token: V8 gives no position
    ['{"a": x}', 6, 1, 7],
    ['{"a":1,}', 7, 1, 8],
    ['[1 2]', 3, 1, 4],
    ['{"a":', 5, 1, 6], // cut short: breaks where it ends
    ['', 0, 1, 1],
    ['{"a":\n  tru }', 11, 2, 6],
    ['{"律所": 1,}', 9, 1, 10], // positions count UTF-16 code units, as JavaScript strings do
  ])('%j breaks at %i (line %i, column %i)', (text, position, line, column) => {
    expect(jsonErrorPosition(text)).toEqual({ position, line, column });
  });
});

describe('masking', () => {
  it('keeps the region code and last four of an ID number, the prefix and last four of a phone', () => {
    expect(maskIdNumber('110101199001011234')).toBe('110101********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskPhone('13800000000')).toBe('138****0000');
  });
  it('masks ID and mobile numbers inside free text, leaving other numbers', () => {
    expect(maskPersonalText('Key (id_number)=(11010519491231002X) already exists')).toBe('Key (id_number)=(110105********002X) already exists');
    expect(maskPersonalText('call 13800138000 or 010-12345678, order 20260101000012345678')).toBe('call 138****8000 or 010-12345678, order 20260101000012345678');
  });
  it('masks short values whole rather than leaking most of them', () => {
    expect(maskIdNumber('1234567890')).toBe('**********');
    expect(maskPhone('1234567')).toBe('*******');
  });
});

describe('markupProblems', () => {
  it('finds markup, template delimiters, control and bidi characters by path, keys included', () => {
    expect(markupProblems({ a: '北京市《合同》第3条', b: [1, 'ok'], c: { d: 'x' } })).toEqual([]);
    expect(markupProblems({ a: { b: ['ok', '<b>'] } })).toEqual([{ path: 'a.b[1]', message: expect.stringContaining('<') }]);
    expect(markupProblems({ t: 'Hello {{name}}' })[0]?.path).toBe('t');
    expect(markupProblems({ t: '${x}' })).toHaveLength(1);
    expect(markupProblems({ t: 'a\u202eb' })).toHaveLength(1);
    expect(markupProblems({ t: 'line\nbreak\ttab' })).toEqual([]);
    expect(markupProblems({ '<k>': 1 })).toEqual([{ path: '<k>', message: expect.any(String) }]);
    expect(markupProblems('<x>')).toEqual([{ path: '(body)', message: expect.any(String) }]);
  });
});

describe('Content-Disposition', () => {
  it('percent-encodes the UTF-8 name per RFC 5987 and keeps an ASCII fallback', () => {
    expect(attachment("民事起诉状 (2).pdf", 'complaint.pdf')).toBe(
      "attachment; filename=\"complaint.pdf\"; filename*=UTF-8''%E6%B0%91%E4%BA%8B%E8%B5%B7%E8%AF%89%E7%8A%B6%20%282%29.pdf",
    );
    expect(attachment('x', 'a"b;c\\d%e.pdf')).toBe("attachment; filename=\"a_b_c_d_e.pdf\"; filename*=UTF-8''x");
  });
  it('matches If-None-Match lists, weak tags and *', () => {
    expect(matchesEtag('"a", W/"b"', '"b"')).toBe(true);
    expect(matchesEtag('*', '"b"')).toBe(true);
    expect(matchesEtag('"a"', '"b"')).toBe(false);
    expect(matchesEtag(undefined, '"b"')).toBe(false);
  });
});

describe('intake helpers', () => {
  it('checks the unified social credit code check character (GB 32100-2015)', () => {
    expect(unifiedSocialCreditCodeValid('91350100M000100Y43')).toBe(true); // the standard's example
    expect(unifiedSocialCreditCodeValid('91350100M000100Y44')).toBe(false);
    expect(unifiedSocialCreditCodeValid('91350100M000100Y4')).toBe(false);
    expect(unifiedSocialCreditCodeValid('91350100I000100Y43')).toBe(false); // I is not in the alphabet
  });
  it('hashes the same data the same in any key order, and different data differently', () => {
    expect(canonicalSha256({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(canonicalSha256({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(canonicalSha256({ a: [1, 2] })).not.toBe(canonicalSha256({ a: [2, 1] }));
    expect(canonicalSha256({ a: 1, b: undefined })).toBe(canonicalSha256({ a: 1 }));
  });
});
