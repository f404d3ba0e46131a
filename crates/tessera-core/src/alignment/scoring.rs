//! Sentence features, bead costs and the dynamic programme behind [`super::Aligner`].

use std::collections::{HashMap, HashSet};

use crate::alignment::{
    Alignment, Bead,
    anchors::{self, Anchor},
    dictionary::{self, DICTIONARY, StemDictionary},
    pinyin_names,
};

/// Which signals the bead cost uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Length and all anchors.
    Anchors,
    /// Gale–Church length cost only (the baseline).
    LengthOnly,
}

/// Bead shapes `(zh sentences, en sentences)` the programme may use.
const SHAPES: [(usize, usize); 8] =
    [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)];

/// Tuned on the sample gold (see `tests.rs`); costs are in nats-like units.
const LENGTH_WEIGHT: f64 = 0.25;
const DICTIONARY_WEIGHT: f64 = 7.0;
const NUMBER_WEIGHT: f64 = 1.5;
const NUMBER_MISMATCH_WEIGHT: f64 = 0.5;
const LATIN_WEIGHT: f64 = 1.5;
const NAME_WEIGHT: f64 = 2.0;
const TERM_WEIGHT: f64 = 3.0;
/// Cost of leaving one sentence unaligned.
const SKIP_COST: f64 = 1.0;
/// Evidence a 1-1 bead needs (beyond its length cost) to beat leaving both sentences unaligned.
const MIN_EVIDENCE: f64 = 0.6;
/// Extra cost per shape, like Gale–Church's `-ln P(shape)` but flatter.
const SHAPE_COST_11: f64 = 2.0 * SKIP_COST + MIN_EVIDENCE;
/// A 2-1 bead replaces a 1-1 and a 1-0 bead; merging is slightly cheaper than skipping because
/// the second sentence of a split translation often adds little lexical evidence of its own.
const SHAPE_COST_21: f64 = SHAPE_COST_11 + SKIP_COST - 0.2;
/// A 2-2 bead replaces two 1-1 beads, so it must cost more than both unless lengths demand it.
const SHAPE_COST_22: f64 = 2.0 * SHAPE_COST_11 + 1.0;
const SHAPE_COST_31: f64 = SHAPE_COST_11 + 2.5;
/// Extra cost for a multi-sentence side that crosses a paragraph boundary.
const CROSS_PARAGRAPH_COST: f64 = 1.5;
/// Bead evidence above which a 1-1 bead of the first pass re-estimates the length ratio.
const CONFIDENT_SCORE: f64 = 2.5;
/// Bead evidence a bead found among leftover sentences needs to be kept.
const LEFTOVER_MIN_SCORE: f64 = 2.5;

/// Half-width, in English sentences, of the band searched by the second pass.
const BAND: usize = 12;

/// Prior English characters per Chinese character (non-space) and variance per character.
const PRIOR_RATIO: f64 = 4.0;
const PRIOR_VARIANCE: f64 = 50.0;

/// Gale & Church (1993) shape probabilities for the baseline.
const GC_PRIOR_11: f64 = 0.89;
const GC_PRIOR_10: f64 = 0.0099 / 2.0;
const GC_PRIOR_21: f64 = 0.089 / 2.0;
const GC_PRIOR_22: f64 = 0.011;
const GC_PRIOR_31: f64 = 0.001;

/// Most dictionary or content words per sentence that take part in matching (bits of a [`WordMask`]).
const MAX_ITEMS: usize = 128;
/// Most anchors, Latin tokens, names or terms per sentence that take part in matching.
const MAX_ANCHORS: usize = 64;

/// Features of one Chinese sentence.
#[derive(Debug)]
struct ZhSentence {
    text: String,
    paragraph: usize,
    chars: f64,
    words: Vec<&'static [u32]>,
    stems: Vec<u32>,
    anchors: Vec<Anchor>,
    latin: Vec<String>,
    names: Vec<Vec<String>>,
    terms: Vec<usize>,
}

/// Features of one English sentence.
#[derive(Debug)]
struct EnSentence {
    text: String,
    paragraph: usize,
    chars: f64,
    /// One entry per content word: its stem id when the dictionary knows the stem.
    content: Vec<Option<u32>>,
    stems: Vec<u32>,
    anchors: Vec<Anchor>,
    lower: String,
    name_keys: HashSet<String>,
    terms: Vec<usize>,
}

/// A set of item positions within one sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct WordMask([u64; MAX_ITEMS / 64]);

impl WordMask {
    fn insert(&mut self, idx: usize) {
        if idx < MAX_ITEMS {
            self.0[idx / 64] |= 1 << (idx % 64);
        }
    }

    fn union(self, other: WordMask) -> WordMask {
        let mut out = self;
        for (word, other_word) in out.0.iter_mut().zip(other.0) {
            *word |= other_word;
        }
        out
    }

    fn count(self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
}

/// What one Chinese sentence and one English sentence share, as masks over each side's items,
/// so that the evidence of multi-sentence beads is a union of masks.
#[derive(Debug, Clone, Copy, Default)]
struct PairEvidence {
    /// Chinese dictionary words with a gloss stem in the English sentence.
    zh_words: WordMask,
    /// English content words whose stem glosses a word of the Chinese sentence.
    en_words: WordMask,
    /// Chinese numbers and months found in the English sentence.
    zh_anchors: u64,
    /// English numbers and months found in the Chinese sentence.
    en_anchors: u64,
    /// Latin tokens of the Chinese sentence found in the English sentence.
    latin: u64,
    /// Names of the Chinese sentence found (through pinyin) in the English sentence.
    names: u64,
    /// Termbase entries of the Chinese sentence rendered in the English sentence.
    terms: u64,
}

/// All sentence features of one article and their pairwise evidence, computed once per call.
#[derive(Debug)]
pub(super) struct ArticleFeatures {
    zh: Vec<ZhSentence>,
    en: Vec<EnSentence>,
    /// `pairs[i * en.len() + j]`.
    pairs: Vec<PairEvidence>,
}

/// The length model in use: English characters per Chinese character and its variance.
#[derive(Debug, Clone, Copy)]
struct LengthModel {
    ratio: f64,
    variance: f64,
}

/// A bead of the best path over a subsequence, in original sentence indices.
#[derive(Debug, Clone)]
struct PathBead {
    zh: Vec<usize>,
    en: Vec<usize>,
    score: f64,
    confidence: f64,
}

/// Evidence of every bead over the whole article, indexed by its first Chinese sentence, first
/// English sentence and shape. Passes over subsequences reuse it: their multi-sentence beads
/// only join sentences adjacent in the article, so each is a bead of the whole article.
#[derive(Debug)]
struct EvidenceTable {
    en_len: usize,
    values: Vec<f64>,
}

impl EvidenceTable {
    fn new(features: &ArticleFeatures) -> EvidenceTable {
        let (n, m) = (features.zh.len(), features.en.len());
        let mut values = vec![0.0; n * m * SHAPES.len()];
        for i in 0..n {
            for j in 0..m {
                for (k, (a, b)) in SHAPES.iter().enumerate() {
                    if *a > 0 && *b > 0 && i + a <= n && j + b <= m {
                        let zh: Vec<usize> = (i..i + a).collect();
                        let en: Vec<usize> = (j..j + b).collect();
                        values[(i * m + j) * SHAPES.len() + k] = features.evidence(&zh, &en);
                    }
                }
            }
        }
        EvidenceTable { en_len: m, values }
    }

    /// Evidence of the bead of shape `shape` starting at Chinese `zh` and English `en`.
    fn get(&self, zh: usize, en: usize, shape: usize) -> f64 {
        self.values.get((zh * self.en_len + en) * SHAPES.len() + shape).copied().unwrap_or(0.0)
    }
}

impl ArticleFeatures {
    pub(super) fn new(
        zh: &[Vec<String>],
        en: &[Vec<String>],
        extra_dictionary: &[(String, String)],
    ) -> ArticleFeatures {
        let dictionary: &StemDictionary = &DICTIONARY;
        let terms: Vec<(String, String)> = extra_dictionary
            .iter()
            .map(|(zh_term, en_term)| {
                (anchors::normalise_chinese(zh_term.trim()), en_term.trim().to_lowercase())
            })
            .filter(|(zh_term, en_term)| !zh_term.is_empty() && !en_term.is_empty())
            .collect();
        let zh: Vec<ZhSentence> = zh
            .iter()
            .enumerate()
            .flat_map(|(paragraph, sentences)| sentences.iter().map(move |s| (paragraph, s)))
            .map(|(paragraph, text)| zh_features(dictionary, &terms, paragraph, text))
            .collect();
        let en: Vec<EnSentence> = en
            .iter()
            .enumerate()
            .flat_map(|(paragraph, sentences)| sentences.iter().map(move |s| (paragraph, s)))
            .map(|(paragraph, text)| en_features(dictionary, &terms, paragraph, text))
            .collect();
        let pairs = pair_evidence(dictionary, &zh, &en);
        ArticleFeatures { zh, en, pairs }
    }

    fn pair(&self, zh: usize, en: usize) -> &PairEvidence {
        &self.pairs[zh * self.en.len() + en]
    }

    /// Evidence that `zh` and `en` (non-empty) translate each other, from anchors and the
    /// dictionary; 0 means none.
    fn evidence(&self, zh: &[usize], en: &[usize]) -> f64 {
        let (mut zh_words, mut zh_matched, mut zh_anchors, mut zh_anchors_matched) = (0, 0, 0, 0);
        let (mut latin_matched, mut names_matched, mut terms_matched) = (0, 0, 0);
        for i in zh {
            let (mut words, mut anchors, mut latin, mut names, mut terms) =
                (WordMask::default(), 0u64, 0u64, 0u64, 0u64);
            for j in en {
                let pair = self.pair(*i, *j);
                words = words.union(pair.zh_words);
                anchors |= pair.zh_anchors;
                latin |= pair.latin;
                names |= pair.names;
                terms |= pair.terms;
            }
            zh_words += self.zh[*i].words.len().min(MAX_ITEMS);
            zh_matched += words.count();
            zh_anchors += self.zh[*i].anchors.len().min(MAX_ANCHORS);
            zh_anchors_matched += anchors.count_ones() as usize;
            latin_matched += latin.count_ones() as usize;
            names_matched += names.count_ones() as usize;
            terms_matched += terms.count_ones() as usize;
        }
        let (mut en_words, mut en_matched, mut en_anchors, mut en_anchors_matched) = (0, 0, 0, 0);
        for j in en {
            let (mut words, mut anchors) = (WordMask::default(), 0u64);
            for i in zh {
                let pair = self.pair(*i, *j);
                words = words.union(pair.en_words);
                anchors |= pair.en_anchors;
            }
            en_words += self.en[*j].content.len().min(MAX_ITEMS);
            en_matched += words.count();
            en_anchors += self.en[*j].anchors.len().min(MAX_ANCHORS);
            en_anchors_matched += anchors.count_ones() as usize;
        }
        let coverage = |matched: usize, total: usize| {
            if total == 0 { 0.0 } else { matched as f64 / total as f64 }
        };
        let lexical = (coverage(zh_matched, zh_words) + coverage(en_matched, en_words)) / 2.0;
        let anchors_unmatched =
            (zh_anchors - zh_anchors_matched) + (en_anchors - en_anchors_matched);

        DICTIONARY_WEIGHT * lexical
            + NUMBER_WEIGHT * zh_anchors_matched.min(en_anchors_matched) as f64
            - NUMBER_MISMATCH_WEIGHT * anchors_unmatched as f64
            + LATIN_WEIGHT * diminishing(latin_matched)
            + NAME_WEIGHT * diminishing(names_matched)
            + TERM_WEIGHT * terms_matched as f64
    }

    /// True when the bead `zh`–`en`, grown by one sentence into `grown_zh`–`grown_en`, gains
    /// evidence worth more than leaving that sentence unaligned, and the sentence translates
    /// words of the other side that the bead left untranslated.
    fn adds_evidence(
        &self,
        zh: &[usize],
        en: &[usize],
        grown_zh: &[usize],
        grown_en: &[usize],
    ) -> bool {
        let added_zh: Vec<usize> = grown_zh.iter().filter(|i| !zh.contains(i)).copied().collect();
        let added_en: Vec<usize> = grown_en.iter().filter(|j| !en.contains(j)).copied().collect();
        let (added_zh, added_en) = match (added_zh.is_empty(), added_en.is_empty()) {
            (false, true) => (added_zh, en.to_vec()),
            (true, false) => (zh.to_vec(), added_en),
            _ => return false,
        };
        // The added sentence against its best counterpart alone: the bead's other sentences
        // carry numbers it cannot share.
        let best_alone = added_zh
            .iter()
            .flat_map(|i| added_en.iter().map(move |j| self.evidence(&[*i], &[*j])))
            .fold(f64::NEG_INFINITY, f64::max);
        if best_alone < SKIP_COST {
            return false;
        }
        // Words of the other side matched by the added sentence and by none of the bead's own.
        let grows_zh = grown_zh.len() > zh.len();
        let matched_words = |zh_ids: &[usize], en_ids: &[usize]| -> usize {
            let (counted, other) = if grows_zh { (en_ids, zh_ids) } else { (zh_ids, en_ids) };
            counted
                .iter()
                .map(|counted_idx| {
                    let words = other.iter().fold(WordMask::default(), |words, other_idx| {
                        words.union(if grows_zh {
                            self.pair(*other_idx, *counted_idx).en_words
                        } else {
                            self.pair(*counted_idx, *other_idx).zh_words
                        })
                    });
                    words.count()
                })
                .sum()
        };
        matched_words(grown_zh, grown_en) > matched_words(zh, en)
    }

    /// Cost of a bead (lower is better) and its evidence.
    fn bead_cost(
        &self,
        zh: &[usize],
        en: &[usize],
        mode: Mode,
        length: LengthModel,
        evidence: f64,
    ) -> (f64, f64) {
        let zh_chars: f64 = zh.iter().map(|i| self.zh[*i].chars).sum();
        let en_chars: f64 = en.iter().map(|j| self.en[*j].chars).sum();
        let shape = (zh.len(), en.len());
        match mode {
            Mode::LengthOnly => {
                let prior = match shape {
                    (1, 1) => GC_PRIOR_11,
                    (1, 0) | (0, 1) => GC_PRIOR_10,
                    (2, 1) | (1, 2) => GC_PRIOR_21,
                    (2, 2) => GC_PRIOR_22,
                    _ => GC_PRIOR_31,
                };
                (-prior.ln() + gale_church_cost(zh_chars, en_chars, length), 0.0)
            }
            Mode::Anchors => {
                if zh.is_empty() || en.is_empty() {
                    return (SKIP_COST * (zh.len() + en.len()) as f64, 0.0);
                }
                let shape_cost = match shape {
                    (1, 1) => SHAPE_COST_11,
                    (2, 1) | (1, 2) => SHAPE_COST_21,
                    (2, 2) => SHAPE_COST_22,
                    _ => SHAPE_COST_31,
                };
                let zh_crosses =
                    zh.windows(2).any(|w| self.zh[w[0]].paragraph != self.zh[w[1]].paragraph);
                let en_crosses =
                    en.windows(2).any(|w| self.en[w[0]].paragraph != self.en[w[1]].paragraph);
                let cross_cost =
                    CROSS_PARAGRAPH_COST * f64::from(u8::from(zh_crosses) + u8::from(en_crosses));
                let cost = LENGTH_WEIGHT * gale_church_cost(zh_chars, en_chars, length)
                    + shape_cost
                    + cross_cost
                    - evidence;
                (cost, evidence)
            }
        }
    }
}

/// Aligns a whole article: a first pass with the prior length model, a second (banded around the
/// first) with the ratio re-estimated from confident beads, then a pass over the sentences left
/// unaligned.
pub(super) fn align_article(features: &ArticleFeatures, mode: Mode) -> Alignment {
    let all_zh: Vec<usize> = (0..features.zh.len()).collect();
    let all_en: Vec<usize> = (0..features.en.len()).collect();
    let path = match mode {
        Mode::LengthOnly => {
            let zh_total: f64 = features.zh.iter().map(|s| s.chars).sum();
            let en_total: f64 = features.en.iter().map(|s| s.chars).sum();
            let ratio =
                if zh_total > 0.0 && en_total > 0.0 { en_total / zh_total } else { PRIOR_RATIO };
            let length = LengthModel { ratio, variance: PRIOR_VARIANCE };
            best_path(features, None, &all_zh, &all_en, length, None)
        }
        Mode::Anchors => {
            let evidence = EvidenceTable::new(features);
            let prior = LengthModel { ratio: PRIOR_RATIO, variance: PRIOR_VARIANCE };
            let first = best_path(features, Some(&evidence), &all_zh, &all_en, prior, None);
            let length = estimate_length_model(features, &first).unwrap_or(prior);
            // The second pass only moves the path locally, so it searches a band around the first.
            let band = band_around(&first, all_zh.len(), all_en.len());
            let second =
                best_path(features, Some(&evidence), &all_zh, &all_en, length, Some(&band));
            absorb_wrapped_lines(features, realign_leftovers(features, &evidence, second, length))
        }
    };
    Alignment { beads: path.into_iter().map(|bead| into_bead(features, bead)).collect() }
}

/// Ratio and variance from the confident 1-1 beads of a first pass, shrunk towards the prior.
fn estimate_length_model(features: &ArticleFeatures, path: &[PathBead]) -> Option<LengthModel> {
    let pairs: Vec<(f64, f64)> = path
        .iter()
        .filter(|bead| bead.zh.len() == 1 && bead.en.len() == 1 && bead.score >= CONFIDENT_SCORE)
        .map(|bead| (features.zh[bead.zh[0]].chars, features.en[bead.en[0]].chars))
        .filter(|(zh_chars, _)| *zh_chars > 0.0)
        .collect();
    if pairs.len() < 3 {
        return None;
    }
    // One pseudo-pair of 100 Chinese characters at the prior ratio keeps small samples sane.
    let prior_chars = 100.0;
    let zh_total: f64 = pairs.iter().map(|p| p.0).sum::<f64>() + prior_chars;
    let en_total: f64 = pairs.iter().map(|p| p.1).sum::<f64>() + prior_chars * PRIOR_RATIO;
    let ratio = en_total / zh_total;
    let squares: f64 = pairs.iter().map(|(z, e)| (e - ratio * z).powi(2)).sum::<f64>()
        + PRIOR_VARIANCE * prior_chars;
    let variance = (squares / zh_total).clamp(10.0, 200.0);
    Some(LengthModel { ratio: ratio.clamp(1.5, 8.0), variance })
}

/// For each row of the grid (Chinese sentences consumed), the columns within [`BAND`] of `path`.
fn band_around(path: &[PathBead], n: usize, m: usize) -> Vec<(usize, usize)> {
    let mut band = vec![(usize::MAX, 0); n + 1];
    let (mut i, mut j) = (0, 0);
    band[0] = (0, 0);
    for bead in path {
        let (a, b) = (bead.zh.len(), bead.en.len());
        for row in band.iter_mut().skip(i).take(a + 1) {
            row.0 = row.0.min(j);
            row.1 = row.1.max(j + b);
        }
        i += a;
        j += b;
    }
    band.into_iter().map(|(lo, hi)| (lo.min(hi).saturating_sub(BAND), (hi + BAND).min(m))).collect()
}

/// Aligns the sentences the main pass left unaligned among themselves (a moved paragraph) and
/// keeps the beads with strong evidence whose Chinese ends as a sentence does: a headline,
/// which sums up the article and shares names with many sentences, does not move.
fn realign_leftovers(
    features: &ArticleFeatures,
    evidence: &EvidenceTable,
    path: Vec<PathBead>,
    length: LengthModel,
) -> Vec<PathBead> {
    let leftover_zh: Vec<usize> =
        path.iter().filter(|b| b.en.is_empty()).flat_map(|b| b.zh.iter().copied()).collect();
    let leftover_en: Vec<usize> =
        path.iter().filter(|b| b.zh.is_empty()).flat_map(|b| b.en.iter().copied()).collect();
    if leftover_zh.is_empty() || leftover_en.is_empty() {
        return path;
    }
    let found: Vec<PathBead> =
        best_path(features, Some(evidence), &leftover_zh, &leftover_en, length, None)
            .into_iter()
            .filter(|bead| {
                !bead.zh.is_empty()
                    && !bead.en.is_empty()
                    && bead.score >= LEFTOVER_MIN_SCORE
                    && bead.zh.last().is_some_and(|last| ends_a_sentence(&features.zh[*last].text))
            })
            .collect();
    if found.is_empty() {
        return path;
    }
    let used_en: HashSet<usize> = found.iter().flat_map(|b| b.en.iter().copied()).collect();
    let mut out = Vec::with_capacity(path.len());
    for bead in path {
        if bead.zh.is_empty() {
            if !used_en.contains(&bead.en[0]) {
                out.push(bead);
            }
        } else if bead.en.is_empty() {
            match found.iter().find(|f| f.zh.contains(&bead.zh[0])) {
                Some(moved) if moved.zh[0] == bead.zh[0] => out.push(moved.clone()),
                Some(_) => {}
                None => out.push(bead),
            }
        } else {
            out.push(bead);
        }
    }
    out
}

/// Joins to a bead the sentence that continues its last sentence on the next line: a headline
/// or byline wrapped over two lines is cut into two sentences on one side but not always on the
/// other, and the second half, left unaligned, still translates part of the bead. A sentence is
/// a continuation when the line before it ends without a full stop and it adds evidence worth
/// more than leaving it unaligned.
fn absorb_wrapped_lines(features: &ArticleFeatures, path: Vec<PathBead>) -> Vec<PathBead> {
    let mut out: Vec<PathBead> = Vec::with_capacity(path.len());
    for bead in path {
        if let Some(last) = out.last_mut()
            && !last.zh.is_empty()
            && !last.en.is_empty()
        {
            let zh_continues = |next: usize| {
                last.zh.last().is_some_and(|previous| {
                    next == previous + 1
                        && features.zh[next].paragraph != features.zh[*previous].paragraph
                        && !ends_a_sentence(&features.zh[*previous].text)
                })
            };
            let en_continues = |next: usize| {
                last.en.last().is_some_and(|previous| {
                    next == previous + 1
                        && features.en[next].paragraph != features.en[*previous].paragraph
                        && !ends_a_sentence(&features.en[*previous].text)
                })
            };
            let candidate = match (bead.zh.as_slice(), bead.en.as_slice()) {
                ([zh], []) if zh_continues(*zh) => {
                    let mut zh_ids = last.zh.clone();
                    zh_ids.push(*zh);
                    Some((zh_ids, last.en.clone()))
                }
                ([], [en]) if en_continues(*en) => {
                    let mut en_ids = last.en.clone();
                    en_ids.push(*en);
                    Some((last.zh.clone(), en_ids))
                }
                _ => None,
            };
            if let Some((zh_ids, en_ids)) = candidate
                && features.adds_evidence(&last.zh, &last.en, &zh_ids, &en_ids)
            {
                last.score = features.evidence(&zh_ids, &en_ids);
                last.zh = zh_ids;
                last.en = en_ids;
                continue;
            }
        }
        out.push(bead);
    }
    out
}

/// True when `sentence` ends with a full stop, question or exclamation mark, colon or semicolon,
/// possibly followed by closing quotes or brackets.
fn ends_a_sentence(sentence: &str) -> bool {
    sentence
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '」', '』', ')', '）', '》'])
        .ends_with(['。', '！', '？', '.', '!', '?', ':', '：', ';', '；', '…'])
}

/// The minimum-cost path over the subsequences `zh_ids` × `en_ids` (multi-sentence beads only
/// over sentences adjacent in the article), with a confidence per bead from forward and backward
/// costs.
/// With `evidence`, bead costs use the anchors; without, only lengths (the baseline). With `band`,
/// only cells `(i, j)` with `band[i].0 <= j <= band[i].1` are searched.
fn best_path(
    features: &ArticleFeatures,
    evidence: Option<&EvidenceTable>,
    zh_ids: &[usize],
    en_ids: &[usize],
    length: LengthModel,
    band: Option<&[(usize, usize)]>,
) -> Vec<PathBead> {
    let mode = if evidence.is_some() { Mode::Anchors } else { Mode::LengthOnly };
    let (n, m) = (zh_ids.len(), en_ids.len());
    let cols = m + 1;
    let cell = |i: usize, j: usize| i * cols + j;
    let adjacent = |ids: &[usize]| ids.windows(2).all(|w| w[1] == w[0] + 1);
    let columns = |i: usize| match band.and_then(|band| band.get(i)) {
        Some((lo, hi)) => *lo..=*hi,
        None => 0..=m,
    };

    // costs[cell(i, j) * SHAPES.len() + k]: bead of shape k starting at (i, j).
    let mut costs = vec![(f64::INFINITY, 0.0); (n + 1) * cols * SHAPES.len()];
    for i in 0..=n {
        for j in columns(i) {
            for (k, (a, b)) in SHAPES.iter().enumerate() {
                if i + a > n || j + b > m {
                    continue;
                }
                let (zh, en) = (&zh_ids[i..i + a], &en_ids[j..j + b]);
                if !adjacent(zh) || !adjacent(en) {
                    continue;
                }
                let bead_evidence = match (evidence, zh.first(), en.first()) {
                    (Some(table), Some(zh_first), Some(en_first)) => {
                        table.get(*zh_first, *en_first, k)
                    }
                    _ => 0.0,
                };
                costs[cell(i, j) * SHAPES.len() + k] =
                    features.bead_cost(zh, en, mode, length, bead_evidence);
            }
        }
    }

    let mut forward = vec![f64::INFINITY; (n + 1) * cols];
    let mut back = vec![usize::MAX; (n + 1) * cols];
    forward[0] = 0.0;
    for i in 0..=n {
        for j in columns(i) {
            let here = forward[cell(i, j)];
            if !here.is_finite() {
                continue;
            }
            for (k, (a, b)) in SHAPES.iter().enumerate() {
                if i + a > n || j + b > m {
                    continue;
                }
                let total = here + costs[cell(i, j) * SHAPES.len() + k].0;
                let target = cell(i + a, j + b);
                if total < forward[target] {
                    forward[target] = total;
                    back[target] = k;
                }
            }
        }
    }
    let mut backward = vec![f64::INFINITY; (n + 1) * cols];
    backward[cell(n, m)] = 0.0;
    for i in (0..=n).rev() {
        for j in columns(i).rev() {
            for (k, (a, b)) in SHAPES.iter().enumerate() {
                if i + a > n || j + b > m {
                    continue;
                }
                let total = costs[cell(i, j) * SHAPES.len() + k].0 + backward[cell(i + a, j + b)];
                if total < backward[cell(i, j)] {
                    backward[cell(i, j)] = total;
                }
            }
        }
    }

    let best = forward[cell(n, m)];
    let through = |i: usize, j: usize, k: usize| {
        let (a, b) = SHAPES[k];
        forward[cell(i, j)] + costs[cell(i, j) * SHAPES.len() + k].0 + backward[cell(i + a, j + b)]
    };
    let mut steps = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let k = back[cell(i, j)];
        // The back pointer exists for every reachable cell because 1-0 and 0-1 beads always apply.
        let Some((a, b)) = SHAPES.get(k).copied() else { break };
        i -= a;
        j -= b;
        steps.push((i, j, k));
    }
    steps.reverse();

    steps
        .into_iter()
        .map(|(i, j, k)| {
            let (a, b) = SHAPES[k];
            let (_, score) = costs[cell(i, j) * SHAPES.len() + k];
            // The best path using any other bead over the first sentence of this one; for an
            // unaligned sentence, the best path that aligns it (the order of adjacent 1-0 and 0-1
            // beads is arbitrary and must not count as doubt).
            let unaligned = a == 0 || b == 0;
            let mut alternative = f64::INFINITY;
            for (k2, (a2, b2)) in SHAPES.iter().enumerate() {
                if unaligned && (*a2 == 0 || *b2 == 0) {
                    continue;
                }
                // Beads of shape k2 covering the first Chinese sentence of this bead (or, for a
                // 0-1 bead, its English sentence): a band of start rows (columns) only.
                let (rows, columns) = if a > 0 {
                    if *a2 == 0 {
                        continue;
                    }
                    (i.saturating_sub(a2 - 1)..=i, 0..=m)
                } else {
                    if *b2 == 0 {
                        continue;
                    }
                    (0..=n, j.saturating_sub(b2 - 1)..=j)
                };
                for i2 in rows {
                    for j2 in columns.clone() {
                        if j2 + b2 > m || i2 + a2 > n || (i2, j2, k2) == (i, j, k) {
                            continue;
                        }
                        alternative = alternative.min(through(i2, j2, k2));
                    }
                }
            }
            let margin = if alternative.is_finite() { (alternative - best).max(0.0) } else { 10.0 };
            let certainty = 1.0 - (-margin).exp();
            let confidence = if a > 0 && b > 0 {
                0.5 * certainty + 0.5 * (1.0 - (-score.max(0.0) / 2.0).exp())
            } else {
                certainty
            };
            PathBead {
                zh: zh_ids[i..i + a].to_vec(),
                en: en_ids[j..j + b].to_vec(),
                score,
                confidence: confidence.clamp(0.0, 1.0),
            }
        })
        .collect()
}

fn into_bead(features: &ArticleFeatures, bead: PathBead) -> Bead {
    let zh_text = bead.zh.iter().map(|i| features.zh[*i].text.as_str()).collect::<String>();
    let en_text =
        bead.en.iter().map(|j| features.en[*j].text.as_str()).collect::<Vec<_>>().join(" ");
    Bead { zh: bead.zh, en: bead.en, zh_text, en_text, confidence: bead.confidence }
}

/// Pairwise evidence of every Chinese sentence with every English sentence.
fn pair_evidence(
    dictionary: &StemDictionary,
    zh: &[ZhSentence],
    en: &[EnSentence],
) -> Vec<PairEvidence> {
    let stem_count = dictionary.stem_count();
    let stem_bits = |stems: &[u32]| {
        let mut bits = vec![0u64; stem_count.div_ceil(64)];
        for stem in stems {
            let idx = *stem as usize;
            if let Some(word) = bits.get_mut(idx / 64) {
                *word |= 1 << (idx % 64);
            }
        }
        bits
    };
    let has = |bits: &[u64], stem: u32| {
        bits.get(stem as usize / 64).is_some_and(|w| w & (1 << (stem % 64)) != 0)
    };
    let zh_bits: Vec<Vec<u64>> = zh.iter().map(|s| stem_bits(&s.stems)).collect();
    let en_bits: Vec<Vec<u64>> = en.iter().map(|s| stem_bits(&s.stems)).collect();

    // Names and Latin tokens are resolved once per Chinese sentence against the whole English side.
    let mut name_sentences: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, sentence) in en.iter().enumerate() {
        for key in &sentence.name_keys {
            name_sentences.entry(key.as_str()).or_default().push(j);
        }
    }
    let name_hits: Vec<Vec<Vec<usize>>> = zh
        .iter()
        .map(|s| {
            s.names
                .iter()
                .map(|spellings| {
                    let mut hits: Vec<usize> = spellings
                        .iter()
                        .filter_map(|name| name_sentences.get(name.as_str()))
                        .flatten()
                        .copied()
                        .collect();
                    hits.sort_unstable();
                    hits.dedup();
                    hits
                })
                .collect()
        })
        .collect();
    let latin_hits: Vec<Vec<Vec<usize>>> = zh
        .iter()
        .map(|s| {
            s.latin
                .iter()
                .map(|token| {
                    (0..en.len()).filter(|j| contains_word(&en[*j].lower, token)).collect()
                })
                .collect()
        })
        .collect();

    let mut pairs = Vec::with_capacity(zh.len() * en.len());
    for (i, zh_sentence) in zh.iter().enumerate() {
        for (j, en_sentence) in en.iter().enumerate() {
            let mut pair = PairEvidence::default();
            for (idx, word) in zh_sentence.words.iter().enumerate() {
                if word.iter().any(|stem| has(&en_bits[j], *stem)) {
                    pair.zh_words.insert(idx);
                }
            }
            for (idx, stem) in en_sentence.content.iter().enumerate() {
                if stem.is_some_and(|stem| has(&zh_bits[i], stem)) {
                    pair.en_words.insert(idx);
                }
            }
            for (idx, anchor) in zh_sentence.anchors.iter().enumerate() {
                if en_sentence.anchors.contains(anchor) {
                    set_bit(&mut pair.zh_anchors, idx);
                }
            }
            for (idx, anchor) in en_sentence.anchors.iter().enumerate() {
                if zh_sentence.anchors.contains(anchor) {
                    set_bit(&mut pair.en_anchors, idx);
                }
            }
            for (idx, hits) in latin_hits[i].iter().enumerate() {
                if hits.contains(&j) {
                    set_bit(&mut pair.latin, idx);
                }
            }
            for (idx, hits) in name_hits[i].iter().enumerate() {
                if hits.contains(&j) {
                    set_bit(&mut pair.names, idx);
                }
            }
            for (idx, term) in zh_sentence.terms.iter().enumerate() {
                if en_sentence.terms.contains(term) {
                    set_bit(&mut pair.terms, idx);
                }
            }
            pairs.push(pair);
        }
    }
    pairs
}

fn zh_features(
    dictionary: &'static StemDictionary,
    terms: &[(String, String)],
    paragraph: usize,
    text: &str,
) -> ZhSentence {
    let normalised = anchors::normalise_chinese(text);
    let words = dictionary.match_words(&normalised);
    let mut stems: Vec<u32> = words.iter().flat_map(|w| w.iter().copied()).collect();
    stems.sort_unstable();
    stems.dedup();
    let mut sentence_anchors = anchors::chinese_anchors(&normalised);
    sentence_anchors.sort_unstable();
    sentence_anchors.dedup();
    ZhSentence {
        text: text.to_owned(),
        paragraph,
        chars: normalised.chars().filter(|c| !c.is_whitespace()).count() as f64,
        words,
        stems,
        anchors: sentence_anchors,
        latin: anchors::latin_tokens(&normalised),
        names: pinyin_names::chinese_name_spellings(&normalised),
        terms: terms
            .iter()
            .enumerate()
            .filter(|(_, (zh, _))| normalised.contains(zh.as_str()))
            .map(|(idx, _)| idx)
            .collect(),
    }
}

fn en_features(
    dictionary: &'static StemDictionary,
    terms: &[(String, String)],
    paragraph: usize,
    text: &str,
) -> EnSentence {
    let folded: String = text.chars().map(anchors::fold_width).collect();
    let lower = folded.to_lowercase();
    let content: Vec<Option<u32>> =
        dictionary::english_stems(&folded).map(|stem| dictionary.stem_id(&stem)).collect();
    let mut stems: Vec<u32> = content.iter().flatten().copied().collect();
    stems.sort_unstable();
    stems.dedup();
    EnSentence {
        text: text.to_owned(),
        paragraph,
        chars: folded.chars().filter(|c| !c.is_whitespace()).count() as f64,
        content,
        stems,
        anchors: {
            let mut en_anchors = anchors::english_anchors(&folded);
            en_anchors.sort_unstable();
            en_anchors.dedup();
            en_anchors
        },
        name_keys: pinyin_names::english_name_keys(&folded),
        terms: terms
            .iter()
            .enumerate()
            .filter(|(_, (_, en))| contains_word(&lower, en))
            .map(|(idx, _)| idx)
            .collect(),
        lower,
    }
}

fn set_bit(mask: &mut u64, idx: usize) {
    if idx < MAX_ANCHORS {
        *mask |= 1 << idx;
    }
}

/// True if `needle` occurs in `haystack` (both lower-case) not inside a longer word.
fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(start, _)| {
        let before = haystack[..start].chars().next_back();
        let after = haystack[start + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric)
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// 1, 1.5, 1.83, …: the first anchor counts most.
fn diminishing(count: usize) -> f64 {
    (1..=count).map(|k| 1.0 / k as f64).sum()
}

/// `-ln P(|δ| ≥ observed)` for the Gale–Church δ of a bead with these lengths.
fn gale_church_cost(zh_chars: f64, en_chars: f64, length: LengthModel) -> f64 {
    if zh_chars <= 0.0 && en_chars <= 0.0 {
        return 0.0;
    }
    let mean = (zh_chars + en_chars / length.ratio) / 2.0;
    let delta = (en_chars - zh_chars * length.ratio) / (mean * length.variance).sqrt();
    let tail = 2.0 * (1.0 - standard_normal_cdf(delta.abs()));
    -tail.max(1e-12).ln()
}

/// Φ(x) through the Abramowitz–Stegun 7.1.26 approximation of erf (error below 1.5e-7).
fn standard_normal_cdf(x: f64) -> f64 {
    let z = x / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z.abs());
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-z * z).exp();
    let erf = if z >= 0.0 { erf } else { -erf };
    0.5 * (1.0 + erf)
}
