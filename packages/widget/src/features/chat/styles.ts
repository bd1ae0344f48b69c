// Chat's CSS, adopted into the shadow root when the chat chunk loads. Same custom properties as the base sheet.
export const CHAT_CSS = `
.chat-body{display:flex;flex-direction:column}
.convs{display:flex;gap:6px;overflow-x:auto}
.convs>*{flex:none}
.convs [aria-current]{border-color:var(--_accent)}
.chat-banner{margin:0;padding:6px 16px;font-size:13px;text-align:center;background:var(--_surface);color:var(--_muted);flex:none}
.messages{flex:1;overflow-y:auto;padding:12px 14px 4px}
.messages ol{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
.day{align-self:center;margin:8px 0 2px;font-size:12px;color:var(--_muted)}
.msg{display:flex;flex-direction:column;align-items:flex-start;max-width:85%}
.msg.visitor{align-self:flex-end;align-items:flex-end}
.msg.system{align-self:center;align-items:center;max-width:95%}
.bubble{padding:8px 12px;border-radius:14px;background:var(--_surface);white-space:pre-wrap;overflow-wrap:anywhere}
.msg.visitor .bubble{background:var(--_accent);color:var(--_on-accent);border-end-end-radius:4px}
.msg.agent .bubble,.msg.bot .bubble{border-end-start-radius:4px}
.bot-tag{padding:0 6px;border-radius:6px;border:1px solid var(--_border);font-size:11px}
.sources{margin:4px 4px 0;font-size:12px;color:var(--_muted)}
.sources ul{list-style:none;margin:0;padding:0}
.sources .link{min-height:28px;text-align:start}
.votes{display:flex;gap:2px}
.vote{display:grid;place-items:center;width:32px;height:32px;border-radius:8px;color:var(--_muted)}
.vote .icon{width:16px;height:16px}
.vote.down .icon{transform:scaleY(-1)}
.vote[aria-pressed=true]{color:var(--_accent);background:var(--_surface)}
.assist-bar .link{font-size:inherit;min-height:24px}
.msg.system .bubble{background:none;color:var(--_muted);font-size:13px;text-align:center}
.msg.sending .bubble{opacity:.7}
.msg.failed .bubble{background:var(--_surface);color:var(--_text);border:1px solid #c81e1e}
.bubble a{color:inherit;text-decoration:underline}
.author{font-size:12px;color:var(--_muted);margin:0 4px 2px}
.meta{font-size:11px;color:var(--_muted);margin:2px 4px 0}
.actions{display:flex;gap:12px;margin:2px 4px}
.link{color:var(--_accent);text-decoration:underline;font-size:13px;min-height:32px}
.typing{margin:6px 0 0;font-size:13px;color:var(--_muted)}
.chat-note{margin:0 0 8px;font-size:13px;color:var(--_muted);overflow-wrap:anywhere}
.chat-start,.chat-form,.resolved{padding:16px 18px}
.chat-heading{margin:0 0 10px;font-size:16px;font-weight:600}
.topics{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:1fr 1fr;gap:8px}
.topic{width:100%;min-height:48px;padding:8px 10px;border-radius:10px;background:var(--_surface);border:1px solid var(--_border);text-align:center}
.topic:hover{border-color:var(--_accent)}
.chat-form{display:flex;flex-direction:column;gap:6px}
.chat-form label,.rating label{font-size:13px;font-weight:600;margin-top:6px}
.chat-form input,.chat-form textarea,.rating textarea,.composer textarea{font:inherit;font-size:16px;color:inherit;background:var(--_bg);
border:1px solid var(--_border);border-radius:10px;padding:10px 12px;width:100%;resize:none}
.chat-form input:focus-visible,.chat-form textarea:focus-visible,.rating textarea:focus-visible{outline:2px solid var(--_focus);outline-offset:0}
[aria-invalid=true]{border-color:#c81e1e!important}
.field-error{margin:0;font-size:13px;color:#c81e1e}
.composer{flex:none;padding:8px 12px 12px;border-top:1px solid var(--_border);background:var(--_bg)}
.row{display:flex;align-items:flex-end;gap:8px;flex-wrap:wrap}
.composer textarea{flex:1;min-height:44px;max-height:140px;field-sizing:content}
.composer textarea:focus-visible{outline:none;border-color:var(--_focus)}
.send{display:grid;place-items:center;width:44px;height:44px;border-radius:10px;background:var(--_accent);color:var(--_on-accent)}
.attach{display:grid;place-items:center;width:44px;height:44px;border-radius:10px;color:var(--_muted)}
.attach:hover{background:var(--_surface);color:var(--_text)}
.uploads{list-style:none;margin:0 0 8px;padding:0;display:flex;flex-wrap:wrap;gap:6px}
.chip{display:flex;flex-wrap:wrap;align-items:center;gap:0 8px;max-width:100%;padding:2px;padding-inline-start:10px;border-radius:10px;
border:1px solid var(--_border);background:var(--_surface);font-size:13px}
.chip.failed{border-color:#c81e1e}
.chip-name,.file-name{overflow-wrap:anywhere;min-width:0}
.chip-remove{width:32px;height:32px;border-radius:8px;font-size:18px;color:var(--_muted)}
.chip-error{flex-basis:100%;color:#c81e1e}
.files{list-style:none;margin:4px 0 0;padding:0;display:flex;flex-direction:column;gap:4px;align-items:inherit}
.thumb{display:block;border-radius:10px}
.thumb img{display:block;width:180px;height:180px;object-fit:contain;border-radius:10px;border:1px solid var(--_border);background:var(--_surface)}
.file{display:flex;align-items:center;gap:6px;padding:8px 10px;border-radius:10px;border:1px solid var(--_border);background:var(--_bg);color:inherit;max-width:100%}
.file .meta{margin:0}
.counter{margin:4px 0 0;font-size:12px;color:var(--_muted);text-align:end}
.card-warning{margin-bottom:8px;padding:10px 12px;border-radius:10px;border:1px solid #b45309;background:var(--_surface);font-size:13px}
.card-warning p{margin:0 0 6px}
.card-warning-title{font-weight:600}
.secondary{min-height:36px;padding:0 12px;border-radius:8px;border:1px solid var(--_border);background:var(--_bg);font-size:13px}
.resolved{flex:none;border-top:1px solid var(--_border)}
.rating fieldset{border:0;margin:0;padding:0}
.rating legend{font-weight:600;margin-bottom:4px}
.rating{display:flex;flex-direction:column;gap:6px}
.stars{display:flex;gap:4px}
.star{font-size:28px;line-height:1;width:40px;height:40px;color:var(--_border)}
.star.on{color:#b45309}
`;
