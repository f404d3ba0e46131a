// Pure edits of an article's alignment: each returns the article's complete new list of pairs,
// which the backend saves as one transaction. Pairs are lists of sentence ids per side.

export interface Pair {
  zh: number[];
  en: number[];
}

const clone = (pairs: readonly Pair[]): Pair[] => pairs.map((pair) => ({ zh: [...pair.zh], en: [...pair.en] }));

/** Joins pair `index` with the next one. */
export function mergeWithNext(pairs: readonly Pair[], index: number): Pair[] {
  const next = pairs[index + 1];
  const current = pairs[index];
  if (current === undefined || next === undefined) return clone(pairs);
  const out = clone(pairs);
  out.splice(index, 2, { zh: [...current.zh, ...next.zh], en: [...current.en, ...next.en] });
  return out;
}

/** Whether pair `index` can be split: both sides need two sentences or more. */
export function canSplit(pairs: readonly Pair[], index: number): boolean {
  const pair = pairs[index];
  return pair !== undefined && pair.zh.length > 1 && pair.en.length > 1;
}

/** Splits pair `index` after its first sentence on each side. */
export function split(pairs: readonly Pair[], index: number): Pair[] {
  const pair = pairs[index];
  if (pair === undefined || !canSplit(pairs, index)) return clone(pairs);
  const out = clone(pairs);
  out.splice(index, 1, { zh: pair.zh.slice(0, 1), en: pair.en.slice(0, 1) }, { zh: pair.zh.slice(1), en: pair.en.slice(1) });
  return out;
}

/** Moves the last English sentence of pair `index` to the start of the next pair. */
export function shiftEnglishDown(pairs: readonly Pair[], index: number): Pair[] {
  const out = clone(pairs);
  const current = out[index];
  const next = out[index + 1];
  if (current === undefined || next === undefined || current.en.length < 2) return out;
  const moved = current.en.pop();
  if (moved !== undefined) next.en.unshift(moved);
  return out;
}

/** Removes pair `index`: its sentences become unaligned and its unit leaves the memory. */
export function unlink(pairs: readonly Pair[], index: number): Pair[] {
  const out = clone(pairs);
  out.splice(index, 1);
  return out;
}

/** Makes a new pair from unaligned sentences. */
export function link(pairs: readonly Pair[], zh: number[], en: number[]): Pair[] {
  if (zh.length === 0 || en.length === 0) return clone(pairs);
  return [...clone(pairs), { zh: [...zh], en: [...en] }];
}

/** Ids of sentences that belong to no pair. */
export function unaligned(pairs: readonly Pair[], allIds: readonly number[]): number[] {
  const used = new Set(pairs.flatMap((pair) => [...pair.zh, ...pair.en]));
  return allIds.filter((id) => !used.has(id));
}
