import { describe, expect, it } from 'vitest';
import { stripReplyText } from '../src/features/email/reply-text.js';

// Replies shaped like each client writes them (the quoted part below the new text).
const cases: Array<{ client: string; raw: string; expected: string }> = [
  {
    client: 'Gmail (en)',
    raw: 'Thanks, it arrived.\n\nOn Mon, Dec 7, 2026 at 9:00 AM Demo Shop <reply+abc@in.example> wrote:\n> Your refund was sent.\n> Anything else?\n',
    expected: 'Thanks, it arrived.',
  },
  {
    client: 'Gmail (en, header wrapped over two lines)',
    raw: 'Thanks!\n\nOn Mon, Dec 7, 2026 at 9:00 AM Demo Shop Support Team <reply+abc@in.example>\nwrote:\n\n> Your refund was sent.',
    expected: 'Thanks!',
  },
  {
    client: 'Gmail (zh)',
    raw: '好的，收到了。\n\n在 2026年12月7日周一 09:00，演示商户 <reply+abc@in.example> 写道：\n> 退款已经发出。\n',
    expected: '好的，收到了。',
  },
  {
    client: 'Outlook (en)',
    raw: 'Still nothing on my card.\n\n________________________________\nFrom: Demo Shop <reply+abc@in.example>\nSent: Monday, December 7, 2026 9:00 AM\nTo: buyer@example.com\nSubject: Re: your question\n\nYour refund was sent.',
    expected: 'Still nothing on my card.',
  },
  {
    client: 'Outlook (en, no separator line)',
    raw: 'Still nothing.\n\nFrom: Demo Shop <reply+abc@in.example>\nSent: Monday, December 7, 2026 9:00 AM\nSubject: Re: your question\n\nYour refund was sent.',
    expected: 'Still nothing.',
  },
  {
    client: 'Outlook (zh)',
    raw: '还是没有到账。\n\n发件人: 演示商户 <reply+abc@in.example>\n发送时间: 2026年12月7日 9:00\n收件人: buyer@example.com\n主题: 回复: 您的问题\n\n退款已经发出。',
    expected: '还是没有到账。',
  },
  {
    client: 'Apple Mail (en)',
    raw: 'Got it, thank you.\n\nSent from my iPhone\n\n> On 7 Dec 2026, at 09:00, Demo Shop <reply+abc@in.example> wrote:\n>\n> Your refund was sent.',
    expected: 'Got it, thank you.',
  },
  {
    client: 'Apple Mail (zh)',
    raw: '谢谢\n\n发自我的iPhone\n\n> 2026年12月7日 09:00，演示商户 <reply+abc@in.example> 写道：\n>\n> 退款已经发出。',
    expected: '谢谢',
  },
  {
    client: 'Apple Mail (zh, no signature)',
    raw: '谢谢\n\n> 2026年12月7日 上午9:00，演示商户 <reply+abc@in.example> 写道：\n>\n> 退款已经发出。',
    expected: '谢谢',
  },
  {
    client: 'QQ Mail',
    raw: '请问什么时候到账？\n\n\n------------------ 原始邮件 ------------------\n发件人: "演示商户"<reply+abc@in.example>;\n发送时间: 2026年12月7日(星期一) 上午9:00\n收件人: "buyer"<buyer@qq.com>;\n主题: 您的问题\n\n退款已经发出。',
    expected: '请问什么时候到账？',
  },
  {
    client: 'NetEase 163 (在 … 写道)',
    raw: '好的\n\n\n在 2026-12-07 09:00:00，"演示商户" <reply+abc@in.example> 写道：\n> 退款已经发出。',
    expected: '好的',
  },
  {
    client: 'NetEase 163 (原始邮件 separator)',
    raw: '好的，谢谢\n\n----- 原始邮件 -----\n发件人："演示商户" <reply+abc@in.example>\n发送时间：2026-12-07 09:00\n\n退款已经发出。',
    expected: '好的，谢谢',
  },
  {
    client: 'a plain-text signature',
    raw: 'My order is 1234.\n-- \nJane Buyer\nACME Ltd',
    expected: 'My order is 1234.',
  },
  {
    client: 'Sent from my iPhone alone',
    raw: 'Yes please\n\nSent from my iPhone',
    expected: 'Yes please',
  },
  {
    client: 'text that only mentions the words',
    raw: 'My friend wrote: "it failed" and 原始邮件 is lost.\nOn Monday it worked.',
    expected: 'My friend wrote: "it failed" and 原始邮件 is lost.\nOn Monday it worked.',
  },
  { client: 'only quoted history', raw: '\n\nOn Mon, Dec 7, 2026 Demo <a@b.c> wrote:\n> hi', expected: '' },
];

describe('stripReplyText', () => {
  it.each(cases)('$client', ({ raw, expected }) => {
    expect(stripReplyText(raw)).toBe(expected);
  });

  it('keeps the new text of a CRLF mail', () => {
    expect(stripReplyText('Line one\r\nLine two\r\n\r\nOn Mon, X <a@b.c> wrote:\r\n> q')).toBe(
      'Line one\nLine two',
    );
  });
});
