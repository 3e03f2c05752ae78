import { textProblem } from '../domain/input-rules.ts';
import { formatPath, type FieldProblem } from './errors.ts';

/**
 * Every text the service accepts ends up in court documents, letters and web pages; none of it
 * is markup. Refusing ill-formed Unicode and control characters (the text rule of
 * domain/input-rules.ts), angle brackets, template delimiters and bidirectional overrides at the
 * door keeps `<script>`, `{{x}}` and look-alike tricks out of the database, so no later renderer
 * has to be the last line of defence (they escape as well).
 */
const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/[<>]/, 'must not contain < or > (markup is not accepted)'],
  [/\{\{|\}\}|\{%|%\}|\$\{/, 'must not contain template delimiters ({{ }}, {% %}, ${)'],
  [/[\u202a-\u202e\u2066-\u2069]/, 'must not contain bidirectional override characters'],
];

/** Why a text is refused (the text rule of input-rules.ts, then markup), or undefined. */
export function plainTextProblem(value: string): string | undefined {
  return textProblem(value) ?? FORBIDDEN.find(([pattern]) => pattern.test(value))?.[1];
}

/** Every string in a parsed JSON value that is not plain text, with its path. */
export function markupProblems(value: unknown, path: PropertyKey[] = []): FieldProblem[] {
  if (typeof value === 'string') {
    const problem = plainTextProblem(value);
    return problem === undefined ? [] : [{ path: formatPath(path) || '(body)', message: problem }];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => markupProblems(item, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...markupProblems(key, [...path, key]),
      ...markupProblems(item, [...path, key]),
    ]);
  }
  return [];
}
