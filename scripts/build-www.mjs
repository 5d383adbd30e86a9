#!/usr/bin/env node
// Bundles the demo page (www/src/main.ts → www/dist/app.js) and its analyzer workers
// (www/src/worker.ts → www/dist/worker.js, and the dev/test-only worker-mock.js) with esbuild.
// The wasm package (www/pkg/, built by `make wasm`) is loaded by the worker at run time, so this
// build does not need it. Usage: node scripts/build-www.mjs [--dev] [--watch]
import { build, context } from 'esbuild';
import { rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const watch = process.argv.includes('--watch');
const outdir = join(root, 'www', 'dist');

rmSync(outdir, { recursive: true, force: true });

const options = {
  absWorkingDir: root,
  entryPoints: {
    app: 'www/src/main.ts',
    worker: 'www/src/worker.ts',
    'worker-mock': 'www/src/worker-mock.ts',
  },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome111', 'firefox115', 'safari16.4'],
  loader: { '.txt': 'text' },
  sourcemap: true,
  minify: !dev,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'info',
};

if (watch) {
  const ctx = await context(options);
  await ctx.watch();
  console.log('build-www: watching for changes…');
} else {
  await build(options);
  const sizes = ['app.js', 'worker.js'].map((f) => `${f} ${(statSync(join(outdir, f)).size / 1024).toFixed(1)} KiB`);
  console.log(`build-www: www/dist/ ready (${sizes.join(', ')})`);
}
