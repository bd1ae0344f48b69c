import { useRef } from 'preact/hooks';
import { EntryList } from '../home/entry-list.js';
import type { HelpCenter, SearchState } from './center.js';
import { Lists } from './lists.js';
import { useRestore } from './restore.js';
import { Results } from './results.js';
import { useHelpT } from './use-help-t.js';

/** What screen readers hear when a search settles (polite: it never interrupts typing). */
function announcement(t: ReturnType<typeof useHelpT>, search: SearchState | undefined): string {
  if (search?.status === 'failed') return t('help.searchFailed');
  if (search?.status !== 'done') return '';
  const count = search.results.length;
  if (count === 0) return t('help.noResults', { query: search.query });
  return t('help.results', { count });
}

/** The home view below the search box once the help chunk is there: results while searching, else the lists. */
export function HomeHelp({ center }: { center: HelpCenter }) {
  const t = useHelpT();
  const ref = useRef<HTMLDivElement>(null);
  const refocus = useRestore(center, 'home', ref);
  const search = center.search.value;
  return (
    <div ref={ref} class="home-help">
      <p class="sr-only" role="status" aria-live="polite">
        {announcement(t, search)}
      </p>
      {search ? (
        <Results center={center} refocus={refocus} />
      ) : (
        <>
          <EntryList />
          <Lists source={center} view="home" refocus={refocus} />
        </>
      )}
    </div>
  );
}
