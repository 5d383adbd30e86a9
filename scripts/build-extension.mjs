#!/usr/bin/env node
// Builds the browser extension (extension/) into loadable folders dist/chrome/ and dist/firefox/
// and store zips dist/wenfeng-<browser>-<version>.zip. The analyzer is the core's wasm package
// (www/pkg/, built by `make wasm`): its glue is bundled into the background script and the .wasm
// is copied next to it. Usage: node scripts/build-extension.mjs [--dev]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const ext = join(root, 'extension');
const dist = join(root, 'dist');
const pkg = join(root, 'www', 'pkg');

for (const f of ['wenfeng.js', 'wenfeng_bg.wasm']) {
  if (!existsSync(join(pkg, f))) {
    console.error(`缺少 www/pkg/${f}，请先运行 make wasm。 (www/pkg/${f} is missing: run \`make wasm\` first.)`);
    process.exit(2);
  }
}

const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];
const chromeKey = readFileSync(join(ext, 'chrome-key.txt'), 'utf8').trim();

/** The extension id Chrome derives from the manifest key (documented for enterprise policy). */
function chromeId(keyB64) {
  const hex = createHash('sha256').update(Buffer.from(keyB64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

// Deterministic zip (sorted entries, fixed timestamps) with Python's zipfile, present wherever
// the build runs.
const ZIP_PY = `
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for base, dirs, files in sorted(os.walk(src)):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(base, f)
            info = zipfile.ZipInfo(os.path.relpath(p, src), (2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(p, 'rb') as fh:
                z.writestr(info, fh.read())
`;

const GECKO_ID = 'wenfeng@wenfeng.dev';

function manifest(browser) {
  const m = JSON.parse(readFileSync(join(ext, 'manifest.base.json'), 'utf8'));
  m.version = version;
  if (browser === 'chrome') {
    m.background = { service_worker: 'background.js' };
    m.minimum_chrome_version = '111';
  } else {
    m.background = { scripts: ['background.js'] };
    m.browser_specific_settings = {
      gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: '142.0' },
    };
  }
  return m;
}

const entries = {
  background: 'extension/src/background.ts',
  content: 'extension/src/content.ts',
  popup: 'extension/src/popup.ts',
  options: 'extension/src/options.ts',
};
const STATIC = ['_locales', 'icons', 'popup.html', 'options.html', 'pages.css', 'managed_schema.json'];

rmSync(dist, { recursive: true, force: true });
const stage = join(dist, '.stage');
await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir: stage,
  bundle: true,
  // Classic scripts: a Chrome service worker and a Firefox event page both take them, and a
  // content script must be one.
  format: 'iife',
  platform: 'browser',
  target: ['chrome111', 'firefox128'],
  alias: { 'wenfeng-wasm': './www/pkg/wenfeng.js' },
  // The glue's default wasm URL uses import.meta.url; we always pass the URL explicitly.
  define: { 'import.meta.url': '""' },
  loader: { '.toml': 'text', '.txt': 'text' },
  sourcemap: dev ? 'inline' : false,
  minify: !dev,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
});

const sizes = [];
for (const browser of ['chrome', 'firefox']) {
  const out = join(dist, browser);
  mkdirSync(out, { recursive: true });
  cpSync(stage, out, { recursive: true });
  for (const f of STATIC) cpSync(join(ext, f), join(out, f), { recursive: true });
  cpSync(join(pkg, 'wenfeng_bg.wasm'), join(out, 'wenfeng_bg.wasm'));
  const m = manifest(browser);
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
  // Store zip: without the development key (the store assigns the id).
  const zip = join(dist, `wenfeng-${browser}-${version}.zip`);
  execFileSync('python3', ['-c', ZIP_PY, out, zip]);
  if (browser === 'chrome') {
    // The unpacked build carries the key so that its id is stable (policies name the id).
    m.key = chromeKey;
    writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
  }
  sizes.push(`${browser}: ${(statSync(zip).size / 1048576).toFixed(2)} MB zip`);
}
rmSync(stage, { recursive: true, force: true });
writeFileSync(join(dist, 'ids.json'), `${JSON.stringify({ chrome: chromeId(chromeKey), firefox: GECKO_ID }, null, 2)}\n`);
console.log(`build-extension: dist/chrome/ dist/firefox/ ready (version ${version}; ${sizes.join(', ')}; unpacked Chrome id ${chromeId(chromeKey)})`);
