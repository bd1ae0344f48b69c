// Ids are scoped to the shadow root, so fixed names cannot collide with the host page or another widget.
export const PANEL_ID = 'tps-panel';
export const TITLE_ID = 'tps-title';
