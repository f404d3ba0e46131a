// The alignment review: an article's pairs side by side with their confidence, low ones
// highlighted; merge, split, shift, unlink and link, each saved to the memory at once.
import { signal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";

import { refreshStats } from "../../app/store";
import { commands, type ArticleAlignment } from "../../ipc/client";
import { fileName } from "../../lib/format";
import { t } from "../../lib/i18n";
import { canSplit, link, mergeWithNext, shiftEnglishDown, split, unaligned, unlink, type Pair } from "./edit";

const alignment = signal<ArticleAlignment | null>(null);
const failure = signal<string | null>(null);
const pickedZh = signal<number[]>([]);
const pickedEn = signal<number[]>([]);
/** Counts the times a review was opened, so each opening scrolls it into view once. */
const opened = signal(0);

export async function openAlignment(articleId: number): Promise<void> {
  failure.value = null;
  pickedZh.value = [];
  pickedEn.value = [];
  try {
    alignment.value = await commands.articleAlignment(articleId);
  } catch (error) {
    failure.value = (error as { message: string }).message;
  }
  opened.value += 1;
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
  const section = useRef<HTMLElement>(null);
  const openings = opened.value;
  // The review renders below the article list: bring it to where the user is looking.
  useEffect(() => {
    if (openings > 0) section.current?.scrollIntoView({ block: "start" });
  }, [openings]);
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
    <section class="alignment-review" id="alignment-review" ref={section}>
      <h3>
        {current.article.title.trim() !== "" ? current.article.title : fileName(current.article.sourcePath)}{" "}
        <small id="alignment-summary">
          {t("align.summary", {
            pairs: current.beads.length,
            review: current.article.lowConfidence,
            unaligned: loose.length,
          })}
        </small>
      </h3>
      {failure.value !== null && <p class="status-error">{failure.value}</p>}
      {current.dropped.length > 0 && (
        <details class="dropped-at-import">
          <summary>{t("align.droppedAtImport", { count: current.dropped.length })}</summary>
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
            <th>{t("common.chinese")}</th>
            <th>{t("common.english")}</th>
            <th class="num">{t("align.confidence")}</th>
            <th>{t("align.edit")}</th>
          </tr>
        </thead>
        <tbody>
          {current.beads.map((bead, index) => (
            <tr key={bead.unit} class={bead.confidence < current.lowConfidenceBelow ? "row-low" : ""} data-unit={bead.unit}>
              <td lang="zh">{bead.zh.map((id) => textOf.get(id)).join("")}</td>
              <td lang="en">{bead.en.map((id) => textOf.get(id)).join(" ")}</td>
              <td class="num">{bead.confidence.toFixed(2)}</td>
              <td class="edit-buttons">
                <button type="button" title={t("align.mergeTitle")} disabled={index + 1 >= pairs.length} onClick={() => void save(mergeWithNext(pairs, index))}>
                  {t("align.merge")}
                </button>
                <button type="button" title={t("align.splitTitle")} disabled={!canSplit(pairs, index)} onClick={() => void save(split(pairs, index))}>
                  {t("align.split")}
                </button>
                <button type="button" title={t("align.shiftTitle")} disabled={index + 1 >= pairs.length || bead.en.length < 2} onClick={() => void save(shiftEnglishDown(pairs, index))}>
                  {t("align.shift")}
                </button>
                <button type="button" class="unlink" title={t("align.unlinkTitle")} onClick={() => void save(unlink(pairs, index))}>
                  {t("align.unlink")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t("align.unaligned", { count: loose.length })}</h4>
      <p class="hint">{t("align.hint")}</p>
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
        {t("align.link")}
      </button>
    </section>
  );
}
