import { OpenAPIHono } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../logging/logger.ts';
import { healthRoutes } from './health.ts';

export interface ApiDeps {
  config: Config;
  db: Kysely<Database>;
  temporal: Client;
  logger: Logger;
  webhookSecret: string;
}

export function createApp(deps: ApiDeps): OpenAPIHono {
  const app = new OpenAPIHono();
  app.route('/', healthRoutes(deps));
  app.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'Legal escalation API', version: '1.0.0' } });
  return app;
}
