// The payments chunk's CSS, adopted into the shadow root when the chunk loads. Same custom properties as the base
// sheet. Status colours are for the icons only (3:1 against the background in both schemes); text keeps --_text.
const DARK = '--_ok:#4ade80;--_wait:#fbbf24;--_bad:#f87171;--_back:#60a5fa;--_warn:#fb923c';
export const PAYMENTS_CSS = `
:host{--_ok:#15803d;--_wait:#b45309;--_bad:#c81e1e;--_back:#1d4ed8;--_warn:#c2410c;--_off:var(--_muted)}
:host([data-scheme=dark]){${DARK}}
@media (prefers-color-scheme:dark){:host([data-scheme=auto]){${DARK}}}
.pay{display:flex;flex-direction:column;gap:6px;padding:16px 18px 24px;overflow-wrap:anywhere}
.pay-form{display:flex;flex-direction:column;gap:6px}
.pay-form label{font-size:13px;font-weight:600;margin-top:6px}
.pay-form input{font:inherit;font-size:16px;color:inherit;background:var(--_bg);border:1px solid var(--_border);
border-radius:10px;padding:10px 12px;min-height:44px}
.pay-form input:focus-visible{outline:2px solid var(--_focus);outline-offset:0}
.pay-form input[aria-invalid=true]{border-color:#c81e1e}
.pay-form .primary{display:flex;align-items:center;justify-content:center;gap:8px}
.pay-form .primary[aria-disabled=true]{opacity:.75;cursor:progress}
.pay-spin{width:16px;height:16px;border-radius:50%;border:2px solid currentColor;border-right-color:transparent;
animation:tps-spin .8s linear infinite}
.field-error,.pay-error{margin:0;font-size:13px;color:#c81e1e}
:host([data-scheme=dark]) .field-error,:host([data-scheme=dark]) .pay-error{color:#fca5a5}
.pay-error{margin-top:8px;padding:10px 12px;border-radius:10px;background:var(--_surface);font-size:14px}
.pay-note{margin:0;font-size:14px;color:var(--_muted)}
.pay-heading{margin:12px 0 4px;font-size:13px;font-weight:600;color:var(--_muted)}
.pay-section{margin-bottom:8px}
.pay-list{list-style:none;margin:0;padding:0;display:grid;gap:6px}
.pay-item{display:flex;align-items:center;gap:10px;width:100%;padding:10px 12px;text-align:start;border-radius:10px;
background:var(--_surface);border:1px solid transparent}
.pay-item:hover{border-color:var(--_border);background:var(--_bg)}
.pay-item-text{display:flex;flex-direction:column;min-width:0}
.pay-item-title{font-weight:600}
.pay-item-meta{font-size:13px;color:var(--_muted)}
.st-ok{color:var(--_ok)}.st-wait{color:var(--_wait)}.st-bad{color:var(--_bad)}
.st-back{color:var(--_back)}.st-warn{color:var(--_warn)}.st-off{color:var(--_off)}
.pay-status{display:flex;align-items:center;gap:10px}
.pay-status .icon{width:32px;height:32px}
.pay-status-title{margin:0;font-size:19px;font-weight:600}
.pay-amount{margin:0;font-size:26px;font-weight:600;font-variant-numeric:tabular-nums}
.pay-reason{padding:2px 12px 10px;border-radius:10px;background:var(--_surface);border-inline-start:3px solid var(--_bad)}
.pay-reason p{margin:0}
.pay-link{align-self:flex-start;color:var(--_accent);text-decoration:underline;text-underline-offset:2px;text-align:start}
.pay-details{display:grid;grid-template-columns:auto 1fr;gap:4px 16px;margin:8px 0 0;font-size:14px}
.pay-details dt{color:var(--_muted)}
.pay-details dd{margin:0}
.pay-timeline{list-style:none;margin:0;padding:0;padding-inline-start:14px;border-inline-start:2px solid var(--_border);font-size:14px}
.pay-timeline li{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 12px;padding:2px 0}
.pay-timeline time{color:var(--_muted)}
.pay-result .secondary{margin-top:8px;min-height:44px;border-radius:10px;border:1px solid var(--_border);background:var(--_bg)}
.pay-result .secondary:hover,.pay-note .secondary:hover{background:var(--_surface)}
.pay-note .secondary{padding:4px 10px;border-radius:8px;border:1px solid var(--_border)}
@media (forced-colors:active){.pay-item,.pay-reason{border:1px solid CanvasText}}
`;
