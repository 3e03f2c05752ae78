import type { Migration } from 'kysely';
import * as domain from './0001-domain.ts';
import * as caseWorkflow from './0002-case-workflow.ts';
import * as caseListOrder from './0003-case-list-order.ts';
import * as changeNotifications from './0004-change-notifications.ts';
import * as lenderClaimConventions from './0005-lender-claim-conventions.ts';
import * as tokenExpiry from './0006-token-expiry.ts';
import * as loanStandings from './0007-loan-standings.ts';
import * as courtPapers from './0008-court-papers.ts';
import * as batches from './0009-batches.ts';
import * as courtReadyParties from './0010-court-ready-parties.ts';
import * as caseOutcomes from './0011-case-outcomes.ts';
import * as caseSummary from './0012-case-summary.ts';
import * as sharedRateLimit from './0013-shared-rate-limit.ts';

/** Every migration, in order. Listed explicitly so that bundling and type-checking see them all. */
export const migrations: Record<string, Migration> = {
  '0001-domain': domain,
  '0002-case-workflow': caseWorkflow,
  '0003-case-list-order': caseListOrder,
  '0004-change-notifications': changeNotifications,
  '0005-lender-claim-conventions': lenderClaimConventions,
  '0006-token-expiry': tokenExpiry,
  '0007-loan-standings': loanStandings,
  '0008-court-papers': courtPapers,
  '0009-batches': batches,
  '0010-court-ready-parties': courtReadyParties,
  '0011-case-outcomes': caseOutcomes,
  '0012-case-summary': caseSummary,
  '0013-shared-rate-limit': sharedRateLimit,
};
