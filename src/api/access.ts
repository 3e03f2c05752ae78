import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { Role } from '../auth/tokens.ts';
import type { Database, Principal } from '../db/schema.ts';

/**
 * Who may call what: every route of the service, in one table. `public` routes need nothing,
 * `signed` ones a valid Standard Webhooks signature (checked by the webhook route), `metrics` the
 * operators' METRICS_TOKEN as bearer (checked by the metrics route, src/metrics/endpoint.ts), the rest a
 * bearer token of one of the listed roles. The app refuses to start if a route is missing here.
 *
 * Beyond the role, a lawyer is bound to one law firm and sees only the cases handed to that firm:
 * `caseVisibleTo` is the rule, and every case route goes through it, so any other case is a 404
 * (never a 403 that would confirm the case exists).
 */
export type Access = 'public' | 'signed' | 'metrics' | readonly Role[];

export const routeAccess: Readonly<Record<string, Access>> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /openapi.json': 'public',
  'GET /docs': 'public',
  'GET /': 'public',
  'GET /ui/app.js': 'public',
  'GET /ui/app.css': 'public',
  'GET /metrics': 'metrics',

  'PUT /v1/lenders/{lenderId}': ['system'],
  'PUT /v1/lenders/{lenderId}/business-licence': ['system'],
  'PUT /v1/loans/{loanId}': ['system'],
  'POST /v1/loans/{loanId}/contract': ['system'],
  'POST /v1/loans/{loanId}/contact-records': ['system'],
  'PUT /v1/law-firms/{lawFirmId}': ['legal'],

  'GET /v1/loans': ['legal'],
  'GET /v1/loans/{loanId}': ['legal'],
  'POST /v1/escalations': ['legal'],
  'GET /v1/cases': ['legal', 'lawyer'],
  'GET /v1/cases/{caseId}': ['legal', 'lawyer'],
  'POST /v1/cases/{caseId}/events': ['legal', 'system'],
  'POST /v1/cases/{caseId}/handoff': ['legal'],
  'POST /v1/cases/{caseId}/milestones': ['lawyer'],
  'POST /v1/cases/{caseId}/court-papers': ['lawyer'],
  'GET /v1/cases/{caseId}/documents/{documentId}': ['legal', 'lawyer'],
  'GET /v1/cases/{caseId}/packet': ['legal', 'lawyer'],
  'GET /v1/audit': ['legal'],
  'GET /v1/analytics': ['legal'],
  'POST /v1/escalation-batches': ['legal', 'system'],
  'GET /v1/escalation-batches/{batchId}': ['legal', 'system'],
  'POST /v1/filing-batches': ['legal', 'lawyer'],
  'GET /v1/filing-batches/{batchId}': ['legal', 'lawyer'],
  'GET /v1/filing-batches/{batchId}/archives/{archive}': ['legal', 'lawyer'],
  'GET /v1/handed-off-packets': ['lawyer'],

  'POST /v1/webhooks/collections': 'signed',

  // HTML fragments of the web pages: the same data and rules as the JSON routes above.
  'GET /ui/cases': ['legal', 'lawyer'],
  'GET /ui/cases/{caseId}': ['legal', 'lawyer'],
  'GET /ui/loans': ['legal'],
  'GET /ui/dashboard': ['legal'],
  'GET /ui/escalation-batches/{batchId}': ['legal'],
  'GET /ui/filing': ['legal', 'lawyer'],
  'GET /ui/filing-batches/{batchId}': ['legal', 'lawyer'],
};

/** `GET /v1/cases/:caseId` (Hono's form) → `GET /v1/cases/{caseId}` (the table's, OpenAPI's form). */
export function routeKey(method: string, honoPath: string): string {
  return `${method} ${honoPath.replace(/:(\w+)/g, '{$1}')}`;
}

export function accessOf(key: string): Access | undefined {
  return Object.hasOwn(routeAccess, key) ? routeAccess[key] : undefined;
}

/**
 * The cases a principal may see, as a condition for `.where(…)` on any query over `cases`. Legal
 * and system see every case; a lawyer only those currently handed to their firm (a case moved to
 * another firm leaves their view).
 */
export function caseVisibleTo(principal: Principal) {
  return (eb: ExpressionBuilder<Database, 'cases'>): Expression<SqlBool> =>
    // The schema's CHECK guarantees a lawyer has a firm; '' matches no case should that ever fail.
    principal.role === 'lawyer' ? eb('cases.law_firm_id', '=', principal.law_firm_id ?? '') : eb.lit(true);
}

/** The firm a principal's filing batches are bound to: a lawyer's own firm; none (every firm) for the legal team. */
export function filingFirmOf(principal: Principal): string | null {
  // As in caseVisibleTo: '' matches no firm should a lawyer ever lack one.
  return principal.role === 'lawyer' ? (principal.law_firm_id ?? '') : null;
}

/** Whether the principal may see this case: the same rule as `caseVisibleTo`, for one id. */
export async function canSeeCase(db: Kysely<Database>, principal: Principal, caseId: string): Promise<boolean> {
  const row = await db.selectFrom('cases').select('cases.id').where(caseVisibleTo(principal)).where('cases.id', '=', caseId).executeTakeFirst();
  return row !== undefined;
}

/**
 * How much of the borrower's personal data a view shows. Lists always mask (ID number, phone,
 * address): nobody needs them to pick a case. A case's detail shows them in full to the two roles
 * that can open it: the legal team identifies the borrower and checks the data behind a demand,
 * and a lawyer of the firm the case is handed to puts them in the complaint (the packet carries
 * them anyway). Every detail read is audited.
 */
export function personalDataShown(principal: Principal, view: 'list' | 'detail'): 'full' | 'masked' {
  return view === 'detail' && (principal.role === 'legal' || principal.role === 'lawyer') ? 'full' : 'masked';
}

/**
 * Everything `caseVisibleTo` and `personalDataShown` depend on, as one string: two principals of
 * the same access class are shown exactly the same cases, masked the same way, so answers can be
 * shared between them (see `CaseReads`). Change it together with those two rules.
 */
export function accessClass(principal: Principal): string {
  return principal.role === 'lawyer' ? `lawyer:${principal.law_firm_id ?? ''}` : principal.role;
}
