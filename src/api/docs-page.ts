import type { OpenAPIHono } from '@hono/zod-openapi';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { accessOf } from './access.ts';

/**
 * The API reference at /docs: the generated OpenAPI document laid out as one static page (no
 * scripts, nothing fetched from elsewhere), each operation with who may call it, its parameters,
 * body and responses. Schemas are shown as the JSON Schema the document holds.
 */
type OpenApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>;
type Operation = { summary?: string; tags?: string[]; parameters?: unknown[]; requestBody?: unknown; responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }> };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function who(method: string, path: string): string {
  const access = accessOf(`${method.toUpperCase()} ${path}`);
  if (access === undefined || access === 'public') return 'anyone';
  if (access === 'signed') return 'collections system (Standard Webhooks signature)';
  if (access === 'metrics') return 'Prometheus (Bearer METRICS_TOKEN)';
  return `Bearer token, role ${access.join(' or ')}`;
}

function operation(method: string, path: string, op: Operation) {
  const responses = Object.entries(op.responses ?? {});
  return html`<section class="op" id="${method}-${path}">
    <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
    <p>${op.summary ?? ''}</p>
    <p class="who">Who: ${who(method, path)}</p>
    ${op.parameters && op.parameters.length > 0 ? html`<details><summary>Parameters</summary><pre>${json(op.parameters)}</pre></details>` : ''}
    ${op.requestBody ? html`<details><summary>Request body</summary><pre>${json(op.requestBody)}</pre></details>` : ''}
    <details><summary>Responses: ${responses.map(([status]) => status).join(', ')}</summary>
      <ul>${responses.map(([status, r]) => html`<li><b>${status}</b> ${r.description ?? ''} ${Object.keys(r.content ?? {}).join(', ')}</li>`)}</ul>
    </details>
  </section>`;
}

export function docsPage(document: OpenApiDocument): HtmlEscapedString | Promise<HtmlEscapedString> {
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((m) => {
      const op = (item as Record<string, Operation | undefined>)[m];
      return op === undefined ? [] : [{ method: m, path, op }];
    }),
  );
  const schemas = Object.entries(document.components?.schemas ?? {});
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${document.info.title} — reference</title><link rel="stylesheet" href="/ui/app.css"></head>
<body class="docs">
<header><h1>${document.info.title} <small>${document.info.version}</small></h1>
<p>${document.info.description ?? ''}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> · Web pages: <a href="/">/</a></p></header>
<nav><ul>${operations.map(({ method, path }) => html`<li><a href="#${method}-${path}"><span class="method ${method}">${method.toUpperCase()}</span> ${path}</a></li>`)}</ul></nav>
<main>
${operations.map(({ method, path, op }) => operation(method, path, op))}
<h2>Schemas</h2>
${schemas.map(([name, schema]) => html`<details class="schema" id="schema-${name}"><summary>${name}</summary><pre>${json(schema)}</pre></details>`)}
</main>
</body>
</html>`;
}
