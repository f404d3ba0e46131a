//! Organisations and events of any shape, found by translation rather than by a suffix list: an
//! English name in a pair (`Anglo-Chinese Cultural Exchange Association`) is linked to the
//! Chinese span whose words translate its words (`中英|文化|交流|协会`), word by word through
//! CC-CEDICT glosses and the pinyin of place names.
//!
//! A span qualifies when its last word renders the English head (`协会` ↔ `Association`; Chinese
//! names end in their head), it covers most English content words and hardly any of its own
//! characters are left unexplained. The English head decides the category; a head that names
//! neither an organisation nor an event yields nothing. This is the place where word alignment
//! (a phrase table) can add its links as further evidence.

use std::collections::BTreeSet;

use crate::{
    alignment::cedict_gloss_strength,
    terminology::{
        Category,
        mining::{
            Builder, Phrase, SPAN_SUFFIXES, capitalised, capitalised_runs, english_phrases,
            find_titles, is_breaker, left_boundary, opens_sentence_only, push_phrase,
            two_char_spellings,
        },
        normalise::{Token, english_key, is_han},
    },
};

/// English heads of organisation names.
pub(super) const ORGANISATION_HEADS: &[&str] = &[
    "office",
    "committee",
    "commission",
    "association",
    "group",
    "bank",
    "university",
    "ministry",
    "department",
    "bureau",
    "center",
    "centre",
    "league",
    "union",
    "agency",
    "administration",
    "government",
    "council",
    "company",
    "corporation",
    "institute",
    "academy",
    "embassy",
    "consulate",
    "branch",
    "mechanism",
    "federation",
    "society",
    "college",
    "school",
    "party",
    "congress",
    "delegation",
    "team",
    "alliance",
    "network",
    "foundation",
    "chamber",
    "section",
    // General English nouns of bodies that the corpora read while tuning happened not to hold.
    "press",
    "headquarters",
    "headquarter",
    "hospital",
    "organization",
    "organisation",
    "service",
    "fund",
    "parliament",
    "secretariat",
    "board",
    "authority",
];

/// English heads of event names.
const EVENT_HEADS: &[&str] = &[
    "forum",
    "conference",
    "meeting",
    "summit",
    "expo",
    "ceremony",
    "festival",
    "briefing",
    "symposium",
    "seminar",
    "fair",
    "exhibition",
    "games",
    "week",
    "day",
];

/// Longest span tried, in characters.
const MAX_SPAN_CHARS: usize = 24;

/// English words that carry no content in a name.
const FUNCTION_WORDS: &[&str] = &["of", "and", "the", "for", "on", "in", "with", "to", "&", "at"];

/// Links English names to Chinese spans that translate them, pair by pair.
pub(super) fn mine_translated_names(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
    english: &[Vec<Token>],
) {
    let rendered: BTreeSet<String> =
        builder.terms.values().flat_map(|evidence| evidence.renderings.keys().cloned()).collect();
    for (pair_idx, folded) in folded_pairs.iter().enumerate() {
        let chars: Vec<char> = folded.chars().collect();
        let written: Vec<char> = pairs[pair_idx].0.chars().collect();
        let mut zh_used: Vec<(usize, usize, String)> = Vec::new();
        let mut phrases = english_phrases(&english[pair_idx]);
        phrases.extend(lower_case_names(&english[pair_idx]));
        let (between_of, after_later_of) = names_around_of(&english[pair_idx]);
        phrases.extend(between_of);
        // A tail found this way is believed only where its span ends in an organisation's head
        // character: CC-CEDICT's glosses alone explain too much (`民间` glosses
        // "non-governmental", so `重庆市民间` would render `Chongqing Municipal People's
        // Government`).
        let tails: BTreeSet<String> =
            after_later_of.iter().map(|phrase| phrase.key.clone()).collect();
        phrases.extend(after_later_of);
        // Longer names first: `… University of Posts and Telecommunications` before `… of Posts`.
        phrases.sort_by_key(|phrase| std::cmp::Reverse(phrase.key.len()));
        for phrase in phrases {
            if rendered.contains(&phrase.key) {
                continue;
            }
            let Some(category) = category_of(&phrase) else { continue };
            let Some((start, end)) = translating_span(&chars, &phrase) else { continue };
            if tails.contains(&phrase.key) && !ends_in_organisation_suffix(&chars[..end]) {
                continue;
            }
            // One Chinese occurrence renders one name, or a part of it that the name's English
            // holds too (`外事联络组` inside `市…领导小组外事联络组`).
            if zh_used.iter().any(|(used_start, used_end, used_key)| {
                let nested = *used_start <= start
                    && end <= *used_end
                    && format!(" {used_key} ").contains(&format!(" {} ", phrase.key));
                start < *used_end && *used_start < end && !nested
            }) {
                continue;
            }
            zh_used.push((start, end, phrase.key.clone()));
            let zh: String = chars[start..end].iter().collect();
            let written_form: String = written[start..end].iter().collect();
            if let Some(evidence) = builder.terms.get_mut(&zh)
                && !evidence.renderings.is_empty()
            {
                // A rendering cut short at `and` (`University of Posts`) gives way to the whole
                // name; any other rendering stands.
                let cut_short: Vec<String> = evidence
                    .renderings
                    .keys()
                    .filter(|key| phrase.key.starts_with(&format!("{key} ")))
                    .cloned()
                    .collect();
                if cut_short.is_empty() {
                    continue;
                }
                for key in cut_short {
                    evidence.renderings.remove(&key);
                    evidence.first_seen.retain(|seen| *seen != key);
                }
            }
            builder.add(category, &zh, &written_form, Some((&phrase.surface, pair_idx)));
        }
    }
}

/// Most words of a name written in lower case.
const MAX_LOWER_CASE_WORDS: usize = 8;

/// Fewest words of a name written in lower case, its head included.
const MIN_LOWER_CASE_WORDS: usize = 4;

/// Heads of a lower-case name that may be short (`trade delegation`, `municipal government`):
/// nouns that only ever name a body of people acting as one, never a thing or a kind of work.
/// `group`, `team`, `network`, `center` and `school` are left out: a short phrase ending in them
/// is a common noun (`research group`, `dragon boat team`).
const BODY_HEADS: &[&str] = &[
    "delegation",
    "committee",
    "commission",
    "bureau",
    "agency",
    "administration",
    "ministry",
    "government",
    "embassy",
    "consulate",
    "association",
    "federation",
    "council",
];

/// Fewest words of a lower-case name whose head is one of [`BODY_HEADS`].
const MIN_BODY_NAME_WORDS: usize = 2;

/// Whether `norm` is a function word (`of`, `the`, `at`…).
pub(super) fn is_function_word(norm: &str) -> bool {
    FUNCTION_WORDS.contains(&norm)
}

/// English words that never stand inside a lower-case name: articles, pronouns, prepositions
/// and the verbs of news that come before a group (`led the | foreign affairs liaison group`).
fn ends_lower_case_name(norm: &str) -> bool {
    FUNCTION_WORDS.contains(&norm)
        || matches!(
            norm,
            "a" | "an"
                | "its"
                | "his"
                | "her"
                | "their"
                | "our"
                | "this"
                | "that"
                | "these"
                | "those"
                | "led"
                | "by"
                | "from"
                | "as"
                | "is"
                | "was"
                | "were"
                | "are"
                | "be"
                | "has"
                | "have"
                | "had"
                | "two"
                | "both"
                | "each"
                | "all"
                | "other"
                | "local"
                // Words that pick out some bodies among others (`relevant municipal government
                // departments`), never part of one's name.
                | "relevant"
                | "related"
                | "concerned"
                | "respective"
                | "various"
                | "several"
                | "many"
                | "some"
                | "such"
                | "same"
        )
}

/// Names written in lower case (`foreign affairs liaison group`): an organisation head in lower
/// case with three or more lower-case words before it, and two such names
/// joined by `of the` (`… liaison group of the municipal … leading group`). The Chinese span
/// must still translate them word by word, as a capitalised name's does.
fn lower_case_names(tokens: &[Token]) -> Vec<Phrase> {
    let lower_word = |token: &Token| {
        token.surface.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && token.surface.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
    };
    let mut names: Vec<(usize, usize)> = Vec::new();
    for (head, token) in tokens.iter().enumerate() {
        if !lower_word(token) || category_of_head(&token.norm) != Some(Category::Organisation) {
            continue;
        }
        let mut start = head;
        while start > 0
            && head - start < MAX_LOWER_CASE_WORDS
            && !tokens[start].after_break
            && lower_word(&tokens[start - 1])
            && (!ends_lower_case_name(&tokens[start - 1].norm)
                // `prevention and control`: one `and` between two words of the name.
                || (tokens[start - 1].norm == "and"
                    && start >= 2
                    && lower_word(&tokens[start - 2])
                    && !ends_lower_case_name(&tokens[start - 2].norm)))
        {
            start -= 1;
        }
        // A short one is a common noun phrase (`research group`, `dragon boat team`), unless its
        // head names a body of people (`trade delegation`).
        // A body's head followed by another lower-case noun is a modifier (`municipal
        // government | departments`).
        let body_head = BODY_HEADS.contains(&token.norm.as_str())
            && tokens.get(head + 1).is_none_or(|next| {
                next.after_break || !lower_word(next) || ends_lower_case_name(&next.norm)
            });
        let min_words = if body_head { MIN_BODY_NAME_WORDS } else { MIN_LOWER_CASE_WORDS };
        if head + 1 - start >= min_words {
            names.push((start, head + 1));
        }
    }
    let mut phrases = Vec::new();
    for (idx, &(start, end)) in names.iter().enumerate() {
        push_phrase(&mut phrases, &tokens[start..end]);
        if let Some(&(next_start, next_end)) = names.get(idx + 1)
            && next_start == end + 2
            && tokens[end].norm == "of"
            && tokens[end + 1].norm == "the"
        {
            push_phrase(&mut phrases, &tokens[start..next_end]);
        }
    }
    phrases
}

/// The names nested in a capitalised name around its `of`s: `(parts, tails)`. A part before an
/// `of` with an organisation head and three words at least (`Foreign Affairs Management
/// Administration | of the Office of …`): Chinese writes the owner first and the part after it
/// (`中央外办|外事管理局`), so the part stands alone as a span; a shorter part (`Chongqing Office
/// of …`, `Consular Section of …`) is too often a common noun or a place with a noun. A tail after
/// a later `of` with an organisation head (`… of the Consular Section of | the Embassy of
/// Japan`); the tail after the first `of` is [`english_phrases`]'s.
fn names_around_of(tokens: &[Token]) -> (Vec<Phrase>, Vec<Phrase>) {
    let (mut parts, mut tails) = (Vec::new(), Vec::new());
    for (idx, end) in capitalised_runs(tokens) {
        // Every part between two `of`s (`Director-General of | the Foreign Affairs Management
        // Administration | of the Office …`) but the last, which `english_phrases` gives.
        let mut start = idx;
        for of in (idx..end).filter(|at| tokens[*at].norm == "of") {
            while start < of
                && (tokens[start].norm == "the" || opens_sentence_only(&tokens[start].norm))
            {
                start += 1;
            }
            if of >= start + 3
                && tokens[start..of].iter().all(capitalised)
                && category_of_head(&tokens[of - 1].norm) == Some(Category::Organisation)
            {
                push_phrase(&mut parts, &tokens[start..of]);
            }
            start = of + 1;
        }
        // The part after every later `of` (`… Consular Section of | the Embassy of Japan`),
        // when it is a name with an organisation head.
        for of in (idx..end).filter(|at| tokens[*at].norm == "of").skip(1) {
            let mut tail = of + 1;
            while tail < end && tokens[tail].norm == "the" {
                tail += 1;
            }
            if end - tail >= 2 && capitalised(&tokens[tail]) {
                let mut tail_phrases = Vec::new();
                push_phrase(&mut tail_phrases, &tokens[tail..end]);
                tails.extend(tail_phrases.into_iter().filter(|phrase| {
                    category_of_head(&phrase.head) == Some(Category::Organisation)
                }));
            }
        }
    }
    (parts, tails)
}

/// Whether `chars` end in the head character of an organisation ([`SPAN_SUFFIXES`]).
fn ends_in_organisation_suffix(chars: &[char]) -> bool {
    SPAN_SUFFIXES.iter().any(|(suffix, category, _)| {
        *category == Category::Organisation
            && chars.ends_with(&suffix.chars().collect::<Vec<char>>())
    })
}

fn category_of(phrase: &Phrase) -> Option<Category> {
    category_of_head(&phrase.head)
}

/// The category an English head noun (lower case) calls for: an organisation or an event.
pub(super) fn category_of_head(head: &str) -> Option<Category> {
    if ORGANISATION_HEADS.contains(&head) {
        Some(Category::Organisation)
    } else if EVENT_HEADS.contains(&head) {
        Some(Category::Event)
    } else {
        None
    }
}

/// Single characters of administrative names whose English CC-CEDICT does not give as an
/// adjective (`市` → municipal).
const NAME_CHARACTER_GLOSSES: &[(&str, &[&str])] = &[
    ("市", &["municipal", "city", "municipality"]),
    ("省", &["provincial", "province"]),
    ("区", &["district", "regional"]),
    ("县", &["county"]),
    ("国", &["national", "state"]),
    ("国家", &["national", "state", "china"]),
    ("中", &["china", "chinese", "central", "sino"]),
    ("华", &["china", "chinese"]),
    ("委", &["committee", "commission"]),
    ("局", &["bureau", "administration"]),
    // A body sent or formed for a purpose (`代表团`, `访问团`, `经贸团`).
    ("团", &["delegation", "group", "troupe", "team"]),
];

/// How well the Chinese word `zh` renders the English word `word` (0 if it does not).
pub(super) fn renders(zh: &str, word: &str) -> f64 {
    let chars: Vec<char> = zh.chars().collect();
    let lower = word.to_lowercase();
    if NAME_CHARACTER_GLOSSES
        .iter()
        .any(|(character, glosses)| *character == zh && glosses.contains(&lower.as_str()))
    {
        return 1.0;
    }
    if chars.len() == 2 && two_char_spellings(chars[0], chars[1]).contains(&lower) {
        return 1.0;
    }
    if cedict_gloss_strength(zh, word) > 0.0 { 1.0 } else { 0.0 }
}

/// How a span ranks: English words explained, then (reversed) Chinese characters unexplained,
/// then whether it ends in an organisation suffix (`局`, `委员会`).
type SpanRank = (usize, std::cmp::Reverse<usize>, bool);

/// The Chinese span translating `phrase`, if one does (see the module documentation).
fn translating_span(chars: &[char], phrase: &Phrase) -> Option<(usize, usize)> {
    let words: Vec<String> = english_key(&phrase.surface)
        .split(' ')
        .filter(|word| !FUNCTION_WORDS.contains(word) && word.len() >= 2)
        .map(str::to_owned)
        .collect();
    if words.len() < 2 {
        return None;
    }
    let mut best: Option<(SpanRank, (usize, usize))> = None;
    // A name never ends on or inside a title word (`外办主任`, where `任` glosses `office`).
    let titles: Vec<(usize, usize)> =
        find_titles(chars).into_iter().map(|(start, end, _)| (start, end)).collect();
    let on_title =
        |end: usize| titles.iter().any(|(start, title_end)| *start < end && end <= *title_end);
    for end in (2..=chars.len()).filter(|end| !on_title(*end)) {
        // The span's last word renders the head: try every word ending at `end`.
        for head_len in 1..=4.min(end) {
            let head_start = end - head_len;
            let head: String = chars[head_start..end].iter().collect();
            if !chars[head_start..end].iter().all(|c| is_han(*c))
                || renders(&head, &phrase.head) == 0.0
            {
                continue;
            }
            // Grow to the left word by word while words explain English words.
            let mut covered: BTreeSet<&str> = words
                .iter()
                .map(String::as_str)
                .filter(|english_word| renders(&head, english_word) > 0.0)
                .collect();
            covered.insert(phrase.head.as_str());
            let mut start = head_start;
            let mut unexplained = 0;
            let mut trailing_unexplained = 0;
            while start > 0 && end - start < MAX_SPAN_CHARS {
                let mut step = None;
                for len in (1..=4.min(start)).rev() {
                    let word: String = chars[start - len..start].iter().collect();
                    if !chars[start - len..start].iter().all(|c| is_han(*c)) {
                        continue;
                    }
                    let explained: Vec<&str> = words
                        .iter()
                        .map(String::as_str)
                        .filter(|english_word| !covered.contains(english_word))
                        .filter(|english_word| renders(&word, english_word) > 0.0)
                        .collect();
                    if !explained.is_empty() {
                        step = Some((len, explained));
                        break;
                    }
                    // `驻` (stationed in) is rendered by a preposition.
                    if word == "驻" {
                        step = Some((1, Vec::new()));
                        break;
                    }
                }
                match step {
                    Some((len, explained)) => {
                        covered.extend(explained);
                        start -= len;
                        trailing_unexplained = 0;
                    }
                    // One character nobody explains may sit inside (`市` before a name).
                    None if unexplained < 2
                        && start >= 2
                        && is_han(chars[start - 1])
                        && !is_breaker(chars, start - 1) =>
                    {
                        unexplained += 1;
                        start -= 1;
                        trailing_unexplained += 1;
                    }
                    None => break,
                }
            }
            // The span does not start with a character nobody explained, nor with `驻`.
            start += trailing_unexplained;
            if chars[start] == '驻' {
                start += 1;
            }
            let coverage = covered.len();
            if coverage * 3 < words.len() * 2 || end - start < 3 {
                continue;
            }
            // More English words explained first, then fewer Chinese characters left unexplained
            // (`市交委` rather than `市旅发委` for `Municipal Transportation Commission`), then a
            // span ending in a name's head character (`外事管理局` rather than the `外事管理` of
            // `外事管理工作` for `Foreign Affairs Management Administration`); among equals the
            // later end wins, so a head word is not cut (`机|制`).
            let ends_in_suffix = ends_in_organisation_suffix(&chars[..end]);
            let rank =
                (coverage, std::cmp::Reverse(unexplained - trailing_unexplained), ends_in_suffix);
            if best.is_none_or(|(best_rank, _)| rank >= best_rank) {
                best = Some((rank, (start, end)));
            }
        }
    }
    let (_, (start, end)) = best?;
    // A span must start at a word edge: text start, punctuation, a function word or a verb
    // (`率领|经贸团`).
    let starts_cleanly = left_boundary(chars, start);
    (starts_cleanly || end - start >= 4).then_some((start, end))
}
