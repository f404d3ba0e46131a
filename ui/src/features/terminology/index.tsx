// The Terminology view: the termbase by review status.
import { stats } from "../../app/store";
import { EmptyState } from "../../components/EmptyState";
import { formatCount } from "../../lib/format";

export function TerminologyView() {
  const current = stats.value;
  if (current === null) return <EmptyState title="Loading the termbase…" />;
  return (
    <section class="view">
      <h2>Termbase</h2>
      <p>
        <strong id="terminology-terms">{formatCount(current.terms)}</strong> terms in{" "}
        {formatCount(current.concepts)} concepts.
      </p>
      <table class="grid">
        <thead>
          <tr>
            <th>Status</th>
            <th class="num">Terms</th>
          </tr>
        </thead>
        <tbody>
          {current.termsByStatus.map((row) => (
            <tr key={row.status}>
              <td>
                <span class={`term-status term-status-${row.status}`}>{row.status}</span>
              </td>
              <td class="num">{formatCount(row.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
