// The extension's settings, actions and lifecycle, end to end in headless Chromium: the topic
// list (broken lists are refused with errors by line and the previous list stays), categories and
// rules switched off (from the options page and from a card), sites switched off, "ignore here",
// the popup's report, a stopped service worker (restarts without the user seeing an error), and
// settings pushed by enterprise policy (managed storage: locked in the options page, in force).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  assertMarksOver, focusField, launchWithExtension, marksForField, missingReason, openFixture, overlayMarks, repo, setText, startFixtureServer,
  typeChinese, waitForText,
} from './harness.mjs';

const EXT = join(repo, 'dist', 'chrome');
const skip = missingReason() ?? (existsSync(join(EXT, 'manifest.json')) ? null : 'dist/chrome is not built — run `make extension`');
const DRAFT = '我们要高度重视这项工作，各项工作取得了显著成效。XX同志亲自抓。';
const ALL_RULES = ['cliche.attention.high-importance', 'claim.achievement.obtained', 'residue.placeholder.x-run'];

async function rulesOn(page, id) {
  return (await marksForField(page, id, await overlayMarks(page))).map((m) => m.rule).sort();
}

/** Polls until the field's visible mark rules equal `want` (sorted), or throws with what it saw. */
async function waitForRules(page, id, want, timeout = 15000) {
  const t0 = Date.now();
  let got;
  do {
    got = await rulesOn(page, id);
    if (JSON.stringify(got) === JSON.stringify([...want].sort())) return got;
    await page.waitForTimeout(100);
  } while (Date.now() - t0 < timeout);
  assert.deepEqual(got, [...want].sort(), `marks on ${id}`);
  return got;
}

async function typeDraft(page, id = 'textarea', text = DRAFT) {
  await setText(page, id, '');
  await focusField(page, id);
  await typeChinese(page, text, { chunk: 4 });
  assert.equal(await waitForText(page, id, text), text);
}

describe('extension settings', { skip: skip ?? false }, () => {
  let env;
  let server;
  let options;
  const storage = (area, op, arg) => options.evaluate(([a, o, x]) => chrome.storage[a][o](x), [area, op, arg]);

  before(async () => {
    server = await startFixtureServer();
    env = await launchWithExtension(EXT);
    options = await env.context.newPage();
    await options.goto(env.extensionUrl('options.html'));
  });
  after(async () => {
    await env?.close();
    await server?.close();
  });

  test('a broken topic list is refused with errors by line; the previous list stays', async () => {
    await options.reload();
    await options.waitForSelector('body[data-ready="true"]');
    const builtin = await options.inputValue('#topicText');
    assert.match(builtin, /\[\[topic\]\]/, 'the built-in list is shown');
    const before = await storage('local', 'get', 'topics');
    assert.deepEqual(before, {}, 'no user list stored yet');

    // A valid plain-text list is used and stored.
    const good = '年份：2026\n数字政府：数字政府，政务服务\n营商环境：营商环境，优化营商环境\n';
    await options.selectOption('#topicFormat', 'text');
    await options.fill('#topicText', good);
    await options.click('#topicApply');
    await options.waitForFunction(() => document.querySelector('#topicStatus').textContent.length > 0);
    assert.deepEqual(await options.$$eval('#topicErrors li', (l) => l.length), 0);
    const stored = await storage('local', 'get', 'topics');
    assert.equal(stored.topics.text, good);

    // A broken one: errors with line numbers, the gutter marks the lines, nothing stored.
    const bad = '年份：2026\n数字政府 数字政府\n营商环境：营商环境\n营商环境：营商环境\n';
    await options.fill('#topicText', bad);
    await options.click('#topicApply');
    await options.waitForSelector('#topicErrors li');
    const errors = await options.$$eval('#topicErrors li', (l) => l.map((x) => [Number(x.dataset.line), x.textContent]));
    assert.ok(errors.some(([line]) => line === 2), `an error on line 2: ${JSON.stringify(errors)}`);
    assert.ok(errors.some(([line]) => line === 4), `an error on line 4 (duplicate title): ${JSON.stringify(errors)}`);
    assert.ok(await options.$$eval('#topicLines li.bad', (l) => l.length) >= 2);
    assert.deepEqual((await storage('local', 'get', 'topics')).topics.text, good, 'the previous list is kept');

    // The list in force is still the good one: a draft about 营商环境 covers it.
    const { page } = await openFixture(env.context, server, 'plain.html');
    await typeDraft(page, 'textarea', '我们持续优化营商环境，今年新增市场主体1200户。');
    // Without the "tabs" permission tab URLs are hidden: the fixture's tab is the one with a report.
    let state;
    let tab;
    const t0 = Date.now();
    do {
      [tab, state] = await options.evaluate(async () => {
        for (const t of await chrome.tabs.query({})) {
          const r = await chrome.runtime.sendMessage({ type: 'popup-state', tabId: t.id });
          if (r.value?.status?.topics) return [t.id, r];
        }
        return [undefined, null];
      });
      if (state) break;
      await options.waitForTimeout(100);
    } while (Date.now() - t0 < 10000);
    assert.ok(state.value?.status, `popup state for tab ${tab}: ${JSON.stringify(state)}`);
    assert.deepEqual([state.value.status.topics.covered, state.value.status.topics.total], [1, 2], 'coverage under the stored list');
    assert.deepEqual(state.value.status.topics.uncovered, ['数字政府']);
    // The popup, opened for that tab, shows the same report.
    const popup = await env.context.newPage();
    await popup.goto(env.extensionUrl(`popup.html?tab=${tab}`));
    await popup.waitForSelector('#filled:not([hidden])');
    assert.match(await popup.textContent('#topicLine'), /1\D+2/);
    assert.match(await popup.textContent('#uncovered'), /数字政府/);
    assert.match(await popup.textContent('#siteLabel'), /127\.0\.0\.1/);
    await popup.close();
    await page.close();

    // Restore the built-in list.
    await options.click('#topicReset');
    await options.waitForFunction(() => !document.querySelector('#topicErrors li'));
    assert.deepEqual(await storage('local', 'get', 'topics'), {});
  });

  test('categories and rules switched off in the options page disappear from open fields', async () => {
    const { page } = await openFixture(env.context, server, 'plain.html');
    await typeDraft(page);
    await waitForRules(page, 'textarea', ALL_RULES);
    await options.reload();
    await options.waitForSelector('body[data-ready="true"]');
    await options.click('#categories input[data-category="residue"]');
    await waitForRules(page, 'textarea', ALL_RULES.filter((r) => !r.startsWith('residue')));
    await options.waitForSelector('#rules input[data-rule="claim.achievement.obtained"]');
    await options.click('#rules input[data-rule="claim.achievement.obtained"]');
    await waitForRules(page, 'textarea', ['cliche.attention.high-importance']);
    const { settings } = await storage('sync', 'get', 'settings');
    assert.deepEqual(settings.disabledCategories, ['residue']);
    assert.deepEqual(settings.disabledRules, ['claim.achievement.obtained']);
    await storage('sync', 'set', { settings: {} });
    await waitForRules(page, 'textarea', ALL_RULES);
    await page.close();
  });

  test('card actions: ignore here, and turn this rule off', async () => {
    const { page } = await openFixture(env.context, server, 'plain.html');
    await typeDraft(page);
    await waitForRules(page, 'textarea', ALL_RULES);
    const clickAction = async (rule, action) => {
      const m = (await marksForField(page, 'textarea', await overlayMarks(page))).find((x) => x.rule === rule);
      await page.mouse.click(m.rect.x + 4, m.rect.y + m.rect.height / 2);
      await page.waitForFunction((r) => [...document.querySelectorAll('wenfeng-overlay')].some((h) => {
        const c = h.shadowRoot.querySelector('.wf-card');
        return c && !c.hidden && c.dataset.rule === r;
      }), rule);
      await page.evaluate((a) => {
        for (const h of document.querySelectorAll('wenfeng-overlay')) {
          const b = h.shadowRoot.querySelector(`.wf-card:not([hidden]) [data-action="${a}"]`);
          if (b) return b.click();
        }
        throw new Error(`no ${a} button`);
      }, action);
    };
    await clickAction('claim.achievement.obtained', 'ignore');
    await waitForRules(page, 'textarea', ['cliche.attention.high-importance', 'residue.placeholder.x-run']);
    await clickAction('residue.placeholder.x-run', 'disable-rule');
    await waitForRules(page, 'textarea', ['cliche.attention.high-importance']);
    assert.deepEqual((await storage('sync', 'get', 'settings')).settings.disabledRules, ['residue.placeholder.x-run']);
    // "ignore here" is for this field only: another field still shows the claim.
    await typeDraft(page, 'ce');
    await waitForRules(page, 'ce', ['cliche.attention.high-importance', 'claim.achievement.obtained']);
    await storage('sync', 'set', { settings: {} });
    await page.close();
  });

  test('a site switched off gets nothing; switched on again, it works', async () => {
    await storage('sync', 'set', { settings: { disabledSites: ['127.0.0.1'] } });
    const { page } = await openFixture(env.context, server, 'plain.html');
    await typeDraft(page);
    await page.waitForTimeout(1500);
    assert.equal(await page.evaluate(() => document.querySelectorAll('wenfeng-overlay').length), 0, 'no overlay on a site switched off');
    await storage('sync', 'set', { settings: {} });
    await typeChinese(page, '。');
    await waitForRules(page, 'textarea', ALL_RULES);
    await page.close();
  });

  test('no analysis while an IME composition is open; one after it ends; the card works by keyboard', async () => {
    const { page } = await openFixture(env.context, server, 'plain.html');
    await typeDraft(page);
    await waitForRules(page, 'textarea', ALL_RULES);
    const count = async () => (await options.evaluate(() => chrome.runtime.sendMessage({ type: 'engine-info' }))).value.analyses;
    await page.waitForTimeout(600);
    const before = await count();
    const cdp = await page.context().newCDPSession(page);
    // A composition held open for three debounce periods: no analysis.
    for (const t of ['quan', '全guo', '全国shou']) await cdp.send('Input.imeSetComposition', { text: t, selectionStart: t.length, selectionEnd: t.length });
    await page.waitForTimeout(1300);
    assert.equal(await count(), before, 'no analysis during the composition');
    await cdp.send('Input.insertText', { text: '全国首创' });
    await cdp.detach();
    await typeChinese(page, '。');
    await waitForRules(page, 'textarea', [...ALL_RULES, 'claim.superlative.first']);
    assert.ok((await count()) > before, 'analysed after the composition ended');
    // Keyboard: F8 opens the card of the next finding with focus in it, Esc closes it.
    await focusField(page, 'textarea');
    await page.evaluate(() => document.querySelector('#textarea').setSelectionRange(0, 0));
    await page.keyboard.press('F8');
    const openRule = () => page.evaluate(() => [...document.querySelectorAll('wenfeng-overlay')].map((h) => h.shadowRoot.querySelector('.wf-card:not([hidden])')?.dataset.rule).find(Boolean) ?? null);
    await page.waitForFunction(() => [...document.querySelectorAll('wenfeng-overlay')].some((h) => h.shadowRoot.querySelector('.wf-card:not([hidden])')));
    assert.equal(await openRule(), 'cliche.attention.high-importance');
    const focusedInCard = await page.evaluate(() => [...document.querySelectorAll('wenfeng-overlay')].some((h) => h.shadowRoot.activeElement?.closest('.wf-card')));
    assert.ok(focusedInCard, 'keyboard focus is in the card');
    await page.keyboard.press('Enter'); // the first button: the replacement
    assert.equal(await waitForText(page, 'textarea', DRAFT.replace('高度重视', '重视') + '全国首创。'), DRAFT.replace('高度重视', '重视') + '全国首创。');
    await page.keyboard.press('Control+z');
    assert.equal(await waitForText(page, 'textarea', DRAFT + '全国首创。'), DRAFT + '全国首创。');
    await page.keyboard.press('F8');
    await page.waitForFunction(() => [...document.querySelectorAll('wenfeng-overlay')].some((h) => h.shadowRoot.querySelector('.wf-card:not([hidden])')));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => ![...document.querySelectorAll('wenfeng-overlay')].some((h) => h.shadowRoot.querySelector('.wf-card:not([hidden])')));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'textarea', 'Esc returns focus to the field');
    await page.close();
  });

  test('marks follow the text when the field is resized, the window shrinks and the page zooms', async () => {
    const { page } = await openFixture(env.context, server, 'plain.html');
    await typeDraft(page, 'textarea', DRAFT.repeat(4));
    await waitForRules(page, 'textarea', [...ALL_RULES, ...ALL_RULES, ...ALL_RULES, ...ALL_RULES]);
    const check = async (what) => {
      await page.waitForTimeout(250);
      const marks = await marksForField(page, 'textarea', await overlayMarks(page));
      assert.ok(marks.length >= 3, `${what}: marks visible`);
      await assertMarksOver(page, marks, 'textarea', { tolerance: 4 });
    };
    await page.evaluate(() => { document.querySelector('#textarea').style.width = '260px'; });
    await check('narrow field');
    await page.setViewportSize({ width: 900, height: 600 });
    await check('smaller window');
    // Browser zoom as the page sees it: a larger device pixel ratio with the same CSS layout.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 900, height: 600, deviceScaleFactor: 1.5, mobile: false });
    await check('zoom 150%');
    await cdp.send('Emulation.clearDeviceMetricsOverride');
    await cdp.detach();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.close();
  });

  test('reference documents: copied passages are marked with their source; a bad one is refused, the set kept', async () => {
    const REF = '各地区各部门要坚持以人民为中心的发展思想，把保障和改善民生作为工作的出发点和落脚点，切实解决群众急难愁盼问题。';
    await options.reload();
    await options.waitForSelector('body[data-ready="true"]');
    await options.setInputFiles('#refFiles', { name: '上级通知.txt', mimeType: 'text/plain', buffer: Buffer.from(REF, 'utf8') });
    await options.waitForSelector('#refList li[data-name="上级通知"]');
    // Not text at all: refused with the core's sentence, the set in force kept.
    await options.fill('#refName', '空白');
    await options.fill('#refText', '，。、；');
    await options.click('#refAdd');
    await options.waitForSelector('#refErrors li');
    assert.match(await options.textContent('#refErrors'), /空白/);
    assert.deepEqual((await storage('local', 'get', 'references')).references.map((r) => r.name), ['上级通知']);

    const { page } = await openFixture(env.context, server, 'plain.html');
    const draft = `我局${REF.slice(0, 40)}。今年新建社区食堂12个。`;
    await typeDraft(page, 'textarea', draft);
    const t0 = Date.now();
    let copy;
    while (!copy && Date.now() - t0 < 15000) {
      copy = (await marksForField(page, 'textarea', await overlayMarks(page))).find((m) => m.category === 'copy');
      if (!copy) await page.waitForTimeout(100);
    }
    assert.ok(copy, 'a copy mark');
    assert.equal(copy.rule, 'copy.passage');
    assert.equal(draft.slice(copy.start, copy.end), REF.slice(0, 40));
    await page.mouse.click(copy.rect.x + 4, copy.rect.y + copy.rect.height / 2);
    await page.waitForFunction(() => [...document.querySelectorAll('wenfeng-overlay')].some((h) => /上级通知/.test(h.shadowRoot.querySelector('.wf-card:not([hidden]) .wf-msg')?.textContent ?? '')));
    await page.close();
    await options.click('#refClear');
    await options.waitForFunction(() => !document.querySelector('#refList li[data-name]'));
    assert.deepEqual(await storage('local', 'get', 'references'), {});
  });

  test('a stopped service worker restarts on the next edit and the user sees no error', async () => {
    const { page } = await openFixture(env.context, server, 'plain.html');
    await typeDraft(page);
    await waitForRules(page, 'textarea', ALL_RULES);
    const cdp = await env.context.browser().newBrowserCDPSession();
    const want = [...ALL_RULES];
    for (let round = 0; round < 2; round++) {
      const { targetInfos } = await cdp.send('Target.getTargets');
      const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${env.extensionId}/`));
      assert.ok(sw, 'the service worker is running');
      await cdp.send('Target.closeTarget', { targetId: sw.targetId });
      await page.waitForTimeout(300);
      // Append a sentence with a new finding: it must appear, served by a fresh worker.
      await focusField(page, 'textarea');
      await typeChinese(page, round === 0 ? '全国首创。' : '反响热烈。', { chunk: 4 });
      want.push(round === 0 ? 'claim.superlative.first' : 'claim.praise.reception');
      await waitForRules(page, 'textarea', want);
      const badge = await page.evaluate(() => [...document.querySelectorAll('wenfeng-overlay')].map((h) => h.shadowRoot.querySelector('.wf-badge')?.textContent ?? '').join('|'));
      assert.doesNotMatch(badge, /!/, 'no error badge');
    }
    await cdp.detach();
    await page.close();
  });
});

// ---- enterprise policy ------------------------------------------------------------------------

const POLICY_DIR = '/etc/chromium/policies/managed';
const canWritePolicy = (() => {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    const probe = join(POLICY_DIR, `.wenfeng-probe-${process.pid}`);
    writeFileSync(probe, '{}');
    rmSync(probe);
    return true;
  } catch {
    return false;
  }
})();

describe('extension enterprise policy', { skip: skip ?? (canWritePolicy ? false : `cannot write ${POLICY_DIR} (needs root)`) }, () => {
  test('managed settings win, show as locked, and are in force', async () => {
    const ids = JSON.parse((await import('node:fs')).readFileSync(join(repo, 'dist', 'ids.json'), 'utf8'));
    const file = join(POLICY_DIR, `wenfeng-test-${process.pid}.json`);
    const topicList = '年份：2026\n单位重点：数字政府，政务服务\n';
    writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [ids.chrome]: {
      disabledCategories: ['cliche'], debounceMs: 250, topicList, topicListFormat: 'text', topicListName: '单位清单',
    } } } }));
    const server = await startFixtureServer();
    const env = await launchWithExtension(EXT);
    try {
      assert.equal(env.extensionId, ids.chrome, 'the unpacked build has the documented id');
      const options = await env.context.newPage();
      // The user's own choice is overridden by the policy.
      await options.goto(env.extensionUrl('options.html'));
      await options.evaluate(() => chrome.storage.sync.set({ settings: { debounceMs: 2000, disabledCategories: [] } }));
      await options.reload();
      await options.waitForSelector('#managedNote:not([hidden])');
      assert.equal(await options.inputValue('#debounceMs'), '250');
      assert.equal(await options.isDisabled('#debounceMs'), true, 'a managed value is locked');
      assert.equal(await options.isChecked('#categories input[data-category="cliche"]'), false);
      assert.equal(await options.isDisabled('#categories input[data-category="cliche"]'), true);
      assert.ok(await options.$('#lock-debounceMs'), 'a lock note next to the managed value');
      assert.match(await options.textContent('#topicsCurrent'), /单位清单/);
      assert.equal(await options.$eval('#topicText', (t) => t.readOnly), true);
      assert.equal(await options.isDisabled('#topicApply'), true);
      // A user cannot replace the managed topic list through the background either.
      const r = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'set-topics', text: '年份：2026\n别的：别的清单\n', format: 'text', name: 'x' }));
      assert.equal(r.value.ok, false);
      // In force: no cliché marks.
      const { page } = await openFixture(env.context, server, 'plain.html');
      await typeDraft(page);
      await waitForRules(page, 'textarea', ALL_RULES.filter((x) => !x.startsWith('cliche')));
      await page.close();
    } finally {
      rmSync(file, { force: true });
      await env.close();
      await server.close();
    }
  });
});
