import { LINK_REL, linkify } from '@topay-support/protocol';

/** Message text as text nodes and http(s)/mailto links only: whatever markup a message holds shows as characters. */
export function MessageText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((part, i) =>
        part.href ? (
          <a key={i} href={part.href} target="_blank" rel={LINK_REL}>
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
