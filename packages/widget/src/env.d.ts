/** The package version, replaced at build time by `scripts/build.mjs`; absent when tests run the sources. */
declare const __TPS_VERSION__: string;
