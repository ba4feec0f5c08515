import type { Browser } from 'playwright-core';

/** The flags every launch uses: headless, and no background traffic to hosts we cannot reach. */
export const CHROME_FLAGS: string[];
/** `CHROME_PATH`, or Debian's `/usr/bin/chromium`. */
export function chromePath(): string;
/** The browser's path; throws an error that names the fix when there is none. */
export function assertChromium(): string;
/** Starts headless Chromium with a fresh temporary profile. */
export function launchChromium(): Promise<Browser>;
