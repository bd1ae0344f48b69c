import { render } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { Highlighted } from '../../../src/features/help/highlighted.js';

// A search result's snippet as a pure view: text and [start, end) ranges in, text nodes and <mark> out.
describe('a highlighted snippet', () => {
  test('matches in <mark> from the ranges, in any order, one past the end clipped; markup stays text', () => {
    const snippet = 'Never paste <img src=x onerror=alert(1)> into a refund form. Refund later.';
    const { container } = render(
      <p>
        <Highlighted
          text={snippet}
          ranges={[
            [snippet.indexOf('Refund'), snippet.indexOf('Refund') + 6],
            [snippet.indexOf('refund'), snippet.indexOf('refund') + 6],
            [70, 999],
          ]}
        />
      </p>,
    );
    expect(container.textContent).toBe(snippet);
    expect(Array.from(container.querySelectorAll('mark'), (mark) => mark.textContent)).toEqual([
      'refund',
      'Refund',
      snippet.slice(70),
    ]);
    expect(container.querySelector('img')).toBeNull();
  });
});
