/** Errors of case commands, mapped to HTTP statuses in one place by the API's error handler. */
export class CaseNotFound extends Error {
  override name = 'CaseNotFound';
}
/** The request is valid but the case's state does not allow it now (→ 409). */
export class CaseConflict extends Error {
  override name = 'CaseConflict';
}
/** Valid JSON, but the data cannot be acted on (unknown loan, firm; amounts inconsistent) (→ 422). */
export class Unprocessable extends Error {
  override name = 'Unprocessable';
  readonly details: unknown;
  constructor(message: string, details?: unknown) {
    super(message);
    this.details = details;
  }
}
