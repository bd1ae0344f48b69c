export type ShortcutCommand =
  | 'next'
  | 'previous'
  | 'reply'
  | 'claim'
  | 'resolve'
  | 'back'
  | 'search'
  | 'tab:open'
  | 'tab:assigned'
  | 'tab:resolved'
  | 'help'
  | 'articles';

/** The shortcuts as the help dialog lists them; `keys` are pressed in sequence, or together when `chord`. */
export const SHORTCUTS: ReadonlyArray<{
  keys: readonly string[];
  command: ShortcutCommand;
  chord?: boolean;
}> = [
  { keys: ['j'], command: 'next' },
  { keys: ['k'], command: 'previous' },
  { keys: ['Enter'], command: 'reply' },
  { keys: ['r'], command: 'reply' },
  { keys: ['c'], command: 'claim' },
  { keys: ['e'], command: 'resolve' },
  { keys: ['Esc'], command: 'back' },
  { keys: ['/'], command: 'search' },
  { keys: ['g', 'o'], command: 'tab:open' },
  { keys: ['g', 'a'], command: 'tab:assigned' },
  { keys: ['g', 'r'], command: 'tab:resolved' },
  { keys: ['a'], command: 'articles' },
  // Ctrl/⌘+K is "insert link" in most editors, and works while typing the reply.
  { keys: ['Ctrl/⌘', 'K'], command: 'articles', chord: true },
  { keys: ['?'], command: 'help' },
];

const SINGLE: Readonly<Record<string, ShortcutCommand>> = {
  j: 'next',
  k: 'previous',
  Enter: 'reply',
  r: 'reply',
  c: 'claim',
  e: 'resolve',
  Escape: 'back',
  '/': 'search',
  '?': 'help',
  a: 'articles',
};
const AFTER_G: Readonly<Record<string, ShortcutCommand>> = {
  o: 'tab:open',
  a: 'tab:assigned',
  r: 'tab:resolved',
};

/** Where keys are text, not commands. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return true;
  return false;
}

/**
 * Turns keydown events into commands, remembering a pending `g` for a short while.
 * Keys typed into fields, and keys with Ctrl/Cmd/Alt (the browser's own), are never commands,
 * except Ctrl/Cmd+K.
 *
 * @example
 * const keymap = createKeymap();
 * document.addEventListener('keydown', (event) => run(keymap(event)));
 */
export function createKeymap(sequenceMs = 1_500, now: () => number = Date.now) {
  let pendingG = -Infinity;
  return (event: KeyboardEvent): ShortcutCommand | null => {
    if (event.defaultPrevented) return null;
    // The one chord, and the one command that also works in a field: it inserts into the reply box.
    if (
      (event.ctrlKey || event.metaKey) &&
      !event.altKey &&
      !event.shiftKey &&
      event.key.toLowerCase() === 'k'
    )
      return 'articles';
    if (event.ctrlKey || event.metaKey || event.altKey) return null;
    if (isTypingTarget(event.target)) return null;
    // Enter on a button or link activates it; only bare Enter means "reply".
    if (event.key === 'Enter' && event.target instanceof Element && event.target.closest('button, a'))
      return null;
    if (now() - pendingG < sequenceMs) {
      pendingG = -Infinity;
      const command = AFTER_G[event.key];
      if (command) return command;
    }
    if (event.key === 'g') {
      pendingG = now();
      return null;
    }
    return SINGLE[event.key] ?? null;
  };
}
