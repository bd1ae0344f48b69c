import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect } from 'preact/hooks';
import type { ViewName } from '../panel/model.js';
import type { HelpCenter, Place } from './center.js';

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

/**
 * What Back asked of this view: the key of the item to focus (render it with `data-refocus`, which the panel's
 * focus handling prefers) and the scroll offset, applied before paint. The request is cleared afterwards.
 */
export function useRestore(
  center: HelpCenter,
  view: ViewName,
  ref: RefObject<HTMLElement>,
  article?: string,
): string | undefined {
  const place = center.restore.value;
  const mine = place?.view === view && place.article === article ? place : undefined;
  useLayoutEffect(() => {
    const scroller = ref.current?.closest('.body');
    if (mine && scroller) scroller.scrollTop = mine.scroll ?? 0;
  }, [mine]);
  useEffect(() => {
    if (mine) center.restore.value = undefined;
  }, [mine]);
  return mine?.key;
}
