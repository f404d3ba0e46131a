// The Memory view: what the translation memory holds, and concordance search over it, grouped
// by how the searched text was translated.
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

import { stats } from "../../app/store";
import { EmptyState } from "../../components/EmptyState";
import { commands, type Concordance } from "../../ipc/client";
import { formatCount } from "../../lib/format";
import { t } from "../../lib/i18n";
import { languageName } from "../../lib/languages";
import { UnitBrowser, openBrowser } from "./browse";

const query = signal("");
const searchTarget = signal(false);
const wholeWord = signal(false);
const result = signal<Concordance | null>(null);
const failure = signal<string | null>(null);

async function search(): Promise<void> {
  const text = query.value.trim();
  if (text.length === 0) return;
  try {
    result.value = await commands.concordance(text, searchTarget.value, wholeWord.value);
    failure.value = null;
  } catch (error) {
    failure.value = (error as { message: string }).message;
  }
}

function ConcordanceResult(props: { found: Concordance }) {
  const { found } = props;
  if (found.hits.length === 0) return <p id="concordance-empty">{t("memory.notFound")}</p>;
  return (
    <>
      <h3>{t("memory.renderings")}</h3>
      <table class="grid" id="concordance-renderings">
        <thead>
          <tr>
            <th>{t("memory.translatedAs")}</th>
            <th class="num">{t("memory.units")}</th>
          </tr>
        </thead>
        <tbody>
          {found.renderings.map((group) => (
            <tr key={group.rendering} class={group.isFullText ? "full-text" : ""}>
              <td>{group.rendering}</td>
              <td class="num">{formatCount(group.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>
        {t("memory.hits", { count: formatCount(found.hits.length) })}
        {found.complete ? "" : t("memory.newestShown")}
      </h3>
      <table class="grid concordance-hits" id="concordance-hits">
        <tbody>
          {found.hits.map((hit) => (
            <tr key={hit.unitId} data-unit={hit.unitId} class={hit.termWarnings.length > 0 ? "hit-stale" : ""}>
              <td>
                {hit.searched.map((piece, idx) => (piece.hit ? <mark key={idx}>{piece.text}</mark> : <span key={idx}>{piece.text}</span>))}
              </td>
              <td>
                {hit.other}
                {hit.termWarnings.length > 0 && (
                  <ul class="term-warnings">
                    {hit.termWarnings.map((warning) => (
                      <li key={`${warning.start}-${warning.end}`} class={`term-warning term-warning-${warning.kind}`}>
                        {t(warning.kind === "forbidden" ? "editor.forbiddenTerm" : "editor.deprecatedTerm", {
                          found: warning.found,
                          approved: warning.suggestion,
                        })}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td class="origin">{hit.article ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function MemoryView() {
  useEffect(() => {
    void openBrowser();
  }, []);
  const current = stats.value;
  if (current === null) return <EmptyState title={t("memory.loading")} />;
  return (
    <section class="view">
      <h2>{t("memory.title")}</h2>
      <p>
        {t("memory.summary", { units: "\u0000", articles: "\u0001" })
          .split(/(\u0000|\u0001)/)
          .map((part) =>
            part === "\u0000" ? (
              <strong key="units" id="memory-units">
                {formatCount(current.units)}
              </strong>
            ) : part === "\u0001" ? (
              <strong key="articles" id="memory-articles">
                {formatCount(current.articles)}
              </strong>
            ) : (
              part
            ),
          )}
      </p>
      <table class="grid" id="memory-languages">
        <thead>
          <tr>
            <th>{t("memory.language")}</th>
            <th class="num">{t("memory.segments")}</th>
          </tr>
        </thead>
        <tbody>
          {current.languages.length === 0 ? (
            <tr>
              <td colSpan={2}>{t("memory.noSegments")}</td>
            </tr>
          ) : (
            current.languages.map((row) => (
              <tr key={row.lang} data-lang={row.lang}>
                <td title={row.lang}>{languageName(row.lang)}</td>
                <td class="num">{formatCount(row.count)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <h2>{t("memory.concordance")}</h2>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
      >
        <input
          id="concordance-query"
          type="search"
          placeholder={t("memory.queryPlaceholder")}
          value={query.value}
          onInput={(event) => {
            query.value = (event.target as HTMLInputElement).value;
          }}
        />
        <label>
          <input type="checkbox" checked={searchTarget.value} onChange={() => (searchTarget.value = !searchTarget.value)} /> {t("memory.englishSide")}
        </label>
        <label>
          <input type="checkbox" checked={wholeWord.value} onChange={() => (wholeWord.value = !wholeWord.value)} /> {t("memory.wholeWords")}
        </label>
        <button type="submit" class="primary" id="concordance-search">
          {t("memory.search")}
        </button>
      </form>
      {failure.value !== null && <p class="status-error">{failure.value}</p>}
      {result.value !== null && <ConcordanceResult found={result.value} />}
      <h2>{t("memory.browse")}</h2>
      <UnitBrowser />
    </section>
  );
}
