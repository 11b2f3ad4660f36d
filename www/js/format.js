// Turns engine values into what a reader sees: dates, sizes, counts, and which addresses may
// become links.

const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const monthOnly = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * An ISO 8601 date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, optionally with a time) for display. Dates
 * without a time are read as UTC so they do not shift a day in the reader's time zone; anything
 * unparseable is shown as given.
 */
export function formatDate(iso) {
  const [day, time] = iso.split(/[T ]/);
  const parts = day.split('-');
  if (parts.length === 1) return day;
  const date = new Date(time ? `${day}T${time}` : day);
  if (Number.isNaN(date.getTime())) return iso;
  if (time) return dateTime.format(date);
  return parts.length === 2 ? monthOnly.format(date) : dateOnly.format(date);
}

/** A byte count as B, kB or MB. */
export function formatBytes(bytes) {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** "1 article", "2 articles". */
export function plural(count, noun) {
  return `${count.toLocaleString()} ${noun}${count === 1 ? '' : 's'}`;
}

/** The address as a URL when it is http(s) — the only kind worth a link — otherwise null. */
export function webUrl(address) {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
