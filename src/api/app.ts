import { OpenAPIHono } from '@hono/zod-openapi';
import { Authenticator } from '../auth/tokens.ts';
import { secureHeaders } from 'hono/secure-headers';
import { metricsRoutes } from '../metrics/endpoint.ts';
import { observeCases, observeReadAudit } from '../metrics/metrics.ts';
import { accessOf, routeAccess, routeKey } from './access.ts';
import type { ApiDeps } from './deps.ts';
import { CaseReads } from './cases/case-reads.ts';
import { docsPage } from './docs-page.ts';
import type { ApiEnv } from './env.ts';
import { allowedMethods, refuseAtTheEdge, type RouteTable, routeTable } from './edges.ts';
import { ApiError, errorResponse, handleError, handleNotFound } from './errors.ts';
import { healthRoutes } from './health.ts';
import { accessControl } from './middleware/access-control.ts';
import { requestContext } from './middleware/request-context.ts';
import { RateLimiter } from './rate-limit.ts';
import { analyticsRoutes } from './routes/analytics.ts';
import { auditRoutes } from './routes/audit.ts';
import { caseCommandRoutes } from './routes/case-commands.ts';
import { caseRoutes } from './routes/cases.ts';
import { courtPaperRoutes } from './routes/court-papers.ts';
import { downloadRoutes } from './routes/downloads.ts';
import { escalationBatchRoutes } from './routes/escalation-batches.ts';
import { filingBatchRoutes } from './routes/filing-batches.ts';
import { intakeRoutes } from './routes/intake.ts';
import { loanRoutes } from './routes/loans.ts';
import { webhookRoutes } from './routes/webhook.ts';
import { uiRoutes } from './ui/routes.ts';
import { WebhookVerifier } from './webhook/verify.ts';

const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Legal escalation API',
    version: '1.0.0',
    description:
      'Escalation of overdue consumer loans to demand letters, lawsuit packets and law firms. Errors are {"error": {"code", "message", "details"?}}. ' +
      'Every text is well-formed Unicode without control characters (newline and tab allowed) or markup; ids match ^[A-Za-z0-9][A-Za-z0-9._:-]*$ (at most 64); ' +
      'JSON nests at most 32 deep. Oversized headers answer 431, URLs over 4096 characters 414, unsupported methods 405. ' +
      'Authentication: Authorization: Bearer <token>; the collections webhook is signed per Standard Webhooks instead.',
  },
} as const;

export function createApp(deps: ApiDeps): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>();
  app.use('*', ...requestContext(deps.logger));
  app.use('*', refuseAtTheEdge);
  app.use(
    '*',
    secureHeaders({
      // The web pages load only their own script and style sheet; nothing may frame them.
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    }),
  );
  app.use('*', accessControl({ authenticator: new Authenticator(deps.db, deps.changes), limiter: new RateLimiter(deps.db, deps.config.rateLimit) }));
  app.onError(handleError);
  // A known path asked with a method it does not serve is a 405 naming the methods it does.
  let routes: RouteTable | undefined;
  app.notFound((c) => {
    const allowed = allowedMethods((routes ??= routeTable(app.routes)), c.req.path);
    if (allowed === undefined) return handleNotFound(c);
    return errorResponse(c, new ApiError(405, 'method_not_allowed', `${c.req.method} is not served here; use ${allowed.join(', ')}`, { headers: { Allow: allowed.join(', ') } }));
  });

  const verifier = new WebhookVerifier([deps.webhookSecret, ...deps.config.secrets.previousWebhookSecrets]);
  const caseReads = new CaseReads(deps.db, deps.changes);
  app.route('/', healthRoutes(deps));
  app.route('/', intakeRoutes(deps));
  app.route('/', loanRoutes(deps));
  app.route('/', caseRoutes({ ...deps, caseReads }));
  app.route('/', caseCommandRoutes(deps));
  app.route('/', escalationBatchRoutes(deps));
  app.route('/', downloadRoutes(deps));
  app.route('/', courtPaperRoutes(deps));
  app.route('/', filingBatchRoutes(deps));
  app.route('/', auditRoutes(deps));
  app.route('/', analyticsRoutes(deps));
  app.route('/', webhookRoutes({ ...deps, verifier }));
  app.route('/', uiRoutes({ ...deps, caseReads }));
  app.route('/', metricsRoutes(deps.config.metrics.token));
  observeCases(deps.db);
  observeReadAudit(deps.readAudit);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', OPENAPI_INFO);
  // Rendered on first request, once every route is registered; the routes never change after.
  let reference: ReturnType<typeof docsPage> | undefined;
  app.get('/docs', (c) => c.html((reference ??= docsPage(app.getOpenAPI31Document(OPENAPI_INFO)))));

  assertAccessTableMatchesRoutes(app);
  return app;
}

/** Every route has an access rule and every rule a route: a route added without one stops the service at start. */
function assertAccessTableMatchesRoutes(app: OpenAPIHono<ApiEnv>): void {
  const routes = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => routeKey(r.method, r.path)));
  const unguarded = [...routes].filter((key) => accessOf(key) === undefined);
  const stale = Object.keys(routeAccess).filter((key) => !routes.has(key));
  if (unguarded.length > 0 || stale.length > 0) {
    throw new Error(`routeAccess does not match the routes: missing ${unguarded.join(', ') || '-'}; without a route ${stale.join(', ') || '-'}`);
  }
}
