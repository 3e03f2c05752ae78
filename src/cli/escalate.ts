/**
 * `npm run cli -- escalate`: one escalation batch from the command line, by selection
 * (`--lender L --min-dpd 90 [--min-outstanding 1000.00]`) or from a CSV file of loan ids
 * (`--file loans.csv`, a `loanId` column and optionally `lenderId`; with `--lender`, loans of
 * another lender are refused one by one). Goes through the same batch client as the API; shows a
 * progress bar on stderr while the worker escalates, then a summary on stdout. Running the same
 * command again returns the same batch (the idempotency key is the request's hash).
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Client } from '@temporalio/client';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { escalationBatchProgress, startEscalationBatch } from '../batch/client.ts';
import { type BatchProgress, EscalationBatchRequest } from '../batch/contract.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/schema.ts';
import { canonicalSha256 } from '../intake/canonical-hash.ts';

export interface EscalateFlags {
  lender?: string | undefined;
  'min-dpd'?: string | undefined;
  'min-outstanding'?: string | undefined;
  reason?: string | undefined;
  firm?: string | undefined;
  'response-days'?: string | undefined;
  file?: string | undefined;
}

const CSV_COLUMNS = new Set(['loanId', 'lenderId']);
const DEFAULT_REASON = '逾期未还，催收无果，转法律程序';

function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${flag} takes a whole number, not "${value}"`);
  return Number(value);
}

/** The loan ids of a CSV file: a `loanId` column (and optionally `lenderId`), nothing else, each id once. */
export function loanIdsFromCsv(text: string, lender: string | undefined): string[] {
  let records: Array<Record<string, string>>;
  try {
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
  } catch (error) {
    throw new Error(`the CSV cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (records.length === 0) throw new Error('the CSV has no loans (a header line "loanId" and one id per line)');
  const columns = Object.keys(records[0]!);
  const unknown = columns.filter((c) => !CSV_COLUMNS.has(c));
  if (!columns.includes('loanId')) throw new Error(`the CSV needs a "loanId" column; it has: ${columns.join(', ')}`);
  if (unknown.length > 0) throw new Error(`unknown CSV column(s): ${unknown.join(', ')} (allowed: loanId, lenderId)`);
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  const otherLender: string[] = [];
  for (const [i, r] of records.entries()) {
    const id = r.loanId ?? '';
    if (id === '') throw new Error(`line ${i + 2}: empty loanId`);
    if (seen.has(id)) duplicates.push(`${id} (lines ${seen.get(id)! + 2} and ${i + 2})`);
    seen.set(id, i);
    if (lender !== undefined && r.lenderId !== undefined && r.lenderId !== '' && r.lenderId !== lender) otherLender.push(`${id} (${r.lenderId})`);
  }
  if (duplicates.length > 0) throw new Error(`duplicate loan ids: ${duplicates.slice(0, 20).join(', ')}${duplicates.length > 20 ? ` … (${duplicates.length})` : ''}`);
  if (otherLender.length > 0) throw new Error(`loans of another lender than ${lender}: ${otherLender.slice(0, 20).join(', ')}`);
  return [...seen.keys()];
}

/** The batch request the flags describe (validated as the API validates it). */
export function batchRequestOf(flags: EscalateFlags): EscalationBatchRequest {
  const minDaysPastDue = integer('min-dpd', flags['min-dpd']);
  const responseDays = integer('response-days', flags['response-days']);
  const common = {
    reason: flags.reason ?? DEFAULT_REASON,
    ...(flags.firm ? { lawFirmId: flags.firm } : {}),
    ...(responseDays === undefined ? {} : { responseDays }),
  };
  const raw =
    flags.file !== undefined
      ? { loanIds: loanIdsFromCsv(readFileSync(flags.file, 'utf8'), flags.lender), ...(flags.lender ? { lenderId: flags.lender } : {}), ...common }
      : {
          selection: {
            ...(flags.lender ? { lenderId: flags.lender } : {}),
            ...(minDaysPastDue === undefined ? {} : { minDaysPastDue }),
            ...(flags['min-outstanding'] ? { minOutstanding: flags['min-outstanding'] } : {}),
            notEscalated: true as const,
          },
          ...common,
        };
  if (flags.file === undefined && flags.lender === undefined) throw new Error('escalate needs --lender (with --min-dpd …) or --file loans.csv');
  const parsed = EscalationBatchRequest.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '));
  return parsed.data;
}

function bar(p: BatchProgress): string {
  const width = 30;
  const filled = p.progress.total === 0 ? width : Math.round((p.progress.done / p.progress.total) * width);
  const counts = Object.entries(p.counts)
    .map(([status, n]) => `${status} ${n}`)
    .join(' · ');
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.progress.done}/${p.progress.total}  ${counts}`;
}

/** Starts (or finds) the batch and follows it until every accepted loan has its case. */
export async function escalateCommand(config: Config, db: Kysely<Database>, temporal: Client, flags: EscalateFlags): Promise<void> {
  const request = batchRequestOf(flags);
  const actor = { principalId: null, role: 'legal' as const, name: `cli:${userInfo().username}` };
  const batch = await startEscalationBatch(
    { config, db, temporal },
    request,
    { requestedBy: 'cli', idempotencyKey: `cli-${canonicalSha256(request).slice(0, 40)}`, actor },
  );
  console.error(`batch ${batch.batchId}${batch.created ? '' : ' (this request was made before: following it)'}: ${batch.accepted} accepted, ${batch.refused.length} refused`);
  const tty = process.stderr.isTTY;
  let last: BatchProgress | undefined;
  let lastLine = '';
  for (;;) {
    last = (await escalationBatchProgress(db, batch.batchId))!;
    const line = bar(last);
    if (tty) process.stderr.write(`\r${line.padEnd(lastLine.length)}`);
    else if (line !== lastLine) process.stderr.write(`${line}\n`);
    lastLine = line;
    if (last.status === 'completed') break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (tty) process.stderr.write('\n');
  const byReason = new Map<string, string[]>();
  for (const r of last.refused) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r.loanId]);
  console.log(`batch ${last.batchId}: ${last.progress.done}/${last.progress.total} escalated`);
  const lines: Array<[label: string, figures: string]> = [
    ...Object.entries(last.counts).map(([status, n]): [string, string] => [status, String(n)]),
    ...[...byReason].map(([reason, loans]): [string, string] => [`refused: ${reason}`, `${loans.length}  ${loans.slice(0, 10).join(', ')}${loans.length > 10 ? ' …' : ''}`]),
  ];
  const width = Math.max(0, ...lines.map(([label]) => label.length));
  for (const [label, figures] of lines) console.log(`  ${label.padEnd(width)}  ${figures}`);
}
