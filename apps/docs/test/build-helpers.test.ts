// The pieces of the build that are plain functions: the preview's server injection, the landing
// route, and the checks and policy applied to the generated HTML.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { landingPath, tagRoute, withMockServer } from '../scripts/build.mjs';
import {
  contentSecurityPolicy,
  externalResources,
  inlineScripts,
  inlineVendorAssets,
  scriptHash,
  VENDOR_ASSETS,
} from '../scripts/html.mjs';
import { bundledSpec, codeSample, operationOf, shownSpec } from './helpers.js';

describe('withMockServer (preview build)', () => {
  const spec = shownSpec();
  const mockUrl = 'http://127.0.0.1:4010';

  it('lists the mock first and keeps the production server after it', () => {
    const preview = withMockServer(spec, `${mockUrl}/`);
    expect(preview.servers.map((s: { url: string }) => s.url)).toEqual([
      mockUrl,
      ...spec.servers.map((s: { url: string }) => s.url),
    ]);
    expect(preview.servers[0].description).toMatch(/mock/i);
  });

  it('points the curl samples at the mock and leaves the other samples alone', () => {
    const preview = withMockServer(spec, mockUrl);
    const path = '/v1/projects/default-project/jobs/nightly-report/build';
    for (const example of ['current settings', 'with overrides']) {
      expect(codeSample(preview, `curl · ${example}`)).toContain(`${mockUrl}${path}`);
      expect(codeSample(preview, `curl · ${example}`)).not.toContain(spec.servers[0].url);
      expect(codeSample(preview, `TypeScript · ${example}`)).toBe(
        codeSample(spec, `TypeScript · ${example}`),
      );
    }
  });

  it('does not modify the published document', () => {
    const before = JSON.stringify(spec);
    withMockServer(spec, mockUrl);
    expect(JSON.stringify(spec)).toBe(before);
  });
});

describe('landing route', () => {
  it("is the route of the first operation's tag", () => {
    const spec = bundledSpec();
    expect(landingPath(spec)).toBe(tagRoute(operationOf(spec).operation.tags[0]));
    expect(landingPath(spec)).toBe('/jobs');
  });

  it('follows Redoc route naming and is empty without tags', () => {
    expect(tagRoute('Build & Deploy')).toBe('/build-deploy');
    expect(landingPath({ paths: { '/x': { get: { operationId: 'x' } } } })).toBe('');
  });
});

describe('externalResources', () => {
  it('finds markup and CSS that would fetch from another host', () => {
    const html = [
      '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
      '<script src="https://cdn.redocly.com/redoc.js"></script>',
      "<img src='//cdn.example.org/logo.png'>",
      '<img srcset="/a.png 1x, https://cdn.example.org/b.png 2x">',
      '<style>body{background:url("https://example.org/bg.png")} @import "x.css";</style>',
    ].join('\n');
    expect(externalResources(html)).toEqual([
      '<link href="https://fonts.googleapis.com/css?family=Roboto">',
      '<script src="https://cdn.redocly.com/redoc.js">',
      '<img src="//cdn.example.org/logo.png">',
      '<img srcset="https://cdn.example.org/b.png">',
      'CSS url(https://example.org/bg.png)',
      'CSS @import "x.css";',
    ]);
  });

  it('ignores links a reader clicks, local and data: URLs, and URLs inside inline scripts', () => {
    const html = [
      '<a href="https://github.com/start-job-build">repo</a>',
      '<link rel="icon" href="data:,">',
      '<img src="/logo.svg"><svg><use href="#icon"/></svg>',
      '<script type="module">fetch("https://example.org"); const s = "<img src=\\"https://x.org/a.png\\">";</script>',
      '<style>.a{background:url(data:image/svg+xml,%3Csvg%3E)}</style>',
    ].join('\n');
    expect(externalResources(html)).toEqual([]);
  });
});

describe('content security policy', () => {
  it('hashes inline scripts as browsers do and skips external ones', () => {
    const html = '<script>a()</script><script src="/x.js"></script><script type="module">b()</script>';
    expect(inlineScripts(html)).toEqual(['a()', 'b()']);
    expect(scriptHash('a()')).toBe(`'sha256-${createHash('sha256').update('a()').digest('base64')}'`);
  });

  it('allows only the given scripts, inline styles and same-origin or data: resources', () => {
    const policy = contentSecurityPolicy(['a()', 'b()'], { connect: ['http://127.0.0.1:4010'] });
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`script-src ${scriptHash('a()')} ${scriptHash('b()')};`);
    expect(policy).toContain("connect-src 'self' http://127.0.0.1:4010");
    expect(policy).not.toMatch(/unsafe-eval|\*/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

describe('inlineVendorAssets', () => {
  it('replaces every known CDN asset with a data: URL', () => {
    const urls = Object.keys(VENDOR_ASSETS);
    const out = inlineVendorAssets(`src:e?\`${urls[0]}\`:\`${urls[1]}\``);
    for (const url of urls) expect(out).not.toContain(url);
    expect(out).toContain('data:image/svg+xml,');
  });
});
