import { useLayoutEffect, useRef } from 'preact/hooks';
import { sanitizeArticleHtml } from './sanitize.js';

export interface ArticlePreviewProps {
  /** The server's rendering (`POST /v1/agent/articles/preview`). */
  html: string;
  label: string;
}

/** The article as the widget shows it: the server's safe HTML, sanitized again, in a styled container. */
export function ArticlePreview({ html, label }: ArticlePreviewProps) {
  const container = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    container.current?.replaceChildren(sanitizeArticleHtml(html));
  }, [html]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Enter on a link fires the same click event.
    <section
      ref={container}
      class="article-body"
      aria-label={label}
      onClick={(event) => {
        // `article:slug` links work inside the widget; in the console they lead nowhere.
        const link = event.target instanceof Element ? event.target.closest('a') : null;
        if (link?.getAttribute('href')?.toLowerCase().startsWith('article:')) event.preventDefault();
      }}
    />
  );
}
