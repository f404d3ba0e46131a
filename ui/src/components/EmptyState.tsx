// A centred message for a view that has nothing to show yet.
import type { ComponentChildren } from "preact";

export function EmptyState(props: { title: string; children?: ComponentChildren }) {
  return (
    <section class="empty-state">
      <h2>{props.title}</h2>
      {props.children}
    </section>
  );
}
