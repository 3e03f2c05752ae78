import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/schema.ts';
import type { Actor, CaseEventInput, EscalationRequest, HandoffRequest, MilestoneInput } from './events.ts';

/**
 * The one way the API and the collections webhook act on cases. Each command validates against the
 * database, then starts or signals the case's workflow; errors are those of `errors.ts`.
 * TODO(workflow engineer): implement against workflows/case.
 */
export interface CaseCommandDeps {
  config: Config;
  db: Kysely<Database>;
  temporal: Client;
}

export interface CaseRef {
  caseId: string;
  status: string;
}

export declare function escalate(deps: CaseCommandDeps, request: EscalationRequest, actor: Actor): Promise<CaseRef & { created: boolean }>;
export declare function recordCaseEvent(deps: CaseCommandDeps, caseId: string, event: CaseEventInput, actor: Actor): Promise<CaseRef>;
export declare function recordMilestone(deps: CaseCommandDeps, caseId: string, milestone: MilestoneInput, actor: Actor): Promise<CaseRef>;
export declare function handOff(deps: CaseCommandDeps, caseId: string, request: HandoffRequest, actor: Actor): Promise<CaseRef>;
