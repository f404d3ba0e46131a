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
