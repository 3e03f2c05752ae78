import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import { maskPersonalText } from '../privacy/masking.ts';

/**
 * Logs on stderr: JSON lines when stderr is not a terminal (a file, a pipe, a log collector), and
 * one readable line per entry (pino-pretty: time, level, message, then the fields) when a person
 * watches it in a terminal. Personal data must never reach them: fields that carry it are
 * redacted by path, and every other string (messages, error texts from the database or the
 * Temporal SDK) has ID and mobile numbers masked before the line is formatted, in both forms.
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

/**
 * Where lines go: stderr, made readable when it is a terminal. The formatter is used directly
 * (not as pino-pretty's stream, which always spreads an error over several lines) so that every
 * entry, errors included, is one line: time, level, message, then the fields as compact JSON.
 */
function stderr(): DestinationStream {
  const out = pino.destination({ dest: 2, sync: true });
  if (!process.stderr.isTTY) return out;
  // Loaded only for a terminal: services under a supervisor never pay for it.
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  const readable = prettyFactory({
    colorize: true,
    singleLine: true,
    errorLikeObjectKeys: [],
    ignore: 'pid,hostname,name',
    translateTime: 'SYS:HH:MM:ss.l',
  });
  return { write: (line: string) => out.write(readable(line)) };
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
    stderr(),
  );
}

export type { Logger };
