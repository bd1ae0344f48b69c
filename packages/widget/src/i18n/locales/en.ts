// English home strings, one small lazy chunk: what the home view needs. The features' strings are in
// `en-features.ts`, fetched with the first feature chunk.
import { en } from '../en.js';

export const messages: Readonly<Record<string, string>> = en;
