// The status bar: live counts from the backend, passed in as props (presentational only).
import { formatCount, shortPath } from "../lib/format";
import { t } from "../lib/i18n";

export interface StatusBarProps {
  units: number | null;
  articles: number | null;
  terms: number | null;
  /** Approved concepts (what the check uses) and candidates nobody reviewed, counted apart. */
  conceptsApproved?: number | null;
  conceptsCandidate?: number | null;
  databasePath: string | null;
  error: string | null;
  /** Percent of the match index built, while the backend builds it. */
  indexingPercent: number | null;
  /** The team state, already worded; null hides it. */
  team: { text: string; tone: "ok" | "busy" | "warn" | "off"; title: string; pending: string | null } | null;
}

export function StatusBar(props: StatusBarProps) {
  const show = (value: number | null) => (value === null ? "…" : formatCount(value));
  return (
    <footer class="status-bar" aria-live="polite">
      {props.error !== null ? (
        <span class="status-error" id="status-error">
          {props.error}
        </span>
      ) : (
        <>
          <span>
            {t("status.units")} <strong id="stat-units">{show(props.units)}</strong>
          </span>
          <span>
            {t("status.articles")} <strong id="stat-articles">{show(props.articles)}</strong>
          </span>
          {props.conceptsApproved === undefined ? (
            <span>
              {t("status.terms")} <strong id="stat-terms">{show(props.terms)}</strong>
            </span>
          ) : (
            <span title={t("status.conceptsHint")}>
              {t("status.concepts")} <strong id="stat-concepts-approved">{show(props.conceptsApproved)}</strong> {t("status.approved")} ·{" "}
              <strong id="stat-concepts-candidate">{show(props.conceptsCandidate ?? null)}</strong> {t("status.candidates")}
            </span>
          )}
        </>
      )}
      {props.indexingPercent !== null && (
        <span class="status-indexing" id="status-indexing">
          {t("status.indexing", { percent: props.indexingPercent })}
        </span>
      )}
      {props.team !== null && (
        <span class={`status-team status-team-${props.team.tone}`} id="status-team" title={props.team.title}>
          {props.team.text}
          {props.team.pending !== null && (
            <span class="status-team-pending" id="status-team-pending">
              {" · "}
              {props.team.pending}
            </span>
          )}
        </span>
      )}
      <span class="status-path" id="stat-database" title={props.databasePath ?? ""}>
        {props.databasePath === null ? "" : shortPath(props.databasePath)}
      </span>
    </footer>
  );
}
