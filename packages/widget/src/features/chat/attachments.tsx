import type { Attachment } from '@topay-support/protocol';
import { formatSize } from './format.js';

// Links come from the server, resolved by the SDK; anything but http(s) (a `javascript:` URL from a broken or
// hostile server) is shown as a name only.
const safeUrl = (url: string) => (/^https?:\/\//i.test(url) ? url : undefined);

/**
 * A message's files: images as thumbnails opening the full image in a new tab, other files (PDF) as a row with
 * name and size that downloads it. Names are text nodes, whatever characters they hold.
 */
export function Attachments({ list, locale }: { list: readonly Attachment[]; locale: string }) {
  if (list.length === 0) return null;
  return (
    <ul class="files">
      {list.map((a) => {
        const href = safeUrl(a.url);
        if (href && a.contentType.startsWith('image/'))
          return (
            <li key={a.id}>
              <a class="thumb" href={href} target="_blank" rel="noopener noreferrer">
                <img src={href} alt={a.name} loading="lazy" />
              </a>
            </li>
          );
        return (
          <li key={a.id}>
            <FileRow href={href} name={a.name} size={formatSize(a.size, locale)} />
          </li>
        );
      })}
    </ul>
  );
}

/** A file by name and size; a download link when there is somewhere to download it from. */
export function FileRow({ href, name, size }: { href?: string | undefined; name: string; size: string }) {
  const body = (
    <>
      <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M14 3H6v18h12V7zM14 3v4h4" />
      </svg>
      <span class="file-name" dir="auto">
        {name}
      </span>{' '}
      <span class="meta">{size}</span>
    </>
  );
  return href ? (
    // The server sends PDFs as `attachment`; `download` names the file where the link is same-origin.
    <a class="file" href={href} download={name} rel="noopener noreferrer">
      {body}
    </a>
  ) : (
    <span class="file">{body}</span>
  );
}
