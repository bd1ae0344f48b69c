import { useEffect } from 'preact/hooks';
import { useModel, useT } from '../../app/context.js';
import { PanelHeader } from '../panel/PanelHeader.js';
import { EntryList } from './EntryList.js';
import { SearchForm } from './SearchForm.js';

export function HomeView() {
  const model = useModel();
  const t = useT();
  const { help } = model;
  const chunk = help.chunk.value;
  const center = help.center.value;
  // The help chunk (results, lists, articles) loads once the home view is up; until then the entries show.
  useEffect(() => {
    void help.load();
  }, []);
  const search = (query: string) => (query ? model.searchHelp(query) : model.browseHelp());
  return (
    <>
      <PanelHeader title={model.merchantName.value ?? t('panel.title')} />
      <div class="body">
        <div class="hero">
          <p class="greeting">{model.greeting.value ?? t('home.greeting')}</p>
        </div>
        <div class="home-content">
          <SearchForm query={help.query} onSearch={search} onKeyDown={chunk?.onSearchKey} />
          {chunk && center ? <chunk.HomeHelp center={center} /> : <EntryList />}
        </div>
      </div>
    </>
  );
}
