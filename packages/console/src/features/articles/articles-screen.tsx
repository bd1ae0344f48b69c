import type { AgentArticle } from '@topay-support/protocol';
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { ApiFailure } from '../../api.js';
import { Alert } from '../../ui/alert.js';
import { articlesHash } from '../routing/conversation-route.js';
import { ArticleEditor } from './article-editor.js';
import { ArticleList } from './article-list.js';
import { createArticlesListModel, NEW_ARTICLE } from './articles-model.js';
import type { ArticlesScreenProps } from './lazy-screen.js';
import { type ScreenTranslate, screenTranslator } from './messages.js';

type Loaded =
  | { status: 'loading' }
  | { status: 'ready'; article: AgentArticle | undefined }
  | { status: 'missing' | 'error' };

/** The lazy chunk's entry: the list, or (admins) the editor of the article the URL names. */
export function ArticlesScreen({ workspace, locale, articleId, isAdmin }: ArticlesScreenProps) {
  const uiLocale = locale.locale.value;
  const t = locale.t.value;
  const st = useMemo(() => screenTranslator(uiLocale), [uiLocale]);
  const headingId = useId();
  const [list] = useState(() => createArticlesListModel(workspace.articles));
  const editing = isAdmin && articleId !== null;

  useEffect(() => {
    void list.load();
  }, [list]);

  useEffect(() => {
    // A new screen (list or editor) takes focus at its heading, so screen readers say where they are.
    document.getElementById(headingId)?.focus({ preventScroll: true });
  }, [articleId]);

  return (
    <main class="articles" aria-labelledby={headingId}>
      {editing ? (
        <EditorRoute
          key={articleId}
          articleId={articleId}
          props={{ workspace, list, t, st, uiLocale, headingId }}
        />
      ) : (
        <>
          {articleId !== null ? <Alert tone="info">{st('editor.readOnly')}</Alert> : null}
          <ArticleList
            list={list}
            isAdmin={isAdmin}
            t={t}
            st={st}
            uiLocale={uiLocale}
            headingId={headingId}
            publicUrl={workspace.articleUrl}
          />
        </>
      )}
    </main>
  );
}

interface EditorRouteProps {
  articleId: string;
  props: Omit<Parameters<typeof ArticleEditor>[0], 'article'> & { st: ScreenTranslate };
}

/** Finds the article the URL names (in the list, else from the server) before the editor starts. */
function EditorRoute({ articleId, props }: EditorRouteProps) {
  const { list, st, headingId } = props;
  const [loaded, setLoaded] = useState<Loaded>(() => {
    if (articleId === NEW_ARTICLE) return { status: 'ready', article: undefined };
    const known = list.articles.peek().find((article) => article.id === articleId);
    return known ? { status: 'ready', article: known } : { status: 'loading' };
  });

  useEffect(() => {
    if (loaded.status !== 'loading') return;
    let live = true;
    props.workspace.articles.getArticle(articleId).then(
      (article) => live && setLoaded({ status: 'ready', article }),
      (error: unknown) =>
        live &&
        setLoaded({
          status: error instanceof ApiFailure && error.code === 'not_found' ? 'missing' : 'error',
        }),
    );
    return () => {
      live = false;
    };
  }, [articleId]);

  if (loaded.status === 'ready') return <ArticleEditor {...props} article={loaded.article} />;
  return (
    <>
      <div class="articles__head">
        <a class="articles__back" href={articlesHash(null)}>
          <span aria-hidden="true">← </span>
          {st('editor.back')}
        </a>
      </div>
      <h1 id={headingId} class="articles__title" tabIndex={-1}>
        {st('editor.edit')}
      </h1>
      {loaded.status === 'loading' ? (
        <p role="status">{st('editor.loading')}</p>
      ) : (
        <Alert tone="error">
          {loaded.status === 'missing' ? st('editor.missing') : st('editor.loadError')}
        </Alert>
      )}
    </>
  );
}
