import { useRef } from 'preact/hooks';
import { PanelHeader } from '../panel/panel-header.js';
import { ArticleView } from './article-view.js';
import type { HelpCenter } from './center.js';
import { Lists } from './lists.js';
import { useRestore } from './restore.js';
import { useHelpT } from './use-help-t.js';

/** The help view once the chunk is there: the article on screen, or the help center's lists. */
export function HelpScreen({ center }: { center: HelpCenter }) {
  const reading = center.reading.value;
  return reading ? <ArticleView center={center} reading={reading} /> : <Browse center={center} />;
}

function Browse({ center }: { center: HelpCenter }) {
  const t = useHelpT();
  const ref = useRef<HTMLDivElement>(null);
  const refocus = useRestore(center, 'help', ref);
  return (
    <>
      <PanelHeader title={t('help.title')} onBack={center.back} />
      <div class="body">
        <div ref={ref} class="home-content help-browse">
          {center.lists.value === undefined ? (
            <div class="notice" role="status">
              <div class="spinner" aria-hidden="true" />
              <p>{t('panel.loading')}</p>
            </div>
          ) : (
            <Lists source={center} view="help" refocus={refocus} />
          )}
        </div>
      </div>
    </>
  );
}
