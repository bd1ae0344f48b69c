import { useModel, useT } from '../../app/context.js';
import { PanelHeader } from '../panel/PanelHeader.js';
import { EntryList } from './EntryList.js';
import { SearchForm } from './SearchForm.js';

export function HomeView() {
  const model = useModel();
  const t = useT();
  const search = (query: string) => (query ? model.searchHelp(query) : model.browseHelp());
  return (
    <>
      <PanelHeader title={model.merchantName.value ?? t('panel.title')} />
      <div class="body">
        <div class="hero">
          <p class="greeting">{model.greeting.value ?? t('home.greeting')}</p>
        </div>
        <div class="home-content">
          <SearchForm initialQuery={model.help.query.peek()} onSearch={search} />
          <EntryList />
        </div>
      </div>
    </>
  );
}
