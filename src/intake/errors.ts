/** Errors of requests that carry data (intake, case commands), mapped to HTTP statuses by the API's error handler. */
/** The thing a request is about (the loan in the path) does not exist (→ 404). */
export class IntakeNotFound extends Error {
  override name = 'IntakeNotFound';
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
