import { pino, type Logger } from 'pino';
import { maskPersonalText } from '../privacy/masking.ts';

/**
 * Structured JSON logs on stderr. Personal data must never reach them: fields that carry it are
 * redacted by path, and every other string (messages, error texts from the database or the
 * Temporal SDK) has ID and mobile numbers masked before the line is written.
 */
const redactedPaths = [
  '*.idNumber', '*.id_number', '*.phone', '*.address', '*.email',
  '*.*.idNumber', '*.*.id_number', '*.*.phone', '*.*.address', '*.*.email',
  'req.headers.authorization', 'headers.authorization', '*.token', 'token',
];

function maskStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, depth + 1));
  if (value instanceof Error) return { type: value.name, message: maskPersonalText(value.message), stack: maskPersonalText(value.stack ?? '') };
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskStrings(item, depth + 1)]));
}

export function createLogger(level: string, name = 'legal-escalation'): Logger {
  // stderr: stdout belongs to commands whose output is data (`token create` prints only the token).
  return pino(
    {
      name,
      level,
      redact: { paths: redactedPaths, censor: '[masked]' },
      formatters: { log: (object) => maskStrings(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? maskPersonalText(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    pino.destination(2),
  );
}

export type { Logger };
