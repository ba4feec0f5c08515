// The published page in Debian's Chromium, served from 127.0.0.1: what a reader sees and does.
// Every request the page makes is routed through the test; any that is not for 127.0.0.1 is
// recorded and aborted. Expected texts are read from the bundled contract, not copied here.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '@start-job-build/chromium';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST_DIR, DOCS_DIR } from '../scripts/build.mjs';
import { serveStatic } from '../scripts/static-server.mjs';
import { builtPage, codeSample, deref, type Json, operationOf, shownSpec } from './helpers.js';

const SCREENSHOT = join(DOCS_DIR, 'screenshots', 'docs.png');

let spec: Json;
let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const foreignRequests: string[] = [];
const requests: string[] = [];
const consoleErrors: string[] = [];
const policyViolations: { directive: string; blocked: string }[] = [];

function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1';
}

// A missing site or browser fails every test with the fix in its message (a failing beforeAll
// would make vitest report the tests as skipped).
let setupError: unknown;
function inPage(name: string, test: () => Promise<void> | void) {
  it(name, async () => {
    if (setupError) throw setupError;
    await test();
  });
}

beforeAll(async () => {
  try {
    await setUp();
  } catch (error) {
    setupError = error;
  }
});

async function setUp() {
  builtPage(); // fails with "run pnpm build" when there is no site
  spec = shownSpec(); // the contract with its generated samples, as the page shows it
  server = await serveStatic(DIST_DIR);
  browser = await launchChromium(); // fails naming `apt-get install -y chromium` / CHROME_PATH
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, serviceWorkers: 'block' });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    if (isLoopback(url)) return route.continue();
    foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    if (!isLoopback(request.url())) foreignRequests.push(request.url());
  });
  await page.exposeFunction('__reportViolation', (directive: string, blocked: string) =>
    policyViolations.push({ directive, blocked }),
  );
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportViolation(d: string, b: string): void }).__reportViolation(
        event.violatedDirective,
        event.blockedURI,
      );
    });
  });
  await page.goto(server.url, { waitUntil: 'load' });
}

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The operation's heading (Redoc prefixes its accessible name with a "link to" anchor). */
function operationHeading(): Locator {
  const summary = operationOf(spec).operation.summary;
  return page.locator('h2').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(summary)}\\s*$`) });
}

/** The operation's section: description, schemas and its sample panels. */
function operationSection(): Locator {
  return page.locator('[data-item-kind="httpItem"]').filter({ has: operationHeading() });
}

async function codeBlocks(): Promise<string[]> {
  return operationSection().locator('pre, code').allInnerTexts();
}

describe('docs page in Chromium', () => {
  inPage('shows the operation "Start job build" with its POST path on arrival', async () => {
    const { path, method, operation } = operationOf(spec);
    expect(operation.summary).toBe('Start job build');
    await operationHeading().waitFor({ state: 'visible', timeout: 20_000 });
    // The heading is on screen without any click or scroll.
    const box = await operationHeading().boundingBox();
    expect(box && box.y >= 0 && box.y < 1000).toBe(true);
    // The request panel names method and path, and the sidebar links to the operation.
    const request = operationSection().getByRole('button', {
      name: `${method.toUpperCase()} ${path}`,
      exact: true,
    });
    await expect.poll(() => request.isVisible()).toBe(true);
    const sidebarEntry = page
      .getByRole('link', { name: new RegExp(`^${escapeRegExp(operation.summary)}`) })
      .first();
    await expect.poll(() => sidebarEntry.isVisible()).toBe(true);
  });

  inPage(
    'lets the reader pick either request body by its prose title, showing the sha length and the docker patterns',
    async () => {
      const requestSchema = deref(
        spec,
        operationOf(spec).operation.requestBody.content['application/json'].schema,
      );
      const [currentSettings, withOverrides] = requestSchema.oneOf.map((ref: Json) => deref(spec, ref));
      // The variants are named in prose, as on Northflank's page, not by their schema names.
      expect([currentSettings.title, withOverrides.title]).toEqual([
        'Start a build with the current settings',
        'Start a build with overrides for the current settings',
      ]);
      const sha = deref(spec, currentSettings.properties.sha);
      expect([sha.minLength, sha.maxLength]).toEqual([40, 40]);
      const docker = deref(spec, deref(spec, withOverrides.properties.overrides).properties.docker);
      const patterns: string[] = Object.values(docker.properties).map((p: Json) => p.pattern);
      expect(patterns).toHaveLength(3);

      const body = operationSection().locator('[id$="/request/body"]');
      // With titles this long Redoc offers the variants in a menu rather than as tabs: the
      // button names the variant shown.
      const variant = body.getByRole('button', { name: /^Start a build with/ });
      const pick = async (title: string) => {
        await variant.click();
        // The menu lists both variants by their titles.
        await expect
          .poll(() => page.getByRole('menuitem').allInnerTexts())
          .toEqual([currentSettings.title, withOverrides.title]);
        await page.getByRole('menuitem', { name: title, exact: true }).click();
        await expect.poll(async () => (await variant.textContent())?.trim()).toBe(title);
      };
      // Each property has a (hover-only) deep link named after it: it tells which ones are rendered.
      const property = (name: string) => body.getByRole('link', { name: `link to ${name}`, exact: true });
      const overridesText = deref(spec, withOverrides.properties.overrides).description.split('. ')[0];
      await expect.poll(() => variant.isVisible()).toBe(true);

      // Current settings (the default): the sha and its exact length, no overrides.
      expect((await variant.textContent())?.trim()).toBe(currentSettings.title);
      await expect.poll(() => property('sha').count()).toBe(1);
      await expect.poll(() => body.getByText('= 40 characters').first().isVisible()).toBe(true);
      expect(await property('overrides').count()).toBe(0);

      await pick(withOverrides.title);
      await expect.poll(() => property('overrides').count()).toBe(1);
      // Redoc renders nested properties as they scroll into view, as a reader would scroll.
      await property('docker').scrollIntoViewIfNeeded();
      await expect.poll(() => body.getByText(overridesText).first().isVisible()).toBe(true);
      await expect.poll(() => body.getByText('= 40 characters').first().isVisible()).toBe(true);
      for (const pattern of patterns) {
        await expect.poll(() => body.getByText(pattern, { exact: true }).first().isVisible()).toBe(true);
      }

      await pick(currentSettings.title);
      await expect.poll(() => property('overrides').count()).toBe(0);
    },
  );

  inPage('shows the 200 response example and every error response', async () => {
    const { operation } = operationOf(spec);
    const statuses = Object.keys(operation.responses);
    expect(statuses).toEqual(['200', '400', '401', '403', '404', '409', '429', '500']);
    const example = deref(
      spec,
      operation.responses['200'].content['application/json'].examples.buildStarted,
    ).value;

    // Every status is listed, and opening one shows its description.
    const section = operationSection();
    const statusTabs = section.getByRole('tablist', { name: 'Response status' });
    for (const status of statuses) {
      const tab = statusTabs.getByRole('tab', { name: status, exact: true });
      await tab.click();
      await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
      const { description } = deref(spec, operation.responses[status]);
      // Its first sentence, as rendered text (descriptions may wrap and use Markdown further on).
      const firstLine = description.trim().replace(/\s+/g, ' ').split(/\.\s/)[0];
      await expect.poll(() => section.getByText(firstLine, { exact: false }).first().isVisible()).toBe(true);
    }

    // The sample panel shows the 200 example, and an error example when its status is picked.
    const json = (value: unknown) => JSON.stringify(value, null, 2);
    await section.getByRole('button', { name: '200', exact: true }).click();
    await expect
      .poll(async () => (await codeBlocks()).some((t) => t.includes(`"id": ${json(example.data.id)}`)))
      .toBe(true);
    const notFound = deref(
      spec,
      deref(spec, operation.responses['404']).content['application/json'].examples.notFound,
    );
    await section.getByRole('button', { name: '404', exact: true }).click();
    await expect
      .poll(async () =>
        (await codeBlocks()).some((t) => t.includes(`"id": ${json(notFound.value.error.id)}`)),
      )
      .toBe(true);
  });

  inPage(
    'shows the samples of the request example the reader picks, the overrides one included',
    async () => {
      const panel = operationSection().locator('.panel-request-samples');
      const code = panel.locator('pre');
      const shownCode = async () => (await code.textContent())?.trim();
      // The sample of the first example is shown on arrival.
      await expect.poll(shownCode).toBe(codeSample(spec, 'curl · current settings').trim());
      // Redoc's example picker would not change the code, so it is not offered here; the sample
      // menu has one entry per example instead.
      expect(await panel.getByRole('button', { name: 'Example', exact: true }).isVisible()).toBe(false);
      await panel.getByRole('button', { name: 'curl · current settings', exact: true }).click();
      await expect
        .poll(() => page.getByRole('menuitem').allInnerTexts())
        .toEqual([
          'curl · current settings',
          'curl · with overrides',
          'TypeScript · current settings',
          'TypeScript · with overrides',
        ]);

      await page.getByRole('menuitem', { name: 'curl · with overrides', exact: true }).click();
      await expect.poll(shownCode).toBe(codeSample(spec, 'curl · with overrides').trim());
      const curl = await shownCode();
      expect(curl).toContain('"overrides"');
      expect(curl).toContain('"buildArguments"');
      expect(curl).toContain('"ARGUMENT_1": "abcdef"');

      await panel.getByRole('button', { name: 'curl · with overrides', exact: true }).click();
      await page.getByRole('menuitem', { name: 'TypeScript · with overrides', exact: true }).click();
      await expect.poll(shownCode).toBe(codeSample(spec, 'TypeScript · with overrides').trim());
      expect(await shownCode()).toContain('buildArguments: {');
    },
  );

  inPage(
    'keeps every sample readable at 1280 and 1440 px: nothing cut off, no control over code',
    async () => {
      const panel = operationSection().locator('.panel-request-samples');
      const labels = ['curl', 'TypeScript'].flatMap((lang) =>
        ['current settings', 'with overrides'].map((example) => `${lang} · ${example}`),
      );
      try {
        for (const width of [1280, 1440]) {
          await page.setViewportSize({ width, height: 900 });
          for (const label of labels) {
            await panel.getByRole('button', { name: /^(curl|TypeScript) · / }).click();
            await page.getByRole('menuitem', { name: label, exact: true }).click();
            await expect
              .poll(async () => (await panel.locator('pre').textContent())?.trim())
              .toBe(codeSample(spec, label).trim());
            await panel.scrollIntoViewIfNeeded();
            const problems = await operationSection().evaluate((section) => {
              const found: string[] = [];
              const box = (el: Element) => el.getBoundingClientRect();
              const samples = section.querySelector('.panel-request-samples');
              if (!samples) return ['no samples panel'];
              if (box(samples).right > window.innerWidth + 0.5)
                found.push('the samples panel runs past the window');
              // The method, the path and the sample menu above the code are shown whole.
              const header = samples.querySelector('[data-component-name="Panel/PanelHeader"]');
              for (const el of header?.querySelectorAll('button, button span') ?? []) {
                if (el.scrollWidth > el.clientWidth + 1) found.push(`header text cut off: ${el.textContent}`);
                if (box(el).right > box(samples).right + 0.5)
                  found.push(`header runs out: ${el.textContent}`);
              }
              for (const pre of section.querySelectorAll('pre')) {
                if (!pre.checkVisibility()) continue;
                const name = (pre.textContent ?? '').slice(0, 40);
                if (pre.scrollWidth > pre.clientWidth + 1) found.push(`code wider than its box: ${name}`);
                const block = pre.closest('[data-component-name="CodeBlock/CodeBlock"]');
                const controls = [...(block?.querySelectorAll('button') ?? [])].map(box);
                const range = document.createRange();
                const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  if (!node.textContent?.trim()) continue;
                  range.selectNodeContents(node);
                  for (const r of range.getClientRects()) {
                    if (r.right > box(pre).right + 0.5) found.push(`text past the edge: ${node.textContent}`);
                    for (const c of controls) {
                      if (r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom)
                        found.push(`a button covers: ${node.textContent}`);
                    }
                  }
                }
              }
              return found;
            });
            expect(problems, `${width} px, ${label}`).toEqual([]);
          }
        }
      } finally {
        await page.setViewportSize({ width: 1400, height: 1000 });
      }
    },
  );

  inPage('finds the operation with the search box, which works under the page policy', async () => {
    const { path, operation } = operationOf(spec);
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Search docs...').fill('job build');
    // The path has two operations now (list and start): pick the hit of this one.
    const hit = page
      .locator('[data-component-name="Search/SearchItem"]')
      .filter({ hasText: path })
      .filter({ hasText: operation.summary })
      .first();
    await expect
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText keeps the line breaks.
      .poll(async () => (await hit.innerText().catch(() => '')).split('\n'))
      .toEqual(expect.arrayContaining(['POST', path, operation.summary]));
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByPlaceholder('Search docs...').count()).toBe(0);
  });

  inPage('writes a screenshot for a person to look at', async () => {
    mkdirSync(join(DOCS_DIR, 'screenshots'), { recursive: true });
    await operationHeading().scrollIntoViewIfNeeded();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
  });

  inPage('made no request outside 127.0.0.1, broke no content security rule and logged no error', () => {
    // One request in all: the page itself carries Redoc, styles, fonts and the contract.
    expect([...new Set(requests)]).toEqual([server.url]);
    expect(foreignRequests).toEqual([]);
    // Redoc probes once whether it may build its search worker with Function(); the policy says
    // no and Redoc indexes in the page instead (the search test above shows that it works).
    const unexpected = policyViolations.filter(
      (v) => !(v.directive === 'script-src' && v.blocked === 'eval'),
    );
    expect(unexpected).toEqual([]);
    expect(policyViolations.length).toBeLessThanOrEqual(1);
    expect(consoleErrors).toEqual([]);
  });
});
