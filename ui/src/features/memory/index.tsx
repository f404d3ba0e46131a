// The Memory view: what the translation memory holds, and concordance search over it, grouped
// by how the searched text was translated.
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

import { stats } from "../../app/store";
import { EmptyState } from "../../components/EmptyState";
import { commands, type Concordance } from "../../ipc/client";
import { formatCount } from "../../lib/format";
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
  if (found.hits.length === 0) return <p id="concordance-empty">Not found in the memory.</p>;
  return (
    <>
      <h3>Renderings</h3>
      <table class="grid" id="concordance-renderings">
        <thead>
          <tr>
            <th>Translated as</th>
            <th class="num">Units</th>
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
        {formatCount(found.hits.length)} units{found.complete ? "" : " (newest shown)"}
      </h3>
      <table class="grid concordance-hits" id="concordance-hits">
        <tbody>
          {found.hits.map((hit) => (
            <tr key={hit.unitId}>
              <td>
                {hit.searched.map((piece, idx) => (piece.hit ? <mark key={idx}>{piece.text}</mark> : <span key={idx}>{piece.text}</span>))}
              </td>
              <td>{hit.other}</td>
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
  if (current === null) return <EmptyState title="Loading the memory…" />;
  return (
    <section class="view">
      <h2>Translation memory</h2>
      <p>
        <strong id="memory-units">{formatCount(current.units)}</strong> units from{" "}
        <strong id="memory-articles">{formatCount(current.articles)}</strong> articles.
      </p>
      <table class="grid" id="memory-languages">
        <thead>
          <tr>
            <th>Language</th>
            <th class="num">Segments</th>
          </tr>
        </thead>
        <tbody>
          {current.languages.length === 0 ? (
            <tr>
              <td colSpan={2}>No segments yet.</td>
            </tr>
          ) : (
            current.languages.map((row) => (
              <tr key={row.lang}>
                <td>{row.lang}</td>
                <td class="num">{formatCount(row.count)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <h2>Concordance</h2>
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
          placeholder="重庆国际传播中心 or Media Center"
          value={query.value}
          onInput={(event) => {
            query.value = (event.target as HTMLInputElement).value;
          }}
        />
        <label>
          <input type="checkbox" checked={searchTarget.value} onChange={() => (searchTarget.value = !searchTarget.value)} /> English side
        </label>
        <label>
          <input type="checkbox" checked={wholeWord.value} onChange={() => (wholeWord.value = !wholeWord.value)} /> Whole words
        </label>
        <button type="submit" class="primary" id="concordance-search">
          Search
        </button>
      </form>
      {failure.value !== null && <p class="status-error">{failure.value}</p>}
      {result.value !== null && <ConcordanceResult found={result.value} />}
      <h2>Browse units</h2>
      <UnitBrowser />
    </section>
  );
}
