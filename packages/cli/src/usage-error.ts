/** A mistake on the command line or in the environment: exit code 2, nothing was sent. */
export class UsageError extends Error {
  override name = 'UsageError';
}
