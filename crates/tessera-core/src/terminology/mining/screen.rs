//! Screens run on the mined evidence before candidates are made: they drop what the other
//! miners' own evidence shows to be no term, whichever miner proposed it.
//!
//! - A Chinese span that starts or ends inside a dictionary word wherever it occurs
//!   (`口商品交易会` of `进出口商品交易会`, `济论坛` of `经济论坛`) was cut at a wrong edge: the
//!   text never writes it as a word of its own. An edge between the two words of a compound
//!   (`澎湃新闻|记者` against `新闻记者`) or before a place's administrative suffix (`吉林|省`)
//!   is no cut. Names of persons are not screened so: a word run across a name's end by forward
//!   matching (`库拉内|阁下` against `内阁`) says nothing of the name.
//! - An organisation, title, event or place that holds a demonstrative (`筹建这所学院`, `该公司`)
//!   is a piece of the clause pointing back into the text, not a name.
//! - An English rendering cut off inside a written token in every pair it was read from
//!   (`Washington D` of `Washington D.C.`, `Follow` of `Follow-up`), or glued to a list number
//!   (`01The 7th …`), renders nothing whole; a term left with no rendering stays a Chinese-only
//!   candidate.

use crate::{
    alignment::dictionary::DICTIONARY,
    terminology::{
        Category,
        mining::{Builder, PLACE_SUFFIXES, TermEvidence, aligned_persons::dictionary_words},
    },
};

/// Runs every screen on `builder`. `pairs` are the mined sentence pairs (the indices renderings
/// keep), `texts` every folded Chinese text mined (pairs, then Chinese-only sentences).
pub(super) fn screen(builder: &mut Builder, pairs: &[(String, String)], texts: &[&String]) {
    drop_spans_cut_inside_words(builder, texts);
    builder.terms.retain(|zh, evidence| !points_back(zh, evidence.category));
    for evidence in builder.terms.values_mut() {
        drop_truncated_renderings(evidence, pairs);
    }
}

/// Demonstratives, which point back into the text around a term and never stand inside a name.
const DEMONSTRATIVES: &str = "这该";

/// Whether `zh`, of `category`, holds a demonstrative: a clause, where a name is expected.
fn points_back(zh: &str, category: Option<Category>) -> bool {
    matches!(
        category,
        Some(Category::Organisation | Category::Title | Category::Event | Category::Place)
    ) && zh.chars().any(|c| DEMONSTRATIVES.contains(c))
}

/// Drops the terms that start or end inside a dictionary word at every occurrence.
fn drop_spans_cut_inside_words(builder: &mut Builder, texts: &[&String]) {
    // Texts are segmented when a term is first found in them.
    let mut segmented: Vec<Option<Segmented>> = vec![None; texts.len()];
    let cut: Vec<String> = builder
        .terms
        .iter()
        .filter(|(_, evidence)| evidence.category != Some(Category::Person))
        .map(|(zh, _)| zh)
        .filter(|zh| {
            let n_chars = zh.chars().count();
            let mut seen = false;
            for (text_idx, text) in texts.iter().enumerate() {
                for (byte_at, _) in text.match_indices(zh.as_str()) {
                    seen = true;
                    let text = segmented[text_idx].get_or_insert_with(|| Segmented::new(text));
                    let start = text.chars_before(byte_at);
                    if !text.cuts_a_word(start, start + n_chars) {
                        return false;
                    }
                }
            }
            seen
        })
        .cloned()
        .collect();
    for zh in cut {
        builder.terms.remove(&zh);
    }
}

/// A text with its dictionary words (forward maximum matching), as character ranges.
#[derive(Clone)]
struct Segmented {
    chars: Vec<char>,
    /// Byte offset of each character.
    byte_offsets: Vec<usize>,
    words: Vec<(usize, usize)>,
}

impl Segmented {
    fn new(text: &str) -> Segmented {
        let chars: Vec<char> = text.chars().collect();
        let byte_offsets = text.char_indices().map(|(at, _)| at).collect();
        let words = dictionary_words(&chars);
        Segmented { chars, byte_offsets, words }
    }

    fn chars_before(&self, byte_at: usize) -> usize {
        self.byte_offsets.partition_point(|at| *at < byte_at)
    }

    /// Whether the span `start..end` starts or ends inside a word, short of a compound's two
    /// words or a place's administrative suffix after it.
    fn cuts_a_word(&self, start: usize, end: usize) -> bool {
        let chars = &self.chars;
        let straddles = |edge: usize| {
            self.words.iter().any(|(from, to)| {
                *from < edge
                    && edge < *to
                    && !splits_a_compound(&chars[*from..edge], &chars[edge..*to])
                    && !(edge == end
                        && *from == start
                        && *to == end + 1
                        && PLACE_SUFFIXES.contains(chars[end]))
            })
        };
        straddles(start) || straddles(end)
    }
}

/// Whether a dictionary word cut into `head` and `tail` is a compound of two words of two
/// characters or more (`新闻` + `记者`), which a term may end or start between.
fn splits_a_compound(head: &[char], tail: &[char]) -> bool {
    DICTIONARY.is_word(head) && DICTIONARY.is_word(tail)
}

/// Drops the renderings of `evidence` that are cut off inside a written token in every pair they
/// were read from, or that open with a list number glued to a word.
fn drop_truncated_renderings(evidence: &mut TermEvidence, pairs: &[(String, String)]) {
    evidence.renderings.retain(|_, (surface, pair_indices)| {
        if glued_to_number(surface) {
            return false;
        }
        // A gloss beside the term (no pair) or a surface the pair does not spell verbatim keeps
        // its rendering: only a visible cut drops one.
        let cut_everywhere = pair_indices.iter().all(|idx| {
            let Some((_, en)) = pairs.get(*idx) else { return false };
            let mut found = false;
            for (at, _) in en.match_indices(surface.as_str()) {
                found = true;
                if !cut_inside_token(&en[..at], &en[at + surface.len()..]) {
                    return false;
                }
            }
            found
        });
        pair_indices.is_empty() || !cut_everywhere
    });
    let kept = &evidence.renderings;
    evidence.first_seen.retain(|key| kept.contains_key(key));
}

/// Whether a phrase standing between `before` and `after` ends inside a written token: a letter
/// or digit goes on, or a full stop or hyphen joins the next one (`D|.C.`, `Follow|-up`).
fn cut_inside_token(before: &str, after: &str) -> bool {
    let mut next = after.chars();
    let ends_inside = match next.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('.' | '-') => next.next().is_some_and(char::is_alphanumeric),
        _ => false,
    };
    ends_inside || before.chars().next_back().is_some_and(char::is_alphanumeric)
}

/// Whether the first word of `surface` is a number glued to a capitalised word (`01The`), a
/// list number lost into the text, not an ordinal (`7th`).
fn glued_to_number(surface: &str) -> bool {
    let first = surface.split_whitespace().next().unwrap_or_default();
    let letters = first.trim_start_matches(|c: char| c.is_ascii_digit());
    letters.len() < first.len() && letters.starts_with(|c: char| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder_with(terms: &[(&str, &[(&str, usize)])]) -> Builder {
        let mut builder = Builder::default();
        for (zh, renderings) in terms {
            for (en, pair_idx) in *renderings {
                builder.add(crate::terminology::Category::Event, zh, zh, Some((en, *pair_idx)));
            }
        }
        builder
    }

    #[test]
    fn a_span_cut_inside_a_word_everywhere_goes() {
        let texts = ["中国进出口商品交易会开幕".to_owned(), "商品交易会在广州举行".to_owned()];
        let texts: Vec<&String> = texts.iter().collect();
        let pairs = vec![(String::new(), "Canton Fair".to_owned()); 2];
        let mut builder = builder_with(&[
            ("口商品交易会", &[("Canton Fair", 0)]),
            ("商品交易会", &[("Fair", 1)]),
        ]);
        screen(&mut builder, &pairs, &texts);
        let kept: Vec<&String> = builder.terms.keys().collect();
        assert_eq!(kept, ["商品交易会"]);
    }

    #[test]
    fn a_span_holding_a_demonstrative_goes() {
        let texts = ["感谢大家筹建这所学院".to_owned()];
        let texts: Vec<&String> = texts.iter().collect();
        let pairs = vec![(String::new(), "Confucius Institute".to_owned())];
        let mut builder = Builder::default();
        for zh in ["筹建这所学院", "孔子学院"] {
            builder.add(Category::Organisation, zh, zh, Some(("Confucius Institute", 0)));
        }
        builder.add(Category::Person, "这", "这", None);
        screen(&mut builder, &pairs, &texts);
        let kept: Vec<&String> = builder.terms.keys().collect();
        assert_eq!(kept, ["孔子学院", "这"]);
    }

    #[test]
    fn a_compound_or_a_place_suffix_is_no_cut() {
        let texts = ["澎湃新闻记者提问".to_owned(), "吉林省省长".to_owned()];
        let texts: Vec<&String> = texts.iter().collect();
        let pairs = vec![(String::new(), String::new()); 2];
        let mut builder =
            builder_with(&[("澎湃新闻", &[("The Paper", 0)]), ("吉林", &[("Jilin", 1)])]);
        screen(&mut builder, &pairs, &texts);
        assert_eq!(builder.terms.len(), 2);
    }

    #[test]
    fn a_rendering_cut_inside_a_token_goes() {
        let pairs = vec![
            (String::new(), "The Chinese Embassy in Washington D.C. held a reception.".to_owned()),
            (String::new(), "01The 7th China International Import Expo opens".to_owned()),
            (String::new(), "The 7th China International Import Expo".to_owned()),
        ];
        let texts = ["中国驻华盛顿大使馆".to_owned(), "第七届中国国际进口博览会".to_owned()];
        let texts: Vec<&String> = texts.iter().collect();
        let mut builder = builder_with(&[
            ("中国驻华盛顿大使馆", &[("Chinese Embassy in Washington D", 0)]),
            (
                "第七届中国国际进口博览会",
                &[
                    ("01The 7th China International Import Expo", 1),
                    ("7th China International Import Expo", 2),
                ],
            ),
        ]);
        screen(&mut builder, &pairs, &texts);
        let renderings = |builder: &Builder, zh: &str| -> Vec<String> {
            builder.terms[zh].renderings.values().map(|(surface, _)| surface.clone()).collect()
        };
        assert!(renderings(&builder, "中国驻华盛顿大使馆").is_empty());
        // A gloss beside the term has no pair to be cut in.
        builder.add_gloss("中国驻华盛顿大使馆", "Chinese Embassy in Washington D");
        screen(&mut builder, &pairs, &texts);
        assert_eq!(renderings(&builder, "中国驻华盛顿大使馆"), ["Chinese Embassy in Washington D"]);
        assert_eq!(
            renderings(&builder, "第七届中国国际进口博览会"),
            ["7th China International Import Expo"]
        );
    }
}
