import { isolatedParts } from '@topay-support/protocol';

/**
 * A translated sentence with content put in through `isolate` (a name, a title, a search): each such part is a
 * `<bdi>`, so it keeps its own direction inside the sentence ("«退款怎么办？»" in Arabic keeps its "？" after the
 * Chinese) while the sentence's text stays the same.
 */
export function BidiText({ text }: { text: string }) {
  return <>{isolatedParts(text).map((part, i) => (i % 2 ? <bdi key={i}>{part}</bdi> : part))}</>;
}
