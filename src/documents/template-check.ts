/**
 * Static check of templates (run in tests, and usable as a CLI/CI step):
 *  - front matter present, name matching the file, semantic version;
 *  - every Mustache tag refers to a field the document's view model declares (walked against the
 *    view's zod schema with Mustache's own context-stack lookup), values print only scalars,
 *    sections open only arrays / objects / booleans / optional text;
 *  - no unescaped tags ({{{x}}}, {{&x}}), partials or delimiter changes: every value must pass
 *    through the model escape;
 *  - directives are known, and the template's own text contains no phrase the conduct rules forbid.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import type { z } from 'zod';
import { findForbiddenPhrases } from './conduct.ts';
import { BLOCK_DIRECTIVES, LINE_DIRECTIVES, RESERVED_CHARS } from './markup.ts';
import { EXHIBIT_DOCUMENTS } from './exhibits/index.ts';
import { DOCUMENTS } from './registry.ts';
import { DEFAULT_TEMPLATE_DIR, parseTemplateSource, TemplateError } from './templates.ts';

export interface TemplateProblem {
  template: string;
  kind: 'front_matter' | 'unknown_field' | 'type_mismatch' | 'unescaped' | 'unsupported_tag' | 'directive' | 'reserved_char' | 'forbidden_phrase';
  message: string;
}

/** The schema node kinds the walker understands (zod v4 definitions). */
type Node = { kind: 'object'; shape: Record<string, z.ZodType> } | { kind: 'array'; element: z.ZodType } | { kind: 'scalar'; type: string } | { kind: 'boolean' } | { kind: 'unknown'; type: string };

interface ZodDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
}

function defOf(schema: z.ZodType): ZodDef {
  return (schema as unknown as { _zod: { def: ZodDef } })._zod.def;
}

function node(schema: z.ZodType): Node {
  let def = defOf(schema);
  for (;;) {
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type) && def.innerType) def = defOf(def.innerType);
    else if (def.type === 'pipe' && def.out) def = defOf(def.out);
    else break;
  }
  switch (def.type) {
    case 'object':
      return { kind: 'object', shape: def.shape ?? {} };
    case 'array':
      return { kind: 'array', element: def.element! };
    case 'boolean':
      return { kind: 'boolean' };
    case 'string':
    case 'number':
    case 'int':
    case 'enum':
    case 'literal':
    case 'bigint':
      return { kind: 'scalar', type: def.type };
    default:
      return { kind: 'unknown', type: def.type };
  }
}

/** Mustache lookup: the first name segment is searched up the context stack, the rest walks down. */
function resolve(name: string, stack: Node[]): Node | null {
  if (name === '.') return stack[stack.length - 1] ?? null;
  const [head, ...rest] = name.split('.');
  for (let i = stack.length - 1; i >= 0; i--) {
    const ctx = stack[i]!;
    if (ctx.kind !== 'object' || !(head! in ctx.shape)) continue;
    let cur = node(ctx.shape[head!]!);
    for (const seg of rest) {
      if (cur.kind !== 'object' || !(seg in cur.shape)) return null;
      cur = node(cur.shape[seg]!);
    }
    return cur;
  }
  return null;
}

type Token = [string, string, number, number, Token[]?, number?];

/** Problems of one template source against its view schema (empty when the template is fine). */
export function checkTemplateSource(source: string, schema: z.ZodType, fileName: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const report = (kind: TemplateProblem['kind'], message: string) => problems.push({ template: fileName, kind, message });
  let body: string;
  try {
    const t = parseTemplateSource(source, fileName);
    const expected = fileName.replace(/\.mustache$/, '').replace(/^.*\//, '');
    if (t.name !== expected) report('front_matter', `front matter names "${t.name}", file is "${expected}"`);
    body = t.body;
    for (const v of findForbiddenPhrases(t.title)) report('forbidden_phrase', `title contains "${v.phrase}" (${v.category})`);
  } catch (e) {
    report('front_matter', e instanceof TemplateError ? e.message : String(e));
    return problems;
  }
  if (RESERVED_CHARS.test(body)) report('reserved_char', 'template contains U+E000/U+E001, reserved for value slots');

  let tokens: Token[];
  try {
    tokens = Mustache.parse(body) as unknown as Token[];
  } catch (e) {
    report('unsupported_tag', `Mustache cannot parse the template: ${(e as Error).message}`);
    return problems;
  }
  const texts: string[] = [];
  const walk = (list: Token[], stack: Node[]): void => {
    for (const tok of list) {
      const [type, value] = tok;
      const at = `"{{${type === 'name' ? '' : type}${value}}}"`;
      switch (type) {
        case 'text':
          texts.push(value);
          break;
        case '!':
          break;
        case '&':
        case '{':
          report('unescaped', `${at}: unescaped output bypasses the model escape; use {{${value}}}`);
          break;
        case '>':
          report('unsupported_tag', `${at}: partials are not supported`);
          break;
        case '=':
          report('unsupported_tag', `${at}: changing delimiters is not supported`);
          break;
        case 'name': {
          const n = resolve(value, stack);
          if (!n) report('unknown_field', `{{${value}}}: no such field in the view model`);
          else if (n.kind !== 'scalar') report('type_mismatch', `{{${value}}}: prints a ${n.kind === 'unknown' ? n.type : n.kind}, only text and numbers can be printed`);
          break;
        }
        case '#':
        case '^': {
          const n = resolve(value, stack);
          if (!n) {
            report('unknown_field', `{{${type}${value}}}: no such field in the view model`);
            walk(tok[4] ?? [], stack);
          } else if (type === '^') walk(tok[4] ?? [], stack);
          else if (n.kind === 'array') walk(tok[4] ?? [], [...stack, node(n.element)]);
          else if (n.kind === 'object' || n.kind === 'scalar') walk(tok[4] ?? [], [...stack, n]);
          else if (n.kind === 'boolean') walk(tok[4] ?? [], stack);
          else {
            report('type_mismatch', `{{#${value}}}: cannot open a section on a ${n.type}`);
            walk(tok[4] ?? [], stack);
          }
          break;
        }
        default:
          report('unsupported_tag', `unsupported Mustache tag type ${JSON.stringify(type)}`);
      }
    }
  };
  walk(tokens, [node(schema)]);

  const text = texts.join('');
  for (const v of findForbiddenPhrases(text)) report('forbidden_phrase', `contains "${v.phrase}" (${v.category})`);
  for (const line of text.split('\n')) {
    const m = /^\s*::([a-z]*)/.exec(line);
    if (m && !BLOCK_DIRECTIVES.has(m[1]!) && !LINE_DIRECTIVES.has(m[1]!)) report('directive', `unknown directive "::${m[1]}"`);
  }
  return problems;
}

/** Checks every registered document's and exhibit sheet's template in `dir`, and flags template files none uses. */
export function checkAllTemplates(dir: string = DEFAULT_TEMPLATE_DIR): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const used = new Set<string>();
  const defs: { template: string; schema: z.ZodType }[] = [...Object.values(DOCUMENTS), ...EXHIBIT_DOCUMENTS];
  for (const def of defs) {
    const file = `${def.template}.mustache`;
    used.add(file);
    let source: string;
    try {
      source = readFileSync(join(dir, file), 'utf8');
    } catch {
      problems.push({ template: file, kind: 'front_matter', message: `missing template file ${join(dir, file)}` });
      continue;
    }
    problems.push(...checkTemplateSource(source, def.schema, file));
  }
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.mustache') && !used.has(f)) problems.push({ template: f, kind: 'front_matter', message: 'template file is not used by any document' });
  }
  return problems;
}
