import { ApplicationFailure } from '@temporalio/activity';

/** Failure type of data an activity cannot act on: retrying cannot help, someone must fix the data. */
export const BAD_DATA = 'BadData';

export function badData(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: BAD_DATA, message, nonRetryable: true });
}

/** PostgreSQL's SQLSTATE of a driver error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
