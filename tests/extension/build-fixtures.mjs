#!/usr/bin/env node
// Builds the editor fixture bundles: fixtures/src/NAME.js → fixtures/dist/NAME.js (+ NAME.css),
// every editor from npm (tests/extension/node_modules), bundled with esbuild: no CDN, no network.
//   node tests/extension/build-fixtures.mjs [--if-stale] [--only NAME,NAME] [--quiet]
// Idempotent. --if-stale does nothing when dist/.stamp is newer than every input (the sources,
// fixture.js, this script and package-lock.json).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const src = join(fixtures, 'src');
const dist = join(fixtures, 'dist');
const stamp = join(dist, '.stamp');
const argv = process.argv.slice(2);
const quiet = argv.includes('--quiet');
const onlyArg = argv.includes('--only') ? argv[argv.indexOf('--only') + 1].split(',') : null;

/** Every editor bundle, with its esbuild options beyond the shared ones. */
export const EDITORS = {
  quill: {},
  tiptap: {},
  lexical: {},
  ckeditor5: {},
  tinymce: {},
  // wangEditor 5 is built on Slate 0.72 while slate-react needs a current Slate: npm installs the
  // old one under an alias (slate-072) and this bundle resolves `slate` to it.
  wangeditor5: { alias: { slate: 'slate-072' } },
  wangeditor4: {},
  slate: {},
  draftjs: {},
  ckeditor4: {},
};

/**
 * Editors that load their own files at run time, copied from node_modules into dist/ as they are
 * (CKEditor 4 loads plugins, skin and language files from its base path).
 */
export const COPIES = {
  ckeditor4: { from: 'node_modules/ckeditor4', skip: ['samples', 'adapters', 'bender-runner.config.json', 'composer.json', 'bower.json', 'CHANGES.md', 'SECURITY.md'] },
};

function copyEditors(names) {
  for (const [name, { from, skip }] of Object.entries(COPIES)) {
    if (!names.includes(name)) continue;
    const src = join(here, from);
    const dest = join(dist, name);
    const version = (dir) => { try { return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version; } catch { return null; } };
    if (version(dest) && version(dest) === version(src)) continue; // already copied
    rmSync(dest, { recursive: true, force: true });
    cpSync(src, dest, { recursive: true, filter: (f) => !skip.some((s) => f === join(src, s)) });
  }
}

function inputs() {
  const files = [join(here, 'build-fixtures.mjs'), join(fixtures, 'fixture.js'), join(here, 'package-lock.json')];
  for (const f of readdirSync(src)) files.push(join(src, f));
  return files.filter(existsSync);
}

export function isStale() {
  if (!existsSync(stamp)) return true;
  const t = statSync(stamp).mtimeMs;
  return inputs().some((f) => statSync(f).mtimeMs > t);
}

async function loadEsbuild() {
  // Prefer tests/extension's own esbuild; fall back to the repository root's.
  for (const base of [here, join(here, '..', '..')]) {
    try {
      return createRequire(join(base, 'package.json'))('esbuild');
    } catch { /* next */ }
  }
  throw new Error('esbuild not found: run `bash tests/extension/setup.sh` (npm install in tests/extension)');
}

export async function build({ only = onlyArg } = {}) {
  const esbuild = await loadEsbuild();
  mkdirSync(dist, { recursive: true });
  const names = Object.keys(EDITORS).filter((n) => !only || only.includes(n));
  const t0 = Date.now();
  copyEditors(names);
  const results = await Promise.allSettled(names.map(async (name) => {
    const t = Date.now();
    const res = await esbuild.build({
      entryPoints: { [name]: join(src, `${name}.js`) },
      outdir: dist,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: ['chrome120'],
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'silent',
      nodePaths: [join(here, 'node_modules')],
      absWorkingDir: here,
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.png': 'file', '.gif': 'file' },
      assetNames: 'assets/[name]-[hash]',
      metafile: true,
      ...EDITORS[name],
    });
    // Every page links dist/NAME.css: write an empty one when the editor has no CSS of its own.
    const css = join(dist, `${name}.css`);
    if (!Object.keys(res.metafile.outputs).some((o) => o.endsWith(`${name}.css`))) writeFileSync(css, `/* ${name}: no CSS of its own */\n`);
    const bytes = statSync(join(dist, `${name}.js`)).size;
    if (!quiet) console.log(`build-fixtures: ${name.padEnd(12)} ${(bytes / 1024).toFixed(0).padStart(6)} KiB  ${Date.now() - t} ms`);
    return name;
  }));
  const failed = results.map((r, i) => [names[i], r]).filter(([, r]) => r.status === 'rejected');
  for (const [name, r] of failed) console.error(`build-fixtures: ${name} FAILED\n${r.reason?.message ?? r.reason}`);
  if (failed.length) {
    rmSync(stamp, { force: true });
    throw new Error(`build-fixtures: ${failed.length} bundle(s) failed: ${failed.map(([n]) => n).join(', ')}`);
  }
  if (!only) writeFileSync(stamp, `${new Date().toISOString()}\n`);
  if (!quiet) console.log(`build-fixtures: ${names.length} bundles in ${Date.now() - t0} ms → ${dist}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (argv.includes('--if-stale') && !isStale()) {
    if (!quiet) console.log('build-fixtures: up to date');
  } else {
    build().catch((e) => { console.error(e.message); process.exit(1); });
  }
}
