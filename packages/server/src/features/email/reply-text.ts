/**
 * The new text of an emailed reply: what the visitor wrote above the quoted history and the
 * signature their client added. One rule for every client we know (zh and en: Gmail, Outlook,
 * Apple Mail, QQ Mail, NetEase 163); its cases are in test/email-reply-text.test.ts.
 */

// A line that starts the quoted original. Each is anchored to a whole line so a sentence that merely
// mentions "wrote:" or "原始邮件" in the middle is kept.
const QUOTE_HEADERS: readonly RegExp[] = [
  // Gmail, Apple Mail (en): "On Mon, 7 Dec 2026 at 09:00, Support <reply+…> wrote:"
  /^on\b.{1,300}\bwrote:\s*$/i,
  // Gmail (zh) "在 2026年12月7日周一 09:00，Support <…> 写道：", Apple Mail (zh) "2026年12月7日 09:00，… 写道：",
  // NetEase 163 "在 2026-12-07 09:00:00，"Support" <…> 写道：" (and the Traditional 寫道)
  /^.{0,300}[写寫]道\s*[:：]\s*$/,
  // Outlook (en/zh) and many others: a separator line
  /^-{2,}\s*(original message|原始邮件|原始郵件|邮件原文)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
];

// Outlook's header block: "From: …" (发件人/寄件者) followed closely by "Sent:"/"Date:" (发送时间/日期).
const OUTLOOK_FROM = /^\s*\*?(from|发件人|寄件者)\s*\*?\s*[:：]/i;
const OUTLOOK_SENT = /^\s*\*?(sent|date|发送时间|日期|寄件日期|時間)\s*\*?\s*[:：]/i;

// A signature's first line: the RFC 3676 "-- " delimiter, or a phone client's tag line.
const SIGNATURE_STARTS: readonly RegExp[] = [
  /^--\s?$/,
  /^sent from my \S.{0,40}$/i,
  /^get outlook for \S.{0,20}$/i,
  /^发自我的\s?\S.{0,30}$/,
  /^從我的\s?\S.{0,30}傳送$/,
  /^来自\S{0,10}(邮箱|郵箱)\S{0,10}$/,
];

/** The lines before the quoted history and signature, trimmed; '' when nothing new was written. */
export function stripReplyText(raw: string): string {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const next = (lines[i + 1] ?? '').trim();
    if (QUOTE_HEADERS.some((rule) => rule.test(line))) {
      end = i;
      break;
    }
    // Gmail wraps a long "On … wrote:" over two lines.
    if (/^on\b/i.test(line) && /\bwrote:\s*$/i.test(`${line} ${next}`) && !/\bwrote:\s*$/i.test(line)) {
      end = i;
      break;
    }
    if (OUTLOOK_FROM.test(line) && lines.slice(i + 1, i + 5).some((l) => OUTLOOK_SENT.test(l))) {
      end = i;
      break;
    }
    if (SIGNATURE_STARTS.some((rule) => rule.test(line))) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end);
  // Trailing "> …" lines are quoted even without a header above them.
  while (kept.length > 0 && /^\s*(>.*)?$/.test(kept[kept.length - 1]!)) kept.pop();
  return kept.join('\n').trim();
}
