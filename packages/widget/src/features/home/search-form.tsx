import type { Signal } from '@preact/signals';
import { LIMITS } from '@topay-support/protocol';
import { useT } from '../../app/context.js';
import { Icon } from '../../ui/icon.js';

export interface SearchFormProps {
  /** The box's text; results follow it as the visitor types. */
  query: Signal<string>;
  /** Enter: search now (an empty box browses the help center). */
  onSearch(query: string): void;
  onKeyDown?: ((event: KeyboardEvent) => void) | undefined;
}

export function SearchForm({ query, onSearch, onKeyDown }: SearchFormProps) {
  const t = useT();
  const read = (event: Event) => {
    query.value = (event.currentTarget as HTMLInputElement).value;
  };
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
        dir="auto"
        name="q"
        type="search"
        // Bound to the signal itself: typing re-renders nothing here, and `searchHelp` can fill the box.
        value={query}
        placeholder={t('home.searchLabel')}
        maxLength={LIMITS.searchQueryLength}
        autocomplete="off"
        enterKeyHint="search"
        data-autofocus=""
        // Pinyin and other IMEs: search the characters picked, not the letters typed while composing.
        onInput={(event) => event.isComposing || read(event)}
        onCompositionEnd={read}
        onKeyDown={onKeyDown}
      />
      <button type="submit" aria-label={t('home.searchSubmit')} title={t('home.searchSubmit')}>
        <Icon name="search" />
      </button>
    </form>
  );
}
