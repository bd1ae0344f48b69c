import type { HelpArticle } from '@topay-support/protocol';
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useModel } from '../../app/context.js';
import { Notice } from '../../ui/notice.js';
import { PanelHeader } from '../panel/panel-header.js';
import type { HelpCenter, Reading } from './center.js';
import { placeOf } from './nav.js';
import { sanitizeArticle } from './sanitize.js';
import { useHelpT } from './use-help-t.js';

const HEADING_ID = 'tps-article-title';

/** "Was this article helpful?": one vote per article per browser session, then thanks (which takes focus). */
function Feedback({ center, article }: { center: HelpCenter; article: HelpArticle }) {
  const t = useHelpT();
  const thanks = useRef<HTMLParagraphElement>(null);
  const clicked = useRef(false);
  const voted = article.id in center.votes.value;
  // The buttons are gone after the vote; without this, keyboard focus would fall back to the page.
  useLayoutEffect(() => {
    if (voted && clicked.current) thanks.current?.focus();
  }, [voted]);
  const vote = (helpful: boolean) => {
    clicked.current = true;
    center.vote(article.id, helpful);
  };
  if (voted)
    return (
      <p ref={thanks} class="vote" role="status" tabIndex={-1}>
        {t('help.thanks')}
      </p>
    );
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would bring a legend's odd layout for two buttons
    <div class="vote" role="group" aria-labelledby="tps-vote">
      <p id="tps-vote">{t('help.helpful')}</p>
      <div class="row">
        <button type="button" class="secondary" onClick={() => vote(true)}>
          {t('help.yes')}
        </button>
        <button type="button" class="secondary" onClick={() => vote(false)}>
          {t('help.no')}
        </button>
      </div>
    </div>
  );
}

/** One article: the server's safe HTML (sanitised again here), in-widget links, feedback and a way to chat. */
export function ArticleView({ center, reading }: { center: HelpCenter; reading: Reading }) {
  const model = useModel();
  const t = useHelpT();
  const body = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const article = reading.status === 'ready' ? reading.article : undefined;

  useLayoutEffect(() => {
    const el = content.current;
    if (el && article) el.replaceChildren(sanitizeArticle(el.ownerDocument, article.html, center.pageUrl));
  }, [article]);

  // A new article starts at its top (or where Back left it) and its heading takes focus if focus is ours, or was
  // lost because the loading screen that had it went away; never when the visitor is busy in the page.
  useLayoutEffect(() => {
    const place = center.restore.peek();
    const back = place?.view === 'help' && place.article === reading.ref ? place : undefined;
    if (body.current) body.current.scrollTop = back?.scroll ?? 0;
    if (back) center.restore.value = undefined;
    const el = heading.current;
    const doc = el?.ownerDocument;
    const lost = !doc?.activeElement || doc.activeElement === doc.body;
    if (el && ((el.getRootNode() as ShadowRoot).activeElement || lost)) el.focus();
  }, [reading.ref, article]);

  const onClick = (event: MouseEvent) => {
    const link = (event.target as Element).closest?.<HTMLAnchorElement>('a[data-article]');
    // A modified click opens the article's public page in a new tab, as links do.
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    center.open(link.dataset.article, placeOf(link, 'help', '', reading.ref));
  };

  let main: ComponentChildren;
  if (article)
    main = (
      <article class="article" aria-labelledby={HEADING_ID}>
        <h2 ref={heading} id={HEADING_ID} class="article-title" dir="auto" tabIndex={-1} data-autofocus="">
          {article.title}
        </h2>
        <p class="article-meta">{t('help.updated', { at: new Date(article.updatedAt) })}</p>
        {/* The server converted this article from the other Chinese script for this reader. */}
        {article.convertedFrom && <p class="article-meta">{t('help.converted')}</p>}
        {/* Filled by the layout effect above, never by Preact: the sanitised nodes, not a string. */}
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: delegated clicks of the links inside, which Enter activates too */}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: the links inside are the interactive elements */}
        <div ref={content} class="article-body" dir="auto" onClick={onClick} />
        <Feedback key={article.id} center={center} article={article} />
        <div class="article-chat">
          <p>{t('help.stillNeed')}</p>
          <button type="button" class="primary" onClick={() => model.startChat()}>
            {t('help.chat')}
          </button>
        </div>
      </article>
    );
  else if (reading.status === 'loading')
    main = (
      <div class="notice" role="status">
        <div class="spinner" aria-hidden="true" />
        <p>{t('panel.loading')}</p>
      </div>
    );
  else
    main =
      reading.status === 'missing' ? (
        <Notice icon="book" title={t('help.missing')} body={t('help.missingBody')}>
          <button type="button" class="primary" onClick={center.back}>
            {t('panel.back')}
          </button>
        </Notice>
      ) : (
        <Notice icon="offline" title={t('help.articleFailed')} body={t('connection.body')}>
          <button type="button" class="primary" onClick={center.reload}>
            {t('help.retry')}
          </button>
        </Notice>
      );

  return (
    <>
      <PanelHeader title={t('help.title')} onBack={center.back} focusTitle={false} />
      <div ref={body} class="body">
        {main}
      </div>
    </>
  );
}
