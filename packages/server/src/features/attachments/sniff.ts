import type { AttachmentType } from '@topay-support/protocol';
import { scrubCardData } from '../../card-data.js';

/**
 * The file type by content. Names and declared types are whatever the uploader says; the bytes are
 * what a browser would act on, so only they decide — and only these four formats are ever accepted
 * (no HTML, no SVG: both can carry script).
 */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | undefined {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (
    starts(0x52, 0x49, 0x46, 0x46) &&
    bytes[8] === 0x57 &&
    bytes[9] === 0x45 &&
    bytes[10] === 0x42 &&
    bytes[11] === 0x50
  ) {
    return 'image/webp';
  }
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return undefined;
}

const EXTENSION: Record<AttachmentType, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
};

/**
 * A display name safe to store and to put in a header: no path, no control characters, no card data, bounded, and
 * ending in the extension of the real type (so `invoice.html` holding a PNG becomes `invoice.html.png`).
 */
export function safeFileName(raw: string | undefined, type: AttachmentType): string {
  const base = (raw ?? '')
    .split(/[\\/]/)
    .pop()!
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point here.
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 150);
  const name = base === '' || base === '.' || base === '..' ? 'attachment' : base;
  const extension = EXTENSION[type];
  const matches = type === 'image/jpeg' ? /\.jpe?g$/i.test(name) : name.toLowerCase().endsWith(extension);
  // Last, on the name as stored: the steps above drop characters and could join a card number's groups.
  return scrubCardData(matches ? name : `${name}${extension}`);
}
