import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import type { Kysely } from 'kysely';
import type { ChangeFeed } from '../../db/change-feed.ts';
import { NotifiedCache } from '../../db/notified-cache.ts';
import type { Database, Principal } from '../../db/schema.ts';
import { accessClass } from '../access.ts';
import { type CaseDetail, type CaseFilters, type CaseSummary, listCases, readCase } from './read-model.ts';

/** About 12 KB each: some 25 MB for the cases being worked on. */
const CACHED_CASES = 2_000;
/** About 25 KB each (a page of 50). */
const CACHED_LISTS = 200;

/** What the read model answered, with its JSON (UTF-8) made once, when it was read, for every request that reuses it. */
export interface CaseRead<T> {
  value: T;
  json: Uint8Array;
}

/** The body of GET /v1/cases. */
export interface CaseList {
  cases: CaseSummary[];
  limit: number;
  offset: number;
}

function caseRead<T>(value: T): CaseRead<T> {
  return { value, json: Buffer.from(JSON.stringify(value)) };
}

/**
 * Answers with a read's JSON as `c.json(read.value)` would, without serializing it again. The
 * response is typed as that of `value`, so the route's schema still checks it at compile time;
 * the bytes are `JSON.stringify(value)`, made in `caseRead` and nowhere else.
 */
export function jsonOf<T>(c: Context, read: CaseRead<T>): Response & TypedResponse<JSONParsed<T>, 200, 'json'> {
  const response = c.body(read.json as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json' });
  return response as unknown as Response & TypedResponse<JSONParsed<T>, 200, 'json'>;
}

/**
 * The read model (`read-model.ts`) with what it answered kept in memory, so that reading a case
 * or a page of the list costs no database round trip until the case changes. Answers depend on
 * who asks only through the access class (`accessClass`): entries are kept per class. The
 * triggers of migration 0004 say which case changed; that case's entries go, and every list goes,
 * since any change can move a case in or out of a page or change its order. A change to a loan,
 * borrower, lender or firm empties everything.
 */
export class CaseReads {
  readonly #db: Kysely<Database>;
  readonly #details: NotifiedCache<CaseRead<CaseDetail>>;
  readonly #lists: NotifiedCache<CaseRead<CaseList>>;
  /** The access classes that have details cached, to find a changed case's entries without a scan. */
  readonly #accessClasses = new Set<string>();

  constructor(db: Kysely<Database>, changes: ChangeFeed) {
    this.#db = db;
    this.#details = new NotifiedCache(changes, CACHED_CASES);
    this.#lists = new NotifiedCache(changes, CACHED_LISTS);
    changes.on('case_changed', (caseId) => {
      this.#lists.clear();
      if (caseId === '*') this.#details.clear();
      else for (const access of this.#accessClasses) this.#details.delete(detailKey(caseId, access));
    });
  }

  async list(principal: Principal, filters: CaseFilters): Promise<CaseRead<CaseList>> {
    const key = `${accessClass(principal)}\n${JSON.stringify([filters.status, filters.lenderId, filters.lawFirmId, filters.limit, filters.offset])}`;
    const read = await this.#lists.get(key, async () =>
      caseRead({ cases: await listCases(this.#db, principal, filters), limit: filters.limit, offset: filters.offset }),
    );
    // The loader always gives a list (perhaps empty), so `undefined` cannot come back.
    return read as CaseRead<CaseList>;
  }

  read(principal: Principal, caseId: string): Promise<CaseRead<CaseDetail> | undefined> {
    const access = accessClass(principal);
    this.#accessClasses.add(access);
    return this.#details.get(detailKey(caseId, access), async () => {
      const detail = await readCase(this.#db, principal, caseId);
      return detail === undefined ? undefined : caseRead(detail);
    });
  }
}

function detailKey(caseId: string, access: string): string {
  return `${caseId}\n${access}`;
}
