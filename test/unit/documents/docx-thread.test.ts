/**
 * The DOCX thread renders what renderDocx renders in-process, and answers concurrent renders each
 * with its own document.
 */
import { describe, expect, it } from 'vitest';
import { renderDocx } from '../../../src/documents/docx.ts';
import { renderDocxOffThread } from '../../../src/documents/docx-thread.ts';
import { buildModel, parseCaseInput } from '../../../src/documents/generate.ts';
import { DOCUMENTS } from '../../../src/documents/registry.ts';
import { caseInput } from './fixtures.ts';
import { docxPart } from './helpers.ts';

const input = parseCaseInput(caseInput());

describe('DOCX thread', () => {
  it('renders the same document as in-process', async () => {
    const model = buildModel(DOCUMENTS.complaint, input);
    const [here, there] = await Promise.all([renderDocx(model), renderDocxOffThread(model)]);
    for (const part of ['word/document.xml', 'word/styles.xml', 'word/fontTable.xml', 'word/footer1.xml']) {
      expect(docxPart(there.bytes, part), part).toBe(docxPart(here.bytes, part));
    }
  });

  it('answers concurrent renders each with its own document', async () => {
    const types = ['complaint', 'claim_calculation', 'evidence_list', 'firm_letter', 'power_of_attorney'] as const;
    const models = types.map((t) => buildModel(DOCUMENTS[t], input));
    const rendered = await Promise.all(models.map((m) => renderDocxOffThread(m)));
    rendered.forEach((r, i) => expect(docxPart(r.bytes, 'docProps/core.xml'), types[i]).toContain(`template ${types[i]} `));
  });
});
