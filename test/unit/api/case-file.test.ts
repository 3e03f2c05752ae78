/**
 * The readable case file: every event type the workflow records has a Chinese sentence (found by
 * reading the workflow's source, so a new event type without one fails here), sentences carry the
 * facts in a person's words (amounts in yuan, names instead of ids, no JSON), and documents are
 * grouped with PDF and DOCX side by side per version.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MilestoneInput, CaseEventInput } from '../../../src/case/contract.ts';
import { actorText, groupedDocuments, SENTENCE_TYPES, timelineLine } from '../../../src/api/ui/case-file.ts';

const names = { lawFirms: new Map([['firm-a', '甲律师事务所']]), documents: new Map([['doc_1', '催收函']]) };
const event = (type: string, data: Record<string, unknown>, actor = 'system:workflow') => ({ id: 1, type, occurredAt: '2026-12-01T02:00:00.000Z', recordedAt: '2026-12-01T02:00:00.000Z', actor, data });

describe('timeline sentences', () => {
  it('has a sentence for every event type the workflow, its commands and milestones record', () => {
    const dir = new URL('../../../src/case/workflow/', import.meta.url);
    const recorded = new Set<string>();
    for (const file of readdirSync(dir)) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const m of source.matchAll(/(?:record|newEvent)\('([a-z_]+)'/g)) recorded.add(m[1]!);
      for (const m of source.matchAll(/'(firm_notified|firm_not_notified)'/g)) recorded.add(m[1]!);
    }
    for (const option of [...CaseEventInput.options, ...MilestoneInput.options]) recorded.add(option.shape.type.value);
    expect(recorded.size).toBeGreaterThan(30);
    expect([...recorded].filter((type) => !SENTENCE_TYPES.includes(type))).toEqual([]);
  });

  it('writes the demand letter as the legal team says it, with the documents by name', () => {
    const line = timelineLine(event('demand_issued', { claimTotalFen: 4004433, deadline: '2026-12-17', documentIds: ['doc_1', 'doc_1'] }), names);
    expect(line).toEqual({ event: '发出催收函', occurredAt: '2026-12-01T02:00:00.000Z', by: '系统（自动）', content: '发出催收函，应还总额 40,044.33 元，期限 2026-12-17（催收函）' });
  });

  it('names firms and people, never ids or JSON', () => {
    expect(timelineLine(event('law_firm_assigned', { lawFirmId: 'firm-a', previous: null }, 'legal:张三'), names)).toMatchObject({ by: '法务 张三', content: '指定 甲律师事务所' });
    expect(timelineLine(event('judgment', { date: '2026-12-01', outcome: 'won', awardedAmount: '9000.00' }, 'lawyer:李四'), names).content).toBe('2026-12-01 判决胜诉，判决金额 9,000.00 元');
    for (const type of SENTENCE_TYPES) {
      const content = timelineLine(event(type, { lawFirmId: 'firm-a', amount: '1.00', documentIds: ['doc_1'] }), names).content;
      expect(content, type).not.toMatch(/[{}"]|firm-a|doc_1/);
    }
  });

  it('reads an unknown event type as words', () => {
    expect(timelineLine(event('something_new', { note: '说明' }), names)).toMatchObject({ event: 'something_new', content: 'note：说明' });
    expect(actorText('system:collections')).toBe('系统 collections');
  });
});

describe('documents, grouped', () => {
  it('puts PDF and DOCX of one document and version on one row, in its group', () => {
    const doc = (id: string, type: string, format: 'pdf' | 'docx', name: string, version = 1) => ({ id, type, format, name, version, sha256: 'a'.repeat(64), size: 1, createdAt: '2026-12-01T00:00:00.000Z' });
    const groups = groupedDocuments([
      doc('1', 'complaint', 'pdf', '民事起诉状'),
      doc('2', 'complaint', 'docx', '民事起诉状'),
      doc('3', 'power_of_attorney', 'pdf', '授权委托书', 1),
      doc('4', 'power_of_attorney', 'pdf', '授权委托书', 2),
      doc('5', 'demand_letter', 'pdf', '催收函'),
      doc('7', 'claim_calculation', 'pdf', '欠款计算明细', 0),
      doc('6', 'court_paper', 'pdf', '判决书：（2026）京0105民初1号'),
    ]);
    const court = groups.find((g) => g.group === 'court_documents')!;
    expect(court.rows.map((r) => [r.name, r.version, r.pdf?.id, r.docx?.id])).toEqual([
      ['民事起诉状', 1, '1', '2'],
      ['授权委托书', 1, '3', undefined],
      ['授权委托书', 2, '4', undefined],
    ]);
    expect(court.rows.map((r) => r.versionText)).toEqual(['第 1 版', '第 1 版', '第 2 版']);
    // The calculation the demand letter enclosed (version 0) sits with the letters, said in words.
    expect(groups.find((g) => g.group === 'letters')!.rows.map((r) => [r.name, r.versionText])).toEqual([
      ['催收函', '第 1 版'],
      ['欠款计算明细', '随催收函附送'],
    ]);
    expect(groups.find((g) => g.group === 'court_papers')!.rows.map((r) => r.name)).toEqual(['判决书：（2026）京0105民初1号']);
  });
});
