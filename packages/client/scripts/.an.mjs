import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const r = await build({ entryPoints: [process.argv[2]], bundle: true, minify: true, format: 'esm', write: false, platform: 'browser', metafile: true, target: 'es2022' });
const t = r.outputFiles[0].contents; console.log(t.length, gzipSync(t, { level: 9 }).length);
if (process.argv[3]) console.log(r.outputFiles[0].text);
