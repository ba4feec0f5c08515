// The version is injected at build time (tsup `define`, and vitest's for tests) from
// package.json, so there is no second copy to keep in step when changesets bumps it.
declare const __SDK_VERSION__: string | undefined;

/** The name this package is published under. */
export const PACKAGE_NAME = '@start-job-build/client';

/** The version of this package. */
export const VERSION: string = typeof __SDK_VERSION__ === 'string' ? __SDK_VERSION__ : '0.0.0-development';

/** `@start-job-build/client/<version>`, followed by the caller's own product token if given. */
export function userAgentFor(extra?: string): string {
  const base = `${PACKAGE_NAME}/${VERSION}`;
  return extra ? `${base} ${extra}` : base;
}
