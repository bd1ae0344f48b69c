interface ImportMetaEnv {
  /** Origin of the topay-support server; `http://localhost:8787` (the demo) when unset. */
  readonly VITE_SUPPORT_URL?: string;
}
