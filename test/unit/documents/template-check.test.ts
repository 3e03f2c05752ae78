import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConductError, findForbiddenPhrases } from '../../../src/documents/conduct.ts';
import { DemandLetterView } from '../../../src/documents/demand-letter.ts';
import { generate } from '../../../src/documents/generate.ts';
import { DOCUMENTS } from '../../../src/documents/registry.ts';
import { checkAllTemplates, checkTemplateSource } from '../../../src/documents/template-check.ts';
import { DEFAULT_TEMPLATE_DIR } from '../../../src/documents/templates.ts';
import { caseInput } from './fixtures.ts';

const HEAD = '---\ntemplate: demand_letter\nversion: 1.0.0\ntitle: 催收函\n---\n';
const check = (body: string, head = HEAD) => checkTemplateSource(head + body, DemandLetterView, 'demand_letter.mustache');
const kinds = (body: string, head?: string) => check(body, head).map((p) => p.kind);

describe('template check', () => {
  it('passes every shipped template', () => {
    expect(checkAllTemplates()).toEqual([]);
  });

  it('passes a good template', () => {
    expect(check('# 催收函\n< {{borrower.name}}：\n{{#claim.rows}}\n| {{label}} | {{figures}} |\n{{/claim.rows}}\n{{#letter.paymentChannels}}\n+ {{.}}\n{{/letter.paymentChannels}}\n')).toEqual([]);
  });

  it('rejects fields the view model does not declare', () => {
    expect(kinds('{{borrower.nmae}}')).toEqual(['unknown_field']);
    expect(kinds('{{#claim.rowz}}x{{/claim.rowz}}')).toEqual(['unknown_field']);
    expect(kinds('{{#claim.rows}}{{label}}{{nosuch}}{{/claim.rows}}')).toEqual(['unknown_field']);
    expect(kinds('{{label}}')).toEqual(['unknown_field']); // only inside its section
    expect(kinds('{{^lender.fax}}x{{/lender.fax}}')).toEqual(['unknown_field']);
  });

  it('rejects printing objects, lists or booleans', () => {
    expect(kinds('{{borrower}}')).toEqual(['type_mismatch']);
    expect(kinds('{{claim.rows}}')).toEqual(['type_mismatch']);
    expect(kinds('{{contract.compoundInterest}}')).toEqual(['type_mismatch']);
  });

  it('rejects unescaped output, partials and delimiter changes', () => {
    expect(kinds('{{{borrower.name}}}')).toEqual(['unescaped']);
    expect(kinds('{{&borrower.name}}')).toEqual(['unescaped']);
    expect(kinds('{{> footer}}')).toEqual(['unsupported_tag']);
    expect(kinds('{{=<% %>=}}')).toEqual(['unsupported_tag']);
  });

  it('rejects phrases the conduct rules forbid', () => {
    for (const bad of [
      '逾期将列入黑名单。',
      '您将承担刑事责任。',
      '我司将派人上门催收。',
      '我们将通知您的单位和家人。',
      '将上报征信，影响您的生活。',
      '逾期将产生催收费200元。',
      'XX人民法院通知：请您到庭。',
      '公安机关将介入。',
      '后果自负！',
    ]) {
      expect(kinds(`# 催收函\n${bad}\n`), bad).toContain('forbidden_phrase');
    }
    expect(kinds('# 催收函\n', '---\ntemplate: demand_letter\nversion: 1.0.0\ntitle: 法院传票\n---\n')).toContain('forbidden_phrase');
    // whitespace does not hide a phrase
    expect(findForbiddenPhrases('列入 黑 名\n单').map((v) => v.phrase)).toEqual(['黑名单']);
  });

  it('rejects bad front matter, unknown directives and reserved characters', () => {
    expect(kinds('x', '---\ntemplate: complaint\nversion: 1.0.0\ntitle: x\n---\n')).toEqual(['front_matter']);
    expect(kinds('x', '---\ntemplate: demand_letter\nversion: 1\ntitle: x\n---\n')).toEqual(['front_matter']);
    expect(kinds('x', '')).toEqual(['front_matter']);
    expect(kinds('::tabel\n| a |\n::end\n')).toEqual(['directive']);
    expect(kinds('a\uE0000\uE001b')).toEqual(['reserved_char']);
  });

  it('keeps every shipped template free of forbidden phrases (direct scan)', () => {
    for (const name of ['demand_letter', 'lawyer_letter', 'complaint', 'power_of_attorney']) {
      expect(findForbiddenPhrases(readFileSync(join(DEFAULT_TEMPLATE_DIR, `${name}.mustache`), 'utf8')), name).toEqual([]);
    }
  });

  it('refuses lender-supplied letter text that the conduct rules forbid', async () => {
    const input = caseInput();
    const bad = caseInput({ demand: { ...input.demand!, paymentChannels: ['逾期不还将安排专人上门收款'] } });
    await expect(generate(DOCUMENTS.demand_letter, bad, { formats: [] })).rejects.toBeInstanceOf(ConductError);
  });
});
