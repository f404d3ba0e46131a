// The frame: navigation between the four views and the status bar with live counts.
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

import { StatusBar } from "../components/StatusBar";
import { EditorView } from "../features/editor";
import { ImportExportView } from "../features/import-export";
import { MemoryView } from "../features/memory";
import { QaView } from "../features/qa";
import { TeamView } from "../features/team";
import { TerminologyView } from "../features/terminology";
import { formatCount, percent } from "../lib/format";
import { LOCALES, locale, setLocale, t, type Locale } from "../lib/i18n";
import { teamBadge } from "../lib/team";
import { VIEWS, viewForKey, type ViewId } from "../lib/views";
import { backendError, indexing, startLiveStats, stats, teamStatus } from "./store";

const currentView = signal<ViewId>("editor");

function CurrentView() {
  switch (currentView.value) {
    case "editor":
      return <EditorView />;
    case "memory":
      return <MemoryView />;
    case "terminology":
      return <TerminologyView />;
    case "import-export":
      return <ImportExportView />;
    case "qa":
      return <QaView />;
    case "team":
      return <TeamView />;
  }
}

/** The status bar's team part: who is connected and what waits to be pushed. */
function teamPart() {
  const status = teamStatus.value;
  if (status === null) return null;
  const badge = teamBadge(status);
  const joined = status.connection !== "notJoined";
  return {
    text: t(badge.key, badge.params),
    tone: badge.tone,
    title: [status.server, status.problem].filter((part) => part !== null).join(" — "),
    pending: joined ? t("team.pending", { count: formatCount(status.pending) }) : null,
  };
}

export function App() {
  useEffect(() => {
    void startLiveStats();
    const onKey = (event: KeyboardEvent) => {
      const view = viewForKey(event);
      if (view !== null) {
        currentView.value = view;
        event.preventDefault();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Each view opens at its top, not at the scroll position the previous view left.
  const shownView = currentView.value;
  useEffect(() => {
    const content = document.querySelector("main.content");
    if (content !== null) content.scrollTop = 0;
  }, [shownView]);

  const current = stats.value;
  const index = indexing.value;
  return (
    <div class="frame">
      <nav class="nav" aria-label="Views">
        <div class="brand">Tessera</div>
        {VIEWS.map((view) => (
          <button
            type="button"
            key={view.id}
            id={`nav-${view.id}`}
            class={currentView.value === view.id ? "nav-item active" : "nav-item"}
            title={`${t(view.label)} (${view.shortcut})`}
            aria-current={currentView.value === view.id ? "page" : undefined}
            onClick={() => {
              currentView.value = view.id;
            }}
          >
            {t(view.label)}
          </button>
        ))}
        <label class="locale-switch">
          <span>{t("nav.language")}</span>
          <select
            id="locale"
            value={locale.value}
            onChange={(event) => setLocale((event.target as HTMLSelectElement).value as Locale)}
          >
            {LOCALES.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </label>
      </nav>
      <main class="content">
        <CurrentView />
      </main>
      <StatusBar
        units={current === null ? null : current.units}
        articles={current === null ? null : current.articles}
        terms={current === null ? null : current.terms}
        conceptsApproved={current === null ? null : current.conceptsApproved}
        conceptsCandidate={current === null ? null : current.conceptsCandidate}
        databasePath={current?.databasePath ?? null}
        error={backendError.value}
        indexingPercent={index === null ? null : percent(index.done, index.total)}
        team={teamPart()}
      />
    </div>
  );
}
