// wasm in Node: `analyze` must equal the native CLI's JSON byte for byte on every fixture, bad topic
// lists must return errors and keep the old list, and errors must surface as JS Errors.
// Run: node --test tests/wasm/  (needs www/pkg from scripts/build-wasm.sh and target/release/wenfeng)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = join(root, 'www', 'pkg', 'wenfeng.js');
// WENFENG_CLI overrides the native binary (e.g. a build in another CARGO_TARGET_DIR).
const cli = process.env.WENFENG_CLI ?? join(root, 'target', 'release', 'wenfeng');

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
  // One rule, two findings whose messages differ ({text}); the report handover shares equal strings.
  out.push(['same rule, different messages', '今年我们取得显著成效。群众满意。后来又取得明显成效。力争再上新台阶，迈上新台阶。']);
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

test('setReferences: copied passages equal the CLI --reference JSON; bad sets keep the old one', { skip }, () => {
  const seeds = join(root, '..', 'shared', 'seeds');
  const notice = '关于做好2026年政务信息工作的通知\n各单位要坚持围绕中心、服务大局，聚焦年度重点工作任务，及时准确反映贯彻落实上级决策部署的新举措新进展新成效。\n𠮷要进一步提高信息报送质量，多报送问题建议类和经验做法类信息，少报送一般性动态类信息。\r\n';
  const refs = [{ name: '上级通知', text: notice }];
  if (existsSync(seeds)) {
    const f = readdirSync(seeds).sort()[0];
    refs.push({ name: f.replace(/\.txt$/, ''), text: readFileSync(join(seeds, f), 'utf8') });
  }
  const draft = '😀我局今年报送信息12条。\r\n各单位要坚持围绕中心，服务大局，聚焦年度重点工作任务，及时准确反映贯彻落实上级决策部署的新举措新进展新成效。\n根据《上级通知》要求，“𠮷要进一步提高信息报送质量，多报送问题建议类和经验做法类信息”。\n' +
    (refs[1] ? refs[1].text.split('\n').filter((l) => l.length > 80).slice(2, 4).join('\n') : '');
  const w = new Wenfeng({ year: 2026 });
  const plain = JSON.stringify(w.analyze(draft));
  assert.deepEqual(w.setReferences(refs), { ok: true, errors: [] });
  const r = w.analyze(draft);
  assert.ok(r.copy && r.copy.spans.length >= 2, JSON.stringify(r.copy));
  assert.ok(r.findings.some((f) => f.rule === 'copy.passage') && r.findings.some((f) => f.rule === 'copy.quotation'));
  for (const f of r.findings) assert.equal(draft.slice(f.start, f.end), f.text);
  for (const s of r.copy.spans) {
    const ref = refs[s.reference].text;
    assert.ok(ref.slice(s.ref_start, s.ref_end).length > 0);
  }
  // Byte-identical with the CLI given the same files.
  const dir = mkdtempSync(join(tmpdir(), 'wenfeng-refs-'));
  try {
    const args = ['check', '--format', 'json', '--year', '2026'];
    for (const ref of refs) {
      const p = join(dir, `${ref.name}.txt`);
      writeFileSync(p, ref.text);
      args.push('--reference', p);
    }
    args.push('-');
    const native = execFileSync(cli, args, { input: draft }).toString().trim();
    assert.equal(JSON.stringify(r), native);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // A refused set (empty text, too long) keeps the old one.
  const before = JSON.stringify(w.analyze(draft));
  const bad = w.setReferences([{ name: '空', text: ' ，。' }, { name: '长', text: '字'.repeat(200_001) }]);
  assert.equal(bad.ok, false);
  assert.equal(bad.errors.length, 2);
  assert.equal(bad.errors[0].name, '空');
  assert.match(bad.errors[1].message, /超过每份 200000 字的上限/);
  assert.equal(JSON.stringify(w.analyze(draft)), before, 'old references kept');
  assert.throws(() => w.setReferences('nope'), /参考文件列表/);
  // Clearing restores the plain report, byte for byte.
  w.clearReferences();
  assert.equal(JSON.stringify(w.analyze(draft)), plain);
  assert.deepEqual(w.setReferences(refs), { ok: true, errors: [] });
  assert.deepEqual(w.setReferences([]), { ok: true, errors: [] });
  assert.equal(JSON.stringify(w.analyze(draft)), plain);
  // .docx reading is exposed too (errors are clear sentences).
  assert.throws(() => Wenfeng.docxText(new Uint8Array([1, 2, 3])), /不是有效的 \.docx 文件/);
});
