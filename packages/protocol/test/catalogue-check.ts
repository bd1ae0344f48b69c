import { expect } from 'vitest';
import type { Locale, PluralCategory } from '../src/index.js';

// The runtime half of `Catalogue` (the type checks the keys): what a translated table must keep of the reference
// (English) one. Used by the widget's and the console's resource tests.

const PLURAL = /^(.*)_(zero|one|two|few|many|other)$/;

/** `{{count, number}}` → `count, number`: a placeholder with its format, which a translation must not change. */
export const placeholders = (text: string): string[] =>
  (text.match(/\{\{[^}]*\}\}/g) ?? []).map((p) => p.slice(2, -2).replace(/\s+/g, ' ').trim()).sort();

/**
 * Every non-plural key of `reference` is in `table`, non-empty, with the same placeholders; every plural key is
 * there in exactly the forms `Intl.PluralRules` gives `locale`, each form using only the reference's placeholders
 * (Arabic's "one" and "two" forms may spell the number out), and the `other` form all of them.
 */
export function expectCatalogue(
  reference: Readonly<Record<string, string>>,
  table: Readonly<Record<string, string>>,
  locale: Locale,
): void {
  const forms = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as PluralCategory[];
  const expected: string[] = [];
  for (const key of Object.keys(reference)) {
    const plural = PLURAL.exec(key);
    if (!plural) expected.push(key);
    else if (plural[2] === 'other') for (const form of forms) expected.push(`${plural[1]}_${form}`);
  }
  expect(Object.keys(table).sort(), locale).toEqual(expected.sort());
  for (const key of expected) {
    const text = table[key] ?? '';
    expect(text.trim(), key).not.toBe('');
    const plural = PLURAL.exec(key);
    const source = reference[plural ? `${plural[1]}_other` : key] ?? '';
    if (!plural || plural[2] === 'other') expect(placeholders(text), key).toEqual(placeholders(source));
    else for (const p of placeholders(text)) expect(placeholders(source), key).toContain(p);
  }
}
