import type { Locale } from '@topay-support/protocol';
import type { ComposedMail } from '../../storage/email-outbox.js';
import type { MessageRecord } from '../../storage/messages.js';

/** What one email of replies says, in the visitor's language (docs/email.md). */
export interface ReplyMailInput {
  locale: Locale;
  merchantName: string;
  /** The merchant's widget colour; anything but a hex colour falls back to ours. */
  color: string;
  to: string;
  /** The visitor's message the replies answer, if there is one. */
  question: MessageRecord | undefined;
  replies: MessageRecord[];
  continueUrl: string;
  unsubscribeUrl: string;
  /** `reply+<token>@INBOUND_EMAIL_DOMAIN`, when replies are received. */
  replyTo: string | undefined;
  /** Where bounces and replies go when no Reply-To is set: From. */
  from: string;
}

interface Wording {
  subject: (merchant: string) => string;
  youAsked: string;
  replied: (name: string) => string;
  continueChat: string;
  replyHint: string;
  noReplyHint: string;
  attachment: string;
  footer: (merchant: string) => string;
  unsubscribe: string;
  agent: string;
  assistant: string;
}

const WORDING: Partial<Record<Locale, Wording>> & { en: Wording } = {
  en: {
    subject: (m) => `${m}: a new reply to your question`,
    youAsked: 'You asked',
    replied: (name) => `${name} replied`,
    continueChat: 'Continue the chat',
    replyHint: 'Or simply reply to this email: your answer goes to the same conversation.',
    noReplyHint: 'Use the link to answer: replies to this email are not read.',
    attachment: 'attachment',
    footer: (m) => `You get this email because you left this address in ${m}'s support chat.`,
    unsubscribe: 'No more emails about my conversations',
    agent: 'Support',
    assistant: 'Assistant',
  },
  'zh-CN': {
    subject: (m) => `${m}：您的问题有了新回复`,
    youAsked: '您的问题',
    replied: (name) => `${name} 回复`,
    continueChat: '继续对话',
    replyHint: '也可以直接回复这封邮件，您的回复会进入同一个对话。',
    noReplyHint: '请通过链接回复：发到这封邮件的回复不会被读取。',
    attachment: '附件',
    footer: (m) => `您收到这封邮件，是因为您在 ${m} 的客服对话中留下了这个邮箱地址。`,
    unsubscribe: '不再接收对话相关邮件',
    agent: '客服',
    assistant: '智能助手',
  },
  'zh-TW': {
    subject: (m) => `${m}：您的問題有了新回覆`,
    youAsked: '您的問題',
    replied: (name) => `${name} 回覆`,
    continueChat: '繼續對話',
    replyHint: '也可以直接回覆這封郵件，您的回覆會進入同一個對話。',
    noReplyHint: '請透過連結回覆：寄到這封郵件的回覆不會被讀取。',
    attachment: '附件',
    footer: (m) => `您收到這封郵件，是因為您在 ${m} 的客服對話中留下了這個郵件地址。`,
    unsubscribe: '不再接收對話相關郵件',
    agent: '客服',
    assistant: '智慧助理',
  },
};

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

function authorName(message: MessageRecord, w: Wording): string {
  return message.authorName ?? (message.authorType === 'bot' ? w.assistant : w.agent);
}

/**
 * One email for a burst of replies: plain text and HTML with the same content. Every stored text
 * was already redacted of card data; the HTML escapes everything it quotes (no markup of ours is
 * built from what visitors or agents wrote).
 */
export function composeReplyMail(input: ReplyMailInput): ComposedMail {
  const w = WORDING[input.locale] ?? WORDING.en;
  const color = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(input.color) ? input.color : '#1f6feb';
  const text: string[] = [input.merchantName, ''];
  if (input.question?.text) {
    text.push(`${w.youAsked}:`, ...input.question.text.split('\n').map((l) => `> ${l}`), '');
  }
  for (const reply of input.replies) {
    text.push(`${w.replied(authorName(reply, w))}:`, reply.text);
    for (const a of reply.attachments) text.push(`(${w.attachment}: ${a.name})`);
    text.push('');
  }
  text.push(`${w.continueChat}: ${input.continueUrl}`);
  text.push(input.replyTo ? w.replyHint : w.noReplyHint, '', '-- ');
  text.push(w.footer(input.merchantName), `${w.unsubscribe}: ${input.unsubscribeUrl}`, '');

  const paragraphs = (body: string) =>
    body
      .split('\n')
      .map((line) => escapeHtml(line))
      .join('<br>');
  const html = [
    `<!doctype html><html lang="${escapeHtml(input.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(w.subject(input.merchantName))}</title></head>`,
    '<body style="margin:0;padding:0;background:#f6f7f9;font-family:-apple-system,Segoe UI,Roboto,PingFang SC,Microsoft YaHei,sans-serif;color:#1b1f24">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff">',
    `<div style="background:${color};color:#ffffff;padding:16px 24px;font-size:18px;font-weight:600">${escapeHtml(input.merchantName)}</div>`,
    '<div style="padding:16px 24px">',
    input.question?.text
      ? `<p style="margin:0 0 4px;color:#57606a;font-size:13px">${escapeHtml(w.youAsked)}</p><blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #d0d7de;color:#57606a">${paragraphs(input.question.text)}</blockquote>`
      : '',
    ...input.replies.map(
      (reply) =>
        `<p style="margin:0 0 4px;color:#57606a;font-size:13px">${escapeHtml(w.replied(authorName(reply, w)))}</p><p style="margin:0 0 16px;line-height:1.5">${paragraphs(reply.text)}${reply.attachments
          .map(
            (a) =>
              `<br><span style="color:#57606a">(${escapeHtml(w.attachment)}: ${escapeHtml(a.name)})</span>`,
          )
          .join('')}</p>`,
    ),
    `<p style="margin:24px 0"><a href="${escapeHtml(input.continueUrl)}" style="display:inline-block;background:${color};color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600">${escapeHtml(w.continueChat)}</a></p>`,
    `<p style="margin:0 0 16px;color:#57606a;font-size:13px">${escapeHtml(input.replyTo ? w.replyHint : w.noReplyHint)}</p>`,
    '</div>',
    `<div style="padding:12px 24px;border-top:1px solid #d0d7de;color:#57606a;font-size:12px">${escapeHtml(w.footer(input.merchantName))} <a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#57606a">${escapeHtml(w.unsubscribe)}</a></div>`,
    '</div></body></html>',
  ].join('');

  return {
    to: input.to,
    subject: w.subject(input.merchantName),
    text: text.join('\n'),
    html,
    replyTo: input.replyTo ?? input.from,
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      // Auto-responders should not answer a notification (RFC 3834).
      'Auto-Submitted': 'auto-generated',
    },
  };
}
