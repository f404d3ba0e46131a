//! Lists of officials written in parallel on both sides: `匈牙利驻华大使白思谛、比利时驻华大使安博宁、
//! …` ↔ `Ambassador of Hungary Máté Pesti, Ambassador of Belgium Bruno Angelet, …`. Each side is
//! split into items at its list marks (`、，；` ↔ commas, semicolons, `and`); a Chinese item is a
//! title and a name (an honorific after it is dropped), an English item a title and a name in
//! either order, in one chunk (`Counsellor Ms Miao Changxia`) or two (`Chinese Consul General in
//! Perth, Mr Lei Kezhong`; `H.E. Carlos Bernal, Ambassador of Peru to China`).
//!
//! The items are aligned in order, gaps allowed (a translator may leave one out), scored by the
//! title: the head of the Chinese title word must be in the English title, and the country or
//! place of a composed title rendered there (CC-CEDICT, pinyin) anchors the pair. Where English
//! gives no mark between title and name (`Ambassador of Belgium Bruno Angelet`), the title ends
//! at the last word it explains (head, country, place, the head of an embassy), or at an
//! honorific (`H.E. Mr.`); the rest of the item is the name. Ambassadors' Chinese names are often
//! no transliteration (`昊使博` ↔ `André Haspels`), so inside a verified item the name needs no
//! sound evidence, except a name written with a middle dot, which is a transliteration and must
//! sound like the English one.

use std::collections::BTreeSet;

use crate::terminology::{
    Category,
    mining::{
        AFTER_NAME, Builder, LEFT_BREAK_WORDS, NAME_DOTS, SPAN_SUFFIXES,
        appositive::{
            Holder, core_ending_at, ends_title_on_the_left, is_bare_title, is_title_word,
        },
        composed::{part_rendering, split_composed},
        honorific::CHINESE_HONORIFICS,
        is_breaker, join_tokens,
        transliteration::{TRANSLITERATION_FLOOR, transliteration_score},
    },
    normalise::{Token, english_key, is_han},
};

/// Marks that separate the items of a Chinese list.
const ZH_LIST_MARKS: &[char] = &['、', '，', ',', '；', ';', '：', ':'];

/// Longest name without a middle dot, in characters.
const MAX_PLAIN_NAME_CHARS: usize = 4;

/// Longest name with middle dots, in characters.
const MAX_DOTTED_NAME_CHARS: usize = 16;

/// Most words of an English name.
const MAX_NAME_WORDS: usize = 6;

/// English words that may join the words of one title.
const CONNECTORS: &[&str] = &["of", "the", "to", "in", "for", "on", "at", "&"];

/// What a list pass claimed in one pair: Chinese char ranges and English token ranges, which
/// the appositive pass then leaves alone.
#[derive(Default, Clone)]
pub(super) struct Claims {
    pub(super) zh: Vec<(usize, usize)>,
    pub(super) en: Vec<(usize, usize)>,
    /// The (Chinese term, English key) links the list made.
    links: Vec<(String, String)>,
}

impl Claims {
    pub(super) fn holds_zh(&self, range: (usize, usize)) -> bool {
        self.zh.iter().any(|(start, end)| *start < range.1 && range.0 < *end)
    }

    pub(super) fn holds_en(&self, range: (usize, usize)) -> bool {
        self.en.iter().any(|(start, end)| *start < range.1 && range.0 < *end)
    }
}

/// A Chinese list item: title and name char ranges, and the end of the item (honorific
/// included).
#[derive(Debug, Clone)]
struct ZhItem {
    title: (usize, usize),
    name: (usize, usize),
    end: usize,
    heads: &'static [&'static str],
}

/// An English item matched to a Chinese one: title and name token ranges, and its score.
#[derive(Debug, Clone)]
struct EnMatch {
    title: (usize, usize),
    name: (usize, usize),
    score: f64,
    verified: bool,
    /// How many chunks it used.
    chunks: usize,
}

/// Mines every pair's parallel lists of officials; returns who held which title and, per pair,
/// what was claimed.
pub(super) fn mine_rosters(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
    english: &[Vec<Token>],
) -> (Vec<Holder>, Vec<Claims>) {
    let mut holders = Vec::new();
    let mut claims = vec![Claims::default(); pairs.len()];
    for (pair_idx, (zh, en)) in pairs.iter().enumerate() {
        let chars: Vec<char> = folded_pairs[pair_idx].chars().collect();
        let written: Vec<char> = zh.chars().collect();
        if written.len() != chars.len() {
            continue;
        }
        let tokens = &english[pair_idx];
        let zh_lists = chinese_lists(&chars);
        if zh_lists.is_empty() {
            continue;
        }
        let en_chars: Vec<char> = en.chars().collect();
        let chunks = english_chunks(&en_chars, tokens);
        for items in zh_lists {
            let matches = align(&chars, &items, tokens, &chunks);
            let n_verified = matches.iter().filter(|(_, found)| found.verified).count();
            // A list is believed when its items pair up and at least half of them are anchored
            // by a rendered country or place.
            if matches.len() < 2 || n_verified * 2 < matches.len() {
                continue;
            }
            for (zh_idx, found) in matches {
                let item = &items[zh_idx];
                let mut linker = Linker { builder, links: &mut claims[pair_idx].links, pair_idx };
                // An item whose person was refused is left to the other passes.
                if let Some(holder) =
                    add_item(&mut linker, &chars, &written, (&en_chars, tokens), item, &found)
                {
                    holders.push(holder);
                    claims[pair_idx].zh.push((item.title.0, item.end));
                    claims[pair_idx]
                        .en
                        .push((found.title.0.min(found.name.0), found.title.1.max(found.name.1)));
                }
            }
        }
    }
    (holders, claims)
}

/// Adds evidence of one pair and remembers the links it makes.
struct Linker<'a> {
    builder: &'a mut Builder,
    links: &'a mut Vec<(String, String)>,
    pair_idx: usize,
}

impl Linker<'_> {
    fn link(&mut self, category: Category, zh: &str, written: &str, en: &str) {
        self.builder.add(category, zh, written, Some((en, self.pair_idx)));
        self.links.push((zh.to_owned(), english_key(en)));
    }
}

/// Within a pair whose list was read item by item, the list's links are the only ones: any other
/// rendering another pass gave a linked Chinese term in that pair, or any other term a linked
/// English was given to there, is dropped (`南非共和国驻华大使` ↔ `Ambassador of Moldova to China`,
/// one item off). A term left with no rendering at all is dropped too.
pub(super) fn keep_only_list_links(builder: &mut Builder, claims: &[Claims]) {
    for (pair_idx, claim) in claims.iter().enumerate() {
        if claim.links.is_empty() {
            continue;
        }
        let linked_zh: BTreeSet<&str> = claim.links.iter().map(|(zh, _)| zh.as_str()).collect();
        let linked_en: BTreeSet<&str> = claim.links.iter().map(|(_, en)| en.as_str()).collect();
        let mut emptied = Vec::new();
        for (zh, evidence) in &mut builder.terms {
            let had_renderings = !evidence.renderings.is_empty();
            // A composed title whose English is only part of an item's title (`南非` ↔
            // `Ambassador of South Africa` inside `Ambassador of South Africa to China`) is a
            // piece of that item; a bare title word (`大使` ↔ `ambassador`) stands on its own.
            let composed_title = evidence.category == Some(Category::Title) && !is_bare_title(zh);
            for (key, (_, pair_indices)) in &mut evidence.renderings {
                let linked =
                    claim.links.iter().any(|(link_zh, link_en)| link_zh == zh && link_en == key);
                let padded = format!(" {key} ");
                let inside_an_item = composed_title
                    && linked_en.iter().any(|en| format!(" {en} ").contains(&padded));
                if !linked
                    && (linked_zh.contains(zh.as_str())
                        || linked_en.contains(key.as_str())
                        || inside_an_item)
                {
                    pair_indices.remove(&pair_idx);
                }
            }
            evidence.renderings.retain(|_, (_, pair_indices)| !pair_indices.is_empty());
            let renderings = &evidence.renderings;
            evidence.first_seen.retain(|key| renderings.contains_key(key));
            if had_renderings && evidence.renderings.is_empty() {
                emptied.push(zh.clone());
            }
        }
        for zh in emptied {
            builder.terms.remove(&zh);
        }
    }
}

/// Adds one matched item: the person (unless a transliterated name does not sound like the
/// English one), the composed title, and an embassy or office inside the title with its post.
fn add_item(
    linker: &mut Linker<'_>,
    chars: &[char],
    written: &[char],
    (en_chars, tokens): (&[char], &[Token]),
    item: &ZhItem,
    found: &EnMatch,
) -> Option<Holder> {
    let text = |range: (usize, usize)| -> String { chars[range.0..range.1].iter().collect() };
    let written_text =
        |range: (usize, usize)| -> String { written[range.0..range.1].iter().collect() };
    let name = text(item.name);
    let title = text(item.title);
    let person_en = as_written(en_chars, tokens, found.name);
    let title_en = as_written(en_chars, tokens, found.title);
    if !is_bare_title(&title) {
        linker.link(Category::Title, &title, &written_text(item.title), &title_en);
        add_office_and_post(linker, chars, written, tokens, item.title, found.title);
    }
    let dotted = name.contains(NAME_DOTS);
    if dotted && !sounds_alike(&name, &tokens[found.name.0..found.name.1]) {
        return None;
    }
    linker.link(Category::Person, &name, &written_text(item.name), &person_en);
    Some(Holder { person: name, title, person_en, title_en, pair_idx: linker.pair_idx })
}

/// The English of a token range as the text writes it (`Siyabonga C. Cwele`): from its first
/// token's start to its last token's end, a full stop after a last initial included.
fn as_written(en_chars: &[char], tokens: &[Token], range: (usize, usize)) -> String {
    let (start, end) = (tokens[range.0].start, tokens[range.1 - 1].end);
    let text: String = en_chars[start..end].iter().collect();
    text.split_whitespace().collect::<Vec<&str>>().join(" ")
}

/// A transliterated name sounds like the English: the whole name, or its last part like the
/// last English word (`马丁•切冬多` ↔ `Martin Chedondo`, `伊莱亚•乔治•凯亚莫` ↔ `Elia G. Kaiyamo`).
fn sounds_alike(name: &str, words: &[Token]) -> bool {
    let english = join_tokens(words);
    if transliteration_score(name, &english) >= TRANSLITERATION_FLOOR {
        return true;
    }
    let last_part = name.rsplit(NAME_DOTS).next().unwrap_or(name);
    words.last().is_some_and(|last| {
        transliteration_score(last_part, &last.surface) >= TRANSLITERATION_FLOOR
    })
}

/// `瑞士驻华大使馆公使兼副馆长` ↔ `Deputy Head of Mission of Swiss Embassy`: an office ending in an
/// organisation suffix inside the title, rendered after the post's `of`, is an organisation, and
/// the post after it a title (the part of a `兼` post the English post renders).
fn add_office_and_post(
    linker: &mut Linker<'_>,
    chars: &[char],
    written: &[char],
    tokens: &[Token],
    title: (usize, usize),
    title_en: (usize, usize),
) {
    let title_chars = &chars[title.0..title.1];
    // The longest organisation suffix ending inside the title, before its post.
    let mut office: Option<(usize, &[&str])> = None;
    for end in 2..title_chars.len() {
        for (suffix, category, heads) in SPAN_SUFFIXES {
            let suffix_chars: Vec<char> = suffix.chars().collect();
            if *category == Category::Organisation
                && suffix_chars.len() >= 2
                && title_chars[..end].ends_with(&suffix_chars)
                && office.is_none_or(|(best, _)| end > best)
            {
                office = Some((end, heads));
            }
        }
    }
    let Some((office_end, heads)) = office else { return };
    let en = &tokens[title_en.0..title_en.1];
    let Some(head_at) = en.iter().rposition(|token| heads.contains(&token.norm.as_str())) else {
        return;
    };
    let Some(of_at) = en[..head_at].iter().rposition(|token| token.norm == "of") else { return };
    let mut office_start = of_at + 1;
    while office_start < head_at && en[office_start].norm == "the" {
        office_start += 1;
    }
    let post_en = &en[..of_at];
    if post_en.is_empty() || office_start > head_at {
        return;
    }
    let office_en = join_tokens(&en[office_start..]);
    let office_range = (title.0, title.0 + office_end);
    let office_zh: String = chars[office_range.0..office_range.1].iter().collect();
    let office_written: String = written[office_range.0..office_range.1].iter().collect();
    linker.link(Category::Organisation, &office_zh, &office_written, &office_en);
    // The post, or the part of it (`公使兼副馆长`) whose head the English post has.
    let post_key = format!(" {} ", english_key(&join_tokens(post_en)));
    let mut part_start = office_range.1;
    for at in office_range.1..=title.1 {
        if at == title.1 || chars[at] == '兼' {
            let part = (part_start, at);
            if part.1 > part.0
                && let Some((_, part_heads)) = core_ending_at(&chars[..part.1], part.1)
                && part_heads
                    .iter()
                    .any(|head| post_key.contains(&format!(" {} ", english_key(head))))
            {
                let zh: String = chars[part.0..part.1].iter().collect();
                let zh_written: String = written[part.0..part.1].iter().collect();
                linker.link(Category::Title, &zh, &zh_written, &join_tokens(post_en));
            }
            part_start = at + 1;
        }
    }
}

/// Runs of two or more Chinese list items in consecutive segments.
fn chinese_lists(chars: &[char]) -> Vec<Vec<ZhItem>> {
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (at, c) in chars.iter().enumerate() {
        if ZH_LIST_MARKS.contains(c) || matches!(c, '。' | '！' | '？' | '!' | '?') {
            segments.push((start, at));
            start = at + 1;
        }
    }
    segments.push((start, chars.len()));
    let mut lists: Vec<Vec<ZhItem>> = Vec::new();
    let mut current: Vec<ZhItem> = Vec::new();
    let mut last_segment: Option<usize> = None;
    for (segment_idx, (seg_start, seg_end)) in segments.iter().enumerate() {
        let item = chinese_item(chars, *seg_start, *seg_end);
        match item {
            Some(item) => {
                let follows = last_segment.is_some_and(|last| last + 1 == segment_idx);
                if !follows && current.len() >= 2 {
                    lists.push(std::mem::take(&mut current));
                } else if !follows {
                    current.clear();
                }
                // Only the last item of a list may run on after its name (`…江天等进行会谈`).
                let ends_segment = item.end == trimmed_end(chars, *seg_start, *seg_end);
                current.push(item);
                last_segment = Some(segment_idx);
                if !ends_segment {
                    if current.len() >= 2 {
                        lists.push(std::mem::take(&mut current));
                    } else {
                        current.clear();
                    }
                    last_segment = None;
                }
            }
            None => {
                if current.len() >= 2 {
                    lists.push(std::mem::take(&mut current));
                } else {
                    current.clear();
                }
                last_segment = None;
            }
        }
    }
    if current.len() >= 2 {
        lists.push(current);
    }
    lists
}

fn trimmed_end(chars: &[char], start: usize, end: usize) -> usize {
    let mut end = end;
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    end
}

/// The item of one segment: a title ending in a title word, then a name running to the
/// segment's end (an honorific after it dropped), or to `等` or a word that follows names.
fn chinese_item(chars: &[char], seg_start: usize, seg_end: usize) -> Option<ZhItem> {
    let seg_end = trimmed_end(chars, seg_start, seg_end);
    // The title word right before the name: the last one in the segment followed by a name.
    for core_end in (seg_start + 1..seg_end).rev() {
        let Some((core_len, heads)) = core_ending_at(&chars[..core_end], core_end) else {
            continue;
        };
        if core_end - core_len < seg_start {
            continue;
        }
        let (name_end, item_end) = name_from(chars, core_end, seg_end)?;
        let title_start = title_start(chars, seg_start, core_end - core_len);
        return Some(ZhItem {
            title: (title_start, core_end),
            name: (core_end, name_end),
            end: item_end,
            heads,
        });
    }
    None
}

/// The name starting at `start`: Han characters and middle dots up to the segment end, an
/// honorific, `等` or a word that follows names; `(name end, item end)`.
fn name_from(chars: &[char], start: usize, seg_end: usize) -> Option<(usize, usize)> {
    let run =
        chars[start..seg_end].iter().take_while(|c| is_han(**c) || NAME_DOTS.contains(c)).count();
    let rest = &chars[start..start + run];
    let mut name_len = run;
    for at in 2..run {
        let tail: String = rest[at..].iter().collect();
        if CHINESE_HONORIFICS.iter().any(|honorific| tail.starts_with(honorific)) {
            name_len = at;
            break;
        }
        let verb = at + 1 < run
            && LEFT_BREAK_WORDS.contains(&rest[at..at + 2].iter().collect::<String>().as_str());
        if rest[at] == '等' || AFTER_NAME.contains(rest[at]) || verb {
            name_len = at;
            break;
        }
    }
    let dotted = rest[..name_len].iter().any(|c| NAME_DOTS.contains(c));
    let longest = if dotted { MAX_DOTTED_NAME_CHARS } else { MAX_PLAIN_NAME_CHARS };
    if !(2..=longest).contains(&name_len) || NAME_DOTS.contains(&rest[name_len - 1]) {
        return None;
    }
    let mut item_end = start + name_len;
    let tail: String = rest[name_len..].iter().collect();
    if let Some(honorific) =
        CHINESE_HONORIFICS.iter().find(|honorific| tail.starts_with(*honorific))
    {
        item_end += honorific.chars().count();
    }
    // A run that goes on past the name is a clause (`…江天等进行深入会谈`) unless it is the end.
    Some((start + name_len, item_end))
}

/// Where the title ending at `core_start` starts: back over Han characters to the segment start,
/// a function word or a verb; `兼` joins two posts of one title.
fn title_start(chars: &[char], seg_start: usize, core_start: usize) -> usize {
    let mut start = core_start;
    while start > seg_start {
        let c = chars[start - 1];
        // `共和国` (republic) holds no conjunction.
        let in_republic =
            c == '和' && start >= 2 && chars[start - 2] == '共' && chars[start] == '国';
        if !is_han(c) || (c != '兼' && !in_republic && is_breaker(chars, start - 1)) {
            break;
        }
        if start >= seg_start + 2 && ends_title_on_the_left(chars, start) {
            break;
        }
        start -= 1;
    }
    start
}

/// Words of a state's formal name after the country itself (`斯洛伐克|共和国`, `索马里|联邦共和国`,
/// `斯里兰卡|民主社会主义共和国`), which English leaves out.
const STATE_FORMS: &[&str] =
    &["共和国", "王国", "联邦", "民主", "社会主义", "人民", "伊斯兰", "合众国", "大公国", "联合"];

/// The country without the words of its formal name: `斯洛伐克共和国` → `斯洛伐克`.
fn without_state_form(country: &str) -> String {
    let mut rest = country;
    loop {
        let stripped = STATE_FORMS.iter().find_map(|form| rest.strip_suffix(form));
        match stripped {
            Some(shorter) if shorter.chars().count() >= 2 => rest = shorter,
            _ => return rest.to_owned(),
        }
    }
}

/// Token ranges of the English text between list marks (commas, semicolons, colons, sentence
/// ends) and the words `and`, `including`.
fn english_chunks(en_chars: &[char], tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut chunks = Vec::new();
    let mut start = 0;
    for idx in 0..tokens.len() {
        let gap_start = if idx == 0 { 0 } else { tokens[idx - 1].end };
        let gap: String = en_chars[gap_start..tokens[idx].start].iter().collect();
        let previous_is_short = idx > 0
            && (tokens[idx - 1].surface.chars().count() <= 2
                || matches!(tokens[idx - 1].norm.as_str(), "mrs" | "mr" | "ms" | "dr"));
        let mark = gap.contains([',', ';', ':']) || (gap.contains('.') && !previous_is_short);
        if mark && idx > start {
            chunks.push((start, idx));
            start = idx;
        }
        if matches!(tokens[idx].norm.as_str(), "and" | "including") {
            if idx > start {
                chunks.push((start, idx));
            }
            start = idx + 1;
        }
    }
    if tokens.len() > start {
        chunks.push((start, tokens.len()));
    }
    chunks
}

fn capitalised(token: &Token) -> bool {
    token.surface.chars().next().is_some_and(char::is_uppercase)
}

fn is_honorific_at(tokens: &[Token], at: usize) -> usize {
    let Some(token) = tokens.get(at) else { return 0 };
    if matches!(token.norm.as_str(), "mr" | "mrs" | "ms" | "dr" | "madam" | "madame" | "excellency")
    {
        return 1;
    }
    // `H.E.`
    if token.norm == "h" && tokens.get(at + 1).is_some_and(|next| next.norm == "e") {
        return 2;
    }
    0
}

/// The end of a run of honorifics starting at `at`.
fn past_honorifics(tokens: &[Token], mut at: usize, end: usize) -> usize {
    while at < end {
        let len = is_honorific_at(tokens, at);
        if len == 0 {
            break;
        }
        at += len;
    }
    at
}

/// The item part of a chunk: from its first capitalised word or title word on, capitalised
/// words, title words and connectors (`had talks with |Ambassador of Hungary Máté Pesti|`,
/// `|Ambassador of Thailand Chatchai Viriyavejakul| to further promote`), without connectors at
/// either end.
fn chunk_item(tokens: &[Token], chunk: (usize, usize)) -> (usize, usize) {
    let fits = |token: &Token| {
        capitalised(token) || is_title_word(&token.norm) || glued_connector(&token.surface)
    };
    // The runs of the chunk; the first one with a title word or an honorific, else the first.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut at = chunk.0;
    while at < chunk.1 {
        if !fits(&tokens[at]) {
            at += 1;
            continue;
        }
        let start = at;
        let mut end = start;
        while end < chunk.1
            && (fits(&tokens[end]) || CONNECTORS.contains(&tokens[end].norm.as_str()))
        {
            end += 1;
        }
        while end > start && CONNECTORS.contains(&tokens[end - 1].norm.as_str()) {
            end -= 1;
        }
        runs.push((start, end));
        at = end.max(start + 1);
    }
    let marked = |run: &(usize, usize)| {
        (run.0..run.1).any(|at| is_title_word(&tokens[at].norm) || is_honorific_at(tokens, at) > 0)
    };
    runs.iter().find(|run| marked(run)).or(runs.first()).copied().unwrap_or((chunk.1, chunk.1))
}

/// A connector glued to the capitalised word after it (`ofNamibiato`, `ofCzechRepublic`).
fn glued_connector(surface: &str) -> bool {
    CONNECTORS.iter().any(|connector| {
        surface
            .strip_prefix(connector)
            .is_some_and(|rest| rest.chars().next().is_some_and(char::is_uppercase))
    })
}

/// A name-only chunk: honorifics, then one to six capitalised words that are no title words.
fn name_only(tokens: &[Token], chunk: (usize, usize)) -> Option<(usize, usize)> {
    let start = past_honorifics(tokens, chunk.0, chunk.1);
    let words = &tokens[start..chunk.1];
    (!words.is_empty()
        && words.len() <= MAX_NAME_WORDS
        && words.iter().all(|token| capitalised(token) && !is_title_word(&token.norm)))
    .then_some((start, chunk.1))
}

/// An English item split into its title and the name after it (token ranges).
struct Split {
    title: (usize, usize),
    name: (usize, usize),
    /// The country or place of the Chinese title is rendered in the title.
    verified: bool,
    /// An honorific marks where the name starts.
    at_honorific: bool,
}

/// Splits an item into its title and the name after it (possibly empty), for a Chinese title.
fn split_title_name(
    tokens: &[Token],
    item: (usize, usize),
    title_zh: &str,
    heads: &[&str],
    other_countries: &[String],
) -> Option<Split> {
    let words = &tokens[item.0..item.1];
    // The title word's head, where it ends.
    let norms: Vec<&str> = words.iter().map(|token| token.norm.as_str()).collect();
    let mut head_end: Option<usize> = None;
    for head in heads {
        let head_words: Vec<&str> = head.split([' ', '-']).collect();
        for at in 0..norms.len() {
            if norms[at..].starts_with(&head_words) {
                let end = at + head_words.len();
                if head_end.is_none_or(|best| end < best) {
                    head_end = Some(end);
                }
            }
        }
    }
    let head_end = head_end?;
    // The title's first word is a capitalised word or a title word.
    let mut last_explained = head_end;
    let mut verified = false;
    if let Some((country, place, _)) = split_composed(title_zh) {
        for part in [without_state_form(&country), place] {
            if let Some((surface, _)) = part_rendering(&part, words)
                && let Some(at) = words.iter().rposition(|token| token.surface == surface)
            {
                // `驻华` ↔ `to China` is in every envoy's title: it ends the title but tells
                // no envoy from another.
                verified |= !matches!(part.as_str(), "华" | "中国");
                last_explained = last_explained.max(at + 1);
            }
        }
    }
    // A title that renders another item's country is that item's (`智利驻华大使` is no
    // `Ambassador of Peru to China` when `秘鲁驻华大使` is in the list).
    let own_country = split_composed(title_zh).map(|(country, _, _)| without_state_form(&country));
    if other_countries
        .iter()
        .filter(|other| Some(*other) != own_country.as_ref())
        .any(|other| part_rendering(other, words).is_some())
    {
        return None;
    }
    // The heads of an office inside the title (`大使馆` ↔ `Embassy`) end it too.
    let mut at_office = false;
    for (suffix, category, office_heads) in SPAN_SUFFIXES {
        if *category == Category::Organisation
            && suffix.chars().count() >= 2
            && title_zh.contains(suffix)
            && let Some(at) = norms.iter().rposition(|norm| office_heads.contains(norm))
        {
            at_office = true;
            last_explained = last_explained.max(at + 1);
        }
    }
    // An honorific ends the title where it stands.
    let honorific_at = (head_end..words.len()).find(|at| is_honorific_at(words, *at) > 0);
    let (title_end, at_honorific) = match honorific_at {
        Some(at) if at >= last_explained || !verified => (at, true),
        _ => (last_explained, false),
    };
    // Without a rendered part, an honorific or an office's head, nothing shows where the title
    // ends and the name starts.
    if !verified && !at_honorific && !at_office && title_end < words.len() {
        return None;
    }
    let mut trimmed_end = title_end;
    while trimmed_end > 0 && CONNECTORS.contains(&norms[trimmed_end - 1]) {
        trimmed_end -= 1;
    }
    let name_start = past_honorifics(words, title_end, words.len());
    let name = (item.0 + name_start, item.1);
    let name_words = &words[name_start..];
    if name_words.len() > MAX_NAME_WORDS
        || name_words.iter().any(|token| !capitalised(token) || is_title_word(&token.norm))
    {
        return None;
    }
    Some(Split { title: (item.0, item.0 + trimmed_end), name, verified, at_honorific })
}

/// The English match of one Chinese item starting at chunk `chunk_idx`, if any.
fn match_item(
    chars: &[char],
    item: &ZhItem,
    (tokens, chunks): (&[Token], &[(usize, usize)]),
    chunk_idx: usize,
    (countries, names_first): (&[String], bool),
) -> Option<EnMatch> {
    let title_zh: String = chars[item.title.0..item.title.1].iter().collect();
    let chunk = chunks[chunk_idx];
    let score_of = |verified: bool, honorific: bool| {
        1.0 + if verified { 2.0 } else { 0.0 } + if honorific { 0.5 } else { 0.0 }
    };
    // Title and name in one chunk, or a title chunk followed by a name chunk.
    let item_range = chunk_item(tokens, chunk);
    if item_range.1 > item_range.0
        && let Some(Split { title, name, verified, at_honorific: honorific }) =
            split_title_name(tokens, item_range, &title_zh, item.heads, countries)
    {
        if name.1 > name.0 {
            return Some(EnMatch {
                title,
                name,
                score: score_of(verified, honorific),
                verified,
                chunks: 1,
            });
        }
        // A title alone in its chunk takes the name of the next only when it is more than a
        // title word (`Ambassador`, then `Mr. Li Xikui, Vice Chairman …`, is no item).
        let composed = (title.0..title.1).any(|at| {
            !is_title_word(&tokens[at].norm) && !CONNECTORS.contains(&tokens[at].norm.as_str())
        });
        if let Some(&next) = chunks.get(chunk_idx + 1)
            && !names_first
            && (verified || composed)
            && let Some(name) = name_only(tokens, chunk_item(tokens, next))
        {
            return Some(EnMatch {
                title,
                name,
                score: score_of(verified, true),
                verified,
                chunks: 2,
            });
        }
        return None;
    }
    // A name chunk followed by a title chunk (`H.E. Carlos Bernal, Ambassador of Peru to China`).
    if !names_first {
        return None;
    }
    let name = name_only(tokens, item_range)?;
    let &next = chunks.get(chunk_idx + 1)?;
    let next_item = chunk_item(tokens, next);
    let Split { title, name: rest, verified, .. } =
        split_title_name(tokens, next_item, &title_zh, item.heads, countries)?;
    (rest.1 == rest.0 || rest.0 >= next.1).then_some(EnMatch {
        title,
        name,
        score: score_of(verified, true),
        verified,
        chunks: 2,
    })
}

/// Aligns the Chinese items with the English chunks in order, gaps allowed, for the best total
/// score; returns the matched items.
fn align(
    chars: &[char],
    items: &[ZhItem],
    tokens: &[Token],
    chunks: &[(usize, usize)],
) -> Vec<(usize, EnMatch)> {
    let (n, m) = (items.len(), chunks.len());
    // Whether the English names each person before the title (`H.E. Carlos Bernal, Ambassador
    // of Peru to China, …`) rather than after it: what its first item starts with.
    let names_first = chunks
        .iter()
        .map(|chunk| chunk_item(tokens, *chunk))
        .find_map(|(start, end)| {
            if (start..end).any(|at| is_title_word(&tokens[at].norm)) {
                Some(false)
            } else if end > start && is_honorific_at(tokens, start) > 0 {
                Some(true)
            } else {
                None
            }
        })
        .unwrap_or(false);
    // The countries of the list's composed titles.
    let countries: Vec<String> = items
        .iter()
        .filter_map(|item| {
            let title: String = chars[item.title.0..item.title.1].iter().collect();
            split_composed(&title).map(|(country, _, _)| without_state_form(&country))
        })
        .filter(|country| !matches!(country.as_str(), "华" | "中国"))
        .collect();
    let options: Vec<Vec<Option<EnMatch>>> = items
        .iter()
        .map(|item| {
            (0..m)
                .map(|chunk_idx| {
                    match_item(chars, item, (tokens, chunks), chunk_idx, (&countries, names_first))
                })
                .collect()
        })
        .collect();
    // best[i][j]: the best score aligning items i.. with chunks j..
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let mut score = best[i + 1][j].max(best[i][j + 1]);
            if let Some(found) = &options[i][j] {
                let next = (j + found.chunks).min(m);
                score = score.max(found.score + best[i + 1][next]);
            }
            best[i][j] = score;
        }
    }
    let mut matched = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if let Some(found) = &options[i][j] {
            let next = (j + found.chunks).min(m);
            if (best[i][j] - (found.score + best[i + 1][next])).abs() < 1e-9 {
                matched.push((i, found.clone()));
                i += 1;
                j = next;
                continue;
            }
        }
        if (best[i][j] - best[i + 1][j]).abs() < 1e-9 {
            i += 1;
        } else {
            j += 1;
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use crate::terminology::{Category, mine_candidates};

    fn rendering(
        candidates: &[crate::terminology::Candidate],
        zh: &str,
    ) -> Option<(Category, String)> {
        candidates.iter().find(|candidate| candidate.zh == zh).and_then(|candidate| {
            Some((candidate.category, candidate.renderings.first()?.en.clone()))
        })
    }

    #[test]
    fn a_list_of_envoys_pairs_item_by_item_with_titles_running_into_names() {
        let pairs = vec![(
            "与匈牙利驻华大使白思谛、比利时驻华大使安博宁、荷兰驻华大使昊使博、泰国驻华大使韩灿才等进行深入会谈。".to_owned(),
            "had talks with Ambassador of Hungary Máté Pesti, Ambassador of Belgium Bruno Angelet, \
             Ambassador of the Netherlands André Haspels, Ambassador of Thailand Chatchai Viriyavejakul to further promote exchanges."
                .to_owned(),
        )];
        let candidates = mine_candidates(&pairs, &[]);
        let person = |en: &str| Some((Category::Person, en.to_owned()));
        let title = |en: &str| Some((Category::Title, en.to_owned()));
        assert_eq!(rendering(&candidates, "安博宁"), person("Bruno Angelet"));
        assert_eq!(rendering(&candidates, "昊使博"), person("André Haspels"));
        assert_eq!(rendering(&candidates, "韩灿才"), person("Chatchai Viriyavejakul"));
        assert_eq!(rendering(&candidates, "比利时驻华大使"), title("Ambassador of Belgium"));
        assert_eq!(rendering(&candidates, "荷兰驻华大使"), title("Ambassador of the Netherlands"));
    }

    #[test]
    fn a_list_with_honorifics_skips_an_envoy_the_english_leaves_out_and_a_name_that_sounds_different()
     {
        let pairs = vec![(
            "成员:斯洛伐克共和国驻华大使彼得•利扎克阁下,斯里兰卡民主社会主义共和国驻华大使帕利塔•科霍纳博士,南非共和国驻华大使谢胜文阁下,博茨瓦纳共和国驻华大使莫图西•帕拉伊阁下,毛里求斯共和国驻华大使王纯万阁下等前往河南省参访。".to_owned(),
            "members, including Ambassador of Slovakia to ChinaH.E. Mr. Peter Lizák, Ambassador of South Africa to ChinaH.E. Mr. Siyabonga C. Cwele, \
             Ambassador of Botswana to ChinaH.E. Mr. Batlang Comma Serema, Ambassador of Mauritius to ChinaH.E. Mr. Alain Wong Yen Cheong, visited Henan Province."
                .to_owned(),
        )];
        let candidates = mine_candidates(&pairs, &[]);
        let person = |en: &str| Some((Category::Person, en.to_owned()));
        assert_eq!(rendering(&candidates, "彼得·利扎克"), person("Peter Lizák"));
        assert_eq!(rendering(&candidates, "谢胜文"), person("Siyabonga C. Cwele"));
        assert_eq!(rendering(&candidates, "王纯万"), person("Alain Wong Yen Cheong"));
        assert_eq!(
            rendering(&candidates, "南非共和国驻华大使"),
            Some((Category::Title, "Ambassador of South Africa to China".to_owned()))
        );
        assert_eq!(
            rendering(&candidates, "博茨瓦纳共和国驻华大使"),
            Some((Category::Title, "Ambassador of Botswana to China".to_owned()))
        );
        // Left out by the English, and named differently: no rendering.
        assert!(
            rendering(&candidates, "帕利塔·科霍纳").is_none_or(|(_, en)| !en.contains("Cwele"))
        );
        assert!(rendering(&candidates, "莫图西·帕拉伊").is_none());
        // Part of an item's title is no title of its own.
        assert!(
            rendering(&candidates, "南非").is_none_or(|(category, _)| category != Category::Title)
        );
    }
}
