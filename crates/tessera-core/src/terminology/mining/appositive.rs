//! Titles of any shape and the people who hold them, read from the way news names a person:
//! Chinese puts the whole title right before the name (`澳大利亚驻成都副总领事彭善明`), English
//! puts it beside the name, after a comma or before it (`Sam Bentley, Deputy Consul General of
//! Australia in Chengdu`, `Philippine Consul General Flerida Ann Camille P. Mayo`).
//!
//! A Chinese mention is a title ending in a known title word, standing before a name. An English
//! mention is a name with the title phrase beside it. The two are paired when the name is
//! already known to render the Chinese name, or, for a name nobody has rendered yet (a foreign
//! name or a Chinese name a foreigner chose), when exactly one English mention of the pair is
//! left whose title carries the head word of the Chinese title (`总领事` → `consul general`) and
//! the names' order agrees. A transliteration score breaks ties and never proposes a name on its
//! own. Each pairing yields the composed title as a title candidate, the name as a person, and
//! a holder (who held which title, in which pair).

use std::collections::{BTreeMap, BTreeSet};

use crate::terminology::{
    Category,
    mining::{
        AFTER_NAME, Builder, LEFT_BREAK_WORDS, SPAN_SUFFIXES, TITLE_CORES, TITLE_MODIFIERS,
        aligned::is_title_head,
        composed::{describe_parts, parts_rendered},
        is_breaker, join_tokens,
        lexical::renders,
        opens_sentence_only,
        roster::Claims,
        strip_possessive, surname,
        transliteration::{TRANSLITERATION_FLOOR, transliteration_score},
    },
    normalise::{Token, english_key, is_han},
};

/// Longest composed title tried, in characters.
const MAX_TITLE_CHARS: usize = 32;

/// Longest English name, in words.
const MAX_NAME_WORDS: usize = 6;

/// Words before a title that are not part of it (`新任菲律宾驻重庆总领事`).
const TITLE_LEFT_WORDS: &[&str] = &[
    "新任", "前任", "时任", "现任", "首任", "会见", "会晤", "拜会", "周一", "周二", "周三", "周四",
    "周五", "周六", "周日", "今天", "昨天", "当天", "日前", "近日", "邀请", "诚邀", "特邀", "应邀",
];

/// English words of time and articles that may stand before an appositive title (`late
/// Ambassador`, `a member of`).
const TITLE_TIME_WORDS: &[&str] =
    &["late", "former", "new", "then", "incoming", "outgoing", "a", "an"];

/// Characters before a title that are not part of it (`应国务院总理…邀请`).
const TITLE_LEFT_CHARS: &str = "应请";

/// English words that join the parts of one title phrase.
const TITLE_CONNECTORS: &[&str] = &["of", "the", "and", "for", "in", "to", "on", "at", "with", "&"];

/// Who held which title, as one pair of the memory shows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Holder {
    /// The person's name (simplified Chinese).
    pub(crate) person: String,
    /// The composed title (simplified Chinese).
    pub(crate) title: String,
    /// The English name and title as the pair writes them.
    pub(crate) person_en: String,
    /// The English title.
    pub(crate) title_en: String,
    /// The pair that shows it.
    pub(crate) pair_idx: usize,
}

/// A title before a name in Chinese: char ranges and the English heads of its last title word.
struct ZhMention {
    title: (usize, usize),
    name: (usize, usize),
    /// The English heads of each title word (`市委副书记、市长` has two).
    heads: Vec<&'static [&'static str]>,
}

/// A name with a title beside it in English: token ranges.
struct EnMention {
    name: (usize, usize),
    title: (usize, usize),
}

/// Pairs Chinese and English mentions in every pair; see the module documentation.
pub(super) fn mine_appositives(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
    english: &[Vec<Token>],
    claims: &[Claims],
) -> Vec<Holder> {
    let mut holders = Vec::new();
    // Person names known so far with the keys of their renderings.
    let persons: BTreeMap<String, BTreeSet<String>> = builder
        .terms
        .iter()
        .filter(|(_, evidence)| evidence.category == Some(Category::Person))
        .map(|(zh, evidence)| (zh.clone(), evidence.renderings.keys().cloned().collect()))
        .collect();
    for (pair_idx, (zh, en)) in pairs.iter().enumerate() {
        let chars: Vec<char> = folded_pairs[pair_idx].chars().collect();
        let written: Vec<char> = zh.chars().collect();
        let tokens = &english[pair_idx];
        // What a parallel list of officials claimed is read there, not here.
        let zh_mentions: Vec<ZhMention> = chinese_mentions(&chars, &persons, folded_pairs)
            .into_iter()
            .filter(|mention| !claims[pair_idx].holds_zh((mention.title.0, mention.name.1)))
            .collect();
        if zh_mentions.is_empty() {
            continue;
        }
        let en_chars: Vec<char> = en.chars().collect();
        let en_mentions: Vec<EnMention> = english_mentions(&en_chars, tokens)
            .into_iter()
            .filter(|mention| {
                !claims[pair_idx].holds_en(mention.name)
                    && !claims[pair_idx].holds_en(mention.title)
            })
            .collect();
        // English names of people the pair's Chinese names are known to render.
        let known_here: BTreeSet<String> = persons
            .iter()
            .filter(|(name, _)| folded_pairs[pair_idx].contains(name.as_str()))
            .flat_map(|(_, keys)| keys.iter().cloned())
            .collect();
        let mut en_used = BTreeSet::new();
        let mut links: Vec<(usize, usize)> = Vec::new();
        // First the names already rendered.
        for (zh_idx, mention) in zh_mentions.iter().enumerate() {
            let name: String = chars[mention.name.0..mention.name.1].iter().collect();
            let Some(keys) = persons.get(&name).filter(|keys| !keys.is_empty()) else { continue };
            let found = en_mentions.iter().enumerate().find(|(en_idx, en_mention)| {
                !en_used.contains(en_idx) && title_fits(&mention.heads, tokens, en_mention) && {
                    let key =
                        english_key(&join_tokens(&tokens[en_mention.name.0..en_mention.name.1]));
                    keys.iter().any(|known| key == *known || key.ends_with(&format!(" {known}")))
                }
            });
            if let Some((en_idx, _)) = found {
                en_used.insert(en_idx);
                links.push((zh_idx, en_idx));
            }
        }
        // Then the names nobody rendered yet, against English names no known name explains.
        let open_zh: Vec<usize> = (0..zh_mentions.len())
            .filter(|zh_idx| !links.iter().any(|(linked, _)| linked == zh_idx))
            .filter(|zh_idx| {
                let mention = &zh_mentions[*zh_idx];
                let name: String = chars[mention.name.0..mention.name.1].iter().collect();
                persons.get(&name).is_none_or(BTreeSet::is_empty)
            })
            .collect();
        let open_en: Vec<usize> = (0..en_mentions.len())
            .filter(|en_idx| !en_used.contains(en_idx))
            .filter(|en_idx| {
                let mention = &en_mentions[*en_idx];
                let key = english_key(&join_tokens(&tokens[mention.name.0..mention.name.1]));
                !known_here.iter().any(|known| key.contains(known.as_str()))
            })
            .collect();
        // Competitive linking: the best-scored pairing first; a pairing tied with another for
        // the same mention is left alone.
        let mut options: Vec<(f64, usize, usize)> = Vec::new();
        for &zh_idx in &open_zh {
            let mention = &zh_mentions[zh_idx];
            let name: String = chars[mention.name.0..mention.name.1].iter().collect();
            let title: String = chars[mention.title.0..mention.title.1].iter().collect();
            for &en_idx in &open_en {
                let en_mention = &en_mentions[en_idx];
                if !title_fits(&mention.heads, tokens, en_mention) {
                    continue;
                }
                // A composed title's country and place, rendered in the English title, single
                // out the mention (`墨西哥驻华大使` ↔ `Ambassador of Mexico to China`).
                let parts = parts_rendered(&title, &tokens[en_mention.title.0..en_mention.title.1]);
                let en_name = join_tokens(&tokens[en_mention.name.0..en_mention.name.1]);
                let sounds_alike = transliteration_score(&name, &en_name) >= TRANSLITERATION_FLOOR;
                options.push((parts + if sounds_alike { 0.5 } else { 0.0 }, zh_idx, en_idx));
            }
        }
        options.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut zh_done: BTreeSet<usize> = BTreeSet::new();
        for &(score, zh_idx, en_idx) in &options {
            if zh_done.contains(&zh_idx) || en_used.contains(&en_idx) {
                continue;
            }
            let tied = options.iter().any(|&(other_score, other_zh, other_en)| {
                (other_score - score).abs() < 1e-9
                    && (other_zh, other_en) != (zh_idx, en_idx)
                    && ((other_zh == zh_idx && !en_used.contains(&other_en))
                        || (other_en == en_idx && !zh_done.contains(&other_zh)))
            });
            if tied {
                continue;
            }
            zh_done.insert(zh_idx);
            en_used.insert(en_idx);
            links.push((zh_idx, en_idx));
        }
        for (zh_idx, en_idx) in links {
            let zh_mention = &zh_mentions[zh_idx];
            let en_mention = &en_mentions[en_idx];
            let name: String = chars[zh_mention.name.0..zh_mention.name.1].iter().collect();
            let name_written: String =
                written[zh_mention.name.0..zh_mention.name.1].iter().collect();
            let title: String = chars[zh_mention.title.0..zh_mention.title.1].iter().collect();
            let title_written: String =
                written[zh_mention.title.0..zh_mention.title.1].iter().collect();
            let person_en =
                strip_possessive(&join_tokens(&tokens[en_mention.name.0..en_mention.name.1]))
                    .to_owned();
            let title_en = join_tokens(&tokens[en_mention.title.0..en_mention.title.1]);
            builder.add(Category::Person, &name, &name_written, Some((&person_en, pair_idx)));
            // A bare title (`副主任`) is the title miner's; here only composed ones count, and only
            // with an English title that is composed too, or one that leaves out what the pair's
            // English never says (`国务院总理` ↔ `Premier`: no `State Council` in the English).
            if !is_bare_title(&title)
                && (is_composed_english(tokens, en_mention.title)
                    || !qualifier_rendered(&title, tokens)
                    || qualifier_after_name(&title, tokens, en_mention.name.1))
            {
                builder.add(Category::Title, &title, &title_written, Some((&title_en, pair_idx)));
                let parts = describe_parts(&title, &tokens[en_mention.title.0..en_mention.title.1]);
                if let Some(evidence) = builder.terms.get_mut(&title)
                    && !parts.is_empty()
                    && evidence.note.is_empty()
                {
                    evidence.note = format!("composed title: {parts}");
                }
                add_title_parts(
                    builder,
                    &title,
                    &title_written,
                    tokens,
                    en_mention.title,
                    pair_idx,
                );
            }
            holders.push(Holder { person: name, title, person_en, title_en, pair_idx });
        }
    }
    holders
}

/// `市委副书记、市长` ↔ `Deputy Secretary of the CPC Chongqing Municipal Committee and Mayor of
/// Chongqing`: when the English splits at `and` into as many titles as the Chinese has, each
/// fitting in order, each composed part is a title of its own.
fn add_title_parts(
    builder: &mut Builder,
    title: &str,
    title_written: &str,
    tokens: &[Token],
    range: (usize, usize),
    pair_idx: usize,
) {
    let zh_parts: Vec<&str> = title.split('、').collect();
    let written_parts: Vec<&str> = title_written.split('、').collect();
    if zh_parts.len() < 2 || written_parts.len() != zh_parts.len() {
        return;
    }
    let mut en_parts: Vec<(usize, usize)> = Vec::new();
    let mut part_start = range.0;
    for (at, token) in tokens.iter().enumerate().take(range.1).skip(range.0) {
        // `… for Friendship and Peace …` is inside a name; `… and Chairman of …` starts a title.
        let title_follows = tokens.get(at + 1).is_some_and(|next| is_title_word(&next.norm));
        if token.norm == "and" && title_follows {
            en_parts.push((part_start, at));
            part_start = at + 1;
        }
    }
    en_parts.push((part_start, range.1));
    if en_parts.len() != zh_parts.len() {
        return;
    }
    for (zh, en_range) in zh_parts.iter().zip(&en_parts) {
        let chars: Vec<char> = zh.chars().collect();
        let Some((_, heads)) = core_ending_at(&chars, chars.len()) else { return };
        let mention = EnMention { name: (0, 0), title: *en_range };
        if !title_fits(&[heads], tokens, &mention) {
            return;
        }
    }
    for ((zh, written), en_range) in zh_parts.iter().zip(&written_parts).zip(&en_parts) {
        if !is_bare_title(zh) && is_composed_english(tokens, *en_range) {
            let en = join_tokens(&tokens[en_range.0..en_range.1]);
            builder.add(Category::Title, zh, written, Some((&en, pair_idx)));
        }
    }
}

/// Whether the English of the pair renders a word of what the composed title says before its
/// title word (`联合王国|首相` ↔ `Kingdom`, `塞内加尔|外长` ↔ `Senegal`): a capitalised word that a
/// word of it glosses (CC-CEDICT, pinyin of two-character names).
fn qualifier_rendered(title: &str, tokens: &[Token]) -> bool {
    let chars: Vec<char> = title.chars().collect();
    let Some((core_len, _)) = core_ending_at(&chars, chars.len()) else { return true };
    let qualifier = &chars[..chars.len() - core_len];
    tokens.iter().filter(|token| is_capitalised_word(token)).any(|token| {
        (0..qualifier.len()).any(|start| {
            (start + 1..=qualifier.len().min(start + 4)).any(|end| {
                let word: String = qualifier[start..end].iter().collect();
                renders(&word, &token.surface) > 0.0
            })
        })
    })
}

/// Whether English splits the title around the name and gives the qualifier after it
/// (`President Park Geun-hye | of South Korea` ↔ `韩国|总统朴槿惠`): `of`, then a place whose
/// every capitalised word a word of the qualifier renders, and which renders the whole
/// qualifier. The part before the name is then the whole title's rendering; a qualifier that
/// says more (`主席国塞内加尔|外长` ↔ `of Senegal`) or less (`王国|首相` ↔ `of the United Kingdom of
/// Great Britain …`) than the place is no such split.
fn qualifier_after_name(title: &str, tokens: &[Token], name_end: usize) -> bool {
    if tokens.get(name_end).is_none_or(|token| token.norm != "of" || token.after_break) {
        return false;
    }
    let chars: Vec<char> = title.chars().collect();
    let Some((core_len, _)) = core_ending_at(&chars, chars.len()) else { return false };
    let qualifier = &chars[..chars.len() - core_len];
    let mut place: Vec<&Token> = Vec::new();
    for token in tokens[name_end + 1..].iter().skip_while(|token| token.norm == "the") {
        if token.after_break {
            break;
        }
        if is_capitalised_word(token) {
            place.push(token);
        } else if !matches!(token.norm.as_str(), "of" | "and" | "the") {
            break;
        }
    }
    let mut covered = vec![false; qualifier.len()];
    let all_rendered = !place.is_empty()
        && place.iter().all(|token| {
            let mut rendered = false;
            for start in 0..qualifier.len() {
                for end in start + 1..=qualifier.len().min(start + 4) {
                    let word: String = qualifier[start..end].iter().collect();
                    if renders(&word, &token.surface) > 0.0 {
                        rendered = true;
                        covered[start..end].iter_mut().for_each(|done| *done = true);
                    }
                }
            }
            rendered
        });
    all_rendered && covered.iter().all(|done| *done)
}

/// True for a title that is only title words with their prefixes (`副总领事`, `党组成员、副主任`).
pub(super) fn is_bare_title(title: &str) -> bool {
    let prefixes = ["常务副", "副", "党组", "党委", "首席", "高级"];
    title.split('、').all(|part| {
        let mut rest = part;
        for prefix in prefixes {
            if let Some(stripped) = rest.strip_prefix(prefix) {
                rest = stripped;
            }
        }
        TITLE_CORES.iter().any(|(core, _)| *core == rest)
    })
}

/// Whether the English mention's title carries a head of every title word.
fn title_fits(heads: &[&[&str]], tokens: &[Token], mention: &EnMention) -> bool {
    let key = english_key(&join_tokens(&tokens[mention.title.0..mention.title.1]));
    let padded = format!(" {key} ");
    heads.iter().all(|alternatives| {
        alternatives.iter().any(|head| padded.contains(&format!(" {} ", english_key(head))))
    })
}

/// Whether an English title says more than title words (`of the Foreign Affairs Office`,
/// `Philippine`), as a composed Chinese title does.
fn is_composed_english(tokens: &[Token], range: (usize, usize)) -> bool {
    tokens[range.0..range.1].iter().any(|token| {
        !is_title_word(&token.norm) && !TITLE_CONNECTORS.contains(&token.norm.as_str())
    })
}

/// The title word ending at `end` (longest), with its English heads.
pub(super) fn core_ending_at(
    chars: &[char],
    end: usize,
) -> Option<(usize, &'static [&'static str])> {
    TITLE_CORES
        .iter()
        .filter(|(core, _)| {
            let core_chars: Vec<char> = core.chars().collect();
            chars[..end].ends_with(&core_chars)
        })
        .max_by_key(|(core, _)| core.chars().count())
        .map(|(core, heads)| (core.chars().count(), *heads))
}

/// Where the composed title ending at `end` starts: left over Han characters (and one `、`
/// between two titles) up to punctuation, a function word or a verb.
fn title_start(chars: &[char], end: usize, core_len: usize) -> usize {
    let mut start = end - core_len;
    let mut crossed_conjunction = false;
    while start > 0 && end - start < MAX_TITLE_CHARS {
        let c = chars[start - 1];
        if !crossed_conjunction && conjunction_inside_a_name(chars, start - 1, end) {
            crossed_conjunction = true;
            start -= 1;
            continue;
        }
        if c == '、' {
            // `市委副书记、市长`: two titles of one person.
            if start >= 2 && core_ending_at(chars, start - 1).is_some() {
                start -= 1;
                continue;
            }
            break;
        }
        if !is_han(c) || is_breaker(chars, start - 1) || TITLE_LEFT_CHARS.contains(c) {
            break;
        }
        if ends_title_on_the_left(chars, start) {
            break;
        }
        start -= 1;
    }
    start
}

/// True when the conjunction at `at` joins two words inside one organisation's name
/// (`中国友好和平发展基金会理事长`: friendship and peace), not two names (`市外办与市贸促会`) or two
/// titles: Han characters on both sides, no organisation suffix or title word right before it,
/// and an organisation suffix between it and the title word ending at `end`.
fn conjunction_inside_a_name(chars: &[char], at: usize, end: usize) -> bool {
    let organisation_suffix_at = |stop: usize| {
        SPAN_SUFFIXES.iter().any(|(suffix, category, _)| {
            let suffix: Vec<char> = suffix.chars().collect();
            *category == Category::Organisation && chars[..stop].ends_with(&suffix)
        })
    };
    matches!(chars[at], '和' | '与' | '及')
        && at >= 1
        && is_han(chars[at - 1])
        && chars.get(at + 1).is_some_and(|c| is_han(*c))
        && !organisation_suffix_at(at)
        && core_ending_at(chars, at).is_none()
        && (at + 2..end).any(organisation_suffix_at)
}

/// True when the two characters before `start` are a verb or a word of time that no title
/// starts with (`会见|菲律宾驻重庆总领事`, `新任|…`).
pub(super) fn ends_title_on_the_left(chars: &[char], start: usize) -> bool {
    start >= 2 && {
        let word: String = chars[start - 2..start].iter().collect();
        LEFT_BREAK_WORDS.contains(&word.as_str()) || TITLE_LEFT_WORDS.contains(&word.as_str())
    }
}

/// Titles standing right before a name: a known person name, a Chinese name, or a foreign name
/// running to punctuation or a typical next character.
fn chinese_mentions(
    chars: &[char],
    persons: &BTreeMap<String, BTreeSet<String>>,
    corpus: &[String],
) -> Vec<ZhMention> {
    let mut mentions: Vec<ZhMention> = Vec::new();
    for end in 1..chars.len() {
        let Some((core_len, heads)) = core_ending_at(chars, end) else { continue };
        // A longer title word may continue here (`总领事` inside `总领事馆`).
        if chars.get(end).is_some_and(|c| matches!(c, '馆' | '处' | '部' | '会' | '团')) {
            continue;
        }
        let Some(name_end) = name_after(chars, end, persons, corpus) else { continue };
        let start = title_start(chars, end, core_len);
        let mut all_heads = vec![heads];
        for at in start..end - core_len {
            if chars[at] == '、'
                && let Some((_, earlier)) = core_ending_at(chars, at)
            {
                all_heads.push(earlier);
            }
        }
        let several = all_heads.len() > 1;
        mentions.push(ZhMention { title: (start, end), name: (end, name_end), heads: all_heads });
        // `中共中央政治局委员、外交部长王毅`: English may give each title apart
        // (`Foreign Minister Wang Yi, a member of the Political Bureau …`).
        if several {
            let mut part_start = start;
            for at in start..=end {
                if at == end || chars[at] == '、' {
                    if let Some((_, part_heads)) = core_ending_at(chars, at) {
                        mentions.push(ZhMention {
                            title: (part_start, at),
                            name: (end, name_end),
                            heads: vec![part_heads],
                        });
                    }
                    part_start = at + 1;
                }
            }
        }
    }
    mentions
}

/// The end of the name starting at `start`, if one does: a known name (the longest, or one
/// character longer when the corpus always writes it so: `彭善` in `彭善明`), or a run of Han
/// characters and `·` up to punctuation or a typical next character (at most four characters
/// without `·`, not starting with a function word, not running into another title).
fn name_after(
    chars: &[char],
    start: usize,
    persons: &BTreeMap<String, BTreeSet<String>>,
    corpus: &[String],
) -> Option<usize> {
    let rest = &chars[start..];
    let known = persons
        .keys()
        .filter(|name| {
            let name_chars: Vec<char> = name.chars().collect();
            rest.starts_with(&name_chars)
        })
        .map(|name| name.chars().count())
        .max();
    if let Some(len) = known {
        let name_ends = |c: char| AFTER_NAME.contains(c) || NAME_END_CHARS.contains(c);
        if len == 2 && rest.get(2).is_some_and(|c| is_han(*c) && !name_ends(*c)) {
            let short: String = rest[..2].iter().collect();
            let long: String = rest[..3].iter().collect();
            let count = |name: &str| corpus.iter().filter(|text| text.contains(name)).count();
            if count(&short) >= 2 && count(&long) == count(&short) {
                return Some(start + 3);
            }
        }
        return Some(start + len);
    }
    if rest.first().is_none_or(|c| is_breaker(rest, 0) || !is_han(*c)) {
        return None;
    }
    let ends_name = |c: char| AFTER_NAME.contains(c) || NAME_END_CHARS.contains(c);
    let (surname_len, _) = surname(rest);
    if surname_len > 0 && !rest.iter().take(surname_len + 3).any(|c| *c == '·') {
        // A Chinese name: the surname and two characters, or one when a typical next
        // character follows.
        let short = surname_len + 1;
        let long = surname_len + 2;
        if rest.len() < short || !rest[..short].iter().all(|c| is_han(*c)) {
            return None;
        }
        let short_ends = rest.get(short).is_none_or(|c| !is_han(*c) || ends_name(*c));
        if short_ends || rest.len() < long || !is_han(rest[long - 1]) {
            return short_ends.then_some(start + short);
        }
        return Some(start + long);
    }
    let run = rest.iter().take_while(|c| is_han(**c) || **c == '·').count();
    let verb_at = |at: usize| {
        at + 1 < run
            && LEFT_BREAK_WORDS.contains(&rest[at..at + 2].iter().collect::<String>().as_str())
    };
    let cut = (2..run)
        .find(|at| ends_name(rest[*at]) || core_starting_at(rest, *at) || verb_at(*at))
        .unwrap_or(run);
    let dotted = rest[..cut].contains(&'·');
    let longest = if dotted { 12 } else { 4 };
    if !(2..=longest).contains(&cut) {
        return None;
    }
    // Each part of a foreign name is a few syllables: a longer last part runs on into the
    // clause (`马塞洛·埃布拉德签订协议`) at a place no rule here can tell.
    let last_part = rest[..cut].iter().rev().take_while(|c| **c != '·').count();
    if dotted && last_part > MAX_NAME_PART_CHARS {
        return None;
    }
    Some(start + cut)
}

/// Longest part of a foreign name between middle dots, in characters.
const MAX_NAME_PART_CHARS: usize = 5;

/// Characters that end a name besides [`AFTER_NAME`]: `一行` (and delegation), `将于`, `举行`,
/// `会见`, `向`.
const NAME_END_CHARS: &str = "一将于举会向";

/// True when a title word starts at `at` (`高葆玲总领事`: the name ends before it).
fn core_starting_at(chars: &[char], at: usize) -> bool {
    TITLE_CORES.iter().any(|(core, _)| {
        let core_chars: Vec<char> = core.chars().collect();
        chars[at..].starts_with(&core_chars)
    })
}

fn is_capitalised_word(token: &Token) -> bool {
    token.surface.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a token may be a word of a name: capitalised, or the part of a hyphenated given
/// name after its hyphen, which is often lower case (`Kang Sang-wook`, `Park Geun-hye`).
fn in_name_word(token: &Token) -> bool {
    is_capitalised_word(token) || token.hyphenated
}

/// Words that may stand in a title phrase in lower case.
pub(super) fn is_title_word(norm: &str) -> bool {
    if TITLE_CONNECTORS.contains(&norm) {
        return false;
    }
    TITLE_MODIFIERS.contains(&norm)
        || TITLE_CORES
            .iter()
            .flat_map(|(_, heads)| heads.iter())
            .any(|head| head.split([' ', '-']).any(|word| word == norm))
}

/// The text between two tokens (what separates them).
fn gap(en_chars: &[char], tokens: &[Token], idx: usize) -> String {
    let from = if idx == 0 { 0 } else { tokens[idx - 1].end };
    en_chars[from..tokens[idx].start].iter().collect()
}

/// Whether a break between `idx - 1` and `idx` still lets a name continue: after an initial
/// (`P. Mayo`).
fn continues_name(en_chars: &[char], tokens: &[Token], idx: usize) -> bool {
    if !tokens[idx].after_break {
        return true;
    }
    idx > 0
        && tokens[idx - 1].surface.chars().count() == 1
        && gap(en_chars, tokens, idx).trim() == "."
}

/// Names with their title beside them: `Name, Title,` and `Title Name`.
fn english_mentions(en_chars: &[char], tokens: &[Token]) -> Vec<EnMention> {
    let mut mentions = Vec::new();
    let head_words = |range: (usize, usize)| {
        tokens[range.0..range.1].iter().any(|token| is_title_word(&token.norm))
    };
    for idx in 1..tokens.len() {
        // `Name, Title`.
        if tokens[idx].after_break && gap(en_chars, tokens, idx).trim() == "," {
            // `Pe, late Ambassador of Myanmar`: a word of time before the title is not part of it.
            let first =
                if TITLE_TIME_WORDS.contains(&tokens[idx].norm.as_str()) { idx + 1 } else { idx };
            let mut end = first;
            while end < tokens.len()
                && (end == first || !tokens[end].after_break)
                && (is_capitalised_word(&tokens[end])
                    || TITLE_CONNECTORS.contains(&tokens[end].norm.as_str())
                    || is_title_word(&tokens[end].norm))
            {
                end += 1;
            }
            // `Li Keqiang, Foreign Ministry spokesperson Hua Chunying`, `Premier Li Keqiang, Prime
            // Minister Theresa May of …`: a name right after a title word means the title belongs
            // to that name, not to the one before the comma.
            let next_name = (first + 1..end).any(|at| {
                is_capitalised_word(&tokens[at])
                    && !is_title_word(&tokens[at].norm)
                    && is_title_head(&tokens[at - 1].norm)
            });
            if next_name {
                continue;
            }
            while end > first && TITLE_CONNECTORS.contains(&tokens[end - 1].norm.as_str()) {
                end -= 1;
            }
            let mut title_start = first;
            while title_start < end && TITLE_CONNECTORS.contains(&tokens[title_start].norm.as_str())
            {
                title_start += 1;
            }
            if end > title_start
                && head_words((title_start, end))
                && let Some(name_start) = name_before(en_chars, tokens, idx)
            {
                mentions.push(EnMention { name: (name_start, idx), title: (title_start, end) });
            }
        }
    }
    // `Foreign Ministry spokesperson Hua Chunying`: capitalised words, a lower-case title word,
    // a name.
    for idx in 0..tokens.len() {
        let token = &tokens[idx];
        if is_capitalised_word(token) || !is_title_word(&token.norm) {
            continue;
        }
        let Some(next) = tokens.get(idx + 1) else { continue };
        if next.after_break || !is_capitalised_word(next) || is_title_word(&next.norm) {
            continue;
        }
        let mut start = idx;
        while start > 0
            && !tokens[start].after_break
            && (is_capitalised_word(&tokens[start - 1]) || is_title_word(&tokens[start - 1].norm))
            && !TITLE_CONNECTORS.contains(&tokens[start - 1].norm.as_str())
            && !opens_sentence_only(&tokens[start - 1].norm)
        {
            start -= 1;
        }
        let mut name_end = idx + 1;
        while name_end < tokens.len()
            && name_end - idx <= MAX_NAME_WORDS
            && !tokens[name_end].after_break
            && in_name_word(&tokens[name_end])
        {
            name_end += 1;
        }
        mentions.push(EnMention { name: (idx + 1, name_end), title: (start, idx + 1) });
    }
    // `Title Name`: a title head with capitalised words before it, a name right after.
    let mut idx = 0;
    while idx < tokens.len() {
        if !is_title_word(&tokens[idx].norm) || !is_capitalised_word(&tokens[idx]) {
            idx += 1;
            continue;
        }
        let mut end = idx;
        loop {
            let fits = |at: usize| {
                at < tokens.len()
                    && (at == idx || !tokens[at].after_break)
                    && is_capitalised_word(&tokens[at])
                    && is_title_word(&tokens[at].norm)
            };
            if fits(end) {
                end += 1;
            } else if end > idx
                && tokens.get(end).is_some_and(|token| token.norm == "of" && !token.after_break)
                && fits(end + 1)
            {
                // `Secretary of State Antony Blinken`.
                end += 2;
            } else {
                break;
            }
        }
        let mut start = idx;
        while start > 0
            && !tokens[start].after_break
            && is_capitalised_word(&tokens[start - 1])
            && tokens[start - 1].norm != "the"
            && !TITLE_CONNECTORS.contains(&tokens[start - 1].norm.as_str())
            && !opens_sentence_only(&tokens[start - 1].norm)
        {
            start -= 1;
        }
        let mut name_end = end;
        while name_end < tokens.len()
            && name_end - end < MAX_NAME_WORDS
            && (name_end == end && !tokens[name_end].after_break
                || name_end > end && continues_name(en_chars, tokens, name_end))
            && in_name_word(&tokens[name_end])
            && !is_title_word(&tokens[name_end].norm)
        {
            name_end += 1;
        }
        let name_start = skip_honorifics(tokens, end, name_end);
        if name_end > name_start {
            mentions.push(EnMention { name: (name_start, name_end), title: (start, end) });
        }
        idx = end.max(idx + 1);
    }
    mentions
}

/// The start of the name ending right before token `end`: capitalised words that are no title
/// words, at most [`MAX_NAME_WORDS`].
fn name_before(en_chars: &[char], tokens: &[Token], end: usize) -> Option<usize> {
    let mut start = end;
    while start > 0
        && end - start < MAX_NAME_WORDS
        && in_name_word(&tokens[start - 1])
        && !is_title_word(&tokens[start - 1].norm)
        && (start == end || continues_name(en_chars, tokens, start))
    {
        start -= 1;
    }
    // The first word of a sentence or clause (`On`, `The`) and honorifics are no name.
    start = skip_honorifics(tokens, start, end);
    while start < end && matches!(tokens[start].norm.as_str(), "on" | "the" | "in" | "at" | "by") {
        start += 1;
    }
    (start < end).then_some(start)
}

/// The first token of a name from `start` on, past honorifics (`Mr`, `H.E.`).
fn skip_honorifics(tokens: &[Token], mut start: usize, end: usize) -> usize {
    let initial =
        |idx: usize| tokens.get(idx).is_some_and(|token| token.surface.chars().count() == 1);
    loop {
        if start < end && is_honorific(&tokens[start]) {
            start += 1;
        } else if start + 2 < end && initial(start) && initial(start + 1) {
            // `H.E. Lui Tuck Yew`: two initials before a name are a style of address.
            start += 2;
        } else {
            return start;
        }
    }
}

/// `Mr`, `Ms`, `Dr`, `H.E.`'s letters and the like, which stand before a name.
fn is_honorific(token: &Token) -> bool {
    matches!(
        token.norm.as_str(),
        "mr" | "ms" | "mrs" | "dr" | "madam" | "madame" | "sir" | "excellency" | "his" | "her"
    )
}

#[cfg(test)]
mod tests {
    use crate::terminology::mine_candidates;

    #[test]
    fn a_conjunction_inside_an_organisation_stays_in_its_holders_title() {
        let pairs = vec![(
            "中国人民对外友好协会副会长、中国友好和平发展基金会理事长李希奎出席。".to_owned(),
            "Mr. Li Xikui, Vice Chairman of the Chinese People's Association for Friendship with \
             Foreign Countries and Chairman of the China Foundation for Peace and Development, \
             attended."
                .to_owned(),
        )];
        let candidates = mine_candidates(&pairs, &[]);
        let rendering = |zh: &str| {
            candidates
                .iter()
                .find(|candidate| candidate.zh == zh)
                .and_then(|candidate| candidate.renderings.first())
                .map(|rendering| rendering.en.clone())
        };
        assert_eq!(
            rendering("中国友好和平发展基金会理事长").as_deref(),
            Some("Chairman of the China Foundation for Peace and Development")
        );
        assert_eq!(
            rendering("中国人民对外友好协会副会长").as_deref(),
            Some(
                "Vice Chairman of the Chinese People's Association for Friendship with Foreign Countries"
            )
        );
        assert!(rendering("平发展基金会理事长").is_none());
    }

    #[test]
    fn a_hyphenated_given_name_in_lower_case_stays_in_the_name() {
        let pairs = vec![(
            "市委外办主任曹赛先会见到访的韩国驻广州总领事姜相旭一行。".to_owned(),
            "Director General Cao Saixian met with the Consul General Kang Sang-wook of the \
             Republic of Korea in Guangzhou."
                .to_owned(),
        )];
        let candidates = mine_candidates(&pairs, &[]);
        let person = candidates.iter().find(|candidate| candidate.zh == "姜相旭");
        assert_eq!(
            person.and_then(|candidate| candidate.renderings.first()).map(|r| r.en.as_str()),
            Some("Kang Sang-wook")
        );
    }
}
