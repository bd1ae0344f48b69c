// The help chunk's CSS, adopted into the shadow root when the chunk loads. Same custom properties as the base sheet.
// The lists' rules (popular articles, topics, their failure) are in the base sheet: the home view shows them first.
export const HELP_CSS = `
.help-browse{margin-top:0;padding-top:8px}
.snippet{font-size:13px;color:var(--_muted);display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
mark{background:rgba(250,204,21,.4);color:var(--_text);border-radius:2px}
.help-empty-title{color:var(--_text);font-weight:600}
.article{padding:20px 20px 28px;overflow-wrap:anywhere}
.article-title{margin:0;font-size:20px;font-weight:600;line-height:1.35}
.article-meta{margin:4px 0 0;font-size:13px;color:var(--_muted)}
.article-body h2{font-size:17px;margin:20px 0 6px}
.article-body h3{font-size:15px;margin:16px 0 4px}
.article-body p,.article-body ul,.article-body ol,.article-body pre,.article-body blockquote{margin:10px 0}
.article-body ul,.article-body ol{padding-inline-start:22px}
.article-body a,.suggest .link{color:var(--_accent);text-decoration:underline}
.article-body code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;background:var(--_surface);padding:1px 4px;border-radius:4px}
.article-body pre{padding:10px;background:var(--_surface);border-radius:8px;overflow-x:auto}
.article-body pre code{padding:0}
.article-body blockquote{padding-inline-start:12px;border-inline-start:3px solid var(--_border);color:var(--_muted)}
.article-body hr{border:0;border-top:1px solid var(--_border);margin:16px 0}
.vote{margin:24px 0 0;padding:14px;border-radius:12px;background:var(--_surface);text-align:center}
.vote p{margin:0 0 8px;font-weight:600}
p.vote{font-weight:600}
.vote .row{display:flex;gap:8px;justify-content:center}
.article-chat{margin-top:20px;text-align:center}
.article-chat p{margin:0;color:var(--_muted)}
.article-chat .primary{margin-top:8px}
.suggest{padding:6px 2px 8px;font-size:13px}
.suggest:empty{display:none}
.suggest p{margin:0 0 4px;color:var(--_muted)}
.suggest ul{gap:2px}
.suggest .link{text-align:start;min-height:28px}
`;
