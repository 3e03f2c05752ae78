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

/**
 * The read model (`read-model.ts`) with what it answered kept in memory, so that reading a case
 * or a page of the list costs no database round trip until the case changes.
 * Answers depend on who asks only through the access class (`accessClass`): entries are kept per
 * class. The triggers of migration 0004 say which case changed; that case's entries go, and every
 * list goes, since any change can move a case in or out of a page or change its order. A change
 * to a loan, borrower, lender or firm empties everything.
 */
export class CaseReads {
  readonly #db: Kysely<Database>;
  readonly #details: NotifiedCache<CaseDetail>;
  readonly #lists: NotifiedCache<CaseSummary[]>;
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

  async list(principal: Principal, filters: CaseFilters): Promise<CaseSummary[]> {
    const key = `${accessClass(principal)}\n${JSON.stringify([filters.status, filters.lenderId, filters.lawFirmId, filters.limit, filters.offset])}`;
    // The loader always gives a list (perhaps empty), so `undefined` cannot come back.
    return (await this.#lists.get(key, () => listCases(this.#db, principal, filters))) ?? [];
  }

  read(principal: Principal, caseId: string): Promise<CaseDetail | undefined> {
    const access = accessClass(principal);
    this.#accessClasses.add(access);
    return this.#details.get(detailKey(caseId, access), () => readCase(this.#db, principal, caseId));
  }
}

function detailKey(caseId: string, access: string): string {
  return `${caseId}\n${access}`;
}
