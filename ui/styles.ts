/** The overlay's own CSS, scoped to its shadow root (page styles cannot reach it, nor it them). */
export const OVERLAY_CSS = `
:host { all: initial; }
.wf-mirror {
  position: absolute; left: -100000px; top: 0; visibility: hidden; pointer-events: none;
  margin: 0; padding: 0; border: 0; overflow: visible; height: auto; contain: layout style;
}
.wf-clip { position: absolute; overflow: hidden; pointer-events: none; }
.wf-mark { position: absolute; pointer-events: none; --wf-c: #666; --wf-t: rgba(0,0,0,.12); }
.wf-mark[hidden] { display: none; }
.wf-seg { position: absolute; border-radius: 2px; }
.wf-seg::after {
  content: ""; position: absolute; left: 0; right: 0; bottom: -3px; height: 0;
  box-sizing: border-box;
}
.wf-mark[data-ul="solid"] .wf-seg::after { border-bottom: 2px solid var(--wf-c); }
.wf-mark[data-ul="dashed"] .wf-seg::after { border-bottom: 2px dashed var(--wf-c); }
.wf-mark[data-ul="dotted"] .wf-seg::after { border-bottom: 3px dotted var(--wf-c); }
.wf-mark[data-ul="double"] .wf-seg::after { border-bottom: 5px double var(--wf-c); bottom: -4px; }
.wf-mark[data-ul="dashdot"] .wf-seg::after {
  height: 2px; bottom: -3px;
  background: repeating-linear-gradient(90deg, var(--wf-c) 0 7px, transparent 7px 9px, var(--wf-c) 9px 11px, transparent 11px 13px);
}
.wf-mark[data-ul="wavy"] .wf-seg::after {
  height: 4px; bottom: -4px;
  background:
    linear-gradient(135deg, transparent 0 35%, var(--wf-c) 35% 60%, transparent 60%) 0 0 / 6px 4px repeat-x,
    linear-gradient(45deg, transparent 0 35%, var(--wf-c) 35% 60%, transparent 60%) 3px 0 / 6px 4px repeat-x;
}
.wf-mark[data-severity="error"] .wf-seg { background: var(--wf-t); }
.wf-mark.wf-hl .wf-seg { background: none; }
.wf-mark.wf-hl .wf-seg::after { display: none; }
.wf-mark.wf-hover .wf-seg, .wf-mark.wf-active .wf-seg { background: var(--wf-t); }
.wf-mark.wf-active .wf-seg { outline: 2px solid var(--wf-c); outline-offset: 1px; }
.wf-mark.wf-flash .wf-seg { animation: wf-flash 0.45s ease-in-out 0s 3; }
@keyframes wf-flash {
  0%, 100% { background: var(--wf-t); box-shadow: none; }
  50% { background: rgba(255, 214, 0, 0.75); box-shadow: 0 0 0 3px rgba(255, 214, 0, 0.75); }
}
@media (prefers-reduced-motion: reduce) {
  .wf-mark.wf-flash .wf-seg { animation: none; background: rgba(255, 214, 0, 0.6); }
}

.wf-card {
  position: absolute; pointer-events: auto; box-sizing: border-box;
  width: max-content; max-width: min(420px, calc(100vw - 16px)); min-width: 240px;
  background: #fff; color: #1b1b1b; border: 1px solid #c9c9c9; border-top: 4px solid var(--wf-c, #666);
  border-radius: 8px; box-shadow: 0 6px 24px rgba(0,0,0,.18); padding: 12px 14px 12px;
  font: 14px/1.6 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  z-index: 2;
}
.wf-card[hidden] { display: none; }
.wf-card:focus { outline: none; }
.wf-card:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
.wf-head { display: flex; align-items: center; gap: 8px; margin: 0 28px 6px 0; flex-wrap: wrap; }
.wf-chip {
  display: inline-flex; align-items: center; gap: 4px; font-size: 12px; font-weight: 600;
  padding: 1px 8px; border-radius: 999px; color: #fff; background: var(--wf-c, #666);
}
.wf-sev { font-size: 12px; color: #444; border: 1px solid #bbb; border-radius: 4px; padding: 0 6px; }
.wf-sev[data-severity="error"] { color: #fff; background: #b00020; border-color: #b00020; }
.wf-quote { margin: 2px 0 6px; font-weight: 600; word-break: break-all; }
.wf-msg { margin: 0 0 6px; }
.wf-advice { margin: 0 0 8px; color: #333; }
.wf-advice b { color: #1b1b1b; }
.wf-actions { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0 6px; }
.wf-btn {
  font: inherit; font-size: 13px; cursor: pointer; border-radius: 6px; padding: 3px 10px;
  border: 1px solid #0b57d0; background: #0b57d0; color: #fff; max-width: 100%; text-align: left;
}
.wf-btn.wf-secondary { background: #fff; color: #0b57d0; }
.wf-btn.wf-danger { border-color: #b00020; background: #b00020; }
.wf-btn:hover { filter: brightness(1.1); }
.wf-btn:focus-visible, .wf-close:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
.wf-none { font-size: 13px; color: #555; margin: 0 0 6px; }
.wf-rule { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; color: #666; word-break: break-all; }
.wf-close {
  position: absolute; top: 6px; right: 6px; width: 26px; height: 26px; border-radius: 6px;
  border: 0; background: transparent; font-size: 18px; line-height: 1; cursor: pointer; color: #444;
}
.wf-close:hover { background: #eee; }
@media (forced-colors: active) {
  .wf-seg::after { forced-color-adjust: none; }
  .wf-card { border: 2px solid CanvasText; }
}
`;
