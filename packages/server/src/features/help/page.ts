import type { HelpArticle } from '@topay-support/protocol';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * A standalone, script-free page for one article. `article.html` is already the safe subset; the
 * merchant name and title are escaped here. `article:` links become links to sibling pages.
 */
export function articlePage(merchantName: string, article: HelpArticle): string {
  const body = article.html.replace(/href="article:([a-z0-9-]+)"/g, 'href="./$1"');
  return `<!doctype html>
<html lang="${escapeHtml(article.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(article.title)} · ${escapeHtml(merchantName)}</title>
<style>
body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1d2433;background:#f5f7fb}
main{max-width:720px;margin:0 auto;padding:24px 20px 48px;background:#fff;min-height:100vh;box-sizing:border-box}
header{color:#4a5568;font-size:14px;margin-bottom:8px}h1{font-size:1.6rem;line-height:1.3;margin:.2em 0 .8em}
a{color:#1f5fd1}code{background:#eef1f6;padding:.1em .3em;border-radius:4px}
</style>
</head>
<body><main><header>${escapeHtml(merchantName)}</header><h1>${escapeHtml(article.title)}</h1>${body}</main></body>
</html>`;
}
