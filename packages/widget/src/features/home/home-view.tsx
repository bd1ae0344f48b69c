import { safeHttpsUrl } from '@topay-support/protocol';
import { useEffect } from 'preact/hooks';
import { useModel, useT } from '../../app/context.js';
import { Lists } from '../help/lists.js';
import { onSearchKey } from '../help/nav.js';
import { PanelHeader } from '../panel/panel-header.js';
import { Contacts } from './contacts.js';
import { EntryList } from './entry-list.js';
import { Opening } from './opening.js';
import { SearchForm } from './search-form.js';

export function HomeView() {
  const model = useModel();
  const t = useT();
  const { help } = model;
  const chunk = help.chunk.value;
  const center = help.center.value;
  // The lists come from the home bundle; the help chunk (search, articles) waits for the first keystroke.
  useEffect(() => help.showLists(), []);
  const merchant = model.merchant.value;
  const logo = safeHttpsUrl(merchant?.logoUrl);
  const search = (query: string) => (query ? model.searchHelp(query) : model.browseHelp());
  return (
    <>
      <PanelHeader title={model.merchantName.value ?? t('panel.title')} />
      <div class="body">
        <div class="hero">
          {/* Decorative: the header already names the merchant. No referrer leaks the visitor's page. */}
          {logo && <img class="logo" src={logo} alt="" referrerpolicy="no-referrer" />}
          <p class="greeting">{model.greeting.value ?? t('home.greeting')}</p>
          {merchant?.businessHours && <Opening hours={merchant.businessHours} />}
        </div>
        <div class="home-content">
          <SearchForm query={help.query} onSearch={search} onKeyDown={onSearchKey} />
          {chunk && center ? (
            <chunk.HomeHelp center={center} />
          ) : (
            // The same frame as the chunk's HomeHelp, so nothing moves when it takes over.
            <div class="home-help">
              <p class="sr-only" role="status" aria-live="polite" />
              <EntryList />
              <Lists source={help} view="home" />
            </div>
          )}
          {merchant?.contactChannels && <Contacts channels={merchant.contactChannels} />}
        </div>
      </div>
    </>
  );
}
