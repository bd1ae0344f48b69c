// Keyboard and place helpers of the help lists; in the home bundle, since the home view shows the lists itself.
import type { ViewName } from '../panel/model.js';
import type { Place } from './center.js';

const SEARCH_ID = 'tps-search';

function searchBox(el: Element): HTMLElement | null {
  return (el.getRootNode() as ShadowRoot).getElementById(SEARCH_ID);
}

/** The place of a list item about to open an article: its view, the article around it, and the scroll offset. */
export function placeOf(el: Element, view: ViewName, key: string, article?: string): Place {
  return { view, key, article, scroll: el.closest('.body')?.scrollTop ?? 0 };
}

/** The search box's keys: ArrowDown moves into the first list below it (results, or popular articles). */
export function onSearchKey(event: KeyboardEvent): void {
  if (event.key !== 'ArrowDown') return;
  const root = (event.currentTarget as Element).getRootNode() as ShadowRoot;
  const first = root.querySelector<HTMLElement>('[data-nav] button');
  if (!first) return;
  event.preventDefault();
  first.focus();
}

/**
 * Arrow keys within one list of article buttons: Up/Down/Home/End move, Up from the first item returns to the
 * search box, and typing a character there goes back to the box, so the visitor can refine the query.
 */
export function onListKey(event: KeyboardEvent): void {
  const list = event.currentTarget as HTMLElement;
  const items = Array.from(list.querySelectorAll<HTMLElement>('button'));
  const at = items.indexOf(event.target as HTMLElement);
  const key = event.key;
  let next: HTMLElement | null | undefined;
  if (key === 'ArrowDown') next = items[at + 1];
  else if (key === 'ArrowUp') next = at > 0 ? items[at - 1] : searchBox(list);
  else if (key === 'Home') next = items[0];
  else if (key === 'End') next = items[items.length - 1];
  // Space stays with the button (it activates it); other characters refine the query.
  else if (key.length === 1 && key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey) {
    // Not prevented: the character lands in the box, which now has focus.
    searchBox(list)?.focus();
    return;
  }
  if (!next) return;
  event.preventDefault();
  next.focus();
}
