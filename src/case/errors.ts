/** Errors of case commands, mapped to HTTP statuses in one place by the API's error handler (with intake's). */
export class CaseNotFound extends Error {
  override name = 'CaseNotFound';
}
/** The request is valid but the case's state does not allow it now (→ 409). */
export class CaseConflict extends Error {
  override name = 'CaseConflict';
}
