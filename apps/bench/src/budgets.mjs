// The budgets from issue 7, as issue 12 changed them (per-call time 1.20x bare openapi-fetch,
// was 1.05x; the start-one-build bundle 7,000 B, was 6,000 B), checked against the results
// object. The docs page's time to visible is reported in the docs table but judged no more
// (issue 13): an absolute time in milliseconds passed or failed with the machine's load. Pure:
// unit-tested in test/.
// Sizes use SI units (1 kB = 1000 bytes, 1 MB = 1,000,000 bytes), the stricter reading.

export const LIMITS = {
  perCallRatio: 1.2,
  bundleGzipBytes: 7_000,
  bundleOfficialFactor: 25,
  importOverEmptyMs: 10,
  warmBuildSeconds: 2,
  docsGzipBytes: 1_000_000,
};

const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** Why a section has no figure: skipped on the command line, errored, or a prerequisite missing. */
function missing(section) {
  if (section === undefined) return { status: 'SKIP', measured: 'not run' };
  if (section.error) return { status: 'FAIL', measured: `error: ${section.error}` };
  return null;
}

function check(name, limit, measured, pass) {
  return { name, limit, measured, status: pass ? 'PASS' : 'FAIL' };
}

export function evaluateBudgets(results, limits = LIMITS) {
  const budgets = [];

  {
    const name = 'per-call time, our client (validation on) vs bare openapi-fetch';
    const limit = `<= ${limits.perCallRatio}x`;
    const gap = missing(results.perCall);
    const ours = results.perCall?.cases?.find((c) => c.id === 'ours');
    if (gap) budgets.push({ name, limit, ...gap });
    else if (!ours || ours.unavailable)
      budgets.push(check(name, limit, ours?.unavailable ?? 'missing', false));
    else {
      const ratio = ours.ratioToOpenapiFetch.median;
      budgets.push(check(name, limit, `${fmt(ratio, 3)}x`, ratio <= limits.perCallRatio));
    }
  }

  {
    const gap = missing(results.bundle);
    const ours = results.bundle?.rows?.find((r) => r.id === 'ours');
    const official = results.bundle?.rows?.find((r) => r.id === 'official');
    const sizeName = 'bundle of our client, gzipped (browser and Node)';
    const sizeLimit = `<= ${limits.bundleGzipBytes} B`;
    const factorName = 'official client bundle / ours (Node, gzipped)';
    const factorLimit = `>= ${limits.bundleOfficialFactor}x`;
    if (gap) {
      budgets.push(
        { name: sizeName, limit: sizeLimit, ...gap },
        { name: factorName, limit: factorLimit, ...gap },
      );
    } else {
      const unavailable = ['browser', 'node'].map((p) => ours?.[p]?.unavailable).find(Boolean);
      if (!ours || unavailable) budgets.push(check(sizeName, sizeLimit, unavailable ?? 'missing', false));
      else {
        const largest = Math.max(ours.browser.gzipBytes, ours.node.gzipBytes);
        const measured = `browser ${ours.browser.gzipBytes} B, node ${ours.node.gzipBytes} B`;
        budgets.push(check(sizeName, sizeLimit, measured, largest <= limits.bundleGzipBytes));
      }
      const oursNode = ours?.node?.gzipBytes;
      const officialNode = official?.node?.gzipBytes;
      if (!oursNode || !officialNode) {
        const why = ours?.node?.unavailable ?? official?.node?.unavailable ?? 'missing';
        budgets.push(check(factorName, factorLimit, why, false));
      } else {
        const factor = officialNode / oursNode;
        budgets.push(
          check(factorName, factorLimit, `${fmt(factor, 1)}x`, factor >= limits.bundleOfficialFactor),
        );
      }
    }
  }

  {
    const name = 'import cost of our client over an empty script';
    const limit = `<= ${limits.importOverEmptyMs} ms`;
    const gap = missing(results.importCost);
    const ours = results.importCost?.rows?.find((r) => r.id === 'ours');
    if (gap) budgets.push({ name, limit, ...gap });
    else if (!ours || ours.unavailable)
      budgets.push(check(name, limit, ours?.unavailable ?? 'missing', false));
    else {
      // Process wall time over the empty script is the definition, but on a busy machine its noise can
      // hide a few milliseconds; the in-process import() time is a steadier lower bound. Judge the larger.
      const wall = ours.overEmptyWallMs.median;
      const inProcess = ours.importMs.median;
      const measured = `${fmt(Math.max(wall, inProcess), 1)} ms (wall ${fmt(wall, 1)}, import() ${fmt(inProcess, 1)})`;
      budgets.push(check(name, limit, measured, Math.max(wall, inProcess) <= limits.importOverEmptyMs));
    }
  }

  {
    const name = 'warm pnpm build, every task cached';
    const limit = `<= ${limits.warmBuildSeconds} s`;
    const gap = missing(results.pipeline);
    const p = results.pipeline;
    if (gap) budgets.push({ name, limit, ...gap });
    else if (!p.warm?.length) {
      const failed = p.cold?.failed?.length ? `, ${p.cold.failed.join(', ')} failed` : '';
      budgets.push(check(name, limit, `cold build failed (exit ${p.cold?.exitCode}${failed})`, false));
    } else {
      const seconds = p.warmSeconds.median;
      const cached = p.warm.map((run) => `${run.cached ?? '?'}/${run.total ?? '?'}`).join(', ');
      const measured = `${fmt(seconds)} s, cached ${cached}${p.warmAllCached ? '' : ' (not all cached)'}`;
      budgets.push(check(name, limit, measured, p.warmAllCached && seconds <= limits.warmBuildSeconds));
    }
  }

  {
    const sizeName = 'docs page transfer, gzipped';
    const sizeLimit = `<= ${limits.docsGzipBytes} B`;
    const d = results.docsPage;
    const gap = missing(d) ?? (d.unavailable ? { status: 'FAIL', measured: d.unavailable } : null);
    if (gap) budgets.push({ name: sizeName, limit: sizeLimit, ...gap });
    else {
      const bytes = d.transferGzipBytes.median;
      budgets.push(check(sizeName, sizeLimit, `${Math.round(bytes)} B`, bytes <= limits.docsGzipBytes));
    }
  }

  return budgets;
}
