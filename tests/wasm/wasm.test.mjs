// wasm in Node: `analyze` must equal the native CLI's JSON byte for byte on every fixture, bad topic
// lists must return errors and keep the old list, and errors must surface as JS Errors.
// Run: node --test tests/wasm/  (needs www/pkg from scripts/build-wasm.sh and target/release/wenfeng)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = join(root, 'www', 'pkg', 'wenfeng.js');
const cli = join(root, 'target', 'release', 'wenfeng');

const missing = [pkg, cli].filter((p) => !existsSync(p));
const skip = missing.length ? `missing ${missing.join(', ')} (run make wasm and cargo build --release)` : false;

let Wenfeng;
if (!skip) {
  const mod = await import(pkg);
  mod.initSync({ module: readFileSync(join(root, 'www', 'pkg', 'wenfeng_bg.wasm')) });
  Wenfeng = mod.Wenfeng;
}

function fixtures() {
  const out = [];
  const dirs = ['tests/devset/drafts', 'tests/heldout/drafts', 'tests/testset/drafts', 'tests/fixtures/topics', 'www/samples'];
  for (const d of dirs) {
    const dir = join(root, d);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.txt')) continue;
      const raw = readFileSync(join(dir, f), 'utf8');
      // Dev-set marks ⟦category|text⟧ are stripped to the plain draft.
      out.push([`${d}/${f}`, raw.replace(/⟦[a-z]+\|/g, '').replace(/⟧/g, '')]);
    }
  }
  out.push(['astral+crlf', '𠮷野家😀在上级的正确领导下，\r\n各项工作再上新台阶。\r\n今年是2024年。XX同志出席。']);
  out.push(['empty', '']);
  return out;
}

test('analyze equals the CLI JSON byte for byte', { skip }, () => {
  const w = new Wenfeng({ year: 2026 });
  const cases = fixtures();
  assert.ok(cases.length >= 50, `only ${cases.length} fixtures`);
  for (const [name, text] of cases) {
    const native = execFileSync(cli, ['check', '--format', 'json', '--year', '2026', '-'], { input: text }).toString().trim();
    const wasm = JSON.stringify(w.analyze(text));
    assert.equal(wasm, native, `fixture ${name} differs`);
  }
});

test('UTF-16 offsets slice back to text', { skip }, () => {
  const w = new Wenfeng({ year: 2026 });
  const text = '𠮷😀在上级的正确领导下，我们取得显著成效。\r\n【#更多素@材%*尽在哒哒~文库】';
  const r = w.analyze(text);
  assert.ok(r.findings.length >= 3);
  for (const f of r.findings) assert.equal(text.slice(f.start, f.end), f.text);
});

test('setTopics rejects a bad list and keeps the old one', { skip }, () => {
  const w = new Wenfeng({ year: 2026 });
  const draft = '我们组织党员干部深入学习贯彻二十届四中全会精神，开展宣讲42场。';
  const before = JSON.stringify(w.analyze(draft).alignment);
  const bad = w.setTopics('year = 2026\n[[topic]]\nid = "x"\ntitle = "t"\nkeywords = []\n', 'toml');
  assert.equal(bad.ok, false);
  assert.ok(bad.errors.length >= 1 && bad.errors[0].line >= 1, JSON.stringify(bad));
  assert.equal(JSON.stringify(w.analyze(draft).alignment), before, 'old list kept');
  const good = w.setTopics('年份：2026\n食堂管理：食堂，菜品\n', 'text');
  assert.equal(good.ok, true, JSON.stringify(good));
  assert.equal(w.analyze('本周食堂菜品更新。').alignment.topics[0].covered, true);
  assert.throws(() => w.setTopics('x', 'yaml'), /未知的选题清单格式/);
});

test('bad settings throw a clear Error, rules() and version() work', { skip }, () => {
  assert.throws(() => new Wenfeng({ year: 2026, disabled: ['cliche.nope'] }), /cliche\.nope/);
  assert.throws(() => new Wenfeng({ year: 'abc' }), /设置无效/);
  const w = new Wenfeng();
  const rules = w.rules();
  assert.ok(rules.length > 100 && rules.every((r) => r.id && r.message));
  assert.match(Wenfeng.version(), /^\d+\.\d+\.\d+$/);
});
