import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect } from 'preact/hooks';
import type { ViewName } from '../panel/model.js';
import type { HelpCenter } from './center.js';

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
