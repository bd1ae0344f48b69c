// Times are shown in the visitor's own time zone (the browser's), in the widget's locale.
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

export function formatTime(iso: string, locale: string): string {
  return formatter(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** A calendar day in the visitor's time zone, for grouping messages under day separators. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function formatDay(
  iso: string,
  locale: string,
  labels: { today: string; yesterday: string },
  now = new Date(),
): string {
  const key = dayKey(iso);
  if (key === dayKey(now.toISOString())) return labels.today;
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (key === dayKey(yesterday.toISOString())) return labels.yesterday;
  const sameYear = new Date(iso).getFullYear() === now.getFullYear();
  return formatter(
    locale,
    sameYear ? { month: 'long', day: 'numeric', weekday: 'short' } : { dateStyle: 'medium' },
  ).format(new Date(iso));
}

/** A file size as people read it: "340 KB", "2.5 MB", in the widget's locale. */
export function formatSize(bytes: number, locale: string): string {
  const mb = bytes >= 1048576;
  const value = mb ? bytes / 1048576 : Math.max(1, Math.round(bytes / 1024));
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${mb ? 'MB' : 'KB'}`;
}
