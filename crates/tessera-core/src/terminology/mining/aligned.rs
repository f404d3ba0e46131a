//! Organisations, events and titles of any shape, found by phrase alignment: every pair is word
//! aligned ([`crate::phrases::WordAligner`]), and each maximal capitalised English name
//! (`Foreign Affairs Liaison Group`, `Embassy of Japan`) is paired with the Chinese span its
//! words are linked to, when that span is consistent with the links (no character inside it is
//! linked outside the name) and made of Chinese characters only.
//!
//! The English head decides the category (an organisation, an event, a title); a name whose head
//! is none of them yields nothing. A pairing is believed when the same Chinese span takes the
//! same English in two pairs, or when a word of the span translates a content word of the name
//! (CC-CEDICT, pinyin): alignment finds the span's edges, the lexicon only verifies.

use std::collections::{BTreeMap, BTreeSet};

use crate::{
    alignment::dictionary::DICTIONARY,
    phrases::{AlignedUnit, EnglishToken},
    terminology::{
        Category,
        mining::{
            Builder, LEFT_BREAK_WORDS, NAME_DOTS, TITLE_CORES,
            aligned_orgs::{
                NameEdges, ends_in_head, is_head_character, snap_organisation_span,
                starts_inside_a_word, translates_any,
            },
            appositive::is_title_word,
            is_breaker,
            lexical::{category_of_head, renders},
            opens_sentence_only, strip_possessive,
        },
        normalise::{english_key, is_han},
    },
};

/// Words that may join the capitalised words of one name.
const CONNECTORS: &[&str] = &["of", "for", "and", "on", "in", "the", "&", "-", "'s", "’s"];

/// Most English tokens in one name.
const MAX_NAME_TOKENS: usize = 24;

/// Longest Chinese span, in characters.
const MAX_SPAN_CHARS: usize = 24;

/// Most characters of a head word that a span may have lost at its end (`局`, `委员会`).
const MAX_HEAD_CHARS: usize = 3;

/// Characters that end the name of a place (`重庆市`, `四川省`, `英国`).
const PLACE_CHARACTERS: &str = "国省市县区州";

/// Characters that never stand inside a name: particles and the verb `在` (`菲律宾驻渝总领馆|在渝`).
const CLAUSE_CHARACTERS: &str = "的在了是";

/// Characters that never end a name: `驻` (stationed in) stands between an office and the
/// place it serves (`日本国驻华大使馆领事部|驻|重庆办公室`).
const NAME_NEVER_ENDS: &str = "驻";

/// One pairing seen in one pair.
struct Sighting {
    category: Category,
    written: String,
    en: String,
    pair_idx: usize,
    verified: bool,
}

/// Adds the names that phrase alignment pairs with a Chinese span (see the module docs).
pub(super) fn mine_aligned_names(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
    units: &[Option<AlignedUnit>],
) {
    // (zh, English key) → sightings.
    let mut seen: BTreeMap<(String, String), Vec<Sighting>> = BTreeMap::new();
    let persons: Vec<&String> = builder
        .terms
        .iter()
        .filter(|(_, evidence)| evidence.category == Some(Category::Person))
        .map(|(name, _)| name)
        .collect();
    // The English of the persons found so far, as lower-case words (`antony blinken`), every
    // one for cutting a name off a title (`Cleverly` too), names of two words or more for
    // cutting a name before a person.
    let holder_renderings: Vec<Vec<String>> = builder
        .terms
        .values()
        .filter(|evidence| evidence.category == Some(Category::Person))
        .flat_map(|evidence| evidence.renderings.values())
        .map(|(surface, _)| surface.split_whitespace().map(str::to_lowercase).collect())
        .collect();
    let places = builder.terms_of(Category::Place);
    let person_renderings: Vec<Vec<String>> =
        holder_renderings.iter().filter(|words| words.len() >= 2).cloned().collect();
    for (pair_idx, (zh, _)) in pairs.iter().enumerate() {
        let Some(unit) = &units[pair_idx] else { continue };
        let folded: Vec<char> = folded_pairs[pair_idx].chars().collect();
        let written: Vec<char> = zh.chars().collect();
        let words: Vec<(usize, usize)> = DICTIONARY
            .match_word_spans(&folded)
            .into_iter()
            .map(|(start, end, _)| (start, end))
            .collect();
        // A span never cuts a foreign name at its middle dot (`安东尼|·布林肯`), starts or ends
        // on a function word, holds a clause's particle, or holds or cuts the name of a person
        // (a title is no part of the name of its holder: `美国国务卿|安东尼·布林肯`).
        let at_dot = |idx: Option<usize>| {
            idx.and_then(|idx| folded.get(idx)).is_some_and(|c| NAME_DOTS.contains(c))
        };
        let mut person_spans: Vec<(usize, usize)> = Vec::new();
        for person in &persons {
            let person: Vec<char> = person.chars().collect();
            for at in 0..folded.len() {
                if folded[at..].starts_with(&person) {
                    person_spans.push((at, at + person.len()));
                }
            }
        }
        let allowed = |zh_start: usize, zh_end: usize| {
            let span = &folded[zh_start..zh_end];
            span.len() >= 2
                && !at_dot(zh_start.checked_sub(1))
                && !at_dot(Some(zh_end))
                && !is_breaker(&folded, zh_start)
                && !is_breaker(&folded, zh_end - 1)
                && !NAME_NEVER_ENDS.contains(folded[zh_end - 1])
                // Nor does it end on a verb of the clause (`重庆市委外办|召开`).
                && !(zh_end - zh_start > 2
                    && LEFT_BREAK_WORDS
                        .contains(&folded[zh_end - 2..zh_end].iter().collect::<String>().as_str()))
                && !span.iter().any(|c| CLAUSE_CHARACTERS.contains(*c))
                && !person_spans.iter().any(|(person_start, person_end)| {
                    *person_start < zh_end && zh_start < *person_end
                })
        };
        for (start, end) in capitalised_names(&unit.en_tokens) {
            // The whole name, or the name cut before its first `in`/`on`/`and` (`… in Nay Pyi
            // Taw`) or before a person's name: the one whose span fits the links best.
            let fits: Vec<(f64, usize, Category, usize, usize)> =
                name_cuts(&unit.en_tokens, start, end, &person_renderings)
                    .into_iter()
                    .filter_map(|end| {
                        let category = category_of(&unit.en_tokens[start..end])?;
                        let name = &unit.en_tokens[start..end];
                        if content_words(name).len() + initialisms(name) < 2
                            || !lower_case_title_fits(&unit.en_tokens[start..end], category)
                        {
                            return None;
                        }
                        let (zh_start, zh_end, fit) =
                            linked_span(unit, &folded, &words, (start, end), &allowed)?;
                        // A box with more links leaving it than inside is no pairing.
                        (fit > 0.0).then_some((fit, end, category, zh_start, zh_end))
                    })
                    .collect();
            let mut best =
                fits.iter().copied().max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            // A longer cut with the very same Chinese span is the better English when the
            // words it adds are linked into that span (`Philippine Consulate General | in
            // Chongqing` ↔ `菲律宾驻渝总领馆`, whose `渝` is Chongqing).
            if let Some((_, best_end, _, best_start, best_stop)) = best {
                let longer = fits.iter().copied().filter(|other| {
                    other.1 > best_end && other.3 == best_start && other.4 == best_stop
                });
                let covered = |other_end: usize| {
                    (best_end..other_end)
                        .filter(|en| !is_connector_token(&unit.en_tokens[*en]))
                        .all(|en| {
                            let linked_inside = unit.links.iter().any(|(zh, linked_en)| {
                                *linked_en == en && {
                                    let chars = &unit.zh_tokens[*zh];
                                    best_start <= chars.start && chars.end <= best_stop
                                }
                            });
                            linked_inside
                                || translated_within(
                                    &folded[best_start..best_stop],
                                    &unit.en_tokens[en].text,
                                )
                        })
                };
                if let Some(other) = longer.filter(|other| covered(other.1)).max_by_key(|o| o.1) {
                    best = Some(other);
                }
            }
            let Some((_, end, category, zh_start, zh_end)) = best else { continue };
            // A title is no part of its holder's name: a known name ending the English is cut
            // off (`… and Development Affairs | James Cleverly`).
            let end = without_trailing_person(&unit.en_tokens, start, end, &holder_renderings);
            if folded.len() != written.len() || zh_end > folded.len() {
                continue;
            }
            let (end, zh_start, zh_end) = if category == Category::Organisation {
                let content_tokens: Vec<usize> = (start..end)
                    .filter(|idx| {
                        is_content_word(&unit.en_tokens[*idx]) || initial_at(&unit.en_tokens, *idx)
                    })
                    .collect();
                let mut content_words: Vec<String> = content_tokens
                    .iter()
                    .filter(|idx| is_content_word(&unit.en_tokens[**idx]))
                    .map(|idx| unit.en_tokens[*idx].text.clone())
                    .collect();
                content_words.extend(joined_initialisms(&unit.en_tokens[start..end]));
                let head_token = start + head_index(&unit.en_tokens[start..end]);
                let head = unit.en_tokens[head_token].text.clone();
                let edges = NameEdges {
                    content_words: content_words.iter().map(String::as_str).collect(),
                    content_tokens,
                    head: &head,
                    head_token,
                    known_places: &places,
                };
                let (snapped_start, snapped_end) =
                    snap_organisation_span(unit, &folded, &edges, (zh_start, zh_end), &allowed);
                // The English of a shorter cut whose span is the snapped one: the words the
                // snapping left out of the Chinese go from the English too.
                let shorter = fits
                    .iter()
                    .filter(|fit| {
                        snapped_end < zh_end
                            && fit.1 < end
                            && fit.3 == snapped_start
                            && fit.4 == snapped_end
                    })
                    .map(|fit| fit.1)
                    .max();
                (shorter.unwrap_or(end), snapped_start, snapped_end)
            } else {
                (end, zh_start, zh_end)
            };
            let span = &folded[zh_start..zh_end];
            let en_text =
                &unit.en[unit.en_tokens[start].bytes.start..unit.en_tokens[end - 1].bytes.end];
            let zh_text: String = span.iter().collect();
            let verified = verifies(&zh_text, &unit.en_tokens[start..end]);
            seen.entry((zh_text, english_key(en_text))).or_default().push(Sighting {
                category,
                written: written[zh_start..zh_end].iter().collect(),
                en: en_text.to_owned(),
                pair_idx,
                verified,
            });
        }
    }
    let rendered: BTreeSet<String> =
        builder.terms.values().flat_map(|evidence| evidence.renderings.keys().cloned()).collect();
    for ((zh, key), sightings) in seen {
        let pairs_seen: BTreeSet<usize> = sightings.iter().map(|s| s.pair_idx).collect();
        if pairs_seen.len() < 2 && !sightings.iter().any(|s| s.verified) {
            continue;
        }
        // A name some other rule already rendered, or a span it already rendered, stands; but a
        // rendering that runs on past the name (`… for Democracy in Nay Pyi Taw`) gives way.
        if rendered.contains(&key) && !replaces_a_broken_span(builder, &zh, &key, &sightings) {
            continue;
        }
        if let Some(evidence) = builder.terms.get_mut(&zh)
            && !evidence.renderings.is_empty()
        {
            let run_on: Vec<String> = evidence
                .renderings
                .keys()
                .filter(|known| {
                    [" in ", " on "].iter().any(|at| known.starts_with(&format!("{key}{at}")))
                        // A rendering that lost the words before an `and` of the name (`Abroad
                        // News Press` for `Home and Abroad News Press`) gives way too.
                        || key
                            .strip_suffix(known.as_str())
                            .is_some_and(|lost| lost.ends_with(" and "))
                })
                .cloned()
                .collect();
            if run_on.len() < evidence.renderings.len() {
                continue;
            }
            for known in run_on {
                evidence.renderings.remove(&known);
                evidence.first_seen.retain(|seen| *seen != known);
            }
        }
        for sighting in &sightings {
            builder.add(
                sighting.category,
                &zh,
                &sighting.written,
                Some((&sighting.en, sighting.pair_idx)),
            );
        }
    }
}

/// Whether the verified organisation `zh` takes the rendering `key` over the terms that hold it
/// now, because each of them is a tail of `zh` that starts inside a word of it (`济研究所` for
/// `基尔世界经济研究所`): such a span was cut at a wrong edge. Those terms lose the rendering, and
/// a term left with none is dropped.
fn replaces_a_broken_span(
    builder: &mut Builder,
    zh: &str,
    key: &str,
    sightings: &[Sighting],
) -> bool {
    if !sightings.iter().any(|s| s.verified && s.category == Category::Organisation) {
        return false;
    }
    let chars: Vec<char> = zh.chars().collect();
    let holders: Vec<String> = builder
        .terms
        .iter()
        .filter(|(_, evidence)| evidence.renderings.contains_key(key))
        .map(|(term, _)| term.clone())
        .collect();
    // A tail that starts inside a word, or the name without the head word it ends in
    // (`北京外交人员服务` for `北京外交人员服务局`).
    let cut_short = |term: &String| {
        let n_chars = term.chars().count();
        n_chars < chars.len()
            && ((zh.ends_with(term.as_str())
                && starts_inside_a_word(&chars, chars.len() - n_chars))
                || zh.strip_prefix(term.as_str()).is_some_and(|extra| {
                    extra.chars().count() <= MAX_HEAD_CHARS && ends_in_head(extra)
                }))
    };
    // A longer span that ran into the clause before the name: the characters it adds translate
    // no word of the name (`我谨代表|中国驻曼彻斯特总领事馆`).
    let english_words: Vec<&str> = sightings
        .iter()
        .flat_map(|sighting| sighting.en.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| word.len() >= 2)
        .collect();
    // A place, its one-character short form or an owning body before the name stays (`重庆市`,
    // `重|报集团`, `市政府|外办`): news may write
    // it where the English leaves it out; and the name starts at a word of the longer span.
    let ran_on = |term: &String| {
        term.strip_suffix(zh).is_some_and(|extra| {
            let term_chars: Vec<char> = term.chars().collect();
            let extra_chars: Vec<char> = extra.chars().collect();
            // One character is more often a place's short form (`重|报集团`) than a clause.
            extra_chars.len() >= 2
                && !translates_any(extra, &english_words)
                && !starts_inside_a_word(&term_chars, extra_chars.len())
                && !extra_chars.last().is_some_and(|c| is_head_character(*c))
                && !extra.ends_with(|c: char| PLACE_CHARACTERS.contains(c))
                && builder
                    .terms
                    .get(extra)
                    .is_none_or(|evidence| evidence.category != Some(Category::Place))
        })
    };
    let broken = |term: &String| cut_short(term) || ran_on(term);
    if holders.is_empty() || !holders.iter().all(broken) {
        return false;
    }
    for term in holders {
        let Some(evidence) = builder.terms.get_mut(&term) else { continue };
        evidence.renderings.remove(key);
        evidence.first_seen.retain(|seen| seen != key);
        if evidence.renderings.is_empty() {
            builder.terms.remove(&term);
        }
    }
    true
}

/// A name led by a title in lower case is a title of a place (`deputy mayor of Toulouse`):
/// a title of an organisation (`director of the Center`) is left to the organisation and the
/// bare title, and a name led by a lower-case word that is no title is none.
fn lower_case_title_fits(tokens: &[EnglishToken], category: Category) -> bool {
    if capitalised(&tokens[0]) {
        return true;
    }
    let Some(of) = tokens.iter().position(|token| token.text == "of") else { return false };
    let complement = &tokens[of + 1..];
    category == Category::Title
        && complement.iter().any(capitalised)
        && !complement.iter().any(|token| category_of_head(&token.text.to_lowercase()).is_some())
}

/// A word of a name: capitalised, or a title word in lower case (`deputy mayor of Toulouse`).
fn name_word(token: &EnglishToken) -> bool {
    capitalised(token) || is_title_word(&token.text.to_lowercase())
}

fn capitalised(token: &EnglishToken) -> bool {
    token.text.chars().next().is_some_and(char::is_uppercase)
}

/// Maximal runs of capitalised words, connectors allowed inside: `(start, end)` token ranges
/// without a leading or trailing connector.
fn capitalised_names(tokens: &[EnglishToken]) -> Vec<(usize, usize)> {
    let mut names = Vec::new();
    let mut idx = 0;
    while idx < tokens.len() {
        if !name_word(&tokens[idx]) || tokens[idx].text == "The" || never_starts_name(&tokens[idx])
        {
            idx += 1;
            continue;
        }
        let start = idx;
        let mut end = idx + 1;
        let mut probe = end;
        // Title words in lower case lead a name (`deputy mayor of Toulouse`), never follow its
        // capitalised words (`Foreign Minister and the | chairman of …`).
        let mut seen_capitalised = capitalised(&tokens[start]);
        while probe < tokens.len() && probe - start < MAX_NAME_TOKENS {
            let token = &tokens[probe];
            // `… Foundation for Peace and Development and the | Municipal Government of …`:
            // `and the` coordinates a second name, whose own run starts after it.
            if seen_capitalised && coordinates_a_new_name(tokens, probe) {
                break;
            }
            // `for Foreign, Commonwealth and Development Affairs`: a comma of a serial list of
            // modifiers stays inside the name.
            if seen_capitalised && token.text == "," && serial_list_comma(tokens, probe) {
                probe += 1;
                continue;
            }
            // `U.S. Embassy`, `Washington D.C.`: the full stop of an initialism stays inside.
            if initialism_stop(tokens, probe) {
                probe += 1;
                continue;
            }
            let word = if seen_capitalised { capitalised(token) } else { name_word(token) };
            if word && token.text != "The" {
                seen_capitalised |= capitalised(token);
                probe += 1;
                end = probe;
            } else if CONNECTORS.iter().any(|word| token.text.eq_ignore_ascii_case(word))
                || token.text == "The"
            {
                probe += 1;
            } else {
                break;
            }
        }
        // `Chengdu municipal government`, `Chinese embassy`: an organisation's head in lower
        // case, after at most one administrative modifier, closes the capitalised words before
        // it (a plural, `Chinese universities`, names no one body), also after a title that
        // leads in lower case (`deputy mayor of Chongqing municipal government`).
        if seen_capitalised && let Some(head) = lower_case_head_after(tokens, end) {
            end = head + 1;
        }
        // `Foreign Ministry spokesperson`: a one-word title in lower case right after a
        // capitalised name makes it a title (`Chinese Foreign Ministry spokesman` ↔
        // 中国外交部发言人).
        if capitalised(&tokens[start])
            && tokens.get(end).is_some_and(|token| {
                let word = token.text.to_lowercase();
                !capitalised(token)
                    && TITLE_CORES.iter().any(|(_, heads)| heads.contains(&word.as_str()))
            })
            // `Mexican ambassador | to China`: a title that goes on is not read this way.
            && !tokens.get(end + 1).is_some_and(is_connector_token)
        {
            end += 1;
        }
        if end - start >= 2 || tokens[start].text.len() >= 4 {
            names.push((start, end));
            names.extend(nested_names(tokens, start, end));
        }
        idx = end;
    }
    names
}

/// English modifiers in lower case that stand between a place and the head of its body
/// (`Chengdu municipal government`, `Hubei provincial committee`).
const BODY_MODIFIERS: &[&str] = &["municipal", "provincial", "city", "county", "district"];

/// Heads of bodies formed for an occasion: in lower case (`the Chinese delegation`) they
/// describe a group rather than name one.
const OCCASIONAL_BODIES: &[&str] = &["delegation", "team", "group"];

/// Whether `token` is a word of an organisation's name that English writes in lower case: the
/// head noun of a standing body or an administrative modifier ([`BODY_MODIFIERS`]).
fn lower_case_body_word(token: &EnglishToken) -> bool {
    let text = token.text.as_str();
    text.chars().all(|c| c.is_ascii_lowercase())
        && (BODY_MODIFIERS.contains(&text)
            || (category_of_head(text) == Some(Category::Organisation)
                && !OCCASIONAL_BODIES.contains(&text)))
}

/// The index of an organisation's head in lower case at `at` or after one administrative
/// modifier there (`municipal | government`).
fn lower_case_head_after(tokens: &[EnglishToken], at: usize) -> Option<usize> {
    let is_head = |idx: usize| {
        tokens.get(idx).is_some_and(|token| {
            !BODY_MODIFIERS.contains(&token.text.as_str()) && lower_case_body_word(token)
        })
    };
    if is_head(at) {
        Some(at)
    } else {
        let modifier =
            tokens.get(at).is_some_and(|token| BODY_MODIFIERS.contains(&token.text.as_str()));
        (modifier && is_head(at + 1)).then_some(at + 1)
    }
}

/// `end`, or the start of a known person's English name that ends the name `start..end`.
fn without_trailing_person(
    tokens: &[EnglishToken],
    start: usize,
    end: usize,
    person_renderings: &[Vec<String>],
) -> usize {
    person_renderings
        .iter()
        .filter(|words| words.len() < end - start)
        .filter(|words| {
            words
                .iter()
                .zip(&tokens[end - words.len()..end])
                .all(|(word, token)| strip_possessive(&token.text).to_lowercase() == *word)
        })
        .map(|words| {
            // `… Affairs James | Cleverly`: the given name before a known surname goes too.
            let cut = end - words.len();
            if cut > start + 1 && words.len() == 1 && capitalised(&tokens[cut - 1]) {
                let before = tokens[cut - 1].text.to_lowercase();
                let head = is_title_head(&before) || category_of_head(&before).is_some();
                if head { cut } else { cut - 1 }
            } else {
                cut
            }
        })
        .min()
        .unwrap_or(end)
}

/// Whether the comma at `idx` separates the modifiers of one name (`Foreign, Commonwealth and
/// Development Affairs`): a capitalised word before it, and after it one to three capitalised
/// words, then `and` and a capitalised word, with no other mark between.
fn serial_list_comma(tokens: &[EnglishToken], idx: usize) -> bool {
    if idx == 0 || !capitalised(&tokens[idx - 1]) {
        return false;
    }
    let words = tokens[idx + 1..].iter().take_while(|token| capitalised(token)).count();
    (1..=3).contains(&words)
        && tokens.get(idx + 1 + words).is_some_and(|token| token.text == "and")
        && tokens.get(idx + 2 + words).is_some_and(capitalised)
}

/// Whether the token at `idx` is the full stop of an initialism inside a name (`U.S. Embassy`,
/// `D.C.`): it follows one capital letter and comes before another, or before a capitalised
/// word that goes on with the name (not `The`, nor a word after a line break).
fn initialism_stop(tokens: &[EnglishToken], idx: usize) -> bool {
    let single_capital = |token: &EnglishToken| {
        token.text.len() == 1 && token.text.chars().all(|c| c.is_ascii_uppercase())
    };
    tokens[idx].text == "."
        && idx > 0
        && single_capital(&tokens[idx - 1])
        && tokens.get(idx + 1).is_some_and(|next| {
            (single_capital(next) && next.bytes.start == tokens[idx].bytes.end)
                || (capitalised(next) && next.text != "The" && !never_starts_name(next))
        })
}

/// Whether `and` at `idx` starts a second name: it is followed by a determiner (`and the
/// Municipal Government of Changchun`), which no name holds after its conjunction.
fn coordinates_a_new_name(tokens: &[EnglishToken], idx: usize) -> bool {
    tokens[idx].text.eq_ignore_ascii_case("and")
        && tokens.get(idx + 1).is_some_and(|next| next.text.eq_ignore_ascii_case("the"))
}

/// Whether `word` (lower case) ends a title head (`spokesperson`, `general`, `director`).
pub(super) fn is_title_head(word: &str) -> bool {
    TITLE_CORES
        .iter()
        .any(|(_, heads)| heads.iter().any(|head| head.split(' ').next_back() == Some(word)))
}

/// A word capitalised only because it opens a sentence ([`opens_sentence_only`]).
fn never_starts_name(token: &EnglishToken) -> bool {
    opens_sentence_only(&token.text.to_lowercase())
}

/// A function word inside a name (`of`, `in`, `the`, `to`): linked loosely by the aligner.
fn is_connector_token(token: &EnglishToken) -> bool {
    CONNECTORS.iter().any(|word| token.text.eq_ignore_ascii_case(word)) || token.text == "to"
}

/// The name nested in the name `start..end` after its first `of`: the organisation after a
/// title (`Chairperson of | the Anglo Chinese Cultural Exchange Association`, `chairman of | the
/// National League for Democracy`) or after another organisation (`Foreign Affairs Office of |
/// Chongqing Municipal People's Government`). Chinese writes it first, side by side with the
/// rest, so it is a span of its own inside the whole.
fn nested_names(tokens: &[EnglishToken], start: usize, end: usize) -> Vec<(usize, usize)> {
    let Some(of) = (start + 1..end).find(|idx| tokens[*idx].text == "of") else {
        return Vec::new();
    };
    let mut tail = of + 1;
    while tail < end && tokens[tail].text.eq_ignore_ascii_case("the") {
        tail += 1;
    }
    // After a capitalised title, only an organisation is a name of its own (`Secretary of |
    // State Antony Blinken` is none).
    let nested = tail < end
        && capitalised(&tokens[tail])
        && (!capitalised(&tokens[start])
            || category_of(&tokens[tail..end]) == Some(Category::Organisation));
    if nested { vec![(tail, end)] } else { Vec::new() }
}

/// The category the English head calls for: the word before the first `of`/`for`/`in`/`on`, or
/// the last word.
fn category_of(tokens: &[EnglishToken]) -> Option<Category> {
    let head_idx = tokens
        .iter()
        .position(|token| matches!(token.text.as_str(), "of" | "for" | "in" | "on"))
        .map_or(tokens.len() - 1, |idx| idx.saturating_sub(1));
    // `Consulate General`, `Director General`: the word before a trailing `General` is the head.
    let head_idx = if head_idx > 0 && tokens[head_idx].text.eq_ignore_ascii_case("general") {
        head_idx - 1
    } else {
        head_idx
    };
    let head = tokens[head_idx].text.to_lowercase();
    // Events are left to the other miners: their names run into clauses too often.
    if let Some(category) = category_of_head(&head) {
        return (category == Category::Organisation).then_some(category);
    }
    is_title_head(&head).then_some(Category::Title)
}

/// Ends at which a name may be cut: its own end, before its first `in`, `on` or `and`
/// (`National League for Democracy | in Nay Pyi Taw`), and before the English name of a person
/// found elsewhere (`US Secretary of State | Antony Blinken`).
fn name_cuts(
    tokens: &[EnglishToken],
    start: usize,
    end: usize,
    person_renderings: &[Vec<String>],
) -> Vec<usize> {
    let first_connector =
        (start + 1..end).find(|cut| matches!(tokens[*cut].text.as_str(), "in" | "on" | "and"));
    let first_person = (start + 1..end).find(|cut| {
        person_renderings.iter().any(|words| {
            *cut + words.len() <= end
                && words
                    .iter()
                    .zip(&tokens[*cut..])
                    .all(|(word, token)| strip_possessive(&token.text).to_lowercase() == *word)
        })
    });
    // An organisation's head closes a name that the text runs on into another capitalised
    // phrase (`U.S. Embassy | Fourth of July reception`): the fit of the links decides between
    // the cut and the whole run.
    let after_heads = (start + 1..end - 1).filter(|at| {
        let next = &tokens[*at + 1];
        capitalised(next)
            && !is_connector_token(next)
            && category_of_head(&tokens[*at].text.to_lowercase()) == Some(Category::Organisation)
    });
    let mut cuts: Vec<usize> = first_connector
        .into_iter()
        .chain(first_person)
        .chain(after_heads.map(|at| at + 1))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts.retain(|cut| *cut != end);
    cuts.push(end);
    cuts
}

/// The Chinese character range that fits the links of English tokens `start..end` best, with
/// its fit: links inside the box count for it, links leaving it (a character of the span linked
/// outside the name, a word of the name linked outside the span) and an edge that cuts a
/// dictionary word (`words`, character ranges) against it. The span is made of Chinese
/// characters only, its edges are those of characters linked to the name or of the words they
/// cut, and most content words of the name are linked into it.
fn linked_span(
    unit: &AlignedUnit,
    folded: &[char],
    words: &[(usize, usize)],
    name: (usize, usize),
    allowed: &dyn Fn(usize, usize) -> bool,
) -> Option<(usize, usize, f64)> {
    let inside_name = |en: usize| (name.0..name.1).contains(&en);
    let linked: Vec<usize> =
        unit.links.iter().filter(|(_, en)| inside_name(*en)).map(|(zh, _)| *zh).collect();
    let mut starts: Vec<usize> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    for zh in &linked {
        let chars = &unit.zh_tokens[*zh];
        starts.push(chars.start);
        ends.push(chars.end);
        for (word_start, word_end) in words {
            if *word_start < chars.start && chars.start < *word_end {
                starts.push(*word_start);
            }
            if *word_start < chars.end && chars.end < *word_end {
                ends.push(*word_end);
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    ends.sort_unstable();
    ends.dedup();
    // Function words (`of`, `in`, `the`) are linked loosely; the fit is read from content words.
    let is_connector = |en: usize| is_connector_token(&unit.en_tokens[en]);
    let cuts = |at: usize| words.iter().filter(|(s, e)| *s < at && at < *e).count();
    let content: Vec<usize> = (name.0..name.1)
        .filter(|idx| {
            let token = &unit.en_tokens[*idx];
            (name_word(token) || lower_case_body_word(token))
                && !CONNECTORS.iter().any(|word| token.text.eq_ignore_ascii_case(word))
        })
        .collect();
    let mut best: Option<(usize, usize, f64)> = None;
    for &char_start in &starts {
        for &char_end in ends.iter().filter(|end| **end > char_start) {
            if char_end > folded.len()
                || char_end - char_start > MAX_SPAN_CHARS
                || !folded[char_start..char_end].iter().all(|c| is_han(*c))
            {
                break;
            }
            // A Chinese name ends with its head word: it never ends inside a word
            // (`中西部国际交|往中心`).
            if !allowed(char_start, char_end) || cuts(char_end) > 0 {
                continue;
            }
            let in_span = |zh: usize| {
                let chars = &unit.zh_tokens[zh];
                char_start <= chars.start && chars.end <= char_end
            };
            // A link leaving the box counts against it unless its word is linked inside the
            // box too: a word the text repeats (`驻渝总领馆在渝` ↔ `in Chongqing`) is linked to
            // each of its copies, and only one of them belongs to the name.
            let (mut inside, mut leaving) = (0u32, 0u32);
            for &(zh, en) in unit.links.iter().filter(|(_, en)| !is_connector(*en)) {
                match (in_span(zh), inside_name(en)) {
                    (true, true) => inside += 1,
                    (true, false) => {
                        let copy_inside = unit.links.iter().any(|(other_zh, other_en)| {
                            *other_zh == zh
                                && inside_name(*other_en)
                                && unit.en_tokens[*other_en].text == unit.en_tokens[en].text
                        });
                        if !copy_inside {
                            leaving += 1;
                        }
                    }
                    (false, true) => {
                        let copy_inside = unit.links.iter().any(|(other_zh, other_en)| {
                            *other_en == en
                                && in_span(*other_zh)
                                && folded.get(unit.zh_tokens[*other_zh].clone())
                                    == folded.get(unit.zh_tokens[zh].clone())
                        });
                        if !copy_inside {
                            leaving += 1;
                        }
                    }
                    (false, false) => {}
                }
            }
            let covered = content
                .iter()
                .filter(|word| unit.links.iter().any(|(zh, en)| en == *word && in_span(*zh)))
                .count();
            if covered * 3 < content.len() * 2 || leaving * 2 > inside {
                continue;
            }
            let edge_cuts = (cuts(char_start) + cuts(char_end)) as f64;
            let fit = f64::from(inside) - 1.5 * f64::from(leaving) - 2.0 * edge_cuts;
            if best.is_none_or(|(_, _, best_fit)| fit > best_fit) {
                best = Some((char_start, char_end, fit));
            }
        }
    }
    best
}

/// Whether a word of one to four characters of `span` renders the English `word` (CC-CEDICT,
/// pinyin of two-character names).
fn translated_within(span: &[char], word: &str) -> bool {
    (0..span.len()).any(|start| {
        (start + 1..=span.len().min(start + 4)).any(|end| {
            let zh: String = span[start..end].iter().collect();
            renders(&zh, word) > 0.0
        })
    })
}

/// True when the words of the Chinese span translate at least half the content words of the
/// English name (CC-CEDICT glosses, pinyin of two-character names).
fn verifies(zh: &str, tokens: &[EnglishToken]) -> bool {
    let chars: Vec<char> = zh.chars().collect();
    let content = content_words(tokens);
    let explained = content
        .iter()
        .filter(|token| {
            (0..chars.len()).any(|start| {
                (start + 1..=chars.len().min(start + 4)).any(|end| {
                    let word: String = chars[start..end].iter().collect();
                    renders(&word, &token.text) > 0.0
                })
            })
        })
        .count();
    !content.is_empty() && explained * 2 >= content.len()
}

/// How many initialisms (`U.S.`, `D.C.`: capital letters joined by full stops) a name holds:
/// each counts as one word of the name, though no letter of it is a content word.
fn initialisms(tokens: &[EnglishToken]) -> usize {
    (0..tokens.len())
        .filter(|idx| {
            tokens[*idx].text.len() == 1
                && tokens[*idx].text.chars().all(|c| c.is_ascii_uppercase())
                && tokens.get(idx + 1).is_some_and(|next| next.text == ".")
                && (*idx < 2 || tokens[idx - 1].text != ".")
        })
        .count()
}

/// Whether the token at `idx` is a capital letter of an initialism (`U` of `U.S.`).
fn initial_at(tokens: &[EnglishToken], idx: usize) -> bool {
    tokens[idx].text.len() == 1
        && tokens[idx].text.chars().all(|c| c.is_ascii_uppercase())
        && tokens.get(idx + 1).is_some_and(|next| next.text == ".")
}

/// The initialisms of a name written without their stops (`U.S.` → `US`), which CC-CEDICT
/// glosses read by their initials.
fn joined_initialisms(tokens: &[EnglishToken]) -> Vec<String> {
    let mut joined = Vec::new();
    let mut current = String::new();
    for idx in 0..tokens.len() {
        if initial_at(tokens, idx) {
            current.push_str(&tokens[idx].text);
        } else if tokens[idx].text != "." && !current.is_empty() {
            joined.push(std::mem::take(&mut current));
        }
    }
    if current.len() >= 2 {
        joined.push(current);
    }
    joined.retain(|initials| initials.len() >= 2);
    joined
}

/// The index of a name's head word: the word before its first `of`/`for`/`in`/`on`, or its last
/// word.
fn head_index(tokens: &[EnglishToken]) -> usize {
    tokens
        .iter()
        .position(|token| matches!(token.text.as_str(), "of" | "for" | "in" | "on"))
        .map_or(tokens.len() - 1, |idx| idx.saturating_sub(1))
}

/// The capitalised words of a name but its connectors.
fn content_words(tokens: &[EnglishToken]) -> Vec<&EnglishToken> {
    tokens.iter().filter(|token| is_content_word(token)).collect()
}

/// A capitalised word (or title word) of a name that is no connector.
fn is_content_word(token: &EnglishToken) -> bool {
    (name_word(token) || lower_case_body_word(token))
        && token.text.len() >= 2
        && !CONNECTORS.iter().any(|word| token.text.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::{
        Sighting, capitalised_names, category_of, initialisms, joined_initialisms, name_cuts,
        replaces_a_broken_span, without_trailing_person,
    };
    use crate::{
        phrases::english_tokens,
        terminology::{Category, mining::Builder},
    };

    #[test]
    fn heads_of_general_english_name_organisations() {
        for name in ["Home and Abroad News Press", "Headquarters of the Red Cross", "City Hospital"]
        {
            assert_eq!(category_of(&english_tokens(name)), Some(Category::Organisation), "{name}");
        }
    }

    #[test]
    fn initialisms_are_read_without_their_stops() {
        assert_eq!(
            joined_initialisms(&english_tokens("U.S. Embassy in Washington D.C.")),
            ["US", "DC"]
        );
        assert!(joined_initialisms(&english_tokens("Embassy of Japan")).is_empty());
    }

    #[test]
    fn a_verified_name_takes_the_rendering_of_a_span_cut_at_a_wrong_edge() {
        // Whether `zh`, seen verified or not, takes `Kiel Institute` from the term `holder`.
        let takes = |holder: &str, zh: &str, verified: bool| {
            let mut builder = Builder::default();
            builder.add(Category::Organisation, holder, holder, Some(("Kiel Institute", 0)));
            let sighting = Sighting {
                category: Category::Organisation,
                written: zh.to_owned(),
                en: "Kiel Institute".to_owned(),
                pair_idx: 0,
                verified,
            };
            let taken = replaces_a_broken_span(&mut builder, zh, "kiel institute", &[sighting]);
            (taken, builder.terms.is_empty())
        };
        // `济研究所` starts inside `世界经济`; a term left with no rendering goes.
        assert_eq!(takes("济研究所", "基尔世界经济研究所", true), (true, true));
        // A name without its head character (`局`).
        assert_eq!(takes("北京外交服务", "北京外交服务局", true), (true, true));
        // A span run into the clause before the name (`我们代表`), not a place before it.
        assert_eq!(takes("我们代表基尔研究所", "基尔研究所", true), (true, true));
        assert_eq!(takes("成都市基尔研究所", "基尔研究所", true), (false, false));
        assert_eq!(takes("蓉基尔研究所", "基尔研究所", true), (false, false));
        assert_eq!(takes("市政府基尔研究所", "基尔研究所", true), (false, false));
        assert_eq!(takes("日本国驻京研究所", "本国驻京研究所", true), (false, false));
        // A whole word before the name is no broken edge; an unverified sighting takes nothing.
        assert_eq!(takes("研究所", "基尔世界经济研究所", true), (false, false));
        assert_eq!(takes("济研究所", "基尔世界经济研究所", false), (false, false));
    }

    fn names(en: &str) -> Vec<String> {
        let tokens = english_tokens(en);
        capitalised_names(&tokens)
            .into_iter()
            .map(|(start, end)| &en[tokens[start].bytes.start..tokens[end - 1].bytes.end])
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn a_serial_list_of_modifiers_stays_inside_one_name() {
        let en = "He met the Minister for Infrastructure, Transport and Regional Development.";
        assert!(
            names(en).contains(
                &"Minister for Infrastructure, Transport and Regional Development".to_owned()
            ),
            "{:?}",
            names(en)
        );
        // A comma between two names is no such list.
        let en = "He visited Beijing, and Shanghai Museum later.";
        assert!(names(en).iter().all(|name| !name.contains(',')), "{:?}", names(en));
    }

    #[test]
    fn an_initialism_stays_inside_a_name_and_counts_as_a_word() {
        let found = names("The U.S. Embassy Fourth of July reception was grand.");
        assert!(found.contains(&"U.S. Embassy Fourth of July".to_owned()), "{found:?}");
        let found = names("He works at the Chinese Embassy in Washington D.C. Today he is home.");
        assert!(found.contains(&"Chinese Embassy in Washington D.C".to_owned()), "{found:?}");
        let tokens = english_tokens("U.S. Embassy");
        assert_eq!(initialisms(&tokens), 1);
        // An organisation's head may close the name before the capitalised words after it.
        let tokens = english_tokens("U.S. Embassy Fourth of July");
        assert!(name_cuts(&tokens, 0, tokens.len(), &[]).contains(&5));
    }

    #[test]
    fn an_organisation_head_in_lower_case_closes_a_name() {
        let found = names("On behalf of the Chengdu municipal government and its people.");
        assert!(found.contains(&"Chengdu municipal government".to_owned()), "{found:?}");
        let found = names("She attended a reception at the Chinese embassy.");
        assert!(found.contains(&"Chinese embassy".to_owned()), "{found:?}");
        let found = names("He is deputy mayor of Chongqing municipal government.");
        assert!(
            found.contains(&"deputy mayor of Chongqing municipal government".to_owned()),
            "{found:?}"
        );
        assert!(found.contains(&"Chongqing municipal government".to_owned()), "{found:?}");
        // A plural names no one body, a modifier alone is no head, and a body formed for an
        // occasion is described, not named.
        let found = names("The Chinese delegation arrived.");
        assert!(found.iter().all(|name| !name.contains("delegation")), "{found:?}");
        let found = names("Chinese universities and Chengdu municipal officials met.");
        assert!(found.iter().all(|name| !name.contains("universities")), "{found:?}");
        assert!(found.iter().all(|name| !name.contains("municipal")), "{found:?}");
        assert_eq!(
            category_of(&english_tokens("Chengdu municipal government")),
            Some(Category::Organisation)
        );
    }

    #[test]
    fn and_the_starts_a_second_name() {
        let en = "At the invitation of the Foundation for Peace and Development and the Municipal Government of Xi'an.";
        let found = names(en);
        assert!(found.contains(&"Foundation for Peace and Development".to_owned()), "{found:?}");
        assert!(found.iter().all(|name| !name.contains("and the")), "{found:?}");
    }

    #[test]
    fn a_known_holder_is_cut_off_the_end_of_a_title() {
        let en = "Minister for Regional Development Catherine King";
        let tokens = english_tokens(en);
        let end = tokens.len();
        let two_words = vec![vec!["catherine".to_owned(), "king".to_owned()]];
        assert_eq!(without_trailing_person(&tokens, 0, end, &two_words), end - 2);
        // A one-word surname takes the given name before it, not a title head.
        let surname = vec![vec!["king".to_owned()]];
        assert_eq!(without_trailing_person(&tokens, 0, end, &surname), end - 2);
        let en = "Minister for Regional Development Minister King";
        let tokens = english_tokens(en);
        assert_eq!(without_trailing_person(&tokens, 0, tokens.len(), &surname), tokens.len() - 1);
    }
}
