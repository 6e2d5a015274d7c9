/** A problem the user can fix; the CLI prints its message alone, without a stack. */
export class UserError extends Error {
  override readonly name = 'UserError';
}
