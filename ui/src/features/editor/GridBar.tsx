// The bar above the segment grid: the status filter with the number of segments it keeps, and
// whatever the editor puts beside it (the Find button).
import { signal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";

import { t } from "../../lib/i18n";
import type { MessageKey } from "../../locales/en";
import { STATUS_FILTERS, keeps, type FilteredSegment, type StatusFilter } from "./grid";

/** The rows the grid shows; Ctrl+↓/↑ and Ctrl+Enter move within them. */
export const statusFilter = signal<StatusFilter>("all");

export function GridBar(props: { segments: readonly FilteredSegment[]; children?: ComponentChildren }) {
  const filter = statusFilter.value;
  const kept = useMemo(() => props.segments.filter((segment) => keeps(filter, segment)).length, [props.segments, filter]);
  return (
    <div class="grid-bar">
      <label class="inline-field">
        {t("grid.show")}
        <select
          id="status-filter"
          value={statusFilter.value}
          onChange={(event) => {
            statusFilter.value = (event.target as HTMLSelectElement).value as StatusFilter;
          }}
        >
          {STATUS_FILTERS.map((filter) => (
            <option key={filter} value={filter}>
              {t(`grid.filter.${filter}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <span class="hint" id="filter-count">
        {t("grid.shown", { shown: kept, total: props.segments.length })}
      </span>
      {props.children}
    </div>
  );
}
