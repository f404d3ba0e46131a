//! Titles found by phrase alignment and verified by CC-CEDICT: every English phrase headed by a
//! general English noun of a post (`Mayor`, `Ambassador`, `Consul General`, `chargé
//! d'affaires`), capitalised or not, with its modifiers before it (`Deputy`, `Vice`, a country's
//! adjective, `China's`) and its complements after it (`of Tunisia`, `to China`, `in Chengdu`,
//! `of the Embassy`), is paired with a Chinese span around the characters the word aligner links
//! it to. When the holder's name splits the post from its complement (`President Park Geun-hye
//! of South Korea` ↔ `韩国总统朴槿惠`), the complement still has to be explained by the Chinese,
//! and the title is rendered by its part before the name (`President`).
//!
//! The span ends in a post word, a dictionary word whose CC-CEDICT glosses hold the English head
//! (`大使` ↔ `ambassador`, `总领事` ↔ `consul general`, `代办` ↔ `chargé d'affaires`): the post
//! words are learned from the dictionary's glosses, not listed; a rank that Chinese puts inside
//! the dictionary's word (`国家副主席`, where CC-CEDICT knows `国家主席`) is read out of it and
//! must be said by an English word of its own (`Vice`). A pairing is believed only when
//! the two sides explain each other: every Chinese character lies in a word (or character) whose
//! glosses, pinyin or sound render an English word of the phrase (`副` ↔ `deputy`, `突尼斯` ↔
//! `Tunisia`, `华` ↔ `China`, `兰卡斯特` ↔ `Lancaster`), and every English content word is
//! rendered by a part of the span; only `驻` (stationed in, which English says with `to` or `in`)
//! and a country's `共和国` (Republic), which English often leaves out, need no English word.
//! Alignment says where the title is, the dictionary verifies it: nothing is invented.
//!
//! Of the verified pairings of one pair, the longest win (the composed title before the bare
//! one it holds, which the title words' pass finds anyway); a rendering another pass found in
//! the same pair that stops short of what the Chinese says (`Ambassador of Tunisia` for
//! `突尼斯驻华大使`, whose `驻华` is `to China`) gives way. A composed title gets its parts shown,
//! and a person named right beside the title on both sides is recorded as its holder.

use crate::{
    alignment::cedict_stems,
    phrases::{AlignedUnit, EnglishToken, english_tokens},
    terminology::{
        Category,
        mining::{
            Builder, LEFT_BREAK_WORDS,
            aligned_persons::{dictionary_words, linked_characters},
            appositive::Holder,
            chars_of_pairs,
            composed::describe_parts,
            is_breaker,
            lexical::renders,
            sound_names::TRANSLITERATION_CHARACTERS,
            strip_possessive,
            transliteration::{TRANSLITERATION_FLOOR, consonant_syllables, transliteration_score},
        },
        normalise::{self, is_han},
    },
};

/// General English nouns that head a post (singular, lower case).
const POST_NOUNS: &[&str] = &[
    "adviser",
    "advisor",
    "ambassador",
    "attache",
    "attaché",
    "chair",
    "chairman",
    "chairperson",
    "chairwoman",
    "chancellor",
    "chief",
    "commissioner",
    "consul",
    "councillor",
    "councilor",
    "counsellor",
    "counselor",
    "curator",
    "dean",
    "delegate",
    "director",
    "editor",
    "envoy",
    "founder",
    "governor",
    "head",
    "inspector",
    "king",
    "lawmaker",
    "manager",
    "mayor",
    "member",
    "minister",
    "officer",
    "premier",
    "president",
    "principal",
    "professor",
    "queen",
    "representative",
    "secretary",
    "senator",
    "spokesman",
    "spokesperson",
    "spokeswoman",
];

/// Post nouns that are common nouns alone (`member`, `head`): a title only with a complement
/// (`member of the Political Bureau`).
const NEEDS_COMPLEMENT: &[&str] = &["member", "head", "chief"];

/// Words that follow a post noun inside its name (`Consul General`, `Secretary-General`).
const POST_TAILS: &[&str] = &["general"];

/// English words that modify a post before its head, in lower case too (`deputy mayor`,
/// `commercial counselor`).
const POST_MODIFIERS: &[&str] = &[
    "acting",
    "assistant",
    "associate",
    "chief",
    "commercial",
    "cultural",
    "deputy",
    "economic",
    "executive",
    "first",
    "foreign",
    "general",
    "honorary",
    "lord",
    "permanent",
    "political",
    "prime",
    "second",
    "senior",
    "special",
    "vice",
];

/// Modifiers that make a post in the plural a rank of its own (`deputy ambassadors`,
/// `commercial counselors`), not a kind of people.
const RANKS: &[&str] = &[
    "deputy",
    "vice",
    "assistant",
    "associate",
    "executive",
    "senior",
    "commercial",
    "cultural",
    "economic",
    "political",
    "military",
    "press",
];

/// English words of time before a post, which are no part of it (`new Consul General`).
const TIME_WORDS: &[&str] =
    &["new", "former", "late", "then", "incoming", "outgoing", "incumbent", "current", "newly"];

/// English words that join a post to its complements or stand in them without content.
const FUNCTION_WORDS: &[&str] =
    &["of", "the", "to", "in", "for", "and", "at", "on", "a", "an", "&"];

/// Prepositions that open a post's complement (`of Tunisia`, `to China`, `in Chengdu`).
const COMPLEMENT_OPENERS: &[&str] = &["of", "to", "in", "for"];

/// Most complements after one post (`of Tunisia | to China`).
const MAX_COMPLEMENTS: usize = 2;

/// Most capitalised words in one complement.
const MAX_COMPLEMENT_WORDS: usize = 8;

/// Most words of a holder's name that may split a post from its complement (`President Park
/// Geun-hye of South Korea`).
const MAX_SPLITTING_NAME_WORDS: usize = 4;

/// Most English tokens of one title.
const MAX_TITLE_TOKENS: usize = 20;

/// Most Chinese characters of one title.
const MAX_TITLE_CHARS: usize = 16;

/// Longest Chinese word tried when explaining an English word, in characters.
const MAX_WORD_CHARS: usize = 6;

/// Chinese that needs no English word: `驻` (stationed in: English says `to` or `in`) and a
/// country's `共和国` (Republic), which English often leaves out of an ambassador's title.
const SILENT_WORDS: &[&str] = &["驻", "联邦共和国", "共和国"];

/// Rank prefixes that Chinese puts inside a post's dictionary word (`国家|副|主席`, a vice
/// president of the state, where the dictionary knows `国家主席` only).
const INNER_RANKS: &[char] = &['副'];

/// Fewest characters of a dictionary word a rank prefix is put inside.
const MIN_RANKED_WORD_CHARS: usize = 3;

/// English honorifics and marks that may stand between a title and its holder's name.
const BETWEEN_TITLE_AND_NAME: &[&str] = &[",", "h", "e", ".", "mr", "ms", "mrs", "dr", "madam"];

/// A title verified in one pair: Chinese char range, English token range.
#[derive(Debug, Clone)]
struct Found {
    zh: (usize, usize),
    en: (usize, usize),
    n_words: usize,
    /// Whether the holder's name splits the English title (see [`TitleWords`]).
    split: bool,
}

/// Adds the titles that alignment pairs with a Chinese span the dictionary verifies (see the
/// module docs) and their holders to `holders`; a holder found before with the same title in
/// the same pair takes the verified English title.
pub(super) fn mine_aligned_titles(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
    units: &[Option<AlignedUnit>],
    holders: &mut Vec<Holder>,
) {
    for (pair_idx, folded, written) in chars_of_pairs(pairs, folded_pairs) {
        let Some(unit) = &units[pair_idx] else { continue };
        if unit.zh_tokens.last().is_some_and(|last| last.end > folded.len()) {
            continue;
        }
        let words = dictionary_words(&folded);
        // A title holds no part of a person's name (`副总理|刘延东`), and cuts no other known
        // term: it holds an organisation whole or leaves it out (`市政府|外办|党组成员`).
        let text: String = folded.iter().collect();
        let mut person_chars: Vec<usize> = Vec::new();
        let mut term_ranges: Vec<(usize, usize)> = Vec::new();
        for (term, evidence) in &builder.terms {
            let Some(category) = evidence.category else { continue };
            if category == Category::Title || term.chars().count() < 2 {
                continue;
            }
            let len = term.chars().count();
            for (at, _) in text.match_indices(term.as_str()) {
                let start = text[..at].chars().count();
                if category == Category::Person {
                    person_chars.extend(start..start + len);
                } else {
                    term_ranges.push((start, start + len));
                }
            }
        }
        let cuts_a_term = |(start, end): (usize, usize)| {
            term_ranges.iter().any(|(term_start, term_end)| {
                (*term_start < start && start < *term_end) || (*term_start < end && end < *term_end)
            })
        };
        let mut verified: Vec<Found> = Vec::new();
        for phrase in english_posts(&unit.en_tokens) {
            for &start in &phrase.starts {
                // A title whole, or split by its holder's name from its complement, which the
                // Chinese says before the post (`韩国总统` ↔ `President … of South Korea`).
                let whole = phrase.ends.iter().map(|&end| TitleWords { start, end, gap: None });
                let split = phrase.split_ends.iter().map(|&(name_end, end)| TitleWords {
                    start,
                    end,
                    gap: Some((phrase.head.1, name_end)),
                });
                for title_words in whole.chain(split) {
                    if title_words.end - start > MAX_TITLE_TOKENS {
                        continue;
                    }
                    let found = chinese_title(unit, &folded, &words, &phrase, &title_words);
                    if let Some(found) = found.filter(|found| {
                        !person_chars.iter().any(|c| (found.zh.0..found.zh.1).contains(c))
                            && !cuts_a_term(found.zh)
                    }) {
                        verified.push(found);
                    }
                }
            }
        }
        // The longest pairings first; each character and token is used once.
        verified.sort_by(|a, b| {
            (b.n_words, b.zh.1 - b.zh.0).cmp(&(a.n_words, a.zh.1 - a.zh.0)).then(a.zh.cmp(&b.zh))
        });
        // A bare title inside a split one renders the same words before the name on its own
        // (`中国国家主席` and `国家主席` ↔ `President Xi Jinping of China`).
        let mut kept: Vec<Found> = Vec::new();
        for found in verified {
            let overlaps = kept.iter().any(|other| {
                let bare_inside_split = other.split
                    && !found.split
                    && other.en == found.en
                    && other.zh.0 < found.zh.0
                    && found.zh.1 == other.zh.1;
                other.zh.0 < found.zh.1
                    && found.zh.0 < other.zh.1
                    && other.en.0 < found.en.1
                    && found.en.0 < other.en.1
                    && !bare_inside_split
                    || other.zh == found.zh
            });
            if !overlaps {
                kept.push(found);
            }
        }
        for found in kept {
            let zh: String = folded[found.zh.0..found.zh.1].iter().collect();
            let written_form: String = written[found.zh.0..found.zh.1].iter().collect();
            let en = strip_possessive(
                &unit.en[unit.en_tokens[found.en.0].bytes.start
                    ..unit.en_tokens[found.en.1 - 1].bytes.end],
            )
            .to_owned();
            if !add_title(builder, &zh, &written_form, &en, pair_idx) {
                continue;
            }
            // A composed title shows its parts to the reviewer (`突尼斯 = Tunisia; 华 = China`).
            let parts = describe_parts(&zh, &normalise::english_tokens(&en));
            if let Some(evidence) = builder.terms.get_mut(&zh)
                && !parts.is_empty()
                && evidence.note.is_empty()
            {
                evidence.note = format!("composed title: {parts}");
            }
            let title_chars: Vec<char> = zh.chars().collect();
            for known in holders.iter_mut().filter(|known| {
                known.pair_idx == pair_idx
                    && known.title == zh
                    && !explain_each_other(
                        &title_chars,
                        &content_words(&english_tokens(&known.title_en)),
                    )
            }) {
                known.title_en.clone_from(&en);
            }
            if let Some(holder) = holder_beside(builder, unit, &folded, &found, &zh, &en, pair_idx)
                && !holders
                    .iter()
                    .any(|known| known.pair_idx == pair_idx && known.person == holder.person)
            {
                holders.push(holder);
            }
        }
    }
}

/// Adds `en` as a rendering of the title `zh` in one pair, unless another category claimed the
/// Chinese first; a rendering of the same title in the same pair that the dictionary does not
/// verify (`Ambassador of Tunisia`, which leaves out the `驻华` of `突尼斯驻华大使`, or another
/// country's ambassador) gives way. True when the title was added.
fn add_title(builder: &mut Builder, zh: &str, written: &str, en: &str, pair_idx: usize) -> bool {
    if let Some(evidence) = builder.terms.get_mut(zh) {
        if evidence.category.is_some_and(|category| category != Category::Title) {
            return false;
        }
        let chars: Vec<char> = zh.chars().collect();
        let unverified: Vec<String> = evidence
            .renderings
            .iter()
            .filter(|(_, (surface, pair_indices))| {
                pair_indices.contains(&pair_idx)
                    && !explain_each_other(&chars, &content_words(&english_tokens(surface)))
            })
            .map(|(known, _)| known.clone())
            .collect();
        for known in unverified {
            if let Some((_, pair_indices)) = evidence.renderings.get_mut(&known) {
                pair_indices.remove(&pair_idx);
                if pair_indices.is_empty() {
                    evidence.renderings.remove(&known);
                    evidence.first_seen.retain(|seen| *seen != known);
                }
            }
        }
    }
    builder.add(Category::Title, zh, written, Some((en, pair_idx)));
    true
}

/// A person named right beside a verified title on both sides: the Chinese name right after the
/// title (or right before it), the English name right after the title (past a comma or an
/// honorific) or right before it.
fn holder_beside(
    builder: &Builder,
    unit: &AlignedUnit,
    folded: &[char],
    found: &Found,
    title: &str,
    title_en: &str,
    pair_idx: usize,
) -> Option<Holder> {
    let text: String = folded.iter().collect();
    let after: String = folded[found.zh.1..].iter().collect();
    let before: String = folded[..found.zh.0].iter().collect();
    let tokens = &unit.en_tokens;
    let lower = |idx: usize| strip_possessive(&tokens[idx].text).to_lowercase();
    for (person, evidence) in &builder.terms {
        if evidence.category != Some(Category::Person)
            || !text.contains(person.as_str())
            || !(after.starts_with(person.as_str()) || before.ends_with(person.as_str()))
        {
            continue;
        }
        for (surface, _) in evidence.renderings.values() {
            let words: Vec<String> = surface.split_whitespace().map(str::to_lowercase).collect();
            let matches_at = |at: usize| {
                at + words.len() <= tokens.len()
                    && words.iter().enumerate().all(|(idx, word)| lower(at + idx) == *word)
            };
            let mut next = found.en.1;
            while next < tokens.len()
                && next < found.en.1 + 5
                && BETWEEN_TITLE_AND_NAME.contains(&tokens[next].text.to_lowercase().as_str())
            {
                next += 1;
            }
            let mut previous = found.en.0;
            if previous > 0 && tokens[previous - 1].text == "," {
                previous -= 1;
            }
            let beside =
                matches_at(next) || previous.checked_sub(words.len()).is_some_and(matches_at);
            if beside {
                return Some(Holder {
                    person: person.clone(),
                    title: title.to_owned(),
                    person_en: surface.clone(),
                    title_en: title_en.to_owned(),
                    pair_idx,
                });
            }
        }
    }
    None
}

/// An English post: its head tokens and where the title may start and end around it.
#[derive(Debug)]
struct Post {
    /// The head noun's token range (`Consul General`: both words).
    head: (usize, usize),
    /// Token indices the title may start at, nearest the head first.
    starts: Vec<usize>,
    /// Token indices (exclusive) the title may end at, nearest the head first.
    ends: Vec<usize>,
    /// Where a holder's name right after the head ends, and where each complement after that
    /// name may end (`President | Park Geun-hye | of South Korea`).
    split_ends: Vec<(usize, usize)>,
}

/// The English words of one title: `start..end`, less the holder's name in `gap` when the name
/// splits the post from its complement; the title is rendered by the words before the gap.
#[derive(Debug)]
struct TitleWords {
    start: usize,
    end: usize,
    gap: Option<(usize, usize)>,
}

impl TitleWords {
    /// The token ranges that say the title.
    fn ranges(&self) -> Vec<(usize, usize)> {
        match self.gap {
            None => vec![(self.start, self.end)],
            Some((gap_start, gap_end)) => vec![(self.start, gap_start), (gap_end, self.end)],
        }
    }

    /// The tokens that render the title: the contiguous part before the holder's name.
    fn rendered(&self) -> (usize, usize) {
        (self.start, self.gap.map_or(self.end, |(gap_start, _)| gap_start))
    }
}

fn lower_word(token: &EnglishToken) -> String {
    let word = strip_possessive(&token.text).to_lowercase();
    word.strip_suffix('s').filter(|_| word.len() > 4 && !word.ends_with("ss")).map_or_else(
        || word.clone(),
        |singular| if POST_NOUNS.contains(&singular) { singular.to_owned() } else { word.clone() },
    )
}

fn is_capitalised(token: &EnglishToken) -> bool {
    token.text.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

/// `d'Affaires`, `d’Affairs`: the second word of `chargé d'affaires`.
fn is_affaires(token: &EnglishToken) -> bool {
    let lower = token.text.to_lowercase();
    ["d'aff", "d’aff"].iter().any(|start| lower.starts_with(start))
}

/// Whether token `idx` heads a post: a post noun, or `chargé` before `d'affaires`.
fn post_head_len(tokens: &[EnglishToken], idx: usize) -> usize {
    let word = lower_word(&tokens[idx]);
    if matches!(word.as_str(), "charge" | "chargé") && tokens.get(idx + 1).is_some_and(is_affaires)
    {
        return 2;
    }
    if !POST_NOUNS.contains(&word.as_str()) {
        return 0;
    }
    // `Consul General`, `Secretary-General`.
    let mut len = 1;
    if tokens.get(idx + 1).is_some_and(|t| t.text == "-")
        && tokens.get(idx + 2).is_some_and(|t| POST_TAILS.contains(&lower_word(t).as_str()))
    {
        len = 3;
    } else if tokens.get(idx + 1).is_some_and(|t| POST_TAILS.contains(&lower_word(t).as_str())) {
        len = 2;
    }
    len
}

/// The posts of an English sentence (see [`Post`]).
fn english_posts(tokens: &[EnglishToken]) -> Vec<Post> {
    let mut posts = Vec::new();
    let mut idx = 0;
    while idx < tokens.len() {
        let head_len = post_head_len(tokens, idx);
        if head_len == 0 {
            idx += 1;
            continue;
        }
        // A run of posts is one head (`Minister Counsellor`, `Deputy Vice-Chancellor`): the last
        // one heads it, the others modify it.
        let mut head_start = idx;
        let mut head_end = idx + head_len;
        loop {
            let mut next = head_end;
            if tokens.get(next).is_some_and(|t| t.text == "-") {
                next += 1;
            }
            let next_len = if next < tokens.len() { post_head_len(tokens, next) } else { 0 };
            if next_len == 0 {
                break;
            }
            head_start = next;
            head_end = next + next_len;
        }
        let starts = title_starts(tokens, idx);
        let ends = title_ends(tokens, head_end);
        let split_ends = split_ends(tokens, head_end);
        posts.push(Post { head: (head_start, head_end), starts, ends, split_ends });
        idx = head_end;
    }
    posts
}

/// Where a title ending in the post at `head` may start: the head itself, or any earlier token
/// of a run of modifiers (`Deputy`, `vice`, a capitalised word, an initialism, a possessive
/// `China's`) before it.
fn title_starts(tokens: &[EnglishToken], head: usize) -> Vec<usize> {
    let mut starts = vec![head];
    let mut at = head;
    while at > 0 && head - at < 8 {
        let token = &tokens[at - 1];
        let word = lower_word(token);
        let initial = token.text.len() == 1 && token.text.chars().all(|c| c.is_ascii_uppercase());
        let joins = token.text == "-" || token.text == ".";
        if TIME_WORDS.contains(&word.as_str()) {
            break;
        }
        let modifier = POST_MODIFIERS.contains(&word.as_str())
            || POST_NOUNS.contains(&word.as_str())
            || (is_capitalised(token) && !FUNCTION_WORDS.contains(&word.as_str()))
            || initial;
        if !(modifier || joins) {
            break;
        }
        at -= 1;
        if !joins {
            starts.push(at);
        }
    }
    // An initialism's letters start together (`U.S.`), never at its second letter.
    starts.retain(|start| {
        *start == head
            || !(*start >= 2
                && tokens[start - 1].text == "."
                && tokens[*start].text.len() == 1
                && tokens[start - 2].text.len() == 1)
    });
    starts
}

/// Where a title whose post ends at `head_end` may end: there, or after each of up to two
/// complements (`of` / `to` / `in` / `for`, an optional `the`, capitalised words joined by
/// function words and hyphens).
fn title_ends(tokens: &[EnglishToken], head_end: usize) -> Vec<usize> {
    let mut ends = vec![head_end];
    let mut at = head_end;
    for _ in 0..MAX_COMPLEMENTS {
        let Some(opener) = tokens.get(at) else { break };
        if !COMPLEMENT_OPENERS.contains(&opener.text.to_lowercase().as_str()) {
            break;
        }
        let mut probe = at + 1;
        if tokens.get(probe).is_some_and(|t| t.text.eq_ignore_ascii_case("the")) {
            probe += 1;
        }
        let mut last_end = None;
        let mut n_words = 0;
        while probe < tokens.len() && n_words < MAX_COMPLEMENT_WORDS {
            let token = &tokens[probe];
            let lower = token.text.to_lowercase();
            if is_capitalised(token) {
                n_words += 1;
                probe += 1;
                last_end = Some(probe);
                ends.push(probe);
            } else if (lower == "of" || lower == "and" || lower == "the" || lower == "for")
                && last_end.is_some()
                || token.text == "-"
                || token.text == "."
            {
                probe += 1;
            } else {
                break;
            }
        }
        let Some(end) = last_end else { break };
        at = end;
    }
    ends.dedup();
    ends
}

/// A holder's name right after a post's head, followed by an `of` complement that the name
/// splits from the post (`President Park Geun-hye of South Korea`, `Foreign Minister Aïssata
/// Tall Sall of Senegal`): the name's end and each end of the complement.
fn split_ends(tokens: &[EnglishToken], head_end: usize) -> Vec<(usize, usize)> {
    let mut at = head_end;
    let mut n_words = 0;
    while let Some(token) = tokens.get(at) {
        let lower = token.text.to_lowercase();
        // A name's letters glued to the token before it go with it (`Geun-hye`, `Aïssata`,
        // which the tokens cut at `ï`).
        let glued = at > head_end
            && tokens[at - 1].bytes.end == token.bytes.start
            && token.text.chars().all(char::is_alphabetic);
        // `A` is no article when letters are glued to it (`A|ï|ssata`).
        let runs_on = tokens.get(at + 1).is_some_and(|next| {
            next.bytes.start == token.bytes.end && next.text.chars().all(char::is_alphabetic)
        });
        if is_capitalised(token)
            && !glued
            && (runs_on || !FUNCTION_WORDS.contains(&lower.as_str()))
            && post_head_len(tokens, at) == 0
            && !POST_MODIFIERS.contains(&lower.as_str())
        {
            n_words += 1;
        } else if !(n_words > 0 && (glued || token.text == "-" || token.text == ".")) {
            break;
        }
        at += 1;
    }
    if n_words == 0
        || n_words > MAX_SPLITTING_NAME_WORDS
        || !tokens.get(at).is_some_and(|token| token.text.eq_ignore_ascii_case("of"))
    {
        return Vec::new();
    }
    title_ends(tokens, at).into_iter().filter(|end| *end > at).map(|end| (at, end)).collect()
}

/// The Chinese title for the English title `start..end` around `post`: a span ending in a word
/// whose glosses hold the head, near the characters linked to the English, whose words and the
/// English words explain each other (see the module docs).
fn chinese_title(
    unit: &AlignedUnit,
    folded: &[char],
    words: &[(usize, usize)],
    post: &Post,
    title_words: &TitleWords,
) -> Option<Found> {
    let (start, end) = (title_words.start, title_words.end);
    // A post in the plural names a kind of people (`professors`, `delegates`), unless a
    // modifier makes it a rank (`deputy ambassadors`, `commercial counselors`).
    let head_token = &unit.en_tokens[post.head.1 - 1];
    let plural = lower_word(head_token) != strip_possessive(&head_token.text).to_lowercase();
    let ranked = unit.en_tokens[start..post.head.0]
        .iter()
        .any(|token| RANKS.contains(&token.text.to_lowercase().as_str()));
    if plural && (!ranked || end > post.head.1) {
        return None;
    }
    if end == post.head.1 && NEEDS_COMPLEMENT.contains(&lower_word(head_token).as_str()) {
        return None;
    }
    let ranges = title_words.ranges();
    let english: Vec<String> =
        ranges.iter().flat_map(|&(from, to)| content_words(&unit.en_tokens[from..to])).collect();
    let head_words = content_words(&unit.en_tokens[post.head.0..post.head.1]);
    let mut linked: Vec<usize> =
        ranges.iter().flat_map(|&(from, to)| linked_characters(unit, from, to).0).collect();
    linked.sort_unstable();
    linked.dedup();
    // The holder's name that splits the title is no part of the Chinese title.
    let name_chars: Vec<usize> = title_words
        .gap
        .map(|(gap_start, gap_end)| linked_characters(unit, gap_start, gap_end).0)
        .unwrap_or_default();
    // The English words each character is linked to; a copy of the head noun (the second
    // `Ambassador` of a list) counts as the head, a copy the aligner may have crossed.
    let links_of = |c: usize| {
        unit.links.iter().filter(move |(zh, _)| unit.zh_tokens[*zh].contains(&c)).map(|(_, en)| *en)
    };
    let head_noun = unit.en_tokens[post.head.0].text.as_str();
    let linked_to_head =
        |c: usize| links_of(c).any(|en| en == post.head.0 || unit.en_tokens[en].text == head_noun);
    let (&lo, &hi) = (linked.first()?, linked.last()?);
    let cuts = |at: usize| words.iter().any(|(s, e)| *s < at && at < *e);
    let mut best: Option<Found> = None;
    // The post word: two to four characters whose glosses hold every head word.
    for post_end in lo + 1..=(hi + 3).min(folded.len()) {
        if cuts(post_end) {
            continue;
        }
        for post_len in 2..=(MIN_RANKED_WORD_CHARS + 2).min(post_end) {
            let post_start = post_end - post_len;
            let post_text = &folded[post_start..post_end];
            // A post word with a rank inside is the dictionary's word less the rank.
            let post_word = match without_inner_rank(post_text) {
                Some((word, _)) => word,
                None if post_len <= 4 => post_text.iter().collect(),
                None => continue,
            };
            // The shortest such word: a character after a post word says more than the post
            // (`主席|国`, the chair country).
            let renders_head = |word: &str| head_words.iter().all(|head| renders(word, head) > 0.0);
            let shorter: String = folded[post_start..post_end - 1].iter().collect();
            // Nor does it stop before a character linked to the head (`巡视|员`).
            let goes_on = links_of(post_end).any(|en| (post.head.0..post.head.1).contains(&en));
            // A post word linked, but not to the head noun, renders other words (`总|裁` linked
            // to `general` only is not the `director general` of the sentence).
            let post_chars = post_start..post_end;
            let elsewhere = !post_chars.clone().any(linked_to_head)
                && post_chars.clone().any(|c| links_of(c).next().is_some());
            if goes_on
                || elsewhere
                || !folded[post_start..post_end].iter().all(|c| is_han(*c))
                || !renders_head(&post_word)
                || (post_len > 2 && renders_head(&shorter))
            {
                continue;
            }
            for span_start in (post_end.saturating_sub(MAX_TITLE_CHARS)..=post_start).rev() {
                if !folded[span_start..post_start].iter().all(|c| is_han(*c)) {
                    break;
                }
                // A title starts on no function word, verb or preposition (`了|马来西亚驻华大使`).
                let opens_with_verb = post_start - span_start >= 2
                    && LEFT_BREAK_WORDS.contains(
                        &folded[span_start..span_start + 2].iter().collect::<String>().as_str(),
                    );
                if cuts(span_start) || is_breaker(folded, span_start) || opens_with_verb {
                    continue;
                }
                let span = &folded[span_start..post_end];
                // Alignment puts the title there: a character of it is linked to the English.
                if !(span_start..post_end).any(|c| linked.binary_search(&c).is_ok())
                    || (span_start..post_end).any(|c| name_chars.binary_search(&c).is_ok())
                    || !explain_each_other(span, &english)
                {
                    continue;
                }
                let found = Found {
                    zh: (span_start, post_end),
                    en: title_words.rendered(),
                    n_words: english.len(),
                    split: title_words.gap.is_some(),
                };
                if best.as_ref().is_none_or(|best| span.len() > best.zh.1 - best.zh.0) {
                    best = Some(found);
                }
            }
        }
    }
    best
}

/// The English content words of a title: no function words or punctuation, possessives and
/// `d'` stripped, an initialism's letters joined (`U.S.` → `US`).
fn content_words(tokens: &[EnglishToken]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut idx = 0;
    while idx < tokens.len() {
        let token = &tokens[idx];
        if token.text.len() == 1 && token.text.chars().all(|c| c.is_ascii_uppercase()) {
            let mut letters = token.text.clone();
            let mut next = idx + 1;
            while tokens.get(next).is_some_and(|t| t.text == ".")
                && tokens.get(next + 1).is_some_and(|t| {
                    t.text.len() == 1 && t.text.chars().all(|c| c.is_ascii_uppercase())
                })
            {
                letters.push_str(&tokens[next + 1].text);
                next += 2;
            }
            words.push(letters);
            idx = next;
            continue;
        }
        idx += 1;
        let word = strip_possessive(&token.text);
        let word = word
            .strip_prefix("d'")
            .or_else(|| word.strip_prefix("d’"))
            .or_else(|| word.strip_prefix("D'"))
            .or_else(|| word.strip_prefix("D’"))
            .unwrap_or(word);
        if !word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            || FUNCTION_WORDS.contains(&word.to_lowercase().as_str())
        {
            continue;
        }
        words.push(word.to_owned());
    }
    words
}

/// Whether the Chinese word `zh` renders the English word `word`: a CC-CEDICT gloss or the
/// pinyin of a two-character name ([`renders`]), `华` for China, a country's adjective that
/// shares the first four letters of a gloss (`中国` ↔ `Chinese`, `英国` ↔ `British`), or, for a
/// name of three sounds or more, the sound.
fn explains(zh: &str, word: &str) -> bool {
    let lower = word.to_lowercase();
    if renders(zh, word) > 0.0 || renders(zh, &lower) > 0.0 {
        return true;
    }
    if zh == "华" && matches!(lower.as_str(), "china" | "chinese") {
        return true;
    }
    let n_chars = zh.chars().count();
    let capitalised = word.starts_with(|c: char| c.is_ascii_uppercase());
    if capitalised && n_chars >= 2 && lower.len() >= 5 {
        let prefix = &lower[..4];
        if cedict_stems(zh).iter().any(|stem| stem.len() >= 4 && stem.starts_with(prefix)) {
            return true;
        }
    }
    // A transliteration is written mostly with the characters kept for foreign sounds.
    let foreign = zh.chars().filter(|c| TRANSLITERATION_CHARACTERS.contains(*c)).count();
    capitalised
        && n_chars >= 3
        && foreign * 2 >= n_chars
        && consonant_syllables(zh) >= 3
        && transliteration_score(zh, word) >= TRANSLITERATION_FLOOR
}

/// Marks the English words the Chinese word `zh` explains in `rendered`; true if any.
fn mark_rendered(zh: &str, english: &[String], rendered: &mut [bool]) -> bool {
    let mut any = false;
    for (idx, word) in english.iter().enumerate() {
        if explains(zh, word) {
            rendered[idx] = true;
            any = true;
        }
    }
    any
}

/// `chars` less the rank prefix inside them, and where it stood (`国家副主席` → `国家主席`, 2), when
/// what is left is long enough to be a post's dictionary word.
fn without_inner_rank(chars: &[char]) -> Option<(String, usize)> {
    if chars.len() <= MIN_RANKED_WORD_CHARS {
        return None;
    }
    let rank_at = (1..chars.len() - 1).find(|at| INNER_RANKS.contains(&chars[*at]))?;
    let reduced =
        chars.iter().enumerate().filter(|(at, _)| *at != rank_at).map(|(_, c)| *c).collect();
    Some((reduced, rank_at))
}

/// Whether the Chinese `span` and the English content words `english` explain each other:
/// every character lies in a word that renders one of the English words (or in a
/// [`SILENT_WORDS`] word), and every English word is rendered by a word of the span.
fn explain_each_other(span: &[char], english: &[String]) -> bool {
    let mut covered = vec![false; span.len()];
    let mut rendered = vec![false; english.len()];
    for start in 0..span.len() {
        for end in start + 1..=span.len().min(start + MAX_WORD_CHARS) {
            let zh: String = span[start..end].iter().collect();
            if SILENT_WORDS.contains(&zh.as_str()) {
                covered[start..end].iter_mut().for_each(|done| *done = true);
                continue;
            }
            // A silent word stands on its own: `驻华大使` glosses `China`, but only `华` may
            // say it, so that the English must too.
            if end - start > 1 && SILENT_WORDS.iter().any(|silent| zh.contains(silent)) {
                continue;
            }
            if mark_rendered(&zh, english, &mut rendered) {
                covered[start..end].iter_mut().for_each(|done| *done = true);
            }
            // A word with a rank inside (`国家副主席`) says the word less the rank; the rank
            // must still be said by an English word of its own.
            if let Some((reduced, rank_at)) = without_inner_rank(&span[start..end])
                && mark_rendered(&reduced, english, &mut rendered)
            {
                (start..end).filter(|at| *at != start + rank_at).for_each(|at| covered[at] = true);
            }
        }
    }
    !english.is_empty() && covered.iter().all(|done| *done) && rendered.iter().all(|done| *done)
}

#[cfg(test)]
mod tests {
    use super::{Post, content_words, english_posts, explain_each_other};
    use crate::{
        phrases::{EnglishToken, english_tokens},
        terminology::mine_terms,
    };

    fn words(en: &str) -> Vec<String> {
        content_words(&english_tokens(en))
    }

    fn explained(zh: &str, en: &str) -> bool {
        let chars: Vec<char> = zh.chars().collect();
        explain_each_other(&chars, &words(en))
    }

    /// The tokens of `en`, which holds one post, and that post.
    fn one_post(en: &str) -> (Vec<EnglishToken>, Post) {
        let tokens = english_tokens(en);
        let mut posts = english_posts(&tokens);
        assert_eq!(posts.len(), 1, "{posts:?}");
        (tokens, posts.remove(0))
    }

    /// The text of tokens `start..end` of `en`.
    fn text(en: &str, tokens: &[EnglishToken], start: usize, end: usize) -> String {
        en[tokens[start].bytes.start..tokens[end - 1].bytes.end].to_owned()
    }

    #[test]
    fn a_post_takes_its_modifiers_and_complements() {
        let en = "the Deputy Consul General of Australia in Chengdu, Sam Bentley, spoke.";
        let (tokens, post) = one_post(en);
        assert_eq!(text(en, &tokens, post.head.0, post.head.1), "Consul General");
        let longest = text(en, &tokens, *post.starts.last().unwrap(), *post.ends.last().unwrap());
        assert_eq!(longest, "Deputy Consul General of Australia in Chengdu");
        // `the` and the name after the comma stay out.
        assert!(post.starts.iter().all(|start| tokens[*start].text != "the"));
        one_post("a welcome speech by the Charge d’Affairs of the Embassy, Robert Wang.");
        assert_eq!(words("Charge d’Affairs of the Embassy"), ["Charge", "Affairs", "Embassy"]);
        assert_eq!(words("U.S. Consul General"), ["US", "Consul", "General"]);
    }

    #[test]
    fn a_holder_name_may_split_a_post_from_its_complement() {
        let en = "She invited President Park Geun-hye of South Korea to the summit.";
        let (tokens, post) = one_post(en);
        let splits: Vec<(String, String)> = post
            .split_ends
            .iter()
            .map(|&(name_end, end)| {
                (text(en, &tokens, post.head.1, name_end), text(en, &tokens, name_end, end))
            })
            .collect();
        assert_eq!(
            splits.last(),
            Some(&("Park Geun-hye".to_owned(), "of South Korea".to_owned())),
            "{splits:?}"
        );
        // No complement after the name, or a name too long to be one: no split.
        assert!(one_post("President Park Geun-hye said so.").1.split_ends.is_empty());
        // A name's letters cut apart by the tokens are one word (`A|ï|ssata`).
        let en = "Foreign Minister Aïssata Tall Sall of Senegal attended.";
        let (tokens, post) = one_post(en);
        let complements: Vec<String> = post
            .split_ends
            .iter()
            .map(|&(name_end, end)| text(en, &tokens, name_end, end))
            .collect();
        assert_eq!(complements, ["of Senegal"]);
        let long_name = "President Ann Bea Cid Dee Eve of Ruritania";
        assert!(one_post(long_name).1.split_ends.is_empty());
        let pairs = vec![(
            "她还邀请了韩国总统朴槿惠出席峰会。".to_owned(),
            "She also invited President Park Geun-hye of South Korea to the summit.".to_owned(),
        )];
        assert_eq!(first_rendering(&pairs, "韩国总统").as_deref(), Some("President"));
    }

    /// The first rendering mining finds for `zh` in `pairs`.
    fn first_rendering(pairs: &[(String, String)], zh: &str) -> Option<String> {
        let mined = mine_terms(pairs, &[]);
        let candidate = mined.candidates.iter().find(|candidate| candidate.zh == zh);
        assert!(candidate.is_some(), "{zh} not in {:?}", mined.candidates);
        candidate.and_then(|candidate| candidate.renderings.first()).map(|r| r.en.clone())
    }

    #[test]
    fn a_rank_inside_a_dictionary_word_is_read() {
        let pairs = vec![(
            "国家副主席韩正会见了英国客人。".to_owned(),
            "Vice President Han Zheng met the British guests.".to_owned(),
        )];
        assert_eq!(first_rendering(&pairs, "国家副主席").as_deref(), Some("Vice President"));
    }

    #[test]
    fn the_dictionary_verifies_both_sides() {
        assert!(explained(
            "澳大利亚驻成都副总领事",
            "Deputy Consul General of Australia in Chengdu"
        ));
        assert!(explained("突尼斯驻华大使", "Ambassador of Tunisia to China"));
        assert!(explained("副总理", "Vice Premier"));
        assert!(explained("法国总领事", "French Consul General"));
        assert!(explained("大使馆代办", "Charge d’Affairs of the Embassy"));
        // A rank inside the dictionary's word, said by an English word of its own.
        assert!(explained("国家副主席", "Vice President"));
        assert!(!explained("国家副主席", "President"));
        // The English leaves out what the Chinese says, or says what it does not.
        assert!(!explained("突尼斯驻华大使", "Ambassador of Tunisia"));
        assert!(!explained("突尼斯驻华大使", "Ambassador of Algeria to China"));
        assert!(!explained("中外新闻社大使", "Ambassador"));
        assert!(!explained("大使", "Ambassador of Tunisia"));
    }

    #[test]
    fn a_title_is_paired_by_alignment_and_verified_with_its_holder() {
        let pairs = vec![(
            "突尼斯驻华大使迪亚·哈立德和阿尔及利亚驻华大使艾哈桑·布哈利法出席了招待会。".to_owned(),
            "The Ambassador of Tunisia to China, Dia Khaled, and the Ambassador of Algeria to \
                 China, Ahsan Boukhalfa, attended the reception."
                .to_owned(),
        )];
        let mined = mine_terms(&pairs, &[]);
        let rendering = |zh: &str| {
            mined
                .candidates
                .iter()
                .find(|candidate| candidate.zh == zh)
                .and_then(|candidate| candidate.renderings.first())
                .map(|rendering| rendering.en.clone())
        };
        assert_eq!(rendering("突尼斯驻华大使").as_deref(), Some("Ambassador of Tunisia to China"));
        let note = |zh: &str| {
            mined.candidates.iter().find(|candidate| candidate.zh == zh).map(|c| c.note.clone())
        };
        assert_eq!(
            note("阿尔及利亚驻华大使").as_deref(),
            Some("composed title: 阿尔及利亚 = Algeria; 华 = China; 大使 = Ambassador")
        );
        assert_eq!(
            rendering("阿尔及利亚驻华大使").as_deref(),
            Some("Ambassador of Algeria to China")
        );
        // Who held which title, with the English title the dictionary verifies.
        let holder = |person: &str| {
            mined
                .holders
                .iter()
                .find(|holder| holder.person == person)
                .map(|holder| (holder.title.as_str(), holder.title_en.as_str()))
        };
        assert_eq!(
            holder("迪亚·哈立德"),
            Some(("突尼斯驻华大使", "Ambassador of Tunisia to China")),
            "{:?}",
            mined.holders
        );
    }
}
