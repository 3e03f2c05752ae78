/** The thing a request is about (the loan in the path) does not exist (→ 404). */
export class IntakeNotFound extends Error {
  override name = 'IntakeNotFound';
}
