// What the import progress line and bar show: the file, the units read from it and, for a file
// whose size is known, how far through its bytes the reading is.
import type { ImportProgress } from "../../ipc/client";
import { formatCount, percent } from "../../lib/format";
import { t } from "../../lib/i18n";

/** "File 1 of 3 · 230,000 units · 35%": units and percent once a TMX file reports them. */
export function importProgressText(progress: ImportProgress): string {
  const parts = [t("import.progressFile", { number: Math.min(progress.done + 1, progress.total), total: progress.total })];
  if (progress.unitsRead > 0) parts.push(t("import.progressUnits", { units: formatCount(progress.unitsRead) }));
  if (progress.fileBytes !== null && progress.unitsRead > 0) parts.push(`${percent(progress.bytesRead, progress.fileBytes)}%`);
  return parts.join(" · ");
}

/** The bar measures the current file's bytes when its size is known, else the files done. */
export function importProgressBar(progress: ImportProgress | null): { value: number; max: number } {
  if (progress === null) return { value: 0, max: 1 };
  if (progress.fileBytes !== null && progress.fileBytes > 0 && progress.unitsRead > 0) {
    return { value: Math.min(progress.bytesRead, progress.fileBytes), max: progress.fileBytes };
  }
  return { value: progress.done, max: Math.max(progress.total, 1) };
}
