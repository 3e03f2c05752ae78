import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs. Personal data must never reach them: fields that carry it are redacted
 * by path here, and free text is masked with `maskPersonalData` before it is logged.
 */
const redactedPaths = [
  '*.idNumber', '*.id_number', '*.phone', '*.address', '*.email',
  '*.*.idNumber', '*.*.id_number', '*.*.phone', '*.*.address', '*.*.email',
  'req.headers.authorization', 'headers.authorization', '*.token', 'token',
];

export function createLogger(level: string, name = 'legal-escalation'): Logger {
  // stderr: stdout belongs to commands whose output is data (`token create` prints only the token).
  return pino({ name, level, redact: { paths: redactedPaths, censor: '[masked]' } }, pino.destination(2));
}

export type { Logger };
