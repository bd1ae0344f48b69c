import { type ContactChannel, contactHref } from '@topay-support/protocol';
import { useT } from '../../app/context.js';

/**
 * The merchant's other channels. Label and value are merchant text, rendered as text; the link comes only
 * from `contactHref` (tel:, mailto:, https:), which the server applied too; WeChat and LINE IDs stay text.
 */
export function Contacts({ channels }: { channels: readonly ContactChannel[] }) {
  const t = useT();
  const items = channels.flatMap((channel) => {
    const href = contactHref(channel);
    return href === undefined ? [] : [{ channel, href }];
  });
  if (items.length === 0) return null;
  return (
    <section class="contacts" aria-labelledby="tps-contacts">
      <h3 id="tps-contacts" class="contacts-title">
        {t('home.contactLabel')}
      </h3>
      <ul>
        {items.map(({ channel, href }, i) => {
          const name = channel.label || t(`home.contact.${channel.kind}`);
          const value = (
            // Phone numbers, addresses and IDs read left to right inside Arabic text too.
            <bdi dir="ltr" class="contact-value">
              {channel.value}
            </bdi>
          );
          return (
            <li key={i}>
              <span class="contact-kind" dir="auto">
                {name}
              </span>
              {href ? (
                <a
                  href={href}
                  {...(href.startsWith('https:') ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
                >
                  {value}
                </a>
              ) : (
                value
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
