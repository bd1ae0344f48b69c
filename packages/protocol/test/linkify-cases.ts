/**
 * The one table of linkify cases (issue 12). The protocol's test runs it against `linkify`, and the widget's
 * and the console's tests render every case and read the DOM back: text nodes and anchors, nothing else.
 */

import type { TextPart } from '../src/linkify.js';

export interface LinkifyCase {
  name: string;
  input: string;
  parts: readonly TextPart[];
}

const link = (text: string, href = text): TextPart => ({ text, href });

export const LINKIFY_CASES: readonly LinkifyCase[] = [
  { name: 'plain text', input: 'no links here', parts: [{ text: 'no links here' }] },
  { name: 'empty text', input: '', parts: [] },
  { name: 'a URL alone', input: 'https://a.cn/x', parts: [link('https://a.cn/x')] },
  {
    name: 'full-width comma after a URL (Chinese text puts no space)',
    input: 'https://a.cn/x，谢谢',
    parts: [link('https://a.cn/x'), { text: '，谢谢' }],
  },
  {
    name: 'every full-width stop ends a URL',
    input:
      'a https://a.cn/1。b https://a.cn/2！c https://a.cn/3？d https://a.cn/4、e https://a.cn/5；f https://a.cn/6：g',
    parts: [
      { text: 'a ' },
      link('https://a.cn/1'),
      { text: '。b ' },
      link('https://a.cn/2'),
      { text: '！c ' },
      link('https://a.cn/3'),
      { text: '？d ' },
      link('https://a.cn/4'),
      { text: '、e ' },
      link('https://a.cn/5'),
      { text: '；f ' },
      link('https://a.cn/6'),
      { text: '：g' },
    ],
  },
  {
    name: 'full-width brackets and corner quotes around a URL',
    input: '（https://a.cn/x）「https://a.cn/y」【https://a.cn/z】',
    parts: [
      { text: '（' },
      link('https://a.cn/x'),
      { text: '）「' },
      link('https://a.cn/y'),
      { text: '」【' },
      link('https://a.cn/z'),
      { text: '】' },
    ],
  },
  {
    name: 'Chinese right before the scheme',
    input: '请看https://help.topay.cn/a',
    parts: [{ text: '请看' }, link('https://help.topay.cn/a')],
  },
  {
    name: 'trailing ASCII punctuation ends the sentence, not the URL',
    input: 'See https://a.com/x. Or https://a.com/y, or https://a.com/z! Really? https://a.com/q?',
    parts: [
      { text: 'See ' },
      link('https://a.com/x'),
      { text: '. Or ' },
      link('https://a.com/y'),
      { text: ', or ' },
      link('https://a.com/z'),
      { text: '! Really? ' },
      link('https://a.com/q'),
      { text: '?' },
    ],
  },
  {
    name: 'a query string and fragment stay in the URL',
    input: 'https://a.com/p?x=1&y=2#top ok',
    parts: [link('https://a.com/p?x=1&y=2#top'), { text: ' ok' }],
  },
  {
    name: 'a closing bracket the URL opened stays; one it did not, goes',
    input: '(see https://en.wikipedia.org/wiki/Alipay_(app))',
    parts: [{ text: '(see ' }, link('https://en.wikipedia.org/wiki/Alipay_(app)'), { text: ')' }],
  },
  {
    name: 'angle brackets and quotes are never part of a URL',
    input: '<https://a.com/x> "https://a.com/y" \'https://a.com/z\' `https://a.com/w`',
    parts: [
      { text: '<' },
      link('https://a.com/x'),
      { text: '> "' },
      link('https://a.com/y'),
      { text: '" \'' },
      link('https://a.com/z'),
      { text: "' `" },
      link('https://a.com/w'),
      { text: '`' },
    ],
  },
  {
    name: 'markup around a URL stays characters',
    input: '<a href="https://evil.test">https://a.com</a><img src=x onerror=alert(1)>',
    parts: [
      { text: '<a href="' },
      link('https://evil.test', 'https://evil.test/'),
      { text: '">' },
      link('https://a.com', 'https://a.com/'),
      { text: '</a><img src=x onerror=alert(1)>' },
    ],
  },
  {
    name: 'http and an upper-case scheme',
    input: 'HTTP://A.COM/X and http://b.com',
    parts: [
      link('HTTP://A.COM/X', 'http://a.com/X'),
      { text: ' and ' },
      link('http://b.com', 'http://b.com/'),
    ],
  },
  {
    name: 'mailto',
    input: '写信到 mailto:help@topay.cn。',
    parts: [{ text: '写信到 ' }, link('mailto:help@topay.cn'), { text: '。' }],
  },
  {
    name: 'mailto without an address stays text',
    input: 'mailto: nobody',
    parts: [{ text: 'mailto: nobody' }],
  },
  {
    name: 'other schemes stay text',
    input: 'javascript:alert(1) data:text/html,<b>x</b> ftp://a.com file:///etc/passwd',
    parts: [{ text: 'javascript:alert(1) data:text/html,<b>x</b> ftp://a.com file:///etc/passwd' }],
  },
  {
    name: 'a javascript: URL right after a link stays text',
    input: 'https://ok.test javascript:alert(1) <script>alert(1)</script>',
    parts: [
      link('https://ok.test', 'https://ok.test/'),
      { text: ' javascript:alert(1) <script>alert(1)</script>' },
    ],
  },
  {
    name: 'a scheme inside a word is not a link',
    input: 'xhttps://a.com',
    parts: [{ text: 'xhttps://a.com' }],
  },
  {
    name: 'a scheme with nothing after it stays text',
    input: 'https:// and https://.',
    parts: [{ text: 'https:// and https://.' }],
  },
  {
    name: 'bare domains stay text',
    input: 'www.topay.cn or topay.cn',
    parts: [{ text: 'www.topay.cn or topay.cn' }],
  },
  {
    name: 'Chinese in a path stays in the URL',
    input: 'https://zh.wikipedia.org/wiki/支付 ok',
    parts: [
      link('https://zh.wikipedia.org/wiki/支付', 'https://zh.wikipedia.org/wiki/%E6%94%AF%E4%BB%98'),
      { text: ' ok' },
    ],
  },
  {
    name: 'line breaks end a URL',
    input: 'https://a.com/x\nnext',
    parts: [link('https://a.com/x', 'https://a.com/x'), { text: '\nnext' }],
  },
];
