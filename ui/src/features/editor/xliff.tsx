// XLIFF documents in the editor: opening one, its inline tags as chips in the source and target
// cells, inserting tags into the target (a button per tag, F9 for the next missing one,
// Ctrl+Alt+1…9 for tag N), and saving the file back.
import { signal } from "@preact/signals";

import { pickXliff, pickXliffSavePath, xliffCommands, type SegmentTag } from "../../ipc/client";
import { t } from "../../lib/i18n";
import { insertAt, missingTags, splitTagged, tagLabel } from "./tags";

/** Whether the open document came from an XLIFF file. */
export const isXliff = signal(false);
/** The open document's tags per segment id (segments without tags are absent). */
const tagsBySegment = signal<ReadonlyMap<number, SegmentTag[]>>(new Map());

/** Reads whether a document is XLIFF and its segments' tags; call before showing its segments. */
export async function loadXliff(documentId: number): Promise<void> {
  const xliff = await xliffCommands.documentIsXliff(documentId);
  const tags = xliff ? await xliffCommands.documentTags(documentId) : [];
  tagsBySegment.value = new Map(tags.map((segment) => [segment.segmentId, segment.tags]));
  isXliff.value = xliff;
}

/** A segment's tags, in number order (none for a text document). */
export function tagsOf(segmentId: number | undefined): SegmentTag[] {
  return segmentId === undefined ? [] : (tagsBySegment.value.get(segmentId) ?? []);
}

function TagChip(props: { tag: SegmentTag }) {
  return (
    <span class={`tag-chip tag-${props.tag.kind}`} title={props.tag.description} contentEditable={false}>
      {tagLabel(props.tag)}
    </span>
  );
}

/** Stored text with its placeholders shown as numbered chips. */
export function TaggedText(props: { segmentId: number; text: string }) {
  const tags = tagsOf(props.segmentId);
  if (tags.length === 0) return <span>{props.text}</span>;
  return (
    <span class="tagged-text">
      {splitTagged(props.text, tags).map((piece, idx) =>
        "tag" in piece ? <TagChip key={idx} tag={piece.tag} /> : <span key={idx}>{piece.text}</span>,
      )}
    </span>
  );
}

/** Puts `label` into the target box at its caret (over the selection); returns the new text. */
export function insertIntoArea(area: HTMLTextAreaElement | null, text: string, label: string): string {
  const start = area?.selectionStart ?? text.length;
  const end = area?.selectionEnd ?? text.length;
  const inserted = insertAt(text, start, end, label);
  if (area !== null) {
    // The box takes the text at once, so the caret can go right after the tag; the render that
    // follows finds the same value and leaves the caret alone.
    area.value = inserted.text;
    area.focus();
    area.setSelectionRange(inserted.caret, inserted.caret);
  }
  return inserted.text;
}

/** F9: the next tag the target lacks; Ctrl+Alt+1…9: tag N. Returns the new text when the key
 * inserted a tag, else null. */
export function tagFromKey(event: KeyboardEvent, segmentId: number | undefined, area: HTMLTextAreaElement | null, text: string): string | null {
  const tags = tagsOf(segmentId);
  if (tags.length === 0) return null;
  let tag: SegmentTag | undefined;
  if (event.key === "F9" && !event.ctrlKey && !event.altKey) {
    tag = missingTags(text, tags)[0];
  } else if (event.ctrlKey && event.altKey && /^Digit[1-9]$/.test(event.code)) {
    tag = tags[Number(event.code.slice(5)) - 1];
  } else {
    return null;
  }
  event.preventDefault();
  return tag === undefined ? text : insertIntoArea(area, text, tagLabel(tag));
}

/** A button per tag of the source, to insert it into the target; missing ones are marked. */
export function TagButtons(props: { segmentId: number; text: string; onInsert: (label: string) => void }) {
  const tags = tagsOf(props.segmentId);
  if (tags.length === 0) return null;
  const missing = missingTags(props.text, tags);
  return (
    <div class="tag-buttons" id="tag-buttons">
      <span class="hint">{t("xliff.tags")}</span>
      {tags.map((tag) => (
        <button
          type="button"
          key={tag.placeholder}
          class={`tag-chip tag-${tag.kind}${missing.includes(tag) ? " tag-missing" : ""}`}
          title={t("xliff.insertTag", { label: tagLabel(tag), description: tag.description })}
          // Keep the caret in the target box.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => props.onInsert(tagLabel(tag))}
        >
          {tagLabel(tag)}
        </button>
      ))}
      {missing.length > 0 && (
        <span class="hint tag-missing-note" id="tags-missing">
          {t("xliff.missing", { labels: missing.map(tagLabel).join(" ") })}
        </span>
      )}
    </div>
  );
}

/** "Open XLIFF…": a file dialog for .xlf, .xliff and .xml. */
export function OpenXliffButton(props: { onOpened: (id: number) => Promise<void>; onError: (message: string) => void }) {
  const open = async () => {
    const path = await pickXliff();
    if (path === null) return;
    try {
      await props.onOpened(await xliffCommands.openXliffFile(path));
    } catch (error) {
      props.onError((error as { message: string }).message);
    }
  };
  return (
    <button type="button" id="open-xliff" onClick={() => void open()}>
      {t("xliff.open")}
    </button>
  );
}

/** Where a translated copy of `name` (the path the file was opened from) is offered. */
export function translatedName(name: string): string {
  const match = /^(.*?)(\.[^./\\]+)?$/.exec(name);
  return `${match?.[1] ?? name}.translated${match?.[2] ?? ".xlf"}`;
}

/** "Save XLIFF…" for an XLIFF document: the file written back with the translations. */
export function SaveXliffButton(props: { documentId: number; name: string; onDone: (message: string) => void }) {
  if (!isXliff.value) return null;
  const saveFile = async () => {
    const path = await pickXliffSavePath(translatedName(props.name));
    if (path === null) return;
    try {
      await xliffCommands.saveDocumentXliff(props.documentId, path);
      props.onDone(t("editor.saved", { path }));
    } catch (error) {
      props.onDone((error as { message: string }).message);
    }
  };
  return (
    <>
      <span class="badge xliff-badge">{t("xliff.badge")}</span>
      <button type="button" id="save-xliff" class="primary" onClick={() => void saveFile()}>
        {t("xliff.save")}
      </button>
    </>
  );
}
