// Checks and hardening for the generated page: which inline scripts it has, whether any tag or
// style would fetch from another host, and the content security policy that pins its scripts.
import { createHash } from 'node:crypto';

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const STYLE = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;
// Attributes through which HTML loads something by itself (links a reader clicks are not loads).
const LOADING_TAG =
  /<(script|img|iframe|frame|source|audio|video|embed|track|object|link|image|use)\b([^>]*)>/gi;
const LOADING_ATTR =
  /\s(src|srcset|href|xlink:href|data|poster|background)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
const REMOTE = /^\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i;

/** The text of every inline script (a script with a src attribute is not inline). */
export function inlineScripts(html) {
  const scripts = [];
  for (const [, attrs, body] of html.matchAll(SCRIPT)) {
    if (!/\ssrc\s*=/i.test(attrs)) scripts.push(body);
  }
  return scripts;
}

/**
 * URLs on other hosts that the page's markup or style sheets would fetch by themselves:
 * script/img/iframe/link... sources and CSS url()/@import. Script contents are skipped: a URL in
 * a JavaScript string is not a load (the browser test watches the requests actually made).
 */
export function externalResources(html) {
  const markup = html.replace(SCRIPT, (_tag, attrs) => `<script${attrs}></script>`);
  const found = [];
  for (const [, tag, attrs] of markup.matchAll(LOADING_TAG)) {
    // Only remote URLs count: `#id` (SVG <use>), relative and data: URLs stay on the page's origin.
    for (const [, name, rawValue] of attrs.matchAll(LOADING_ATTR)) {
      const value = rawValue.replace(/^["']|["']$/g, '');
      const urls =
        name.toLowerCase() === 'srcset' ? value.split(',').map((s) => s.trim().split(/\s+/)[0]) : [value];
      for (const url of urls) if (REMOTE.test(url)) found.push(`<${tag.toLowerCase()} ${name}="${url}">`);
    }
  }
  for (const [, css] of markup.matchAll(STYLE)) {
    for (const [, url] of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/gi)) {
      if (REMOTE.test(url)) found.push(`CSS url(${url})`);
    }
    for (const [statement] of css.matchAll(/@import\s+[^;]+;?/gi)) found.push(`CSS ${statement.trim()}`);
  }
  const refresh = markup.match(/<meta\b[^>]*http-equiv\s*=\s*["']?refresh[^>]*>/i);
  if (refresh) found.push(refresh[0]);
  return found;
}

// Redoc 3 always shows a "API docs by <Redocly logo>" credit whose logo it loads from Redocly's
// CDN at run time; there is no option to turn that off. The build swaps those URLs for inline
// SVG wordmarks, so the credit (and its link to redocly.com) stays and nothing is fetched.
const WORDMARK = (text, width) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16" viewBox="0 0 ${width} 16">` +
      `<text x="0" y="12.5" font-family="system-ui,sans-serif" font-size="13" font-weight="600" fill="#5b5d66">${text}</text></svg>`,
  )}`;
export const VENDOR_ASSETS = {
  'https://cdn.redoc.ly/redoc/logo-mini-full.svg': WORDMARK('Redoc', 44),
  'https://cdn.redoc.ly/redoc/logo-mini.svg': WORDMARK('R', 10),
};

/** Replaces the vendor asset URLs above with inline data: URLs. */
export function inlineVendorAssets(html) {
  let out = html;
  for (const [url, replacement] of Object.entries(VENDOR_ASSETS)) out = out.replaceAll(url, replacement);
  return out;
}

/** `'sha256-…'` source expression for one inline script, as browsers compute it. */
export function scriptHash(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * A policy that allows exactly this page's inline scripts (by hash) and same-origin or data:
 * resources, and nothing from any other host. Styles must be inline: Redoc adds style elements
 * at run time. `connect` lists extra origins the page may call (the preview's mock).
 */
export function contentSecurityPolicy(scripts, { connect = [] } = {}) {
  const hashes = [...new Set(scripts.map(scriptHash))];
  return [
    "default-src 'none'",
    `script-src ${hashes.join(' ')}`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
