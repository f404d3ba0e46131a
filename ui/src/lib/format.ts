// Number and path formatting for the status bar and reports.

/** 1234567 → "1,234,567" (fixed, locale-independent grouping so tests and screenshots agree). */
export function formatCount(value: number | bigint): string {
  const digits = BigInt(value).toString();
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The last two segments of a path, for a status bar that has no room for the full path. */
export function shortPath(path: string): string {
  const parts = path.split(/[\\/]/).filter((part) => part.length > 0);
  return parts.length <= 2 ? path : `…/${parts.slice(-2).join("/")}`;
}

/** The last segment of a path: the file's name. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter((part) => part.length > 0).pop() ?? path;
}

/** Whole percent of `done` out of `total`, between 0 and 100; nothing to do counts as done. */
export function percent(done: number, total: number): number {
  if (total <= 0) return 100;
  return Math.min(100, Math.max(0, Math.floor((done * 100) / total)));
}

/** An RFC 3339 time as "2026-11-23 17:30" in local time; the text itself when it is not a time. */
export function formatWhen(rfc3339: string): string {
  // The backend writes nanoseconds; JavaScript dates hold milliseconds.
  const date = new Date(rfc3339.replace(/(\.\d{3})\d+/, "$1"));
  if (Number.isNaN(date.getTime())) return rfc3339;
  const pad = (value: number) => String(value).padStart(2, "0");
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
