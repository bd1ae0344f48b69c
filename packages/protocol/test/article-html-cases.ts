/**
 * The one table of article-subset cases (issue 12). Links: the protocol's test runs `articleLink`, the server's
 * renders each as Markdown, the widget and the console sanitise each as HTML. Documents: the protocol's test and
 * the widget's and the console's sanitisers, each with the DOM it has. Article links point at `articlePage`.
 */

import type { ArticleLink } from '../src/article-html.js';

export const articlePage = (slug: string) => `https://support.test/help/pk_test/en/${slug}`;

export interface ArticleLinkCase {
  href: string;
  link: ArticleLink | undefined;
}

export const ARTICLE_LINK_CASES: readonly ArticleLinkCase[] = [
  { href: 'https://bank.example/help', link: { href: 'https://bank.example/help', newTab: true } },
  { href: 'http://shop.example/a?b=1#c', link: { href: 'http://shop.example/a?b=1#c', newTab: true } },
  { href: 'HTTPS://BANK.EXAMPLE/x', link: { href: 'HTTPS://BANK.EXAMPLE/x', newTab: true } },
  { href: 'mailto:help@shop.example', link: { href: 'mailto:help@shop.example', newTab: false } },
  { href: 'article:refunds', link: { article: 'refunds' } },
  { href: 'article:payment-failed-2', link: { article: 'payment-failed-2' } },
  { href: 'article:Refunds', link: undefined },
  { href: 'article:../admin', link: undefined },
  { href: 'javascript:alert(1)', link: undefined },
  { href: 'JavaScript:alert(1)', link: undefined },
  { href: 'data:text/html;base64,PHNjcmlwdD4=', link: undefined },
  { href: 'vbscript:x', link: undefined },
  { href: 'ftp://files.example/a', link: undefined },
  { href: '/relative/path', link: undefined },
  { href: '//evil.example/x', link: undefined },
  { href: 'https:evil.example', link: undefined },
];

export interface ArticleHtmlCase {
  name: string;
  html: string;
  /** The sanitised HTML (`innerHTML` of the result), article links pointing at `articlePage`. */
  clean: string;
}

export const ARTICLE_HTML_CASES: readonly ArticleHtmlCase[] = [
  {
    name: 'the whole subset as the server renders it stays as it is',
    html: '<h2>步骤</h2><p>打开 <strong>设置</strong> <em>安全</em> <code>x</code></p><ol><li>a</li></ol><ul><li>b</li></ul><pre><code>y</code></pre><blockquote><p>q</p></blockquote><hr><h3>t</h3><p><a href="https://help.example" target="_blank" rel="noopener noreferrer">帮助</a> <a href="mailto:a@b.example">m</a></p>',
    clean:
      '<h2>步骤</h2><p>打开 <strong>设置</strong> <em>安全</em> <code>x</code></p><ol><li>a</li></ol><ul><li>b</li></ul><pre><code>y</code></pre><blockquote><p>q</p></blockquote><hr><h3>t</h3><p><a href="https://help.example" target="_blank" rel="noopener noreferrer">帮助</a> <a href="mailto:a@b.example">m</a></p>',
  },
  {
    name: 'a link to another article points at its page and names it',
    html: '<p><a href="article:forgot-password">找回</a></p>',
    clean: `<p><a href="${articlePage('forgot-password')}" data-article="forgot-password">找回</a></p>`,
  },
  { name: 'script', html: '<script>alert(1)</script><p>ok</p>', clean: '<p>ok</p>' },
  { name: 'an image with a handler', html: '<p>a<img src=x onerror="alert(1)">b</p>', clean: '<p>ab</p>' },
  {
    name: 'attributes on allowed elements',
    html: '<h2 onclick="alert(1)">S</h2><p onclick="alert(1)" class="x" style="color:red" id="y">t</p>',
    clean: '<h2>S</h2><p>t</p>',
  },
  { name: 'a javascript: link', html: '<a href="javascript:alert(1)">x</a>', clean: '<a>x</a>' },
  {
    name: 'a javascript: link after a space',
    html: '<a href=" javascript:alert(1)">x</a>',
    clean: '<a>x</a>',
  },
  {
    name: 'a data: link',
    html: '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    clean: '<a>x</a>',
  },
  {
    name: 'an external link always opens in a new tab without an opener, whatever the HTML said',
    html: '<a href="https://ok.example" onclick="x" target="_top" rel="opener">x</a>',
    clean: '<a href="https://ok.example" target="_blank" rel="noopener noreferrer">x</a>',
  },
  {
    name: 'a mailto link stays in this tab',
    html: '<a href="mailto:help@shop.example" target="_blank">mail</a>',
    clean: '<a href="mailto:help@shop.example">mail</a>',
  },
  {
    name: 'frames and styles go with their content',
    html: '<iframe src="https://evil.example"></iframe><style>*{}</style><p>c</p>',
    clean: '<p>c</p>',
  },
  {
    name: 'a link inside SVG',
    html: '<svg><a href="https://ok.example"><text>x</text></a></svg>',
    clean: '',
  },
  {
    name: 'a link inside MathML',
    html: '<math><mi><a href="javascript:alert(1)">x</a></mi></math>',
    clean: '',
  },
  {
    name: 'unknown wrappers are unwrapped, their text kept',
    html: '<div><span>kept</span><h4>text</h4><h1>top</h1></div>',
    clean: 'kepttexttop',
  },
  { name: 'comments', html: '<!-- <img src=x onerror=alert(1)> --><p>c</p>', clean: '<p>c</p>' },
  { name: 'a form', html: '<form><input value="x"><button>go</button></form>', clean: '' },
  {
    name: 'a template inside a paragraph',
    html: '<p><template><script>alert(1)</script></template>t</p>',
    clean: '<p>t</p>',
  },
  {
    name: 'markup written as text stays text',
    html: '<p>&lt;img src=x onerror=alert(1)&gt;</p>',
    clean: '<p>&lt;img src=x onerror=alert(1)&gt;</p>',
  },
];
