// The Editor view: where a translator works through a document segment by segment.
import { EmptyState } from "../../components/EmptyState";

export function EditorView() {
  return (
    <EmptyState title="No document open">
      <p>
        The segment editor (memory matches, term checks and autocomplete while you type) is the next
        milestone. Until then, build your memory from past articles in <strong>Import/Export</strong> and
        browse it in <strong>Memory</strong>.
      </p>
    </EmptyState>
  );
}
