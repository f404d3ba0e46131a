// The alignment review: an article's pairs side by side with their confidence, low ones
// highlighted; merge, split, shift, unlink and link, each saved to the memory at once.
import { signal } from "@preact/signals";

import { refreshStats } from "../../app/store";
import { commands, type ArticleAlignment } from "../../ipc/client";
import { canSplit, link, mergeWithNext, shiftEnglishDown, split, unaligned, unlink, type Pair } from "./edit";

const alignment = signal<ArticleAlignment | null>(null);
const failure = signal<string | null>(null);
const pickedZh = signal<number[]>([]);
const pickedEn = signal<number[]>([]);

export async function openAlignment(articleId: number): Promise<void> {
  failure.value = null;
  pickedZh.value = [];
  pickedEn.value = [];
  try {
    alignment.value = await commands.articleAlignment(articleId);
  } catch (error) {
    failure.value = (error as { message: string }).message;
  }
}

async function save(next: Pair[]): Promise<void> {
  const current = alignment.value;
  if (current === null) return;
  try {
    await commands.updateAlignment(current.article.id, next);
    await openAlignment(current.article.id);
    await refreshStats();
  } catch (error) {
    failure.value = (error as { message: string }).message;
  }
}

function toggle(list: typeof pickedZh, id: number): void {
  list.value = list.value.includes(id) ? list.value.filter((other) => other !== id) : [...list.value, id];
}

export function AlignmentReview() {
  const current = alignment.value;
  if (current === null) return failure.value === null ? null : <p class="status-error">{failure.value}</p>;
  const textOf = new Map(current.segments.map((segment) => [segment.id, segment.text]));
  const pairs: Pair[] = current.beads.map((bead) => ({ zh: bead.zh, en: bead.en }));
  const loose = unaligned(
    pairs,
    current.segments.map((segment) => segment.id),
  );
  const isZh = new Map(current.segments.map((segment) => [segment.id, segment.lang.startsWith("zh")]));
  return (
    <section class="alignment-review" id="alignment-review">
      <h3>
        {current.article.title || current.article.sourcePath}{" "}
        <small>
          {current.beads.length} pairs · {current.article.lowConfidence} to review
        </small>
      </h3>
      {failure.value !== null && <p class="status-error">{failure.value}</p>}
      {current.dropped.length > 0 && (
        <details class="dropped-at-import">
          <summary>{current.dropped.length} spans dropped at import (page noise, bylines, pinyin artefacts…)</summary>
          <ul class="dropped">
            {current.dropped.map((span, idx) => (
              <li key={idx}>
                <span class="drop-reason">{span.reason}</span> {span.text}
              </li>
            ))}
          </ul>
        </details>
      )}
      <table class="grid alignment-grid">
        <thead>
          <tr>
            <th>Chinese</th>
            <th>English</th>
            <th class="num">Confidence</th>
            <th>Edit</th>
          </tr>
        </thead>
        <tbody>
          {current.beads.map((bead, index) => (
            <tr key={bead.unit} class={bead.confidence < current.lowConfidenceBelow ? "row-low" : ""} data-unit={bead.unit}>
              <td lang="zh">{bead.zh.map((id) => textOf.get(id)).join("")}</td>
              <td lang="en">{bead.en.map((id) => textOf.get(id)).join(" ")}</td>
              <td class="num">{bead.confidence.toFixed(2)}</td>
              <td class="edit-buttons">
                <button type="button" title="Merge with the next pair" disabled={index + 1 >= pairs.length} onClick={() => void save(mergeWithNext(pairs, index))}>
                  Merge ↓
                </button>
                <button type="button" title="Split after the first sentence on each side" disabled={!canSplit(pairs, index)} onClick={() => void save(split(pairs, index))}>
                  Split
                </button>
                <button type="button" title="Move the last English sentence to the next pair" disabled={index + 1 >= pairs.length || bead.en.length < 2} onClick={() => void save(shiftEnglishDown(pairs, index))}>
                  Shift ↓
                </button>
                <button type="button" class="unlink" title="Unlink: remove this pair from the memory" onClick={() => void save(unlink(pairs, index))}>
                  Unlink
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Unaligned sentences ({loose.length})</h4>
      <p class="hint">Tick Chinese and English sentences that belong together, then link them.</p>
      <ul class="unaligned" id="unaligned">
        {loose.map((id) => {
          const list = isZh.get(id) === true ? pickedZh : pickedEn;
          return (
            <li key={id}>
              <label>
                <input type="checkbox" checked={list.value.includes(id)} onChange={() => toggle(list, id)} /> {textOf.get(id)}
              </label>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        id="link-selected"
        disabled={pickedZh.value.length === 0 || pickedEn.value.length === 0}
        onClick={() => void save(link(pairs, pickedZh.value, pickedEn.value))}
      >
        Link selected
      </button>
    </section>
  );
}
