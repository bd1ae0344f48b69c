// The built-in palettes. Each value was checked for WCAG 2.2 AA: text ≥ 4.5:1 on `bg` and `surface`.
export const LIGHT = {
  bg: '#ffffff',
  surface: '#f4f5f7',
  text: '#1a1d23',
  muted: '#596070',
  border: '#dfe2e8',
} as const;

export const DARK = {
  bg: '#17191e',
  surface: '#22252c',
  text: '#eef0f3',
  muted: '#a6adba',
  border: '#363b45',
} as const;

export const DEFAULT_ACCENT = '#1d4ed8';
export const ON_ACCENT_LIGHT = '#ffffff';
// Pure black, not a softer near-black: with it, the better of the two clears 4.5:1 on every possible accent.
export const ON_ACCENT_DARK = '#000000';
