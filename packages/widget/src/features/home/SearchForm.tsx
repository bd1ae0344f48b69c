import { LIMITS } from '@topay-support/protocol';
import { useT } from '../../app/context.js';
import { Icon } from '../../ui/Icon.js';

export interface SearchFormProps {
  initialQuery: string;
  onSearch(query: string): void;
}

export function SearchForm({ initialQuery, onSearch }: SearchFormProps) {
  const t = useT();
  // Uncontrolled: the text being typed is the input's business, read once on submit, so typing costs no renders.
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('q') as HTMLInputElement;
    onSearch(input.value.trim());
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> has no role before Chrome 118 / Safari 17; role="search" works everywhere
    <form class="search" role="search" onSubmit={submit}>
      <label for="tps-search" class="sr-only">
        {t('home.searchLabel')}
      </label>
      <input
        id="tps-search"
        name="q"
        type="search"
        defaultValue={initialQuery}
        placeholder={t('home.searchLabel')}
        maxLength={LIMITS.searchQueryLength}
        autocomplete="off"
        enterKeyHint="search"
        data-autofocus=""
      />
      <button type="submit" aria-label={t('home.searchSubmit')} title={t('home.searchSubmit')}>
        <Icon name="search" />
      </button>
    </form>
  );
}
