/**
 * Template files: `templates/<locale>/<name>.mustache`, each starting with a front matter block
 *
 *   ---
 *   template: demand_letter
 *   version: 1.0.0
 *   title: 催收函
 *   ---
 *
 * followed by the markup body (see markup.ts). Templates are read once per process and cached.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';
import type { DocumentModel } from './model.ts';
import { MarkupError, parseMarkup, ValueSlots } from './markup.ts';

export const DEFAULT_TEMPLATE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../templates/zh-CN');

export interface TemplateSource {
  name: string;
  version: string;
  title: string;
  /** The markup body (after the front matter). */
  body: string;
  /** Line number in the file where the body starts (for messages). */
  bodyLine: number;
  path: string;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

export function parseTemplateSource(text: string, path: string): TemplateSource {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0] !== '---') throw new TemplateError(`${path}: template must start with a "---" front matter block`);
  const end = lines.indexOf('---', 1);
  if (end < 0) throw new TemplateError(`${path}: front matter is not closed with "---"`);
  const meta = new Map<string, string>();
  for (const line of lines.slice(1, end)) {
    const m = /^([a-z_]+):\s*(.+?)\s*$/.exec(line);
    if (!m) throw new TemplateError(`${path}: bad front matter line ${JSON.stringify(line)}`);
    meta.set(m[1]!, m[2]!);
  }
  const name = meta.get('template');
  const version = meta.get('version');
  const title = meta.get('title');
  if (!name || !version || !title) throw new TemplateError(`${path}: front matter needs template, version and title`);
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new TemplateError(`${path}: version must be semantic (1.2.3), got ${version}`);
  return { name, version, title, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2, path };
}

const cache = new Map<string, TemplateSource>();

/** Loads (once) the template `name` from `dir`. */
export function loadTemplate(name: string, dir: string = DEFAULT_TEMPLATE_DIR): TemplateSource {
  const path = join(dir, `${name}.mustache`);
  let t = cache.get(path);
  if (!t) {
    t = parseTemplateSource(readFileSync(path, 'utf8'), path);
    if (t.name !== name) throw new TemplateError(`${path}: front matter names template ${t.name}, file is ${name}`);
    cache.set(path, t);
  }
  return t;
}

/** Renders a template against a (validated) view model into the document model. */
export function renderTemplate(template: TemplateSource, view: object): DocumentModel {
  const slots = new ValueSlots();
  const markup = Mustache.render(template.body, view, undefined, { escape: slots.escape });
  try {
    return { template: { name: template.name, version: template.version }, title: template.title, blocks: parseMarkup(markup, slots) };
  } catch (e) {
    if (e instanceof MarkupError) throw new TemplateError(`${template.path}: ${e.message} (line numbers of the rendered body)`);
    throw e;
  }
}
