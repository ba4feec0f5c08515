// Launches Debian's Chromium through playwright-core (never a downloaded browser). Shared by the
// browser tests (docs, client) and the bench so all run the same binary with the same flags.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromePath() {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

/** Throws an error that says how to get a browser when there is none at chromePath(). */
export function assertChromium() {
  const path = chromePath();
  if (!existsSync(path)) {
    throw new Error(
      `Chromium was not found at ${path}. Install Debian's package with \`apt-get install -y chromium\` ` +
        '(.ci/run does this), or set CHROME_PATH to a Chromium or Chrome binary.',
    );
  }
  return path;
}

/**
 * Starts headless Chromium. Playwright gives every launch a fresh temporary user-data-dir and
 * deletes it on close (it refuses a --user-data-dir flag), so no profile state carries over.
 */
export function launchChromium() {
  return chromium.launch({ executablePath: assertChromium(), args: CHROME_FLAGS });
}
