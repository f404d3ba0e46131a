// The Memory view: what the translation memory holds.
import { stats } from "../../app/store";
import { EmptyState } from "../../components/EmptyState";
import { formatCount } from "../../lib/format";

export function MemoryView() {
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
    </section>
  );
}
