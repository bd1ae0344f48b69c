/** Below this viewport width the panel covers the screen and behaves as a modal dialog. Shared by CSS and JS. */
export const COMPACT_MEDIA = '(max-width: 639.98px)';
