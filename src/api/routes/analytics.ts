/** The legal team's portfolio figures: `GET /v1/analytics` (see src/api/analytics/portfolio.ts). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { Analytics, portfolioAnalytics } from '../analytics/portfolio.ts';
import type { ApiEnv } from '../env.ts';
import { authErrors, bearerSecurity, errorResponses, router } from '../openapi.ts';

const analyticsRoute = createRoute({
  method: 'get',
  path: '/v1/analytics',
  tags: ['cases'],
  summary: 'Portfolio: cases by status, limitation deadlines within 90 days, stale cases per firm, recovery by stage and by firm',
  security: bearerSecurity,
  responses: { 200: { description: 'The figures', content: { 'application/json': { schema: Analytics } } }, ...errorResponses(...authErrors) },
});

export function analyticsRoutes(deps: { db: Kysely<Database> }): OpenAPIHono<ApiEnv> {
  const app = router();
  app.openapi(analyticsRoute, async (c) => c.json(await portfolioAnalytics(deps.db), 200));
  return app;
}
