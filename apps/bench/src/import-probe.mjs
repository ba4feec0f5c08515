// Run by import-cost.mjs in a fresh Node process: imports the package named in argv[2] (nothing when it
// is absent), then prints how long the import took and the memory in use afterwards, after a full GC.
const specifier = process.argv[2];
const start = performance.now();
if (specifier) await import(specifier);
const importMs = performance.now() - start;
globalThis.gc?.();
const { rss, heapUsed } = process.memoryUsage();
process.stdout.write(JSON.stringify({ importMs, rss, heapUsed }));
