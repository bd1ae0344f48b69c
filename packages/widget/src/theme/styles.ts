import { DARK, DEFAULT_ACCENT, LIGHT, ON_ACCENT_LIGHT } from './palette.js';

const palette = (p: typeof LIGHT | typeof DARK, focus: string) =>
  `--_bg:var(--tps-background,${p.bg});--_surface:var(--tps-surface,${p.surface});` +
  `--_text:var(--tps-text,${p.text});--_muted:var(--tps-muted,${p.muted});--_border:var(--tps-border,${p.border});` +
  `--_focus:var(--tps-focus,var(${focus},var(--_accent)));`;

const DARK_VARS = `${palette(DARK, '--_cfg-focus-dark')}color-scheme:dark;--_shadow:0 12px 48px rgba(0,0,0,.55),0 2px 8px rgba(0,0,0,.4);`;

// Only px units: `rem` would follow the host page's root font size.
// The floating host is a box over exactly the visible screen (host/viewport.ts sets --_vv-*): its transform makes
// it the containing block of the fixed launcher and panel, and scales them to phone size on a zoomed-out page.
// Without a visual viewport it stays a 0×0 box in the bottom-right corner, which places them as the viewport would.
// `:host` declarations are !important because, for important rules, the shadow tree beats the page;
// that is what makes the host element immune to page CSS such as `* { display: none !important }`.
export const BASE_CSS = `
:host{all:initial!important;display:block!important;position:fixed!important;z-index:var(--tps-z-index,2147483000)!important;
left:var(--_vv-x,100%)!important;top:var(--_vv-y,100%)!important;width:var(--_vv-w,0)!important;height:var(--_vv-h,0)!important;
overflow:visible!important;margin:0!important;padding:0!important;border:0!important;
transform:scale(var(--_vv-k,1))!important;transform-origin:0 0!important;filter:none!important;
opacity:1!important;visibility:visible!important;pointer-events:none!important;
--_accent:var(--tps-accent,var(--_cfg-accent,${DEFAULT_ACCENT}));
--_on-accent:var(--tps-on-accent,var(--_cfg-on-accent,${ON_ACCENT_LIGHT}));
--_radius:var(--tps-radius,16px);--_size:var(--tps-launcher-size,56px);
--_x:var(--tps-offset-x,20px);--_y:var(--tps-offset-y,20px);
--_font:var(--tps-font,system-ui,-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","Helvetica Neue",Arial,sans-serif);
--_shadow:0 12px 48px rgba(15,23,42,.18),0 2px 8px rgba(15,23,42,.08);
color-scheme:light;${palette(LIGHT, '--_cfg-focus')}}
:host([data-mode=inline]){position:relative!important;inset:auto!important;
width:100%!important;height:100%!important;pointer-events:auto!important}
:host([data-scheme=dark]){${DARK_VARS}}
@media (prefers-color-scheme:dark){:host([data-scheme=auto]){${DARK_VARS}}}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.root{font-family:var(--_font);font-size:15px;line-height:1.5;color:var(--_text);
-webkit-font-smoothing:antialiased;-webkit-text-size-adjust:100%;text-size-adjust:100%}
button,input{font:inherit;color:inherit;margin:0}
button{cursor:pointer;background:none;border:0;padding:0}
:focus{outline:none}
:focus-visible{outline:2px solid var(--_focus);outline-offset:2px}
/* Headings and the dialog take focus only programmatically, to be announced; a ring there reads as a bug. */
[tabindex="-1"]:focus-visible{outline:none}
.sr-only{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0}
.icon{width:24px;height:24px;flex:none;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}

.launcher{position:fixed;bottom:calc(var(--_y) + env(safe-area-inset-bottom,0px));right:calc(var(--_x) + env(safe-area-inset-right,0px));
width:var(--_size);height:var(--_size);border-radius:50%;display:grid;place-items:center;pointer-events:auto;
background:var(--_accent);color:var(--_on-accent);box-shadow:0 6px 20px rgba(15,23,42,.24);
transition:transform .16s ease,box-shadow .16s ease}
.launcher:hover{transform:scale(1.06);box-shadow:0 8px 26px rgba(15,23,42,.3)}
.launcher:active{transform:scale(.96)}
.launcher .icon{width:28px;height:28px}
.badge{position:absolute;top:-4px;inset-inline-end:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;
display:grid;place-items:center;font-size:12px;font-weight:700;background:#c81e1e;color:#fff;border:2px solid #fff}
:host([data-position=left]) .launcher{right:auto;left:calc(var(--_x) + env(safe-area-inset-left,0px))}

.panel{position:fixed;right:var(--_x);bottom:calc(var(--_y) + var(--_size) + 16px);width:380px;
height:min(620px,calc(100vh - var(--_y) - var(--_size) - 36px));min-height:320px;
display:flex;flex-direction:column;overflow:hidden;pointer-events:auto;
background:var(--_bg);color:var(--_text);border-radius:var(--_radius);box-shadow:var(--_shadow);
transform-origin:bottom right;animation:tps-in .2s cubic-bezier(.2,.8,.3,1)}
/* hideLauncher: the panel takes the launcher's corner. */
.panel.bare{bottom:var(--_y);height:min(620px,calc(100vh - var(--_y) - 20px))}
:host([data-position=left]) .panel{right:auto;left:var(--_x);transform-origin:bottom left}
:host([data-mode=inline]) .panel{position:absolute;inset:0;width:auto;height:auto;min-height:0;box-shadow:none;
border:1px solid var(--_border);animation:none}
@keyframes tps-in{from{opacity:0;transform:translateY(12px) scale(.98)}to{opacity:1;transform:none}}

.header{display:flex;align-items:center;gap:4px;min-height:60px;padding:10px;padding-inline-start:20px;flex:none;
background:var(--_accent);color:var(--_on-accent)}
.header.sub{padding-inline-start:8px}
/* Icons that point along the reading direction mirror in RTL (Back, the entries' chevrons, chat's Send). */
[dir=rtl] .flip .icon,[dir=rtl] .chevron,[dir=rtl] .send .icon{transform:scaleX(-1)}
.header :focus-visible{outline-color:var(--_on-accent)}
.title{flex:1;min-width:0;margin:0;font-size:17px;font-weight:600;line-height:1.3;
overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.icon-button{display:grid;place-items:center;width:40px;height:40px;border-radius:10px;flex:none}
.icon-button:hover{background:rgba(127,127,127,.18)}

.body{flex:1;min-height:0;overflow-y:auto;overscroll-behavior:contain;-webkit-overflow-scrolling:touch}
.hero{padding:4px 20px 36px;background:var(--_accent);color:var(--_on-accent)}
.greeting{margin:0;font-size:20px;font-weight:600;line-height:1.4;overflow-wrap:anywhere}
.logo{display:block;max-width:160px;max-height:40px;margin-bottom:10px;object-fit:contain}
.opening{margin:6px 0 0;font-size:13px;opacity:.92}
.opening::before{content:"";display:inline-block;width:8px;height:8px;border-radius:50%;margin-inline-end:6px;
background:currentColor;opacity:.5}
.opening.open::before{background:#22c55e;opacity:1}
.contacts{margin-top:20px}
.contacts-title{margin:0 0 6px;font-size:13px;font-weight:600;color:var(--_muted)}
.contacts ul{list-style:none;margin:0;padding:0}
.contacts li{display:flex;justify-content:space-between;gap:12px;padding:8px 2px;border-top:1px solid var(--_border)}
.contact-kind{color:var(--_muted)}
.contacts a{color:var(--_text);text-decoration:underline;overflow-wrap:anywhere}
.home-content{padding:0 16px 20px;margin-top:-22px}
.search{display:flex;align-items:center;gap:4px;padding:4px;padding-inline-start:14px;border-radius:12px;
background:var(--_bg);border:1px solid var(--_border);box-shadow:0 4px 16px rgba(15,23,42,.1)}
.search:focus-within{border-color:var(--_focus);box-shadow:0 0 0 1px var(--_focus),0 4px 16px rgba(15,23,42,.1)}
.search input{flex:1;min-width:0;height:44px;border:0;background:none;font-size:16px;
-webkit-appearance:none;appearance:none}
.search input::placeholder{color:var(--_muted);opacity:1}
.search input:focus-visible{outline:none}
.search input::-webkit-search-cancel-button{-webkit-appearance:none}
.search button{display:grid;place-items:center;width:40px;height:40px;border-radius:9px;color:var(--_muted)}
.search button:hover{background:var(--_surface);color:var(--_text)}
.entries{list-style:none;margin:16px 0 0;padding:0;display:grid;gap:8px}
.entry{display:flex;align-items:center;gap:14px;width:100%;padding:14px;text-align:start;border-radius:12px;
background:var(--_surface);border:1px solid transparent;transition:border-color .12s ease,background .12s ease}
.entry:hover{border-color:var(--_border);background:var(--_bg)}
.entry-icon{display:grid;place-items:center;width:40px;height:40px;border-radius:10px;flex:none;
background:var(--_accent);color:var(--_on-accent)}
.entry-icon .icon{width:22px;height:22px}
.entry-text{display:flex;flex-direction:column;flex:1;min-width:0}
.entry-title{font-weight:600}
.entry-description{font-size:13px;color:var(--_muted)}
.entry .chevron{width:20px;height:20px;color:var(--_muted)}
/* The help center's lists, which the home view shows before the help chunk loads. */
.home-help{margin-top:16px}
.help-section{margin-top:20px}
.help-heading{margin:0 0 8px;font-size:13px;font-weight:600;color:var(--_muted)}
.help-list,.suggest ul{list-style:none;margin:0;padding:0;display:grid;gap:6px}
.help-item{display:flex;flex-direction:column;width:100%;padding:10px 12px;text-align:start;border-radius:10px;
background:var(--_surface);border:1px solid transparent;overflow-wrap:anywhere}
.help-item:hover{border-color:var(--_border);background:var(--_bg)}
.help-item-title{font-weight:600}
.category{margin-top:6px;border:1px solid var(--_border);border-radius:10px}
.category summary{display:flex;justify-content:space-between;gap:8px;padding:10px 12px;cursor:pointer;font-weight:600;list-style:none}
.category summary::-webkit-details-marker{display:none}
.category summary::after{content:"›";transition:transform .12s ease;color:var(--_muted)}
.category[open] summary::after{transform:rotate(90deg)}
.category .count{margin-inline-start:auto;color:var(--_muted);font-weight:400}
.category .help-list{padding:0 8px 8px}
.help-empty{display:flex;flex-direction:column;align-items:flex-start;gap:4px;padding:16px 4px;color:var(--_muted)}
.help-empty p{margin:0;overflow-wrap:anywhere}
.help-empty .secondary,.vote .secondary{min-height:40px;padding:0 16px;border-radius:10px;border:1px solid var(--_border);background:var(--_bg)}
.help-empty .secondary:hover,.vote .secondary:hover{background:var(--_surface)}

.notice{display:flex;flex-direction:column;align-items:center;gap:8px;padding:48px 28px;text-align:center}
.notice .icon{width:40px;height:40px;color:var(--_muted);stroke-width:1.6;margin-bottom:8px}
.notice-title{margin:0;font-size:17px;font-weight:600}
.notice p{margin:0;color:var(--_muted);overflow-wrap:anywhere}
.notice .detail{margin-top:8px;padding:10px 14px;border-radius:10px;background:var(--_surface);color:var(--_text)}
.primary{margin-top:16px;min-height:44px;padding:0 22px;border-radius:10px;font-weight:600;
background:var(--_accent);color:var(--_on-accent)}
.primary:hover{filter:brightness(1.08)}
.spinner{width:28px;height:28px;border-radius:50%;border:3px solid var(--_border);border-top-color:var(--_accent);
animation:tps-spin .8s linear infinite}
@keyframes tps-spin{to{transform:rotate(360deg)}}

:host([data-compact]) .panel{inset:0;width:auto;height:auto;min-height:0;border-radius:0;
padding:0 env(safe-area-inset-right,0px) env(safe-area-inset-bottom,0px) env(safe-area-inset-left,0px);
animation-name:tps-up;box-shadow:none}
:host([data-compact]) .header{padding-top:calc(10px + env(safe-area-inset-top,0px))}
:host([data-compact]) .launcher[aria-expanded=true]{display:none}
@keyframes tps-up{from{transform:translateY(24px);opacity:0}to{transform:none;opacity:1}}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation-duration:.01ms!important;
animation-iteration-count:1!important;transition-duration:.01ms!important}
.spinner{animation:none}}
@media (forced-colors:active){.launcher,.panel,.entry,.search{border:1px solid CanvasText}}
`;
