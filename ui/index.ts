/**
 * Wenfeng's shared highlight/card module, used by the demo page (www/) and the browser extension.
 * It only moves text and draws: every rule, score and parser lives in the Rust core.
 */
export * from './types.js';
export * from './categories.js';
export * from './strings.js';
export * from './remap.js';
export * from './geometry.js';
export type { HighlightTarget } from './target.js';
export { TextareaTarget } from './textarea-target.js';
export { ContentEditableTarget } from './contenteditable-target.js';
export { DomTextModel } from './dom-text.js';
export { HighlightLayer, highlightApiAvailable, highlightName } from './highlights.js';
export { WenfengOverlay, type OverlayOptions, type CardAction, type OpenCardOptions } from './overlay.js';
