//! Fragment suggestions: for the spans of a Chinese source sentence, the renderings the termbase
//! and the memory know, best first.
//!
//! Every span of two or more characters (up to the longest phrase known) is looked up, longest
//! first at each start. For one span: approved terms first, then candidate terms (unreviewed),
//! then the memory's phrase-aligned renderings by unit count, weighted by how well each agrees
//! with the memory's renderings of the span's parts, then reordered by the evidence of
//! `phrases/evidence.rs`: renderings the sound verifies, then those the dictionary explains, then
//! the aligner's alone, then one-offs that spell a neighbour. A memory rendering that repeats a
//! termbase rendering of the same span is merged into it (its count kept), never listed twice. A span
//! nothing renders but that the memory renders coordinated with its neighbour (`A与B` as
//! `A_en and B_en`, `B_en` the memory's rendering of `B`) gets its share, `A_en`, at half the
//! confidence, the coordination's units as its examples; a span followed by a coordinator in the
//! memory (`全国对外友协及`) lends the span that phrase's fuller forms of the span's renderings.

use std::{collections::HashMap, ops::Range};

use crate::phrases::{
    Fragment, FragmentTable, POSTPOSITIVE_TITLE_WORDS,
    evidence::{SentenceGlosses, Verification, spells},
    sentence::normalise_chinese_chars,
};

/// Where a suggestion comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SuggestionOrigin {
    /// An approved or candidate term of the termbase.
    Termbase,
    /// The memory's phrase alignment.
    Memory,
}

impl SuggestionOrigin {
    /// `termbase` or `memory`.
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionOrigin::Termbase => "termbase",
            SuggestionOrigin::Memory => "memory",
        }
    }
}

/// Whether a reviewer has approved the rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SuggestionStatus {
    /// An approved term's preferred or admitted rendering.
    Approved,
    /// A candidate term or a memory fragment nobody reviewed.
    Unreviewed,
}

impl SuggestionStatus {
    /// `approved` or `unreviewed`.
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionStatus::Approved => "approved",
            SuggestionStatus::Unreviewed => "unreviewed",
        }
    }
}

/// One rendering the termbase knows for a Chinese form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermRendering {
    /// The Chinese form.
    pub zh: String,
    /// The English rendering.
    pub en: String,
    /// Approved concept and preferred/admitted rendering (else a candidate).
    pub approved: bool,
    /// How often the rendering was seen in the memory (0 when unknown).
    pub occurrences: u64,
    /// The concept.
    pub concept_id: i64,
}

/// Termbase renderings by normalised Chinese form.
#[derive(Debug, Clone, Default)]
pub struct TermLexicon {
    entries: HashMap<String, Vec<TermRendering>>,
    max_zh_chars: usize,
}

impl TermLexicon {
    /// Indexes `renderings` by their normalised Chinese form (forbidden and deprecated
    /// renderings must be left out by the caller).
    pub fn new(renderings: Vec<TermRendering>) -> TermLexicon {
        let mut lexicon = TermLexicon::default();
        for rendering in renderings {
            let key: String = normalise_chinese_chars(&rendering.zh).into_iter().collect();
            if key.chars().count() < 2 {
                continue;
            }
            lexicon.max_zh_chars = lexicon.max_zh_chars.max(key.chars().count());
            let list = lexicon.entries.entry(key).or_default();
            if !list.iter().any(|r| r.en == rendering.en && r.approved == rendering.approved) {
                list.push(rendering);
            }
        }
        for list in lexicon.entries.values_mut() {
            list.sort_by(|a, b| {
                b.approved
                    .cmp(&a.approved)
                    .then(b.occurrences.cmp(&a.occurrences))
                    .then_with(|| a.en.cmp(&b.en))
            });
        }
        lexicon
    }

    /// Number of distinct Chinese forms.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the termbase has nothing to offer.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A rendering offered for one span of the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// First character of the span (Unicode scalar offset into the source).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The span as written in the source.
    pub source: String,
    /// The English rendering.
    pub target: String,
    /// Termbase or memory.
    pub origin: SuggestionOrigin,
    /// Approved or not.
    pub status: SuggestionStatus,
    /// Units (memory) or occurrences (termbase) behind it.
    pub count: u64,
    /// How sure the suggestion is, in 0..=1.
    pub confidence: f64,
    /// A few memory units that render the span this way.
    pub examples: Vec<u64>,
    /// The concept, for a termbase suggestion.
    pub concept_id: Option<i64>,
}

/// Confidence of an approved term.
const APPROVED_CONFIDENCE: f64 = 1.0;
/// Ceiling of a candidate term's confidence.
const CANDIDATE_CONFIDENCE: f64 = 0.9;

/// The suggestions for `source`, grouped by span (spans by start, longer first), best first
/// within a span. `min_count` drops memory renderings seen in fewer units.
pub fn suggest(
    source: &str,
    terms: &TermLexicon,
    fragments: &FragmentTable,
    min_count: u32,
) -> Vec<Suggestion> {
    let original: Vec<char> = source.chars().collect();
    let chars = normalise_chinese_chars(source);
    let longest = terms.max_zh_chars.max(fragments.max_zh_chars());
    let mut out = Vec::new();
    let mut key = String::new();
    let mut glosses: Option<SentenceGlosses> = None;
    for start in 0..chars.len() {
        // A span never starts or ends inside a run of ASCII letters and digits (`2022`).
        let splits_run = |at: usize| {
            at > 0
                && at < chars.len()
                && chars[at - 1].is_ascii_alphanumeric()
                && chars[at].is_ascii_alphanumeric()
        };
        if !is_phrase_char(chars[start]) || splits_run(start) {
            continue;
        }
        let mut end = (start + longest).min(chars.len());
        while end >= start + 2 {
            if !is_phrase_char(chars[end - 1]) || splits_run(end) {
                end -= 1;
                continue;
            }
            key.clear();
            key.extend(&chars[start..end]);
            let span_source: String = original[start..end].iter().collect();
            let mut span: Vec<Suggestion> = Vec::new();
            for term in terms.entries.get(key.as_str()).map_or(&[][..], Vec::as_slice) {
                span.push(Suggestion {
                    start,
                    end,
                    source: span_source.clone(),
                    target: term.en.clone(),
                    origin: SuggestionOrigin::Termbase,
                    status: if term.approved {
                        SuggestionStatus::Approved
                    } else {
                        SuggestionStatus::Unreviewed
                    },
                    count: term.occurrences,
                    confidence: if term.approved {
                        APPROVED_CONFIDENCE
                    } else {
                        CANDIDATE_CONFIDENCE
                    },
                    examples: Vec::new(),
                    concept_id: Some(term.concept_id),
                });
            }
            let renderings = fragments.renderings(&key);
            let total: u32 = renderings.iter().map(|f| f.count).sum();
            for fragment in renderings
                .iter()
                .filter(|f| f.count >= min_count && !renders_only_part(&chars[start..end], &f.en))
            {
                let share = f64::from(fragment.count) / f64::from(total.max(1));
                let support = f64::from(fragment.count) / f64::from(fragment.count + 1);
                let confidence = share * support;
                if let Some(known) =
                    span.iter_mut().find(|s| same_rendering(&s.target, &fragment.en))
                {
                    known.count = known.count.max(u64::from(fragment.count));
                    known.examples = fragment.examples.clone();
                    if known.status == SuggestionStatus::Unreviewed {
                        known.confidence = known.confidence.max(confidence);
                    }
                    continue;
                }
                span.push(Suggestion {
                    start,
                    end,
                    source: span_source.clone(),
                    target: fragment.en.clone(),
                    origin: SuggestionOrigin::Memory,
                    status: SuggestionStatus::Unreviewed,
                    count: u64::from(fragment.count),
                    confidence,
                    examples: fragment.examples.clone(),
                    concept_id: None,
                });
            }
            if span.is_empty() {
                for (target, fragment) in coordinated_renderings(fragments, &chars, start..end)
                    .into_iter()
                    .filter(|(target, f)| {
                        f.count >= min_count && !renders_only_part(&chars[start..end], target)
                    })
                {
                    let support = f64::from(fragment.count) / f64::from(fragment.count + 1);
                    span.push(Suggestion {
                        start,
                        end,
                        source: span_source.clone(),
                        target,
                        origin: SuggestionOrigin::Memory,
                        status: SuggestionStatus::Unreviewed,
                        count: u64::from(fragment.count),
                        confidence: support * COORDINATED_DISCOUNT,
                        examples: fragment.examples.clone(),
                        concept_id: None,
                    });
                }
            }
            fuller_before_coordinator(fragments, &key, min_count, &mut span);
            let n_terms = span.iter().filter(|s| s.origin == SuggestionOrigin::Termbase).count();
            let memory = &span[n_terms..];
            let agreements = if memory.len() >= 2 {
                let targets: Vec<&str> = memory.iter().map(|s| s.target.as_str()).collect();
                part_agreements(fragments, &chars[start..end], &targets)
            } else {
                None
            };
            let weights: Vec<f64> = memory
                .iter()
                .enumerate()
                .map(|(idx, s)| evidence(s.count, agreements.as_ref().map(|a| a[idx])))
                .collect();
            rank_whole_renderings_first(&mut span[n_terms..], &weights);
            // Evidence can only reorder two or more memory renderings.
            if span.len() > n_terms + 1 {
                let glosses = glosses.get_or_insert_with(|| SentenceGlosses::new(&chars));
                rank_verified_first(&mut span[n_terms..], glosses, &chars);
            }
            out.extend(span);
            end -= 1;
        }
    }
    drop_renderings_of_neighbours(&mut out);
    out
}

/// Drops the memory renderings of a span that hold the first rendering of a span right before
/// or after it and more (`welcome US President Donald Trump` for 特朗普 in 美国总统特朗普,
/// whose neighbour 总统 is `President`; `Lancaster University` for 兰卡斯特 before 大学): such
/// a rendering came from a unit whose links ran over the neighbour, so it renders a longer span
/// than this one. Only a rendering seen in one unit is dropped: one the memory repeats is its
/// habit (`Foreign Affairs Office of Chongqing Municipal People's Government` for 市政府外办,
/// whose 市 is Chongqing, even beside 重庆). The neighbours' renderings are read before any is
/// dropped.
fn drop_renderings_of_neighbours(out: &mut Vec<Suggestion>) {
    // First rendering of each span, as ` word word ` (lower case), by where the span ends
    // and where it starts.
    let mut ending_at: HashMap<usize, Vec<String>> = HashMap::new();
    let mut starting_at: HashMap<usize, Vec<String>> = HashMap::new();
    let mut last_span = None;
    for suggestion in out.iter() {
        if last_span == Some((suggestion.start, suggestion.end)) {
            continue;
        }
        last_span = Some((suggestion.start, suggestion.end));
        let words = spaced_words(&suggestion.target);
        if words.trim().is_empty() {
            continue;
        }
        ending_at.entry(suggestion.end).or_default().push(words.clone());
        starting_at.entry(suggestion.start).or_default().push(words);
    }
    out.retain(|suggestion| {
        if suggestion.origin != SuggestionOrigin::Memory || suggestion.count > 1 {
            return true;
        }
        let words = spaced_words(&suggestion.target);
        // A rendering equal to the neighbour's may be either's (`China` for 中国 beside 驻华).
        let holds = |neighbours: Option<&Vec<String>>| {
            neighbours.is_some_and(|list| {
                list.iter().any(|n| words.len() > n.len() && words.contains(n.as_str()))
            })
        };
        !holds(ending_at.get(&suggestion.start)) && !holds(starting_at.get(&suggestion.end))
    });
}

/// The words of an English text, lower case, each with a space before and after (` u.s.
/// president `), for whole-word containment.
fn spaced_words(text: &str) -> String {
    let mut out = String::from(" ");
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '"' | '“' | '”'));
        if word.is_empty() {
            continue;
        }
        out.push_str(&word.to_lowercase());
        out.push(' ');
    }
    out
}

/// Characters that join two names (`重庆市对外友协与四川省对外友协`), rendered `and`.
const COORDINATORS: &[char] = &['与', '和', '及'];

/// English that joins two coordinated renderings, longest first.
const COORDINATING_WORDS: &[&str] = &[" and the ", " and ", ", "];

/// Confidence of a rendering split out of a coordination, relative to a whole fragment's.
const COORDINATED_DISCOUNT: f64 = 0.5;

/// Renderings of the span `span` of `chars` that the memory only holds coordinated with a
/// neighbour: `A与B` rendered `A_en and B_en`, where the memory renders `B` as `B_en`, gives
/// `A` the rendering `A_en` (and the same with the neighbour before the span). The aligner often
/// links such a coordination as a block and never `A` alone. Each comes with the coordination's fragment
/// (its units are the evidence); best supported first, one per rendering.
fn coordinated_renderings<'a>(
    fragments: &'a FragmentTable,
    chars: &[char],
    span: Range<usize>,
) -> Vec<(String, &'a Fragment)> {
    let mut out: Vec<(String, &Fragment)> = Vec::new();
    let longest = fragments.max_zh_chars();
    let mut add = |target: &str, fragment: &'a Fragment| {
        let target = target.trim_matches(|c: char| c == ',' || c.is_whitespace());
        let words: Vec<&str> = target.split_whitespace().collect();
        let edge = |word: Option<&&str>| word.is_some_and(|w| super::is_edge_word(w));
        if target.is_empty() || edge(words.first()) || edge(words.last()) {
            return;
        }
        match out.iter_mut().find(|(known, _)| same_rendering(known, target)) {
            Some(known) if known.1.count >= fragment.count => {}
            Some(known) => known.1 = fragment,
            None => out.push((target.to_owned(), fragment)),
        }
    };
    let key = |range: Range<usize>| -> String { chars[range].iter().collect() };
    // The neighbour after the span (`A与B`), then before it (`B与A`).
    for after in [true, false] {
        let coordinator = if after { span.end } else { span.start.wrapping_sub(1) };
        if !chars.get(coordinator).is_some_and(|c| COORDINATORS.contains(c)) {
            continue;
        }
        // Neighbours of two or more characters, the coordination within the longest phrase.
        let neighbours: Vec<Range<usize>> = if after {
            (coordinator + 3..=chars.len().min(span.start + longest))
                .map(|end| coordinator + 1..end)
                .collect()
        } else {
            (span.end.saturating_sub(longest)..coordinator.saturating_sub(1))
                .map(|start| start..coordinator)
                .collect()
        };
        for neighbour in neighbours {
            let coordination =
                if after { span.start..neighbour.end } else { neighbour.start..span.end };
            let whole = fragments.renderings(&key(coordination));
            if whole.is_empty() {
                continue;
            }
            for part in fragments.renderings(&key(neighbour)).iter().take(MAX_PART_RENDERINGS) {
                for fragment in whole {
                    let rest = COORDINATING_WORDS.iter().find_map(|joint| {
                        if after {
                            strip_suffix_any_case(&fragment.en, &format!("{joint}{}", part.en))
                        } else {
                            strip_prefix_any_case(&fragment.en, &format!("{}{joint}", part.en))
                        }
                    });
                    if let Some(rest) = rest {
                        add(rest, fragment);
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(&b.0)));
    out
}

/// `text` without `suffix`, compared ignoring ASCII case.
fn strip_suffix_any_case<'t>(text: &'t str, suffix: &str) -> Option<&'t str> {
    let at = text.len().checked_sub(suffix.len())?;
    (text.is_char_boundary(at) && text[at..].eq_ignore_ascii_case(suffix)).then(|| &text[..at])
}

/// `text` without `prefix`, compared ignoring ASCII case.
fn strip_prefix_any_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let at = prefix.len();
    (text.len() >= at && text.is_char_boundary(at) && text[..at].eq_ignore_ascii_case(prefix))
        .then(|| &text[at..])
}

/// Adds to the memory renderings of `span` (for the phrase `key`) those the memory gives `key`
/// followed by a coordinator (`全国对外友协及` as `Chinese People's Association for …`) when
/// they are fuller forms of one of its own (`People's Association for …`): the coordinator went
/// unaligned, so these are renderings of the span, with the word the span's own left out.
fn fuller_before_coordinator(
    fragments: &FragmentTable,
    key: &str,
    min_count: u32,
    span: &mut Vec<Suggestion>,
) {
    let Some(template) = span.iter().find(|s| s.origin == SuggestionOrigin::Memory).cloned() else {
        return;
    };
    let mut longer = String::with_capacity(key.len() + 3);
    for coordinator in COORDINATORS {
        longer.clear();
        longer.push_str(key);
        longer.push(*coordinator);
        for fragment in fragments.renderings(&longer).iter().filter(|f| f.count >= min_count) {
            let fuller = span.iter().any(|s| {
                s.origin == SuggestionOrigin::Memory && extends_by_words(&fragment.en, &s.target)
            });
            if !fuller || span.iter().any(|s| same_rendering(&s.target, &fragment.en)) {
                continue;
            }
            let support = f64::from(fragment.count) / f64::from(fragment.count + 1);
            span.push(Suggestion {
                target: fragment.en.clone(),
                count: u64::from(fragment.count),
                confidence: support * COORDINATED_DISCOUNT,
                examples: fragment.examples.clone(),
                ..template.clone()
            });
        }
    }
}

/// Characters a span may start or end with: Han characters and ASCII letters or digits.
fn is_phrase_char(c: char) -> bool {
    crate::text::is_han(c) || c.is_ascii_alphanumeric()
}

/// Renderings equal up to case and a leading article.
fn same_rendering(a: &str, b: &str) -> bool {
    let fold = |text: &str| {
        let lower = text.trim().to_lowercase();
        lower.strip_prefix("the ").map(str::to_owned).unwrap_or(lower)
    };
    fold(a) == fold(b)
}

/// Whether `rendering` visibly renders only part of the span `chars`, as a loose link leaves it:
/// it ends with a possessive (`Municipal People's`) that the span does not end with (的), or it
/// spells the pinyin of some of the span's characters but not of all (`Zhibing` for 袁智兵).
fn renders_only_part(chars: &[char], rendering: &str) -> bool {
    let last_word = rendering.trim_end().rsplit(' ').next().unwrap_or("");
    if (last_word.ends_with("'s") || last_word.ends_with("’s")) && chars.last() != Some(&'的') {
        return true;
    }
    let words: Vec<&str> = rendering.split_whitespace().collect();
    let name_like = (1..=2).contains(&words.len())
        && words.iter().all(|word| {
            word.starts_with(|c: char| c.is_ascii_uppercase())
                && word.chars().all(|c| c.is_ascii_alphabetic())
        });
    if !name_like || chars.len() > MAX_NAME_CHARS || !chars.iter().all(|c| crate::text::is_han(*c))
    {
        return false;
    }
    let spelling: String = words.concat().to_ascii_lowercase();
    if spells(chars, &spelling) {
        return false;
    }
    (0..chars.len()).any(|start| {
        (start + 1..=chars.len())
            .filter(|end| end - start < chars.len())
            .any(|end| spells(&chars[start..end], &spelling))
    })
}

/// Longest span checked for a partial pinyin rendering, in characters.
const MAX_NAME_CHARS: usize = 4;

/// How well each of `renderings` of the span `chars` agrees with the memory's renderings of the
/// span's parts: for every part of two or more characters the memory renders, the share of its
/// units whose rendering of the part appears in the rendering (whole words, case kept), summed
/// over the parts. `None` when the memory renders no part. Case is kept so that a part the memory
/// mostly renders as a common phrase (国际传播 as `international communication`) does not vote
/// for a name that happens to contain its capitalised words (`… International Communication
/// Center`): only the part's renderings as a name (`International Media`) speak for names.
fn part_agreements(
    fragments: &FragmentTable,
    chars: &[char],
    renderings: &[&str],
) -> Option<Vec<f64>> {
    let folded: Vec<String> = renderings.iter().map(|r| format!(" {} ", fold_words(r))).collect();
    let mut sums = vec![0.0; renderings.len()];
    let mut any_part = false;
    let mut key = String::new();
    let mut part = String::new();
    for start in 0..chars.len() {
        for end in start + 2..=chars.len() {
            if end - start == chars.len() {
                continue;
            }
            key.clear();
            key.extend(&chars[start..end]);
            let part_renderings = fragments.renderings(&key);
            if part_renderings.is_empty() {
                continue;
            }
            any_part = true;
            let total = f64::from(fragments.total(&key).max(1));
            for fragment in part_renderings.iter().take(MAX_PART_RENDERINGS) {
                part.clear();
                part.push(' ');
                part.push_str(&fold_words(&fragment.en));
                part.push(' ');
                for (sum, rendering) in sums.iter_mut().zip(&folded) {
                    if rendering.contains(part.as_str()) {
                        *sum += f64::from(fragment.count) / total;
                    }
                }
            }
        }
    }
    any_part.then_some(sums)
}

/// The weight a memory rendering is ranked by: its units, times `e` to the power of its
/// agreement with the memory's renderings of the span's parts ([`part_agreements`]). Parts that
/// every rendering agrees with weigh alike; a part rendered one way in most of the memory gives
/// the rendering that agrees with it up to `e` times the weight. So two renderings seen in a few
/// units each are ranked by the rest of the memory (`Western International Media Center` beside
/// units of 国际传播中心 as `International Media Center`), while a rendering seen many times
/// more often keeps its place.
fn evidence(count: u64, agreement: Option<f64>) -> f64 {
    count as f64 * agreement.unwrap_or(0.0).exp()
}

/// Most renderings of a part compared by [`part_agreements`].
const MAX_PART_RENDERINGS: usize = 8;

/// Words of an English text, single-spaced, possessives dropped, case kept.
fn fold_words(text: &str) -> String {
    let text = text.replace("’s", "").replace("'s", "");
    let words: Vec<&str> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).collect();
    words.join(" ")
}

/// True when `long` is `short` with whole words added before or after it.
fn extends_by_words(long: &str, short: &str) -> bool {
    long.len() > short.len()
        && ((long.starts_with(short) && long[short.len()..].starts_with(' '))
            || (long.ends_with(short) && long[..long.len() - short.len()].ends_with(' ')))
}

/// Memory renderings of one span, largest weight ([`evidence`]) first, except that a rendering
/// weighing nearly as much as a shorter one it contains goes before it: the shorter is then mostly the same units
/// with an edge word left unaligned (`deputy director` beside `deputy director general`).
fn rank_whole_renderings_first(memory: &mut [Suggestion], weights: &[f64]) {
    let ranks: Vec<(f64, bool)> = (0..memory.len())
        .map(|l| {
            let long = &memory[l];
            let promoted = (0..memory.len())
                .filter(|&s| extends_by_words(&long.target, &memory[s].target))
                .filter(|&s| weights[l] * 2.0 >= weights[s])
                .map(|s| weights[s])
                .max_by(f64::total_cmp);
            match promoted {
                Some(weight) if weight >= weights[l] => (weight, true),
                _ => (weights[l], false),
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..memory.len()).collect();
    order.sort_by(|a, b| {
        ranks[*b].0.total_cmp(&ranks[*a].0).then(ranks[*b].1.cmp(&ranks[*a].1)).then(a.cmp(b))
    });
    let ranked: Vec<Suggestion> = order.iter().map(|idx| memory[*idx].clone()).collect();
    memory.clone_from_slice(&ranked);
}

/// Memory renderings of one span, those the sound verifies first, then those the dictionary
/// verifies, then the aligner's alone, and last a rendering seen once with a word that spells
/// the name beside the span; the order within each class kept. The aligner's links alone are
/// the weakest evidence: a rendering nothing else explains is most often a loose link's
/// (`Lancaster University` for 兰卡斯特, `Guangzhou` for 深圳).
fn rank_verified_first(memory: &mut [Suggestion], glosses: &SentenceGlosses, chars: &[char]) {
    let mut classes: Vec<Verification> = memory
        .iter()
        .map(|s| match glosses.verify(chars, s.start, s.end, &s.target) {
            // A rendering the memory repeats with the neighbour's name is its habit
            // (`Foreign Affairs Office of Chongqing …` for 市政府外办, even beside 重庆).
            Verification::SpellsNeighbour if s.count > 1 => Verification::Unverified,
            class => class,
        })
        .collect();
    // A title with the postpositive word that ends it (`director general`) is as verified as
    // the title without it, which the dictionary glosses (主任 as `director`).
    for long in 0..memory.len() {
        let inherited = (0..memory.len())
            .filter(|&short| {
                memory[long].target.strip_prefix(memory[short].target.as_str()).is_some_and(
                    |rest| {
                        rest.strip_prefix(' ').is_some_and(|word| {
                            POSTPOSITIVE_TITLE_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w))
                        })
                    },
                )
            })
            .map(|short| classes[short])
            .max();
        if let Some(class) = inherited.filter(|class| *class > classes[long]) {
            classes[long] = class;
        }
    }
    let mut order: Vec<usize> = (0..memory.len()).collect();
    order.sort_by_key(|idx| std::cmp::Reverse(classes[*idx]));
    let ranked: Vec<Suggestion> = order.iter().map(|idx| memory[*idx].clone()).collect();
    memory.clone_from_slice(&ranked);
}

/// Whether `typed` (what the translator has typed of a rendering) starts a run of the words of
/// `rendering`: every typed word equal to a word of the rendering, the last one a prefix of its
/// word, case folded. Any word may start the run, so `Yong` completes `Zhang Yongwu`, and
/// `Foreign Aff` completes `Foreign Affairs Office`.
pub fn rendering_completes(rendering: &str, typed: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let typed = words(typed);
    let rendering = words(rendering);
    if typed.is_empty() || typed.len() > rendering.len() {
        return false;
    }
    (0..=rendering.len() - typed.len()).any(|position| {
        typed.iter().enumerate().all(|(offset, word)| {
            let written = &rendering[position + offset];
            if offset + 1 == typed.len() {
                written.starts_with(word.as_str())
            } else {
                written == word
            }
        })
    })
}

/// The fragment table's key for the Chinese phrase `zh`: simplified, half-width.
pub fn fragment_key(zh: &str) -> String {
    normalise_chinese_chars(zh).into_iter().collect()
}

/// Words that may stand lower-case inside a name or title (`Office of the Mayor`).
const NAME_FUNCTION_WORDS: &[&str] =
    &["of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "de", "du", "la", "von", "van"];

/// Whether an English rendering reads as a name or title: every word capitalised (or a number)
/// but the function words inside it, and it does not begin with a function word (`On March 2`,
/// `The meeting` are pieces of sentences, not names).
pub fn looks_like_name(rendering: &str) -> bool {
    let words: Vec<&str> = rendering
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty())
        .collect();
    let is_function = |word: &str| NAME_FUNCTION_WORDS.contains(&word.to_lowercase().as_str());
    let Some(first) = words.first() else { return false };
    !is_function(first)
        && words.iter().any(|word| word.starts_with(char::is_uppercase))
        && words.iter().all(|word| {
            is_function(word)
                || word.starts_with(char::is_uppercase)
                || word.chars().all(|c| c.is_ascii_digit())
        })
}

/// The spans of the source that hold names and titles, as the editor highlights them: spans
/// with a termbase rendering, and spans whose best memory rendering [`looks_like_name`]. Where
/// spans overlap, the better one wins: approved before candidate before memory, then the larger
/// confidence times length in characters. Sorted by start, none overlapping.
pub fn name_spans(suggestions: &[Suggestion]) -> Vec<Range<usize>> {
    // Best suggestion per span (suggestions come grouped by span, best first).
    let mut spans: Vec<&Suggestion> = Vec::new();
    let mut last_span = None;
    for suggestion in suggestions {
        if last_span == Some((suggestion.start, suggestion.end)) {
            continue;
        }
        last_span = Some((suggestion.start, suggestion.end));
        if suggestion.origin == SuggestionOrigin::Termbase || looks_like_name(&suggestion.target) {
            spans.push(suggestion);
        }
    }
    // Within a kind, confidence times length: a sure long name (`市政府外办`) covers its
    // parts (`外办`), and a doubtful long phrase does not cover a sure name.
    let weight = |suggestion: &Suggestion| {
        suggestion.confidence * (suggestion.end - suggestion.start) as f64
    };
    spans.sort_by(|a, b| {
        a.status
            .cmp(&b.status)
            .then(a.origin.cmp(&b.origin))
            .then(weight(b).total_cmp(&weight(a)))
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    let mut chosen: Vec<Range<usize>> = Vec::new();
    for best in spans {
        if chosen.iter().all(|taken| best.end <= taken.start || taken.end <= best.start) {
            chosen.push(best.start..best.end);
        }
    }
    chosen.sort_by_key(|span| span.start);
    chosen
}
