import { useRef } from 'preact/hooks';

export interface TabItem<T extends string> {
  value: T;
  label: string;
}

export interface TabsProps<T extends string> {
  /** Names the tab list for screen readers. */
  label: string;
  items: readonly TabItem<T>[];
  selected: T;
  onSelect(value: T): void;
  /** Prefix of the tab ids; the panel is `${idPrefix}-panel` and must be rendered by the caller. */
  idPrefix: string;
}

export const tabId = (idPrefix: string, value: string) => `${idPrefix}-tab-${value}`;
export const tabPanelId = (idPrefix: string) => `${idPrefix}-panel`;

/**
 * WAI-ARIA tabs with automatic activation: one tab stop for the whole list, arrow keys, Home and End
 * move between tabs (the pattern keyboard and screen-reader users expect from `role="tablist"`).
 */
export function Tabs<T extends string>({ label, items, selected, onSelect, idPrefix }: TabsProps<T>) {
  const list = useRef<HTMLDivElement>(null);

  function move(event: KeyboardEvent) {
    const index = items.findIndex((item) => item.value === selected);
    const last = items.length - 1;
    const next =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? index <= 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    const item = next === undefined ? undefined : items[next];
    if (next === undefined || !item) return;
    event.preventDefault();
    onSelect(item.value);
    list.current?.querySelectorAll<HTMLElement>('[role="tab"]')[next]?.focus();
  }

  return (
    <div class="tabs" role="tablist" aria-label={label} ref={list} onKeyDown={move}>
      {items.map((item) => {
        const active = item.value === selected;
        return (
          <button
            key={item.value}
            type="button"
            role="tab"
            id={tabId(idPrefix, item.value)}
            class="tabs__tab"
            aria-selected={active ? 'true' : 'false'}
            aria-controls={tabPanelId(idPrefix)}
            tabIndex={active ? 0 : -1}
            onClick={() => onSelect(item.value)}
          >
            {item.label}
          </button>
        );
      })}
    </div>
  );
}
