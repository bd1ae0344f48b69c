import {
  createTranslator,
  type Locale,
  type PluralBase,
  type Translate,
  type Translator,
} from '@topay-support/protocol';
import { createInstance } from 'i18next';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

let shared: Translator | undefined;

/**
 * The console's one i18next instance, wrapped as the widget wraps its own (`createTranslator` in the protocol), with
 * the catalogue inline. Made on first use: importing the console runs nothing. The strings never change, so every
 * mount shares it.
 */
export function consoleTranslator(): Translator {
  shared ??= createTranslator(createInstance, { resources: { en, 'zh-CN': zhCN }, fallbackLng: 'en' });
  return shared;
}

/**
 * A lazy screen's strings (the articles screen, the assistant report) join the console's translator when the screen
 * first renders, under `prefix.` so their short keys never meet the catalogue's. The console speaks en and zh-CN;
 * other locales read it in English (the fallback).
 *
 * @example
 * const reportTranslator = screenStrings('report', { en, 'zh-CN': zhCN });
 * reportTranslator('zh-CN')('stat.handedOff'); // '转人工'
 */
export function screenStrings<K extends string>(
  prefix: string,
  tables: { en: Readonly<Record<K, string>>; 'zh-CN': Readonly<Record<string, string>> },
): (locale: Locale) => Translate<PluralBase<K>> {
  let added = false;
  return (locale) => {
    const translator = consoleTranslator();
    if (!added) {
      const prefixed = (table: Readonly<Record<string, string>>) =>
        Object.fromEntries(Object.entries(table).map(([key, text]) => [`${prefix}.${key}`, text]));
      translator.add({ en: prefixed(tables.en), 'zh-CN': prefixed(tables['zh-CN']) });
      added = true;
    }
    const t = translator.t(locale);
    return (key, values) => t(`${prefix}.${key}`, values);
  };
}
