//! Document alignment: which Chinese file and which English file are the same article.
//!
//! An archive often keeps the Chinese page and its English version as two files with unrelated
//! names. [`pair_documents`] scores every Chinese document against every English one with the
//! anchors the sentence aligner trusts (CC-CEDICT lexical coverage in both directions, numbers and
//! dates, pinyin names, Latin tokens, approved terms, the length ratio), then solves the
//! assignment problem (Hungarian algorithm, `pathfinding::kuhn_munkres`) so that one strong pair
//! cannot be stolen by a greedy earlier choice. Each document may also stay single: the
//! assignment offers every Chinese document a "no partner" option worth
//! [`MIN_PAIRED_SIMILARITY`], and an assigned pair is kept only when it also clearly beats every
//! competitor of both documents ([`MIN_CONFIDENCE`]), lies above what both documents score with
//! everything else (their background), and either is similar enough on its own
//! ([`MIN_SIMILARITY`]) or stands out from that background ([`MIN_MARGIN`]): the threshold
//! adapts to how literal the translations of a folder are and how alike its articles are.
//! Pure and deterministic.
//!
//! ```
//! use tessera_core::alignment::documents::{ChineseDocument, EnglishDocument, pair_documents};
//!
//! let zh = [ChineseDocument::new(&[vec!["3月2日，王雯率队赴重庆国际传播中心调研。".to_owned()]], &[])];
//! let en = [EnglishDocument::new(
//!     &[vec!["On March 2, Wang Wen led a team to Chongqing International Media Center.".to_owned()]],
//!     &[],
//! )];
//! let pairing = pair_documents(&zh, &en);
//! assert_eq!(pairing.pairs.len(), 1);
//! assert_eq!((pairing.pairs[0].zh, pairing.pairs[0].en), (0, 0));
//! ```

use std::collections::HashSet;

use pathfinding::{kuhn_munkres::kuhn_munkres, matrix::Matrix};
use xxhash_rust::xxh3::xxh3_64;

use crate::alignment::{
    Aligner,
    anchors::{self, Anchor},
    dictionary::{self, DICTIONARY},
    pinyin_names,
};

/// Similarity from which a pair is accepted on its own, whatever its rivals score.
pub const MIN_SIMILARITY: f64 = 0.45;
/// Similarity a pair needs to be preferred over leaving its Chinese document single; between
/// this and [`MIN_SIMILARITY`] a pair must also stand out from its documents' rivals by
/// [`MIN_MARGIN`]. A loose or partial translation scores low in absolute terms (few dictionary
/// matches, a length far from a translation's), but still far above what either document scores
/// with the unrelated documents around it.
pub const MIN_PAIRED_SIMILARITY: f64 = 0.30;
/// How many times the background similarity of its two documents a pair below
/// [`MIN_SIMILARITY`] needs: the ratio margin of parallel-corpus mining (Artetxe and Schwenk,
/// 2019), with the background the mean of each document's [`BACKGROUND_RIVALS`] best rivals.
pub const MIN_MARGIN: f64 = 1.5;
/// Confidence of a sentence bead that shows a pair below [`MIN_SIMILARITY`] to be a translation.
const SURE_BEAD_CONFIDENCE: f64 = 0.7;
/// Rivals per document that make its background similarity; with fewer, there is no background
/// to stand out from and only [`MIN_SIMILARITY`] counts.
const BACKGROUND_RIVALS: usize = 4;
/// Relative margin a pair needs over the best competitor of either document:
/// `(similarity − competitor) / similarity`.
pub const MIN_CONFIDENCE: f64 = 0.20;

/// Weights of the similarity's parts; they sum to 1, so a similarity is at most 1.
const LEXICAL_WEIGHT: f64 = 0.45;
const ANCHOR_WEIGHT: f64 = 0.30;
const NAME_WEIGHT: f64 = 0.15;
const LATIN_WEIGHT: f64 = 0.05;
const TERM_WEIGHT: f64 = 0.05;
/// English non-space characters per Chinese character in a full translation, and how far (as a
/// factor) a document pair may stray from it before its length costs anything: English versions
/// are often abridged.
const LENGTH_RATIO: f64 = 3.0;
const LENGTH_TOLERANCE: f64 = 3.0;
const LENGTH_PENALTY: f64 = 0.15;
/// Numbers and dates on both sides together from which their agreement counts fully.
const FULL_ANCHOR_EVIDENCE: f64 = 6.0;
/// Similarities are compared as integers in the assignment.
const SCALE: f64 = 1e6;

/// What a Chinese document offers for pairing, computed once per document.
#[derive(Debug, Clone, Default)]
pub struct ChineseDocument {
    /// Distinct dictionary words, as the gloss stems of each.
    words: Vec<&'static [u32]>,
    stem_bits: Vec<u64>,
    /// Sorted distinct number, month and date keys.
    anchors: Vec<u64>,
    /// Per possible name: the keys of its pinyin spellings.
    names: Vec<Vec<u64>>,
    /// Keys of the Latin tokens inside the Chinese.
    latin: Vec<u64>,
    /// Indices of the approved terms found.
    terms: Vec<usize>,
    chars: usize,
    /// The sentences by paragraph, for checking a doubtful pair by aligning it.
    sentences: Vec<Vec<String>>,
    /// The approved terms, as given.
    term_pairs: Vec<(String, String)>,
}

/// What an English document offers for pairing, computed once per document.
#[derive(Debug, Clone, Default)]
pub struct EnglishDocument {
    /// Distinct content-word stems the dictionary knows.
    stems: Vec<u32>,
    /// Distinct content words the dictionary does not know.
    n_unknown: usize,
    stem_bits: Vec<u64>,
    anchors: Vec<u64>,
    /// Sorted keys of adjacent capitalised word pairs, both orders (possible names).
    name_keys: Vec<u64>,
    /// Sorted keys of every lower-cased alphanumeric word.
    words: Vec<u64>,
    terms: Vec<usize>,
    chars: usize,
    sentences: Vec<Vec<String>>,
}

/// A Chinese document and an English document found to be one article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DocumentPair {
    /// Index into the Chinese documents.
    pub zh: usize,
    /// Index into the English documents.
    pub en: usize,
    /// Their similarity, in 0..=1.
    pub similarity: f64,
    /// How clearly the pair beats the best competitor of either document, in 0..=1.
    pub confidence: f64,
}

/// The best partner a document could have had, for reporting the documents left single.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BestCandidate {
    /// Index into the other language's documents.
    pub idx: usize,
    /// Their similarity, in 0..=1.
    pub similarity: f64,
}

/// The outcome of [`pair_documents`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocumentPairing {
    /// Confident pairs, in Chinese document order.
    pub pairs: Vec<DocumentPair>,
    /// Per Chinese document: its most similar English document, if any English document exists.
    pub zh_best: Vec<Option<BestCandidate>>,
    /// Per English document: its most similar Chinese document.
    pub en_best: Vec<Option<BestCandidate>>,
}

impl DocumentPairing {
    /// The pair a Chinese document belongs to.
    pub fn pair_of_zh(&self, zh: usize) -> Option<&DocumentPair> {
        self.pairs.iter().find(|pair| pair.zh == zh)
    }

    /// The pair an English document belongs to.
    pub fn pair_of_en(&self, en: usize) -> Option<&DocumentPair> {
        self.pairs.iter().find(|pair| pair.en == en)
    }
}

impl ChineseDocument {
    /// Features of a Chinese document given as sentences grouped by paragraph. `terms` are the
    /// approved termbase entries `(zh, en)`, the same list for every document.
    pub fn new(sentences: &[Vec<String>], terms: &[(String, String)]) -> ChineseDocument {
        let terms_given = terms;
        let text: String = sentences.iter().flatten().map(String::as_str).collect();
        let normalised = anchors::normalise_chinese(&text);
        let mut words = DICTIONARY.match_words(&normalised);
        words.sort_unstable();
        words.dedup();
        let mut stems: Vec<u32> = words.iter().flat_map(|word| word.iter().copied()).collect();
        stems.sort_unstable();
        stems.dedup();
        let mut anchors = Vec::new();
        for sentence in sentences.iter().flatten() {
            anchors.extend(anchor_keys(&anchors::chinese_anchors(&anchors::normalise_chinese(
                sentence,
            ))));
        }
        anchors.sort_unstable();
        anchors.dedup();
        let mut names: Vec<Vec<u64>> = pinyin_names::chinese_name_spellings(&normalised)
            .iter()
            .map(|spellings| spellings.iter().map(|name| key(b'n', name.as_bytes())).collect())
            .collect();
        names.sort();
        names.dedup();
        let latin = anchors::latin_tokens(&normalised)
            .iter()
            .map(|token| key(b'w', token.as_bytes()))
            .collect();
        let terms = terms
            .iter()
            .enumerate()
            .filter(|(_, (zh, _))| {
                let zh = anchors::normalise_chinese(zh.trim());
                !zh.is_empty() && normalised.contains(&zh)
            })
            .map(|(idx, _)| idx)
            .collect();
        ChineseDocument {
            words,
            stem_bits: stem_bits(&stems),
            anchors,
            names,
            latin,
            terms,
            chars: normalised.chars().filter(|c| !c.is_whitespace()).count(),
            sentences: sentences.to_vec(),
            term_pairs: terms_given.to_vec(),
        }
    }

    /// True when the document has no text to pair on.
    pub fn is_empty(&self) -> bool {
        self.chars == 0
    }
}

impl EnglishDocument {
    /// Features of an English document given as sentences grouped by paragraph. `terms` are the
    /// approved termbase entries `(zh, en)`, the same list for every document.
    pub fn new(sentences: &[Vec<String>], terms: &[(String, String)]) -> EnglishDocument {
        let text = sentences.iter().flatten().map(String::as_str).collect::<Vec<_>>().join(" ");
        let folded: String = text.chars().map(anchors::fold_width).collect();
        let lower = folded.to_lowercase();
        let mut stems = Vec::new();
        let mut unknown = HashSet::new();
        for stem in dictionary::english_stems(&folded) {
            match DICTIONARY.stem_id(&stem) {
                Some(id) => stems.push(id),
                None => {
                    unknown.insert(stem);
                }
            }
        }
        stems.sort_unstable();
        stems.dedup();
        let mut anchors = Vec::new();
        for sentence in sentences.iter().flatten() {
            let folded: String = sentence.chars().map(anchors::fold_width).collect();
            anchors.extend(anchor_keys(&anchors::english_anchors(&folded)));
        }
        anchors.sort_unstable();
        anchors.dedup();
        let mut name_keys: Vec<u64> = sentences
            .iter()
            .flatten()
            .flat_map(|sentence| pinyin_names::english_name_keys(sentence))
            .map(|name| key(b'n', name.as_bytes()))
            .collect();
        name_keys.sort_unstable();
        name_keys.dedup();
        let mut words: Vec<u64> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(|word| key(b'w', word.as_bytes()))
            .collect();
        words.sort_unstable();
        words.dedup();
        let terms = terms
            .iter()
            .enumerate()
            .filter(|(_, (_, en))| {
                let en = en.trim().to_lowercase();
                !en.is_empty() && contains_word(&lower, &en)
            })
            .map(|(idx, _)| idx)
            .collect();
        EnglishDocument {
            stem_bits: stem_bits(&stems),
            stems,
            n_unknown: unknown.len(),
            anchors,
            name_keys,
            words,
            terms,
            chars: folded.chars().filter(|c| !c.is_whitespace()).count(),
            sentences: sentences.to_vec(),
        }
    }

    /// True when the document has no text to pair on.
    pub fn is_empty(&self) -> bool {
        self.chars == 0
    }
}

/// How alike a Chinese and an English document are, in 0..=1: what share of each side's words
/// the other side translates, how many numbers and dates they share, names and terms found on
/// both sides, less a penalty for a length ratio far from a translation's.
pub fn similarity(zh: &ChineseDocument, en: &EnglishDocument) -> f64 {
    if zh.is_empty() || en.is_empty() {
        return 0.0;
    }
    let zh_matched = zh
        .words
        .iter()
        .filter(|word| word.iter().any(|stem| has_bit(&en.stem_bits, *stem)))
        .count();
    let en_matched = en.stems.iter().filter(|stem| has_bit(&zh.stem_bits, **stem)).count();
    let share =
        |part: usize, whole: usize| if whole == 0 { 0.0 } else { part as f64 / whole as f64 };
    // An abridged translation covers the shorter side well and the longer side only in part,
    // so the side longer than a translation's length counts for less.
    let ratio = en.chars as f64 / zh.chars as f64;
    let overlength = ratio / LENGTH_RATIO;
    let (zh_weight, en_weight) =
        if overlength > 1.0 { (1.0, 1.0 / overlength) } else { (overlength, 1.0) };
    let lexical = (zh_weight * share(zh_matched, zh.words.len())
        + en_weight * share(en_matched, en.stems.len() + en.n_unknown))
        / (zh_weight + en_weight);
    let shared_anchors = count_shared(&zh.anchors, &en.anchors);
    let n_anchors = zh.anchors.len() + en.anchors.len();
    let anchor_dice = share(2 * shared_anchors, n_anchors);
    // Documents without numbers or dates say nothing through them: the anchors' share of the
    // similarity grows with how many there are, and the words carry the rest.
    let anchor_weight = ANCHOR_WEIGHT * (n_anchors as f64 / FULL_ANCHOR_EVIDENCE).min(1.0);
    let core = (LEXICAL_WEIGHT * lexical + anchor_weight * anchor_dice)
        / (LEXICAL_WEIGHT + anchor_weight)
        * (LEXICAL_WEIGHT + ANCHOR_WEIGHT);
    let names = zh
        .names
        .iter()
        .filter(|spellings| spellings.iter().any(|name| en.name_keys.binary_search(name).is_ok()))
        .count();
    let latin = zh.latin.iter().filter(|token| en.words.binary_search(token).is_ok()).count();
    let terms = zh.terms.iter().filter(|term| en.terms.contains(term)).count();
    let stray = overlength.ln().abs() - LENGTH_TOLERANCE.ln();
    core + NAME_WEIGHT * saturating(names)
        + LATIN_WEIGHT * saturating(latin)
        + TERM_WEIGHT * saturating(terms)
        - LENGTH_PENALTY * stray.max(0.0)
}

/// Pairs Chinese with English documents: the best one-to-one assignment of similarities where
/// leaving a Chinese document single is worth [`MIN_PAIRED_SIMILARITY`], keeping the pairs whose
/// confidence reaches [`MIN_CONFIDENCE`] and whose similarity exceeds their background and
/// reaches [`MIN_SIMILARITY`] or [`MIN_MARGIN`] times that background.
pub fn pair_documents(zh: &[ChineseDocument], en: &[EnglishDocument]) -> DocumentPairing {
    let zh = prune_names_and_latin(zh, en);
    let (n, m) = (zh.len(), en.len());
    let mut similarities = vec![0.0; n * m];
    for (i, zh_document) in zh.iter().enumerate() {
        for (j, en_document) in en.iter().enumerate() {
            similarities[i * m + j] = similarity(zh_document, en_document);
        }
    }
    let at = |i: usize, j: usize| similarities[i * m + j];
    let best_in = |values: &mut dyn Iterator<Item = (usize, f64)>| {
        values.fold(None, |best: Option<BestCandidate>, (idx, similarity)| match best {
            Some(best) if best.similarity >= similarity => Some(best),
            _ => Some(BestCandidate { idx, similarity }),
        })
    };
    let zh_best: Vec<Option<BestCandidate>> =
        (0..n).map(|i| best_in(&mut (0..m).map(|j| (j, at(i, j))))).collect();
    let en_best: Vec<Option<BestCandidate>> =
        (0..m).map(|j| best_in(&mut (0..n).map(|i| (i, at(i, j))))).collect();
    if n == 0 || m == 0 {
        return DocumentPairing { pairs: Vec::new(), zh_best, en_best };
    }

    // Columns 0..m are the English documents, m..m+n the "stays single" options.
    let single = (MIN_PAIRED_SIMILARITY * SCALE).round() as i64;
    let mut weights = Matrix::new(n, m + n, single);
    for i in 0..n {
        for j in 0..m {
            weights[(i, j)] = (at(i, j) * SCALE).round() as i64;
        }
    }
    let (_, assignment) = kuhn_munkres(&weights);
    let partner_of_zh: Vec<Option<usize>> =
        assignment.iter().map(|&j| (j < m).then_some(j)).collect();
    let mut partner_of_en = vec![None; m];
    for (i, partner) in partner_of_zh.iter().enumerate() {
        if let Some(j) = partner {
            partner_of_en[*j] = Some(i);
        }
    }
    let mut pairs = Vec::new();
    for (i, partner) in partner_of_zh.iter().enumerate() {
        let Some(j) = *partner else { continue };
        let similarity = at(i, j);
        let regret = smallest_regret(i, j, &at, &partner_of_zh, &partner_of_en, (n, m));
        let confidence = if similarity > 0.0 { (regret / similarity).clamp(0.0, 1.0) } else { 0.0 };
        let background = background(i, j, &at, (n, m));
        if is_accepted(similarity, confidence, background, || {
            has_a_sure_sentence_pair(&zh[i], &en[j])
        }) {
            pairs.push(DocumentPair { zh: i, en: j, similarity, confidence });
        }
    }
    DocumentPairing { pairs, zh_best, en_best }
}

/// Whether an assigned pair is kept: it clearly beats its competitors ([`MIN_CONFIDENCE`]), lies
/// above its background (in a folder of near-identical reports a pair may be similar enough in
/// absolute terms and still no better than any other), and is either similar enough on its own
/// ([`MIN_SIMILARITY`]) or stands out from its background by [`MIN_MARGIN`] with a sentence pair
/// the aligner is sure of. Without a background only [`MIN_SIMILARITY`] counts.
fn is_accepted(
    similarity: f64,
    confidence: f64,
    background: Option<f64>,
    has_a_sure_sentence_pair: impl FnOnce() -> bool,
) -> bool {
    let above_background = background.is_none_or(|background| similarity > background);
    let stands_out = background.is_some_and(|background| similarity >= MIN_MARGIN * background);
    confidence >= MIN_CONFIDENCE
        && above_background
        && (similarity >= MIN_SIMILARITY
            || (similarity >= MIN_PAIRED_SIMILARITY && stands_out && has_a_sure_sentence_pair()))
}

/// True when aligning the two documents' sentences finds at least one bead the aligner is sure
/// of ([`SURE_BEAD_CONFIDENCE`]). A translation, even a loose or partial one, has such a
/// sentence pair; a report of the same event written separately in the other language shares
/// names, dates and vocabulary but rarely a sentence.
fn has_a_sure_sentence_pair(zh: &ChineseDocument, en: &EnglishDocument) -> bool {
    Aligner::new()
        .align(&zh.sentences, &en.sentences, &zh.term_pairs)
        .beads
        .iter()
        .any(|bead| bead.is_translation() && bead.confidence >= SURE_BEAD_CONFIDENCE)
}

/// The similarity a Chinese document `zh` and an English document `en` have with documents that
/// are not each other: the mean of the [`BACKGROUND_RIVALS`] best rivals of each, averaged. None
/// when either has fewer rivals.
fn background(
    zh: usize,
    en: usize,
    at: &dyn Fn(usize, usize) -> f64,
    (n, m): (usize, usize),
) -> Option<f64> {
    let mean_of_best = |mut rivals: Vec<f64>| {
        if rivals.len() < BACKGROUND_RIVALS {
            return None;
        }
        rivals.sort_by(|a, b| b.total_cmp(a));
        Some(rivals[..BACKGROUND_RIVALS].iter().sum::<f64>() / BACKGROUND_RIVALS as f64)
    };
    let zh_rivals = mean_of_best((0..m).filter(|j| *j != en).map(|j| at(zh, j)).collect())?;
    let en_rivals = mean_of_best((0..n).filter(|i| *i != zh).map(|i| at(i, en)).collect())?;
    Some((zh_rivals + en_rivals) / 2.0)
}

/// How much total similarity the assignment loses, at least, when the pair `(zh, en)` gives way
/// to its best rival arrangement: `zh` with another English document (left single, or whose
/// Chinese partner then takes `en` or stays single), or `en` with another Chinese document
/// likewise. A rival that is itself better paired elsewhere costs that pair, so two articles
/// about the same event do not shadow each other when each has its own translation; a rival
/// without a partner costs nothing, so a distractor close to the pair keeps it unconfident.
fn smallest_regret(
    zh: usize,
    en: usize,
    at: &dyn Fn(usize, usize) -> f64,
    partner_of_zh: &[Option<usize>],
    partner_of_en: &[Option<usize>],
    (n, m): (usize, usize),
) -> f64 {
    let kept = at(zh, en);
    let mut regret = f64::INFINITY;
    for other_en in (0..m).filter(|other| *other != en) {
        let rival = at(zh, other_en);
        let loss = match partner_of_en[other_en] {
            None => kept - rival,
            Some(other_zh) => {
                let given_up = at(other_zh, other_en);
                let swapped = kept + given_up - rival - at(other_zh, en);
                let left_single = kept + given_up - rival - MIN_PAIRED_SIMILARITY;
                swapped.min(left_single)
            }
        };
        regret = regret.min(loss);
    }
    for other_zh in (0..n).filter(|other| *other != zh) {
        let rival = at(other_zh, en);
        let loss = match partner_of_zh[other_zh] {
            None => kept - rival,
            Some(other_en) => {
                let given_up = at(other_zh, other_en);
                let swapped = kept + given_up - rival - at(zh, other_en);
                let left_single = kept + given_up - rival - MIN_PAIRED_SIMILARITY;
                swapped.min(left_single)
            }
        };
        regret = regret.min(loss);
    }
    if regret.is_finite() { regret.max(0.0) } else { kept }
}

/// Copies of the Chinese documents keeping only the names and Latin tokens some English
/// document has: most surname-led character runs are not names, and checking them against every
/// English document would dominate the time.
fn prune_names_and_latin(zh: &[ChineseDocument], en: &[EnglishDocument]) -> Vec<ChineseDocument> {
    let name_keys: HashSet<u64> = en.iter().flat_map(|doc| doc.name_keys.iter().copied()).collect();
    let words: HashSet<u64> = en.iter().flat_map(|doc| doc.words.iter().copied()).collect();
    zh.iter()
        .map(|doc| {
            let mut doc = doc.clone();
            doc.names.retain(|spellings| spellings.iter().any(|name| name_keys.contains(name)));
            doc.latin.retain(|token| words.contains(token));
            doc
        })
        .collect()
}

/// Keys of numbers, months and dates (a month next to a day number, in either order).
fn anchor_keys(found: &[Anchor]) -> Vec<u64> {
    let mut keys = Vec::with_capacity(found.len() * 2);
    for (idx, anchor) in found.iter().enumerate() {
        match anchor {
            Anchor::Number(value) => keys.push(key(b'#', &value.to_le_bytes())),
            Anchor::Month(month) => {
                keys.push(key(b'm', &[*month]));
                let day = |other: Option<&Anchor>| match other {
                    Some(Anchor::Number(value))
                        if (100..=3100).contains(value) && value % 100 == 0 =>
                    {
                        Some(value / 100)
                    }
                    _ => None,
                };
                let next = day(found.get(idx + 1));
                let previous = idx.checked_sub(1).and_then(|before| day(found.get(before)));
                if let Some(day) = next.or(previous) {
                    keys.push(key(b'd', &[*month, day as u8]));
                }
            }
        }
    }
    keys
}

fn key(kind: u8, bytes: &[u8]) -> u64 {
    let mut buffer = Vec::with_capacity(bytes.len() + 1);
    buffer.push(kind);
    buffer.extend_from_slice(bytes);
    xxh3_64(&buffer)
}

fn stem_bits(stems: &[u32]) -> Vec<u64> {
    let mut bits = vec![0u64; DICTIONARY.stem_count().div_ceil(64)];
    for stem in stems {
        if let Some(word) = bits.get_mut(*stem as usize / 64) {
            *word |= 1 << (stem % 64);
        }
    }
    bits
}

fn has_bit(bits: &[u64], stem: u32) -> bool {
    bits.get(stem as usize / 64).is_some_and(|word| word & (1 << (stem % 64)) != 0)
}

/// Number of values in both sorted, distinct slices.
fn count_shared(left: &[u64], right: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        match left[i].cmp(&right[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// 0, 0.5, 0.75, 0.875, …: the first shared name counts most, and the part never exceeds 1.
fn saturating(count: usize) -> f64 {
    1.0 - 0.5f64.powi(count.min(30) as i32)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::articles;

    const SAMPLES: [&str; 5] = [
        "000_a6fa0aa4d8e2f0f3",
        "001_cc20114ba520b0ba",
        "002_12b8442f5b1b4126",
        "003_acf944a331a36742",
        "004_d5901761ccbce47b",
    ];

    /// The sample articles' Chinese and English halves; 004 has no English.
    fn sample_halves() -> Vec<(ChineseDocument, Option<EnglishDocument>)> {
        SAMPLES
            .iter()
            .map(|stem| {
                let path = format!("{}/test_data/articles/{stem}.txt", env!("CARGO_MANIFEST_DIR"));
                let bytes = std::fs::read(&path).unwrap();
                let prepared = articles::prepare_article(&bytes, &path).unwrap();
                let english =
                    (!prepared.en.is_empty()).then(|| EnglishDocument::new(&prepared.en, &[]));
                (ChineseDocument::new(&prepared.zh, &[]), english)
            })
            .collect()
    }

    #[test]
    fn each_chinese_half_pairs_with_its_own_english_half() {
        let halves = sample_halves();
        let zh: Vec<ChineseDocument> = halves.iter().map(|(zh, _)| zh.clone()).collect();
        // English in reverse order, so that the index alone cannot give the answer.
        let en: Vec<EnglishDocument> =
            halves.iter().rev().filter_map(|(_, en)| en.clone()).collect();
        let pairing = pair_documents(&zh, &en);
        let found: Vec<(usize, usize)> =
            pairing.pairs.iter().map(|pair| (pair.zh, pair.en)).collect();
        assert_eq!(found, [(0, 3), (1, 2), (2, 1), (3, 0)]);
        assert!(pairing.pair_of_zh(4).is_none(), "the Chinese-only article 004 stays single");
        assert!(pairing.zh_best[4].is_some_and(|best| best.similarity < MIN_SIMILARITY));
    }

    #[test]
    fn a_chinese_document_whose_english_is_missing_stays_single() {
        let halves = sample_halves();
        let zh: Vec<ChineseDocument> = halves.iter().map(|(zh, _)| zh.clone()).collect();
        // Without 001's English, its Chinese (about the same campaign as 003 and 004) must not
        // take another article's English.
        let en: Vec<EnglishDocument> = halves
            .iter()
            .enumerate()
            .filter(|(idx, _)| *idx != 1)
            .filter_map(|(_, (_, en))| en.clone())
            .collect();
        let pairing = pair_documents(&zh, &en);
        let found: Vec<(usize, usize)> =
            pairing.pairs.iter().map(|pair| (pair.zh, pair.en)).collect();
        assert_eq!(found, [(0, 0), (2, 1), (3, 2)]);
    }

    #[test]
    fn an_unrelated_pair_is_not_forced_together() {
        let halves = sample_halves();
        let (zh, en) = (&halves[0].0, halves[2].1.clone().unwrap());
        let pairing = pair_documents(std::slice::from_ref(zh), &[en]);
        assert!(pairing.pairs.is_empty(), "{:?}", pairing.zh_best);
    }

    /// Sentences `range` of generated article `seed`, in both languages.
    fn generated(seed: u64, range: std::ops::Range<u64>) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
        let pairs: Vec<_> = range.map(|idx| crate::synthetic::synthetic_pair(seed, idx)).collect();
        let zh = pairs.iter().map(|pair| vec![pair.zh.clone()]).collect();
        let en = pairs.iter().map(|pair| vec![pair.en.clone()]).collect();
        (zh, en)
    }

    #[test]
    fn two_reports_of_one_event_each_keep_their_own_translation() {
        // Two articles share most sentences (one event, reported twice); each has its own
        // English. Each Chinese is almost as close to the other's English as to its own, so a
        // margin over the best rival rejects both; the assignment's regret (a swap loses both
        // pairs' own evidence) keeps them.
        let (shared_zh, shared_en) = generated(1, 0..8);
        let (first_zh, first_en) = generated(2, 0..3);
        let (second_zh, second_en) = generated(3, 0..3);
        let joined = |shared: &[Vec<String>], own: &[Vec<String>]| -> Vec<Vec<String>> {
            shared.iter().chain(own).cloned().collect()
        };
        let zh = [
            ChineseDocument::new(&joined(&shared_zh, &first_zh), &[]),
            ChineseDocument::new(&joined(&shared_zh, &second_zh), &[]),
        ];
        let en = [
            EnglishDocument::new(&joined(&shared_en, &second_en), &[]),
            EnglishDocument::new(&joined(&shared_en, &first_en), &[]),
        ];
        let rival = similarity(&zh[0], &en[0]).max(similarity(&zh[1], &en[1]));
        let own = similarity(&zh[0], &en[1]).min(similarity(&zh[1], &en[0]));
        assert!(
            own > rival && (own - rival) / own < MIN_CONFIDENCE,
            "own {own:.3}, rival {rival:.3}"
        );
        let pairing = pair_documents(&zh, &en);
        let found: Vec<(usize, usize)> =
            pairing.pairs.iter().map(|pair| (pair.zh, pair.en)).collect();
        assert_eq!(found, [(0, 1), (1, 0)]);
    }

    #[test]
    fn a_translation_has_a_sure_sentence_pair_and_another_article_has_none() {
        let halves = sample_halves();
        let own = (&halves[0].0, halves[0].1.as_ref().unwrap());
        let other = (&halves[0].0, halves[2].1.as_ref().unwrap());
        assert!(has_a_sure_sentence_pair(own.0, own.1));
        assert!(!has_a_sure_sentence_pair(other.0, other.1));
    }

    #[test]
    fn a_pair_is_kept_by_its_similarity_or_by_its_margin_with_a_sure_sentence_pair() {
        let (sure, unsure) = (|| true, || false);
        // Similar enough on its own.
        assert!(is_accepted(0.50, 0.30, Some(0.20), unsure));
        assert!(is_accepted(0.50, 0.30, None, unsure));
        // ...but not below its background, nor without a margin over its competitors.
        assert!(!is_accepted(0.46, 0.30, Some(0.47), sure));
        assert!(!is_accepted(0.50, 0.10, Some(0.20), sure));
        // Below MIN_SIMILARITY: 1.5 times the background and a sure sentence pair.
        assert!(is_accepted(0.37, 0.30, Some(0.20), sure));
        assert!(!is_accepted(0.37, 0.30, Some(0.20), unsure));
        assert!(!is_accepted(0.37, 0.30, Some(0.30), sure));
        assert!(!is_accepted(0.37, 0.30, None, sure));
        assert!(!is_accepted(0.25, 0.30, Some(0.10), sure));
    }

    #[test]
    fn the_background_is_the_mean_of_each_documents_best_rivals() {
        // Three Chinese and five English documents; pair (0, 0) is the candidate.
        let table = [
            [0.40, 0.20, 0.10, 0.10, 0.20, 0.00],
            [0.30, 0.50, 0.00, 0.00, 0.00, 0.00],
            [0.10, 0.00, 0.60, 0.00, 0.00, 0.00],
        ];
        let at = |i: usize, j: usize| table[i][j];
        // zh 0's four best rivals: 0.20, 0.20, 0.10, 0.10; en 0 has only two rivals.
        assert_eq!(background(0, 0, &at, (3, 6)), None);
        let at_more = |i: usize, j: usize| if i < 3 { table[i][j] } else { 0.1 };
        let found = background(0, 0, &at_more, (5, 6)).unwrap();
        // en 0's four best rivals: 0.30, 0.10, 0.10, 0.10.
        assert!((found - (0.15 + 0.15) / 2.0).abs() < 1e-9, "{found}");
    }

    #[test]
    fn dates_count_as_month_and_day_in_either_order() {
        let zh = anchor_keys(&anchors::chinese_anchors("3月2日"));
        let en = anchor_keys(&anchors::english_anchors("on 2 March"));
        let date = key(b'd', &[3, 2]);
        assert!(zh.contains(&date) && en.contains(&date), "{zh:?} {en:?}");
    }
}
