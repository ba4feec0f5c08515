// The published build in dist/: built from the bundled contract (plus the code samples generated
// from its examples, see code-samples.test.ts), only the production server,
// Redoc options from redocly.yaml, nothing fetched from another host, scripts pinned by a CSP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BUNDLED_SPEC, BUNDLED_SPEC_JSON, DIST_DIR, REDOCLY_CONFIG } from '../scripts/build.mjs';
import { redocOptions } from '../scripts/code-samples.mjs';
import { externalResources, inlineScripts, scriptHash, VENDOR_ASSETS } from '../scripts/html.mjs';
import { builtPage, bundledSpec, embeddedDefinition, type Json, shownSpec } from './helpers.js';

let html: string;
let spec: Json;
beforeAll(() => {
  html = builtPage();
  spec = bundledSpec();
});

/** The page without the contents of its scripts (which hold Redoc's code, not markup). */
function markupOf(page: string): string {
  return page.replace(/(<script\b[^>]*>)[\s\S]*?<\/script\s*>/gi, '$1</script>');
}

function metaPolicy(page: string): string {
  const match = page.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  if (!match?.[1]) throw new Error('dist/index.html has no Content-Security-Policy meta tag');
  return match[1];
}

describe('dist/index.html', () => {
  it('renders exactly the bundled contract from packages/types, with the generated samples', () => {
    const shown = embeddedDefinition(html);
    expect(shown).toEqual(shownSpec());
    // Apart from the samples, nothing differs from the contract.
    for (const pathItem of Object.values<Json>(shown.paths)) {
      for (const operation of Object.values<Json>(pathItem)) delete operation?.['x-codeSamples'];
    }
    expect(shown).toEqual(spec);
  });

  it('lists only the production server', () => {
    const servers = embeddedDefinition(html).servers.map((s: Json) => s.url);
    expect(servers).toEqual(['https://api.northflank.com']);
    expect(markupOf(html).match(/https?:\/\/(127\.0\.0\.1|localhost)[:/][^"<\s]*/g)).toBeNull();
  });

  it('uses the Redoc options from redocly.yaml, with telemetry off and a menu entry per sample', () => {
    const config = parseYaml(readFileSync(REDOCLY_CONFIG, 'utf8'));
    const options = JSON.parse(html.match(/const __redoc_options = (.*);\n/)?.[1] ?? 'null');
    expect(options).toEqual({
      ...redocOptions(config.openapi, shownSpec()),
      skipBundle: true,
      disableTelemetry: true,
    });
    const { codeSamples, ...others } = options;
    const { codeSamples: configured, ...configuredOthers } = config.openapi;
    expect(others).toEqual({ ...configuredOthers, skipBundle: true, disableTelemetry: true });
    expect(configured.languages.map((l: Json) => l.lang)).toEqual(['curl', 'TypeScript']);
    // curl entries first, then TypeScript, as configured; one entry per generated label.
    expect(codeSamples.languages.map((l: Json) => l.label ?? l.lang)).toEqual([
      'curl',
      'curl · current settings',
      'curl · with overrides',
      'TypeScript',
      'TypeScript · current settings',
      'TypeScript · with overrides',
    ]);
  });

  it('has a title, and pre-rendered markup before any script runs', () => {
    expect(html.match(/<title>([^<]*)<\/title>/)?.[1]).toBe(`${spec.info.title} · API reference`);
    expect(markupOf(html).match(/<h1[^>]*>([^<]*)<\/h1>/)?.[1]).toBe(
      `${spec.info.title} (${spec.info.version})`,
    );
  });

  it('pre-renders the info section but no operation, which is all build-docs can (README: First view)', () => {
    const text = markupOf(html)
      .replace(/<style\b[^>]*>[\s\S]*?<\/style\s*>/gi, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    expect(text).toContain(spec.info.summary);
    expect(text).toContain(spec.servers[0].url);
    // If this starts to fail, Redoc pre-renders operations now: update the README and test them.
    for (const summary of ['List job builds', 'Get job build', 'Abort job build']) {
      expect(text, summary).not.toContain(summary);
    }
    expect(text).not.toContain('Required permission');
  });

  it('loads nothing from another host: no remote script, style sheet, font, image or CDN asset', () => {
    expect(externalResources(html)).toEqual([]);
    expect(html.match(/fonts\.(googleapis|gstatic)\.com/g)).toBeNull();
    expect(Object.keys(VENDOR_ASSETS).filter((url) => html.includes(url))).toEqual([]);
    expect(html.match(/<script[^>]+\ssrc=[^>]*>/gi)).toBeNull();
  });

  it('pins every inline script with a hash in its content security policy', () => {
    const policy = metaPolicy(html);
    const scripts = inlineScripts(html);
    expect(scripts.length).toBeGreaterThanOrEqual(2); // the landing-route script and Redoc itself
    const allowed = policy.match(/script-src ([^;]+)/)?.[1]?.split(' ') ?? [];
    expect(allowed.sort()).toEqual([...new Set(scripts.map(scriptHash))].sort());
    expect(policy).toMatch(/default-src 'none'/);
    expect(policy).toMatch(/connect-src 'self';/);
    // The policy must come before any script, or the browser would not apply it to them.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
  });

  it('ships the contract it shows for download, byte for byte', () => {
    expect(readFileSync(join(DIST_DIR, 'openapi.yaml'), 'utf8')).toBe(readFileSync(BUNDLED_SPEC, 'utf8'));
    expect(readFileSync(join(DIST_DIR, 'openapi.json'), 'utf8')).toBe(
      readFileSync(BUNDLED_SPEC_JSON, 'utf8'),
    );
  });
});
