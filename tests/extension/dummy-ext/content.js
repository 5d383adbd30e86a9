// Attaches a <wenfeng-overlay> (open shadow root, one fake mark) to the document element of every
// frame it runs in, and records the service worker's answer on it — nothing else.
(() => {
  if (document.querySelector(':root > wenfeng-overlay')) return;
  const host = document.createElement('wenfeng-overlay');
  const root = host.attachShadow({ mode: 'open' });
  const mark = document.createElement('div');
  Object.assign(mark.dataset, { rule: 'dummy.rule', category: 'style', start: '0', end: '0' });
  mark.hidden = true;
  root.append(mark);
  document.documentElement.append(host);
  chrome.runtime.sendMessage({ type: 'ping' }).then((r) => host.setAttribute('data-pong', JSON.stringify(r)), (e) => host.setAttribute('data-pong-error', String(e)));
})();
