import { useModel, useT } from '../../app/context.js';
import type { MessageKey } from '../../i18n/en.js';
import { Icon, type IconName } from '../../ui/icon.js';

interface Entry {
  icon: IconName;
  title: MessageKey;
  description: MessageKey;
  go(): void;
}

export function EntryList() {
  const model = useModel();
  const t = useT();
  const entries: Entry[] = [
    { icon: 'book', title: 'home.helpTitle', description: 'home.helpDescription', go: model.browseHelp },
    {
      icon: 'card',
      title: 'home.paymentsTitle',
      description: 'home.paymentsDescription',
      go: () => model.checkPayment(),
    },
    {
      icon: 'message',
      title: 'home.chatTitle',
      description: 'home.chatDescription',
      go: () => model.startChat(),
    },
  ];
  return (
    <ul class="entries" aria-label={t('home.entriesLabel')}>
      {entries.map((entry) => (
        <li key={entry.title}>
          <button type="button" class="entry" onClick={entry.go}>
            <span class="entry-icon">
              <Icon name={entry.icon} />
            </span>
            <span class="entry-text">
              <span class="entry-title">{t(entry.title)}</span>
              <span class="entry-description">{t(entry.description)}</span>
            </span>
            <Icon name="chevronRight" className="chevron" />
          </button>
        </li>
      ))}
    </ul>
  );
}
