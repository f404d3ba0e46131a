//! Candidate mining: person names, titles, organisations, publications, events, places and
//! slogans (see [`crate::terminology::mine_candidates`] for the rules).
//!
//! Chinese is cleaned of pinyin glosses and folded to simplified first (offsets survive), so
//! traditional articles count with simplified ones and their written forms are kept as
//! variants. Every miner adds evidence to one [`Builder`] keyed by the simplified term; the first
//! miner to claim a term decides its category (names before places before titles before spans).

pub(crate) mod abbreviation;
mod acronyms;
mod aligned;
mod aligned_orgs;
mod aligned_persons;
mod aligned_places;
mod aligned_titles;
mod appositive;
mod composed;
mod honorific;
pub(crate) mod leftovers;
mod lexical;
mod names;
mod press;
mod roster;
mod screen;
mod sound_names;
pub(crate) mod transliteration;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::{
    alignment::pinyin_names::{readings, surname_at},
    phrases::{AlignedUnit, TrainingOptions, WordAligner},
    terminology::{
        Candidate, Category, Rendering, TitleHolder,
        normalise::{
            Token, english_key, english_tokens, fold_chinese, is_han, strip_pinyin_glosses,
        },
    },
};

/// Most pairs the word aligner that mining trains for itself is estimated on (the phrase
/// table's aligner, when there is one, is used instead).
const MINING_TRAINING_UNITS: usize = 2_000;

/// Example pair indices kept per rendering.
const MAX_EXAMPLES: usize = 5;

/// Most spellings generated for one name.
const MAX_SPELLINGS: usize = 32;

/// Longest organisation, publication or event span tried, in characters.
const MAX_SPAN_CHARS: usize = 16;

/// Title cores with the English head nouns that render them.
const TITLE_CORES: &[(&str, &[&str])] = &[
    ("主任", &["director general", "director-general", "director"]),
    ("总书记", &["general secretary"]),
    ("书记", &["secretary"]),
    ("部长", &["minister", "director", "head"]),
    ("局长", &["director general", "director", "commissioner"]),
    ("厅长", &["director general", "director"]),
    ("处长", &["director", "division chief"]),
    ("司长", &["director general", "director"]),
    ("主席", &["chairman", "chairwoman", "chairperson", "president", "chair"]),
    ("会长", &["president", "chairman", "chairwoman"]),
    ("秘书长", &["secretary general", "secretary-general"]),
    ("总裁", &["president", "ceo"]),
    ("大使", &["ambassador"]),
    ("总领事", &["consul general", "consul-general", "general consul", "general consular"]),
    ("领事", &["consul"]),
    ("市长", &["mayor"]),
    ("省长", &["governor"]),
    ("总理", &["premier", "prime minister"]),
    ("总编辑", &["editor-in-chief", "chief editor", "editor in chief"]),
    ("主编", &["editor-in-chief", "chief editor", "editor"]),
    ("总经理", &["general manager", "president"]),
    ("董事长", &["chairman", "chairwoman", "chairperson"]),
    ("理事长", &["chairman", "president"]),
    ("院长", &["president", "dean", "director"]),
    ("校长", &["president", "principal"]),
    ("社长", &["president", "publisher"]),
    ("台长", &["director", "president"]),
    ("巡视员", &["inspector"]),
    ("研究员", &["research fellow", "researcher", "fellow"]),
    ("主持人", &["host", "anchor", "presenter"]),
    ("发言人", &["spokesperson", "spokesman", "spokeswoman"]),
    ("成员", &["member"]),
    ("委员", &["member"]),
    ("外长", &["foreign minister", "minister"]),
    ("外交部长", &["foreign minister", "minister"]),
    ("首相", &["prime minister"]),
    ("国务卿", &["secretary of state"]),
    ("总统", &["president"]),
    ("议员", &["councillor", "councilor", "cllr", "member"]),
    ("使节", &["envoy", "envoys"]),
    // Diplomatic ranks and posts of an embassy, and heads of state and government abroad.
    ("公使", &["minister"]),
    ("参赞", &["counsellor", "counselor"]),
    ("馆长", &["head of mission", "curator", "director"]),
    ("国务委员", &["state councilor", "state councillor"]),
    ("大臣", &["secretary", "minister"]),
    ("国王", &["king"]),
    ("教授", &["professor"]),
];

/// Prefixes that compose with a title core, with the English modifier they call for.
const TITLE_PREFIXES: &[(&str, &[&str])] = &[
    ("常务副", &["executive deputy", "executive vice"]),
    ("党组副", &["deputy party", "party deputy"]),
    ("党委副", &["deputy party", "party deputy"]),
    ("党组", &["party"]),
    ("党委", &["party"]),
    ("二级", &["level-ii", "level ii", "second-level"]),
    ("一级", &["level-i", "level i", "first-level"]),
    ("高级", &["senior"]),
    ("首席", &["chief"]),
    ("副", &["deputy", "vice"]),
];

/// English words that may stand before a title head inside one title phrase.
const TITLE_MODIFIERS: &[&str] = &[
    "deputy",
    "vice",
    "executive",
    "party",
    "senior",
    "chief",
    "level",
    "ii",
    "i",
    "second",
    "first",
    "leadership",
    "group",
];

/// Chinese suffixes of organisations, publications and events with the English heads that
/// render them.
const SPAN_SUFFIXES: &[(&str, Category, &[&str])] = &[
    ("中心", Category::Organisation, &["center", "centre"]),
    ("集团", Category::Organisation, &["group"]),
    ("委员会", Category::Organisation, &["committee", "commission"]),
    ("办公室", Category::Organisation, &["office"]),
    ("办", Category::Organisation, &["office"]),
    ("政府", Category::Organisation, &["government"]),
    ("协会", Category::Organisation, &["association", "society"]),
    ("友协", Category::Organisation, &["association"]),
    ("促进会", Category::Organisation, &["association", "network", "council"]),
    ("联合会", Category::Organisation, &["federation", "association"]),
    ("联盟", Category::Organisation, &["league", "union", "alliance"]),
    ("学会", Category::Organisation, &["society", "association"]),
    ("研究院", Category::Organisation, &["institute", "academy"]),
    ("研究所", Category::Organisation, &["institute"]),
    ("大学", Category::Organisation, &["university"]),
    ("学院", Category::Organisation, &["college", "institute", "academy", "school"]),
    ("博物馆", Category::Organisation, &["museum"]),
    ("图书馆", Category::Organisation, &["library"]),
    ("银行", Category::Organisation, &["bank"]),
    ("医院", Category::Organisation, &["hospital"]),
    ("公司", Category::Organisation, &["company", "corporation", "co"]),
    ("宣传部", Category::Organisation, &["department"]),
    ("部", Category::Organisation, &["department", "ministry"]),
    ("局", Category::Organisation, &["bureau", "administration"]),
    ("厅", Category::Organisation, &["department"]),
    ("处", Category::Organisation, &["division", "department", "office"]),
    ("新闻社", Category::Organisation, &["agency"]),
    // `Consulate General of …`: the word before `of` is `General`.
    ("总领事馆", Category::Organisation, &["consulate", "general"]),
    ("领事馆", Category::Organisation, &["consulate", "consulate-general"]),
    ("大使馆", Category::Organisation, &["embassy"]),
    ("常委会", Category::Organisation, &["committee"]),
    ("商会", Category::Organisation, &["chamber", "commerce"]),
    ("基金会", Category::Organisation, &["foundation"]),
    ("管委会", Category::Organisation, &["committee", "commission"]),
    ("开发区", Category::Place, &["zone", "area"]),
    ("新区", Category::Place, &["area", "district", "zone"]),
    ("自贸区", Category::Place, &["zone"]),
    ("区", Category::Place, &["district", "zone", "area"]),
    ("县", Category::Place, &["county"]),
    ("省", Category::Place, &["province"]),
    ("镇", Category::Place, &["town"]),
    ("报社", Category::Organisation, &["daily", "newspaper"]),
    ("电视台", Category::Organisation, &["television", "tv", "station"]),
    ("杂志社", Category::Publication, &["magazine"]),
    ("杂志", Category::Publication, &["magazine"]),
    ("晚报", Category::Publication, &["news", "daily", "post"]),
    ("时报", Category::Publication, &["times"]),
    ("周刊", Category::Publication, &["weekly"]),
    ("日报", Category::Publication, &["daily"]),
    ("网", Category::Publication, &["net", "newsnet", "network", "website", "web"]),
    ("大会", Category::Event, &["conference", "congress", "assembly"]),
    ("论坛", Category::Event, &["forum"]),
    ("峰会", Category::Event, &["summit"]),
    ("博览会", Category::Event, &["expo", "fair", "exposition"]),
    ("大赛", Category::Event, &["contest", "competition"]),
    ("交易会", Category::Event, &["fair", "expo"]),
    ("洽谈会", Category::Event, &["fair", "expo"]),
    ("研讨会", Category::Event, &["seminar", "symposium", "workshop"]),
    ("展览会", Category::Event, &["exhibition", "expo", "show"]),
    ("运动会", Category::Event, &["games"]),
    ("年会", Category::Event, &["meeting", "conference"]),
    ("会议", Category::Event, &["conference", "meeting", "session"]),
    ("文化节", Category::Event, &["festival"]),
    ("电影节", Category::Event, &["festival"]),
    ("比赛", Category::Event, &["contest", "competition"]),
    ("节", Category::Event, &["festival"]),
];

/// Characters that end a Chinese term on the left: function words and very common verbs of
/// motion and meeting that stand before names in news.
const LEFT_BREAKERS: &str =
    "兼除的在赴到与和及同对向为由从将把被是了率等据于经并也还其该各至以让请就见访任出由与跟给往";

/// Two-character verbs and prepositions that end a term on the left (`借助重报集团`).
const LEFT_BREAK_WORDS: &[&str] = &[
    "建设", "设立", "联合", "借助", "拜会", "会见", "会晤", "运营", "运用", "希望", "加盟", "举办",
    "举行", "推动", "支持", "成立", "参观", "召开", "主办", "承办", "协办", "访问", "考察", "调研",
    "出席", "参加", "参与", "包括", "通过", "依托", "率领", "带领", "来自", "位于", "作为", "根据",
    "按照", "围绕", "加强", "推进", "促进", "深化", "共同", "携手", "邀请", "欢迎", "感谢", "入驻",
    "获得", "发布", "签署", "签订", "负责", "指导", "除了", "以及", "全面", "形成", "打造", "构建",
    "推出", "祝贺", "致函", "致信", "致电", "开展", "启动", "发起", "介绍", "表示", "认为", "指出",
    "强调", "期间", "之间", "位居", "入选",
    // Days, which often stand right before the subject of news (`周四外交部发言人`).
    "周一", "周二", "周三", "周四", "周五", "周六", "周日", "今天", "昨天",
];

/// English words that may join the capitalised words of one name.
const PHRASE_CONNECTORS: &[&str] = &["of", "for", "on", "in", "with", "the", "&"];

/// Mines candidates; see [`crate::terminology::mine_candidates`]. `aligner` is the memory's
/// trained word aligner; without one, one is trained on `pairs`.
pub(crate) fn mine(
    pairs: &[(String, String)],
    monolingual_zh: &[String],
    aligner: Option<&WordAligner>,
) -> (Vec<Candidate>, Vec<TitleHolder>) {
    // The Chinese as written, before a lost middle dot is restored, for the written forms.
    let as_written: Vec<String> = pairs
        .iter()
        .map(|(zh, _)| zh)
        .chain(monolingual_zh)
        .map(|zh| strip_pinyin_glosses(zh))
        .collect();
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(zh, en)| {
            let zh = names::restore_mojibake_dots(&strip_pinyin_glosses(zh));
            (zh, honorific::separate_glued_honorifics(en))
        })
        .collect();
    let monolingual_zh: Vec<String> = monolingual_zh
        .iter()
        .map(|zh| names::restore_mojibake_dots(&strip_pinyin_glosses(zh)))
        .collect();
    let (pairs, monolingual_zh) = (pairs.as_slice(), monolingual_zh.as_slice());
    let mut builder = Builder::default();
    let folded_pairs: Vec<String> = pairs.iter().map(|(zh, _)| fold_chinese(zh)).collect();
    let folded_mono: Vec<String> = monolingual_zh.iter().map(|zh| fold_chinese(zh)).collect();
    let english: Vec<Vec<Token>> = pairs.iter().map(|(_, en)| english_tokens(en)).collect();

    for (pair_idx, (zh, _)) in pairs.iter().enumerate() {
        mine_names(&mut builder, zh, &folded_pairs[pair_idx], &english[pair_idx], pair_idx);
    }
    for (zh, folded) in pairs
        .iter()
        .map(|(zh, _)| zh)
        .zip(&folded_pairs)
        .chain(monolingual_zh.iter().zip(&folded_mono))
    {
        mine_bracket_names(&mut builder, zh, folded);
    }
    names::mine_dotted_names(&mut builder, pairs, &folded_pairs, &english);
    let all_folded: Vec<&String> = folded_pairs.iter().chain(&folded_mono).collect();
    let known_names: BTreeSet<String> = builder.terms.keys().cloned().collect();
    for (pair_idx, (zh, _)) in pairs.iter().enumerate() {
        let mut unmatched: Vec<(String, String)> =
            names_after_titles(zh, &folded_pairs[pair_idx], &all_folded)
                .into_iter()
                .chain(foreign_names_after_titles(zh, &folded_pairs[pair_idx]))
                .filter(|(name, _)| {
                    !known_names.iter().any(|known| known.starts_with(name.as_str()))
                })
                .collect();
        unmatched.dedup();
        // Names are linked in sentence order.
        unmatched.sort_by_key(|(name, _)| folded_pairs[pair_idx].find(name.as_str()));
        // `Mr. Chen` after `Chen Jinbiao` names a person the pair already rendered, not one of
        // the untied names (`本市市长比尔`).
        let rendered_words: BTreeSet<&str> = builder
            .terms
            .iter()
            .filter(|(zh, evidence)| {
                evidence.category == Some(Category::Person)
                    && folded_pairs[pair_idx].contains(zh.as_str())
            })
            .flat_map(|(_, evidence)| evidence.renderings.values())
            .flat_map(|(surface, _)| surface.split_whitespace())
            .collect();
        let honorific: Vec<String> = honorific_names(&english[pair_idx])
            .into_iter()
            .filter(|name| !name.split_whitespace().all(|word| rendered_words.contains(word)))
            .collect();
        // Foreign names do not follow pinyin; when a pair has as many `Mr. …` names as untied
        // Chinese names after titles, they are taken in order.
        let linked = !unmatched.is_empty() && unmatched.len() == honorific.len();
        for (idx, (name, written)) in unmatched.iter().enumerate() {
            // A transliterated foreign name is only believed with its English form.
            let chinese_name =
                surname(&name.chars().collect::<Vec<char>>()).0 > 0 && name.chars().count() <= 3;
            // Order alone links badly where the two languages order the names differently
            // (`韩国总统朴槿惠` against `Ms. Rice`): a name written like a Chinese one is linked
            // when its pinyin spells the English or it sounds like it. Other names (`岩本桂一` ↔
            // `Iwamoto Keiichi`) follow neither, and order is all there is.
            let rendering = linked
                .then(|| (honorific[idx].as_str(), pair_idx))
                .filter(|(english, _)| !chinese_name || sounds_or_spells_like(name, english));
            if rendering.is_some() || chinese_name {
                builder.add(Category::Person, name, written, rendering);
            }
        }
    }
    for (zh, folded) in monolingual_zh.iter().zip(&folded_mono) {
        for (name, written) in names_after_titles(zh, folded, &all_folded) {
            builder.add(Category::Person, &name, &written, None);
        }
        for (name, written) in byline_names(zh, folded) {
            builder.add(Category::Person, &name, &written, None);
        }
    }
    transliteration::mine_dictionary_names(&mut builder, pairs, &folded_pairs, &english);
    transliteration::mine_split_foreign_names(&mut builder, pairs, &folded_pairs, &english);
    honorific::strip_honorifics(&mut builder);
    let (mut holders, claims) = roster::mine_rosters(&mut builder, pairs, &folded_pairs, &english);
    holders.extend(appositive::mine_appositives(
        &mut builder,
        pairs,
        &folded_pairs,
        &english,
        &claims,
    ));
    sound_names::mine_sound_alike_names(&mut builder, pairs, &folded_pairs, &english);
    let trained;
    let aligner = match aligner {
        Some(aligner) => aligner,
        None => {
            // Estimated on an even sample of at most `MINING_TRAINING_UNITS` pairs (every pair
            // is still aligned), so that mining's cost stays in proportion to the memory.
            let options = TrainingOptions {
                max_training_units: MINING_TRAINING_UNITS,
                ..TrainingOptions::default()
            };
            trained = WordAligner::train(
                pairs.iter().map(|(zh, en)| (zh.as_str(), en.as_str())),
                &[],
                &options,
            );
            &trained
        }
    };
    // Every pair is aligned once, for the passes that read names off the links.
    let units: Vec<Option<AlignedUnit>> = pairs
        .iter()
        .map(|(zh, en)| (!zh.is_empty() && !en.is_empty()).then(|| aligner.align(zh, en)))
        .collect();
    aligned_persons::mine_aligned_persons(&mut builder, pairs, &folded_pairs, &units);
    spread_person_renderings(&mut builder, pairs, &folded_pairs);
    spread_foreign_surnames(&mut builder, &folded_pairs, &english);
    let person_names: Vec<String> = builder
        .terms
        .iter()
        .filter(|(_, evidence)| evidence.category == Some(Category::Person))
        .map(|(name, _)| name.clone())
        .collect();
    for (pair_idx, (zh, _)) in pairs.iter().enumerate() {
        mine_places(
            &mut builder,
            &person_names,
            zh,
            &folded_pairs[pair_idx],
            &english[pair_idx],
            pair_idx,
        );
    }
    aligned_places::mine_aligned_places(&mut builder, pairs, &folded_pairs, &units);
    for (pair_idx, (zh, en)) in pairs.iter().enumerate() {
        mine_quoted(&mut builder, zh, &folded_pairs[pair_idx], en, pair_idx);
    }
    press::mine_press_questions(&mut builder, pairs, &folded_pairs);
    mine_titles(&mut builder, pairs, &folded_pairs, &folded_mono, &english);
    mine_spans(&mut builder, &folded_pairs, &folded_mono, pairs, &english);
    lexical::mine_translated_names(&mut builder, pairs, &folded_pairs, &english);
    aligned::mine_aligned_names(&mut builder, pairs, &folded_pairs, &units);
    acronyms::mine_acronyms(&mut builder, pairs, &folded_pairs, &units);
    honorific::strip_honorifics(&mut builder);
    roster::keep_only_list_links(&mut builder, &claims);
    names::complete_foreign_names(&mut builder, &all_folded);
    aligned_titles::mine_aligned_titles(&mut builder, pairs, &folded_pairs, &units, &mut holders);
    drop_titles_that_never_stand_alone(&mut builder, &all_folded);
    mark_standing_bodies(&mut builder, &all_folded);
    whole_place_names(&mut builder, &all_folded);
    place_names_with_their_suffix(&mut builder, pairs);
    let english_keys: Vec<String> = pairs.iter().map(|(_, en)| english_key(en)).collect();
    abbreviation::mine_short_forms_without_place(&mut builder, &folded_pairs, &english_keys);
    abbreviation::extend_to_place_before(&mut builder, &all_folded);
    abbreviation::link_abbreviations(&mut builder, &all_folded);
    names::keep_forms_with_lost_dots(&mut builder, &as_written);
    screen::screen(&mut builder, pairs, &all_folded);
    let holders = holders
        .into_iter()
        .map(|holder| TitleHolder {
            person: holder.person,
            person_en: holder.person_en,
            title: holder.title,
            title_en: holder.title_en,
            pair: holder.pair_idx,
        })
        .collect();
    (builder.finish(&folded_pairs, &folded_mono), holders)
}

/// Whether the Chinese name `zh` is spelt by the pinyin of `english` (`王雯` ↔ `Wang Wen`) or
/// sounds like it ([`transliteration::transliteration_score`]: `克莱弗利` ↔ `James Cleverly`).
fn sounds_or_spells_like(zh: &str, english: &str) -> bool {
    spelt_by_pinyin(zh, english)
        || transliteration::transliteration_score(zh, english)
            >= transliteration::TRANSLITERATION_FLOOR
}

/// Whether the Chinese name `zh` starts with a surname and the pinyin spells `english`, whole
/// or by the surname alone (`王雯` ↔ `Wang Wen`, `Mr. Wang`).
fn spelt_by_pinyin(zh: &str, english: &str) -> bool {
    let chars: Vec<char> = zh.chars().collect();
    let (surname_len, surname_readings) = surname(&chars);
    let key = english_key(english);
    surname_len > 0
        && (pinyin_spells(zh, english)
            || key.split(' ').any(|word| surname_readings.iter().any(|reading| reading == word)))
}

/// Whether the pinyin of the whole Chinese name `zh`, surname first, spells `english` (`王雯` ↔
/// `Wang Wen`).
fn pinyin_spells(zh: &str, english: &str) -> bool {
    let chars: Vec<char> = zh.chars().collect();
    let (surname_len, surname_readings) = surname(&chars);
    let joined: String =
        english_key(english).chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    surname_len > 0 && name_spellings(&chars, surname_len, &surname_readings).contains(&joined)
}

/// `en` without a leading ordinal (`15th Twin-City Forum`) that `zh` has no number for.
fn without_unmatched_ordinal<'a>(zh: &str, en: &'a str) -> &'a str {
    if zh.chars().any(|c| c.is_ascii_digit() || c == '第') {
        return en;
    }
    match en.split_once(' ') {
        Some((first, rest))
            if first.len() > 2
                && first[..first.len() - 2].chars().all(|c| c.is_ascii_digit())
                && ["st", "nd", "rd", "th"].contains(&&first[first.len() - 2..]) =>
        {
            rest
        }
        _ => en,
    }
}

/// Administrative suffixes that belong to the place name they follow (`武汉市`).
pub(super) const PLACE_SUFFIXES: &str = "市县省区镇";

/// Heads of news agencies and publishers (`新华社`, `共同社`), which English names by their name
/// alone (`Xinhua reported`).
const AGENCY_SUFFIXES: &str = "社";

/// Places that the text only ever writes as the start of a longer word: followed every time by
/// an administrative suffix, the place is named with it (`武汉` → `武汉市`, `图卢兹` → `图卢兹市`);
/// by the head of an agency ([`AGENCY_SUFFIXES`]), the agency is named with it (`新华` →
/// `新华社`); a two-character place followed every time (twice at least) by one other character
/// is no place of its own but part of another name (`土家|族`, `江北|国际机场`), and is dropped.
fn whole_place_names(builder: &mut Builder, texts: &[&String]) {
    let places: Vec<String> = builder
        .terms
        .iter()
        .filter(|(_, evidence)| evidence.category == Some(Category::Place))
        .map(|(zh, _)| zh.clone())
        .collect();
    for place in places {
        let mut followers: BTreeSet<Option<char>> = BTreeSet::new();
        let mut occurrences = 0;
        for text in texts {
            for (at, _) in text.match_indices(place.as_str()) {
                followers.insert(text[at + place.len()..].chars().next());
                occurrences += 1;
            }
        }
        let only = match followers.iter().collect::<Vec<_>>().as_slice() {
            [Some(only)] if is_han(*only) => *only,
            _ => continue,
        };
        if AGENCY_SUFFIXES.contains(only) {
            // `新华|社` ↔ `Xinhua`: the agency the English names by its name alone.
            let whole = format!("{place}{only}");
            if let Some(mut evidence) = builder.terms.remove(&place)
                && !builder.terms.contains_key(&whole)
            {
                evidence.variants.clear();
                evidence.category = Some(Category::Organisation);
                builder.terms.insert(whole, evidence);
            }
        } else if PLACE_SUFFIXES.contains(only) {
            let whole = format!("{place}{only}");
            if builder.terms.contains_key(&whole) {
                continue;
            }
            if let Some(mut evidence) = builder.terms.remove(&place) {
                // The written forms were of the short name.
                evidence.variants.clear();
                builder.terms.insert(whole, evidence);
            }
        } else if occurrences >= 2 && place.chars().count() == 2 {
            // `广州|总领事`: a place before another term stands.
            let before_term = texts.iter().any(|text| {
                text.match_indices(place.as_str()).any(|(at, _)| {
                    let rest = &text[at + place.len()..];
                    builder
                        .terms
                        .keys()
                        .any(|term| term.chars().count() >= 2 && rest.starts_with(term.as_str()))
                })
            });
            if !before_term {
                builder.terms.remove(&place);
            }
        }
    }
}

/// Administrative suffixes with the English word that renders each after a place's name.
const PLACE_SUFFIX_WORDS: &[(char, &str)] =
    &[('市', "City"), ('省', "Province"), ('区', "District"), ('县', "County")];

/// A place written with its administrative suffix (`松原市`) takes the English suffix too in the
/// pairs whose English writes it after the name (`Songyuan City`): there the name alone is
/// only part of the rendering. Pairs that write the name alone (`Chongqing`) keep it.
fn place_names_with_their_suffix(builder: &mut Builder, pairs: &[(String, String)]) {
    for (zh, evidence) in &mut builder.terms {
        if evidence.category != Some(Category::Place) || zh.chars().count() < 3 {
            continue;
        }
        let Some(last) = zh.chars().next_back() else { continue };
        let Some((_, word)) = PLACE_SUFFIX_WORDS.iter().find(|(suffix, _)| *suffix == last) else {
            continue;
        };
        let mut moved: Vec<(String, usize)> = Vec::new();
        for (surface, pair_indices) in evidence.renderings.values_mut() {
            if surface.ends_with(word) {
                continue;
            }
            let longer = format!("{surface} {word}");
            let writes_longer = |pair_idx: &usize| {
                pairs.get(*pair_idx).is_some_and(|(_, en)| {
                    en.match_indices(longer.as_str()).any(|(at, _)| {
                        en[at + longer.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())
                    })
                })
            };
            let with_suffix: Vec<usize> =
                pair_indices.iter().copied().filter(writes_longer).collect();
            for pair_idx in with_suffix {
                pair_indices.remove(&pair_idx);
                moved.push((longer.clone(), pair_idx));
            }
        }
        evidence.renderings.retain(|_, (_, pair_indices)| !pair_indices.is_empty());
        for (longer, pair_idx) in moved {
            let key = english_key(&longer);
            evidence
                .renderings
                .entry(key.clone())
                .or_insert_with(|| (longer, BTreeSet::new()))
                .1
                .insert(pair_idx);
            if !evidence.first_seen.contains(&key) {
                evidence.first_seen.push(key);
            }
        }
        let kept: BTreeSet<String> = evidence.renderings.keys().cloned().collect();
        evidence.first_seen.retain(|key| kept.contains(key));
    }
}

/// What follows the name of a body that meets again and again: its numbered sessions
/// (`第八届`), its mechanism, members or secretariat.
const PARTS_OF_A_STANDING_BODY: &[&str] = &["第", "机制", "成员", "秘书处"];

/// A forum or conference the text gives sessions or parts of its own (`中非合作论坛第八届部长级
/// 会议`, `中非地方政府合作论坛机制`) is a standing body, an organisation, not one event; a
/// single edition (`第15届双城论坛`) stays an event.
fn mark_standing_bodies(builder: &mut Builder, texts: &[&String]) {
    for (zh, evidence) in &mut builder.terms {
        if evidence.category != Some(Category::Event) {
            continue;
        }
        let standing = texts.iter().any(|text| {
            text.match_indices(zh.as_str()).any(|(at, _)| {
                let rest = &text[at + zh.len()..];
                PARTS_OF_A_STANDING_BODY.iter().any(|part| rest.starts_with(part))
            })
        });
        if standing {
            evidence.category = Some(Category::Organisation);
        }
    }
}

/// A bare title (`总理`, `副主任`: a title word with its prefixes) is a term of its own only where
/// the text uses it alone: at a clause's start, after a person's name (`李克强总理`), after an
/// organisation whose post it is (`市政府外办副主任`) or after the place of a diplomatic post
/// (`驻重庆总领事`). A title word that only ever stands inside a composed title of another shape
/// (`美国国务卿`, `塞内加尔总统`) is part of that title, a common noun on its own, and is
/// dropped.
fn drop_titles_that_never_stand_alone(builder: &mut Builder, texts: &[&String]) {
    let persons: Vec<String> = builder
        .terms
        .iter()
        .filter(|(_, evidence)| evidence.category == Some(Category::Person))
        .map(|(zh, _)| zh.clone())
        .collect();
    let organisations: Vec<String> = builder
        .terms
        .iter()
        .filter(|(_, evidence)| evidence.category == Some(Category::Organisation))
        .map(|(zh, _)| zh.clone())
        .collect();
    let stands_alone = |before: &[char]| {
        let Some(&last) = before.last() else { return true };
        if !is_han(last) || is_breaker(before, before.len() - 1) {
            return true;
        }
        let text: String = before.iter().collect();
        // After a name: a term, or a surname and one or two characters (`陈敏尔书记`).
        let after_name = persons.iter().any(|person| text.ends_with(person.as_str()))
            || (2..=3).any(|len| {
                before.len() >= len
                    && surname(&before[before.len() - len..]).0 > 0
                    && before[before.len() - len..].iter().all(|c| is_han(*c))
            });
        let after_organisation =
            organisations.iter().any(|organisation| text.ends_with(organisation.as_str()))
                || SPAN_SUFFIXES.iter().any(|(suffix, category, _)| {
                    *category == Category::Organisation && text.ends_with(suffix)
                });
        // A diplomatic post (`驻重庆总领事`, `驻华大使`) is named by its title word alone too.
        let after_post =
            before.iter().rev().take(5).position(|c| *c == '驻').is_some_and(|at| {
                before[before.len() - at..].iter().all(|c| is_han(*c)) && at >= 1
            });
        after_name || after_organisation || after_post
    };
    let bare_titles: Vec<String> = builder
        .terms
        .iter()
        .filter(|(_, evidence)| evidence.category == Some(Category::Title))
        .map(|(zh, _)| zh)
        .filter(|zh| {
            let chars: Vec<char> = zh.chars().collect();
            matches!(find_titles(&chars).as_slice(), [(0, end, _)] if *end == chars.len())
        })
        .cloned()
        .collect();
    for title in bare_titles {
        let alone = texts.iter().any(|text| {
            let chars: Vec<char> = text.chars().collect();
            let title_chars: Vec<char> = title.chars().collect();
            (0..chars.len()).any(|at| {
                chars[at..].starts_with(&title_chars)
                    // Not the end of a longer title word (`副|总领事`, `外交|部长`).
                    && !find_titles(&chars[at.saturating_sub(3)..at + title_chars.len()])
                        .iter()
                        .any(|(start, end, _)| {
                            *end == at + title_chars.len() - at.saturating_sub(3)
                                && *start < at - at.saturating_sub(3)
                        })
                    && stands_alone(&chars[..at])
            })
        });
        if !alone {
            builder.terms.remove(&title);
        }
    }
}

/// Co-occurrence across units: a person rendering found once also counts in every other pair
/// whose Chinese has the name and whose English has the rendering.
fn spread_person_renderings(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
) {
    let rendered: Vec<(String, Vec<String>)> = builder
        .terms
        .iter()
        .filter(|(_, evidence)| evidence.category == Some(Category::Person))
        .map(|(zh, evidence)| {
            (zh.clone(), evidence.renderings.values().map(|(surface, _)| surface.clone()).collect())
        })
        .filter(|(_, renderings): &(String, Vec<String>)| !renderings.is_empty())
        .collect();
    for (pair_idx, (_, en)) in pairs.iter().enumerate() {
        let english_words = format!(" {} ", english_key(en));
        let chars: Vec<char> = folded_pairs[pair_idx].chars().collect();
        for (zh, renderings) in &rendered {
            // The name itself, not a part of a longer dotted name (`特朗普` in `唐纳德.特朗普`).
            let name: Vec<char> = zh.chars().collect();
            let stands_alone = (0..chars.len()).any(|at| {
                chars[at..].starts_with(&name) && !inside_dotted_name(&chars, at, at + name.len())
            });
            if !stands_alone {
                continue;
            }
            for rendering in renderings {
                if english_words.contains(&format!(" {} ", english_key(rendering))) {
                    builder.add(Category::Person, zh, zh, Some((rendering, pair_idx)));
                }
            }
        }
    }
}

/// Each pair's index with its folded and written Chinese as characters, for passes that slice
/// both at the same offsets (a pair whose folding changed its length is left out).
fn chars_of_pairs<'a>(
    pairs: &'a [(String, String)],
    folded_pairs: &'a [String],
) -> impl Iterator<Item = (usize, Vec<char>, Vec<char>)> + 'a {
    folded_pairs.iter().enumerate().filter_map(|(pair_idx, folded)| {
        let chars: Vec<char> = folded.chars().collect();
        let written: Vec<char> = pairs[pair_idx].0.chars().collect();
        (written.len() == chars.len()).then_some((pair_idx, chars, written))
    })
}

/// Middle dots that join the parts of a transliterated foreign name (`安东尼·布林肯`).
pub(super) const NAME_DOTS: &[char] = &['·', '•', '・', '‧'];

/// Whether `chars[at]` joins two parts of a name: a middle dot, or a full stop between two
/// Chinese characters (a Chinese sentence ends in `。` or before a break: `贾里德.库什纳`).
pub(super) fn is_name_dot(chars: &[char], at: usize) -> bool {
    NAME_DOTS.contains(&chars[at])
        || (chars[at] == '.'
            && at > 0
            && is_han(chars[at - 1])
            && chars.get(at + 1).is_some_and(|c| is_han(*c)))
}

/// Whether the characters `start..end` of `chars` are a part of a longer dotted name (a middle
/// dot, or a full stop between Chinese characters, right before or after them, a space
/// allowed: `特朗普` in `唐纳德.特朗普`, `布哈利法` in `艾哈桑• 布哈利法`), which is no name of its own
/// there.
pub(super) fn inside_dotted_name(chars: &[char], start: usize, end: usize) -> bool {
    let is_dot = |at: usize| is_name_dot(chars, at);
    let before = chars[..start].iter().rev().take_while(|c| **c == ' ').count();
    let after = chars[end..].iter().take_while(|c| **c == ' ').count();
    (start > before && is_dot(start - before - 1))
        || (end + after < chars.len() && is_dot(end + after))
}

/// Co-occurrence across units for foreign names: once `安东尼·布林肯` is rendered `Antony
/// Blinken`, its last part `布林肯` standing alone (`迎接了布林肯`) is the surname `Blinken` in
/// every pair whose English has that word. The part must stand alone in some pair, so a
/// surname is never made from a name the text only writes whole.
fn spread_foreign_surnames(builder: &mut Builder, folded_pairs: &[String], english: &[Vec<Token>]) {
    let mut surnames: BTreeSet<(String, String)> = BTreeSet::new();
    for (zh, evidence) in &builder.terms {
        if evidence.category != Some(Category::Person) {
            continue;
        }
        // The part after the last dot (a full stop between Chinese characters counts).
        let chars: Vec<char> = zh.chars().collect();
        let Some(part_start) = (1..chars.len())
            .rev()
            .find(|at| is_han(chars[*at]) && inside_dotted_name(&chars, *at, chars.len()))
        else {
            continue;
        };
        let last_part: String = chars[part_start..].iter().collect();
        let last_part = last_part.as_str();
        if last_part.chars().count() < 2 || !last_part.chars().all(is_han) {
            continue;
        }
        for (surface, _) in evidence.renderings.values() {
            let words: Vec<&str> = surface.split_whitespace().collect();
            let Some(last_word) = words.last().filter(|_| words.len() >= 2) else { continue };
            let last_word = strip_possessive(last_word);
            if last_word.chars().count() >= 3
                && last_word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && last_word.chars().all(|c| c.is_alphabetic() || c == '-')
            {
                surnames.insert((last_part.to_owned(), last_word.to_owned()));
            }
        }
    }
    for (part, word) in surnames {
        let part_chars: Vec<char> = part.chars().collect();
        let alone = |folded: &str| {
            let chars: Vec<char> = folded.chars().collect();
            (0..chars.len()).any(|at| {
                chars[at..].starts_with(&part_chars)
                    && !inside_dotted_name(&chars, at, at + part_chars.len())
            })
        };
        let sightings: Vec<usize> = (0..folded_pairs.len())
            .filter(|idx| alone(&folded_pairs[*idx]))
            .filter(|idx| {
                english[*idx].iter().any(|token| strip_possessive(&token.surface) == word)
            })
            .collect();
        for pair_idx in sightings {
            builder.add(Category::Person, &part, &part, Some((&word, pair_idx)));
        }
    }
}

/// Accumulates evidence per simplified Chinese term.
#[derive(Default)]
struct Builder {
    terms: BTreeMap<String, TermEvidence>,
}

#[derive(Default)]
struct TermEvidence {
    category: Option<Category>,
    variants: BTreeSet<String>,
    /// Rendering key → (surface, pair indices).
    renderings: BTreeMap<String, (String, BTreeSet<usize>)>,
    /// Rendering order of first sight, for stable ties.
    first_seen: Vec<String>,
    bonus: f64,
    /// Short forms linked to this term (simplified and as written).
    short_forms: BTreeSet<String>,
    /// What the reviewer should know (a composed title's parts).
    note: String,
}

impl Builder {
    /// The terms of one category found so far.
    fn terms_of(&self, category: Category) -> Vec<String> {
        let of_category = |(zh, evidence): (&String, &TermEvidence)| {
            (evidence.category == Some(category)).then(|| zh.clone())
        };
        self.terms.iter().filter_map(of_category).collect()
    }

    fn add(
        &mut self,
        category: Category,
        zh: &str,
        written: &str,
        rendering: Option<(&str, usize)>,
    ) {
        let evidence = self.terms.entry(zh.to_owned()).or_default();
        if evidence.category.is_none() {
            evidence.category = Some(category);
        }
        if written != zh {
            evidence.variants.insert(written.to_owned());
        }
        if let Some((en, pair_idx)) = rendering {
            let en = without_unmatched_ordinal(zh, en);
            let key = english_key(en);
            if key.is_empty() {
                return;
            }
            let slot = evidence
                .renderings
                .entry(key.clone())
                .or_insert_with(|| (en.to_owned(), BTreeSet::new()));
            slot.1.insert(pair_idx);
            if !evidence.first_seen.contains(&key) {
                evidence.first_seen.push(key);
            }
        }
    }

    /// A rendering given in brackets next to the term itself.
    fn add_gloss(&mut self, zh: &str, en: &str) {
        let evidence = self.terms.entry(zh.to_owned()).or_default();
        let key = english_key(en);
        let slot = evidence
            .renderings
            .entry(key.clone())
            .or_insert_with(|| (en.to_owned(), BTreeSet::new()));
        slot.1.insert(usize::MAX);
        if !evidence.first_seen.contains(&key) {
            evidence.first_seen.push(key);
        }
    }

    fn finish(self, folded_pairs: &[String], folded_mono: &[String]) -> Vec<Candidate> {
        let mut candidates = Vec::new();
        for (zh, evidence) in self.terms {
            let Some(category) = evidence.category else { continue };
            let count = folded_pairs
                .iter()
                .chain(folded_mono)
                .filter(|text| text.contains(zh.as_str()))
                .count();
            let n_chars = zh.chars().count();
            let mut renderings: Vec<(usize, Rendering)> = evidence
                .renderings
                .into_iter()
                .filter(|(key, _)| fits_length(category, n_chars, key))
                .map(|(key, (en, pairs))| {
                    let order = evidence
                        .first_seen
                        .iter()
                        .position(|seen| *seen == key)
                        .unwrap_or(usize::MAX);
                    let rendering = Rendering {
                        en,
                        count: u32::try_from(pairs.len()).unwrap_or(u32::MAX),
                        // usize::MAX marks a bracketed gloss: evidence without a pair index.
                        examples: pairs
                            .into_iter()
                            .filter(|idx| *idx != usize::MAX)
                            .take(MAX_EXAMPLES)
                            .collect(),
                    };
                    (order, rendering)
                })
                .collect();
            renderings.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
            let rendered: u32 = renderings.iter().map(|(_, rendering)| rendering.count).sum();
            let score = f64::from(rendered) + 0.25 * count as f64 + evidence.bonus;
            candidates.push(Candidate {
                category,
                zh,
                zh_variants: evidence.variants.into_iter().collect(),
                short_forms: evidence.short_forms.into_iter().collect(),
                note: evidence.note,
                renderings: renderings.into_iter().map(|(_, rendering)| rendering).collect(),
                count: u32::try_from(count.max(1)).unwrap_or(u32::MAX),
                score,
            });
        }
        candidates.sort_by(|a, b| {
            a.category.cmp(&b.category).then(b.score.total_cmp(&a.score)).then(a.zh.cmp(&b.zh))
        });
        candidates
    }
}

/// Whether a title's or an organisation's rendering (its folded key) is no longer than its
/// Chinese could say: one content word and a half per character at the most, abbreviations
/// included (`中央外办` ↔ `Office of the Central Commission for Foreign Affairs`). A longer one
/// ran on into the text around the name (`国务院总理` ↔ `Prime Minister Theresa May of the
/// United Kingdom of Great Britain and Northern Ireland`).
fn fits_length(category: Category, n_chars: usize, key: &str) -> bool {
    if !matches!(category, Category::Title | Category::Organisation) {
        return true;
    }
    let n_content = key
        .split(' ')
        .filter(|word| !matches!(*word, "of" | "the" | "and" | "for" | "in" | "on" | "to" | "a"))
        .count();
    n_content as f64 <= 1.5 * n_chars as f64 + 1.0
}

/// Surnames the aligner's table leaves out, read with the `pinyin` crate's readings.
const EXTRA_SURNAMES: &str = "习栗逯郜鄢阚扈禹羿";

/// The surname starting `chars` and its readings (length 0 if none): the aligner's table plus
/// [`EXTRA_SURNAMES`].
fn surname(chars: &[char]) -> (usize, Vec<String>) {
    let (len, spellings) = surname_at(chars);
    if len > 0 {
        return (len, spellings);
    }
    match chars.first() {
        Some(c) if chars.len() >= 2 && EXTRA_SURNAMES.contains(*c) => {
            (1, readings(*c).into_iter().map(str::to_owned).collect())
        }
        _ => (0, Vec::new()),
    }
}

/// The pinyin spellings (lower case, no spaces) of `chars`, surname readings for the first
/// `surname_len` characters.
fn name_spellings(chars: &[char], surname_len: usize, surname_readings: &[String]) -> Vec<String> {
    let mut partial: Vec<String> = surname_readings.to_vec();
    for c in &chars[surname_len..] {
        let char_readings = readings(*c);
        if char_readings.is_empty() {
            return Vec::new();
        }
        let mut next = Vec::new();
        for prefix in &partial {
            for reading in &char_readings {
                if next.len() < MAX_SPELLINGS {
                    next.push(format!("{prefix}{reading}"));
                }
            }
        }
        partial = next;
    }
    partial
}

/// Capitalised two-word sequences of English, with their spelling keys in both orders; a
/// hyphenated given name (`Guang-cheng`) is one word.
fn english_name_spans(tokens: &[Token]) -> Vec<(String, String)> {
    // (letters, surface, after_break) of words with hyphenated parts merged.
    let mut words: Vec<(String, String, bool)> = Vec::new();
    for token in tokens {
        let letters: String = token.norm.chars().filter(char::is_ascii_alphabetic).collect();
        let surface = strip_possessive(&token.surface);
        match words.last_mut() {
            Some(last) if token.hyphenated => {
                last.0.push_str(&letters);
                last.1.push('-');
                last.1.push_str(surface);
            }
            _ => words.push((letters, surface.to_owned(), token.after_break)),
        }
    }
    let mut spans = Vec::new();
    for pair in words.windows(2) {
        let capitalised = |word: &(String, String, bool)| {
            word.1.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        };
        if !capitalised(&pair[0]) || !capitalised(&pair[1]) || pair[1].2 {
            continue;
        }
        let surface = format!("{} {}", pair[0].1, pair[1].1);
        spans.push((format!("{}{}", pair[0].0, pair[1].0), surface.clone()));
        spans.push((format!("{}{}", pair[1].0, pair[0].0), surface));
    }
    spans
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word)
}

/// Chinese names in `folded` whose pinyin is a capitalised word pair of the English.
fn mine_names(
    builder: &mut Builder,
    original: &str,
    folded: &str,
    english: &[Token],
    pair_idx: usize,
) {
    let keys = english_name_spans(english);
    if keys.is_empty() {
        return;
    }
    let chars: Vec<char> = folded.chars().collect();
    let written: Vec<char> = original.chars().collect();
    let mut idx = 0;
    while idx < chars.len() {
        let (mut surname_len, mut surname_readings) = surname(&chars[idx..]);
        // A surname the table lacks (`洪磊` ↔ `Hong Lei`): the character's own readings, so the
        // whole name must still spell the English name.
        if surname_len == 0 && is_han(chars[idx]) {
            surname_len = 1;
            surname_readings = readings(chars[idx]).into_iter().map(str::to_owned).collect();
        }
        if surname_len == 0 || surname_readings.is_empty() {
            idx += 1;
            continue;
        }
        let mut matched = 0;
        for given_len in [2, 1] {
            let end = idx + surname_len + given_len;
            if end > chars.len() || !chars[idx..end].iter().all(|c| is_han(*c)) {
                continue;
            }
            // `宁夏回族`, `彭水苗族`: a place before an ethnic group, not a name.
            if chars.get(end) == Some(&'族') {
                continue;
            }
            let spellings = name_spellings(&chars[idx..end], surname_len, &surname_readings);
            if let Some((_, surface)) = keys.iter().find(|(key, _)| spellings.contains(key)) {
                let zh: String = chars[idx..end].iter().collect();
                let written_form: String = written[idx..end].iter().collect();
                builder.add(Category::Person, &zh, &written_form, Some((surface, pair_idx)));
                matched = end - idx;
                break;
            }
        }
        idx += matched.max(1);
    }
}

/// Place names: two Han characters whose pinyin is one capitalised English word (`重庆` ↔
/// `Chongqing`), not inside a person name already found.
fn mine_places(
    builder: &mut Builder,
    person_names: &[String],
    original: &str,
    folded: &str,
    english: &[Token],
    pair_idx: usize,
) {
    let words: BTreeMap<String, &Token> = english
        .iter()
        .filter(|token| token.surface.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .filter(|token| token.norm.len() >= 5 && token.norm.chars().all(|c| c.is_ascii_lowercase()))
        .map(|token| (token.norm.clone(), token))
        .collect();
    if words.is_empty() {
        return;
    }
    let chars: Vec<char> = folded.chars().collect();
    let written: Vec<char> = original.chars().collect();
    let names_here: Vec<&str> =
        person_names.iter().map(String::as_str).filter(|name| folded.contains(*name)).collect();
    for start in 0..chars.len().saturating_sub(1) {
        if !is_han(chars[start]) || !is_han(chars[start + 1]) {
            continue;
        }
        let zh: String = chars[start..start + 2].iter().collect();
        if names_here.iter().any(|name| name.contains(zh.as_str())) {
            continue;
        }
        let Some(token) = two_char_spellings(chars[start], chars[start + 1])
            .into_iter()
            .find_map(|spelling| words.get(&spelling))
        else {
            continue;
        };
        if inside_longer_place(&chars, start, english, token) {
            continue;
        }
        let written_form: String = written[start..start + 2].iter().collect();
        builder.add(
            Category::Place,
            &zh,
            &written_form,
            Some((strip_possessive(&token.surface), pair_idx)),
        );
    }
}

/// `斯里|兰卡` ↔ `Sri | Lanka`: a word spelt by two characters is the end of a longer name when
/// both languages go on to the left, the English with a capitalised word inside the sentence
/// and the Chinese with a character that neither ends a term nor is an administrative suffix.
fn inside_longer_place(chars: &[char], start: usize, english: &[Token], token: &Token) -> bool {
    let Some(at) = english.iter().position(|other| other.start == token.start) else {
        return false;
    };
    let english_goes_on = at >= 2
        && !token.after_break
        && capitalised(&english[at - 1])
        && !english[at - 1].after_break;
    let chinese_goes_on = start > 0
        && is_han(chars[start - 1])
        && !is_breaker(chars, start - 1)
        && !PLACE_SUFFIXES.contains(chars[start - 1]);
    english_goes_on && chinese_goes_on
}

/// Endings of Chinese policy and slogan names.
const POLICY_ENDINGS: &[&str] = &[
    "倡议", "战略", "政策", "计划", "工程", "行动", "理念", "精神", "思想", "方针", "机制", "规划",
    "方案",
];

/// Spans of text between `open` and `close` quotes: `(start, end)` of the inside, in chars.
fn quoted(chars: &[char], open: &[char], close: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut idx = 0;
    while idx < chars.len() {
        if open.contains(&chars[idx])
            && let Some(len) = chars[idx + 1..].iter().position(|c| close.contains(c))
        {
            spans.push((idx + 1, idx + 1 + len));
            idx += len + 2;
            continue;
        }
        idx += 1;
    }
    spans
}

/// A pair with exactly one quoted Chinese phrase and one quoted English phrase links the two
/// (`“走出去”` ↔ `"going global"`): slogans, policies and programme names.
fn mine_quoted(
    builder: &mut Builder,
    original: &str,
    folded: &str,
    english: &str,
    pair_idx: usize,
) {
    let chars: Vec<char> = folded.chars().collect();
    let written: Vec<char> = original.chars().collect();
    let zh_quotes: Vec<(usize, usize)> = quoted(&chars, &['“', '「', '"'], &['”', '」', '"'])
        .into_iter()
        .filter(|(start, end)| {
            (2..=12).contains(&(end - start)) && chars[*start..*end].iter().all(|c| is_han(*c))
        })
        .collect();
    let en_chars: Vec<char> = english.chars().collect();
    let en_quotes: Vec<String> = quoted(&en_chars, &['“', '"'], &['”', '"'])
        .into_iter()
        .map(|(start, end)| en_chars[start..end].iter().collect::<String>().trim().to_owned())
        .filter(|text| {
            let words = text.split_whitespace().count();
            (1..=8).contains(&words)
                && text.chars().all(|c| c.is_ascii_alphanumeric() || " -'".contains(c))
        })
        .collect();
    if zh_quotes.len() != 1 || en_quotes.len() != 1 {
        return;
    }
    let (start, end) = zh_quotes[0];
    let zh: String = chars[start..end].iter().collect();
    let written_form: String = written[start..end].iter().collect();
    let category = if let Some(category) = category_by_heads(&zh, &en_quotes[0]) {
        category
    } else if POLICY_ENDINGS.iter().any(|ending| zh.ends_with(ending)) || zh.chars().count() <= 4 {
        Category::Policy
    } else {
        Category::Other
    };
    builder.add(category, &zh, &written_form, Some((&en_quotes[0], pair_idx)));
}

/// The category two heads agree on: the Chinese ends in a title core or a suffix of an
/// organisation, place, publication or event, and the English ends in a head that renders it
/// (`“大使”` ↔ `“Ambassadors”` is a title, whatever the quotes make of it).
fn category_by_heads(zh: &str, en: &str) -> Option<Category> {
    let en = english_key(en);
    let ends_with_head = |head: &str| {
        en.strip_suffix(head)
            .or_else(|| en.strip_suffix(&format!("{head}s")))
            .is_some_and(|before| before.is_empty() || before.ends_with(' '))
    };
    if TITLE_CORES
        .iter()
        .any(|(core, heads)| zh.ends_with(core) && heads.iter().any(|h| ends_with_head(h)))
    {
        return Some(Category::Title);
    }
    SPAN_SUFFIXES
        .iter()
        .find(|(suffix, _, heads)| zh.ends_with(suffix) && heads.iter().any(|h| ends_with_head(h)))
        .map(|(_, category, _)| *category)
}

/// `羅思義(John Ross)`: a Chinese name followed by its Latin form in brackets.
fn mine_bracket_names(builder: &mut Builder, original: &str, folded: &str) {
    let chars: Vec<char> = folded.chars().collect();
    let written: Vec<char> = original.chars().collect();
    for (open, _) in chars.iter().enumerate().filter(|(_, c)| matches!(**c, '(' | '（')) {
        let Some(close) =
            chars[open..].iter().position(|c| matches!(*c, ')' | '）')).map(|len| open + len)
        else {
            continue;
        };
        let inside: String = written[open + 1..close].iter().collect();
        let words: Vec<&str> = inside.split_whitespace().collect();
        let looks_like_name = (2..=3).contains(&words.len())
            && words.iter().all(|word| {
                word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                    && word.chars().all(|c| c.is_ascii_alphabetic() || c == '-' || c == '.')
            });
        if !looks_like_name {
            continue;
        }
        for name_len in [3, 2] {
            let Some(start) = open.checked_sub(name_len) else { continue };
            if !chars[start..open].iter().all(|c| is_han(*c)) || surname(&chars[start..open]).0 == 0
            {
                continue;
            }
            let zh: String = chars[start..open].iter().collect();
            let written_form: String = written[start..open].iter().collect();
            builder.add(Category::Person, &zh, &written_form, None);
            builder.add_gloss(&zh, &inside);
            break;
        }
    }
}

/// Characters that commonly follow a name in news (`王雯表示`, `张琼作`, `李鹏、`).
const AFTER_NAME: &str = "表作介说率以时等也还在和与及同称指强出主应对为、，。；：,;:(（“\"";

/// A surname plus one or two characters right after a title (`副部长张琼`): `(simplified,
/// written)`. The length is the one followed by a typical next character, or failing that the
/// one seen most often in the corpus.
fn names_after_titles(original: &str, folded: &str, corpus: &[&String]) -> Vec<(String, String)> {
    let chars: Vec<char> = folded.chars().collect();
    let written: Vec<char> = original.chars().collect();
    let mut names = Vec::new();
    for (_, title_end, _) in find_titles(&chars) {
        let rest = &chars[title_end..];
        let (surname_len, _) = surname(rest);
        if surname_len == 0 {
            continue;
        }
        let mut best: Option<(usize, (usize, bool))> = None;
        for given_len in [1, 2] {
            let end = surname_len + given_len;
            let Some(next) = rest.get(end) else { continue };
            if !rest[..end].iter().all(|c| is_han(*c)) {
                break;
            }
            let name: String = rest[..end].iter().collect();
            let seen = corpus.iter().filter(|text| text.contains(name.as_str())).count();
            let typical_next = AFTER_NAME.contains(*next);
            if !typical_next && seen < 3 {
                continue;
            }
            // Among equals the longer name wins: a prefix never seen without the next
            // character is no name of its own (`高葆|玲`), unless that character is one that
            // follows names (`包适|等`).
            let key = (seen, typical_next);
            let longer_wins = !AFTER_NAME.contains(rest[end - 1]);
            if best.is_none_or(|(_, best_key)| key > best_key || (key == best_key && longer_wins)) {
                best = Some((end, (seen, typical_next)));
            }
        }
        if let Some((end, _)) = best {
            let zh: String = rest[..end].iter().collect();
            let written_form: String = written[title_end..title_end + end].iter().collect();
            names.push((zh, written_form));
        }
    }
    names
}

/// Transliterated foreign names right after a title (`总领事岩本桂一。`): two to five characters
/// not starting with a Chinese surname, ending at punctuation or a verb of saying.
fn foreign_names_after_titles(original: &str, folded: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = folded.chars().collect();
    let written: Vec<char> = original.chars().collect();
    let mut names = Vec::new();
    for (_, title_end, _) in find_titles(&chars) {
        let rest = &chars[title_end..];
        if surname(rest).0 > 0 {
            continue;
        }
        // `总领事|后首次访深`: a name does not start with a function word.
        if rest.first().is_some_and(|c| LEFT_BREAKERS.contains(*c) || *c == '后') {
            continue;
        }
        let run = rest.iter().take_while(|c| is_han(**c)).count();
        let ends_cleanly = rest.get(run).is_none_or(|c| !is_han(*c));
        if (2..=5).contains(&run) && ends_cleanly {
            names.push((
                rest[..run].iter().collect(),
                written[title_end..title_end + run].iter().collect(),
            ));
        }
    }
    names
}

/// Words that introduce a byline name (`编辑：谭鑫`).
const BYLINE_WORDS: &[&str] = &["编辑", "责编", "记者", "作者", "通讯员", "撰文", "摄影"];

/// Byline names: after a byline word and a colon, or a whole line that is only a name.
fn byline_names(original: &str, folded: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = folded.chars().collect();
    let written: Vec<char> = original.chars().collect();
    let mut names = Vec::new();
    let trimmed: Vec<usize> = (0..chars.len()).filter(|idx| !chars[*idx].is_whitespace()).collect();
    if (2..=3).contains(&trimmed.len())
        && trimmed.iter().all(|idx| is_han(chars[*idx]))
        && surname(&chars[trimmed[0]..]).0 > 0
    {
        let zh: String = trimmed.iter().map(|idx| chars[*idx]).collect();
        let written_form: String = trimmed.iter().map(|idx| written[*idx]).collect();
        names.push((zh, written_form));
    }
    for word in BYLINE_WORDS {
        let word_chars: Vec<char> = word.chars().collect();
        for start in 0..chars.len() {
            if !chars[start..].starts_with(&word_chars) {
                continue;
            }
            let mut idx = start + word_chars.len();
            while idx < chars.len() && matches!(chars[idx], ':' | '：' | ' ') {
                idx += 1;
            }
            if idx == start + word_chars.len() || surname(&chars[idx..]).0 == 0 {
                continue;
            }
            let end = (idx..chars.len().min(idx + 3))
                .take_while(|at| is_han(chars[*at]))
                .last()
                .map_or(idx, |at| at + 1);
            if end - idx >= 2 && chars.get(end).is_none_or(|c| !is_han(*c)) {
                names.push((chars[idx..end].iter().collect(), written[idx..end].iter().collect()));
            }
        }
    }
    names
}

/// English names introduced by an honorific (`Mr. Huub Buise`), in order.
fn honorific_names(tokens: &[Token]) -> Vec<String> {
    let mut names = Vec::new();
    for (idx, token) in tokens.iter().enumerate() {
        if !matches!(token.norm.as_str(), "mr" | "ms" | "mrs" | "dr" | "madam") {
            continue;
        }
        let words: Vec<&str> = tokens[idx + 1..]
            .iter()
            .enumerate()
            .take_while(|(offset, word)| {
                (*offset == 0 || !word.after_break)
                    && word.surface.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            })
            .take(3)
            .map(|(_, word)| word.surface.as_str())
            .collect();
        if !words.is_empty() {
            names.push(words.join(" "));
        }
    }
    names
}

/// Titles in folded Chinese: `(start, end, (core, prefix))`, longest first at each position,
/// not overlapping.
fn find_titles(chars: &[char]) -> Vec<(usize, usize, (usize, Option<usize>))> {
    let mut found = Vec::new();
    let mut idx = 0;
    while idx < chars.len() {
        let mut best: Option<(usize, (usize, Option<usize>))> = None;
        for prefix in std::iter::once(None).chain((0..TITLE_PREFIXES.len()).map(Some)) {
            let prefix_chars: Vec<char> =
                prefix.map_or("", |p| TITLE_PREFIXES[p].0).chars().collect();
            if !chars[idx..].starts_with(&prefix_chars) {
                continue;
            }
            for (core_idx, (core, _)) in TITLE_CORES.iter().enumerate() {
                let core_chars: Vec<char> = core.chars().collect();
                if chars[idx + prefix_chars.len()..].starts_with(&core_chars) {
                    let len = prefix_chars.len() + core_chars.len();
                    // 成员/委员 only count with a party prefix (`党组成员`); alone they are common words.
                    if matches!(*core, "成员" | "委员") && prefix.is_none() {
                        continue;
                    }
                    if best.is_none_or(|(best_len, _)| len > best_len) {
                        best = Some((len, (core_idx, prefix)));
                    }
                }
            }
        }
        match best {
            Some((len, which)) => {
                found.push((idx, idx + len, which));
                idx += len;
            }
            None => idx += 1,
        }
    }
    found
}

/// English title phrases: `(key, surface, start token, end token)` of every title head with the
/// modifiers before it (`deputy director general`, `Party secretary`) and, for `member`, the
/// group after it (`member of the Party Leadership Group`).
fn english_titles(tokens: &[Token]) -> Vec<(String, String, usize, usize)> {
    let heads: BTreeSet<&str> =
        TITLE_CORES.iter().flat_map(|(_, heads)| heads.iter().copied()).collect();
    let norms: Vec<&str> = tokens.iter().map(|token| token.norm.as_str()).collect();
    let mut found = Vec::new();
    let mut idx = 0;
    while idx < tokens.len() {
        let mut head_len = 0;
        for head in &heads {
            let head_words: Vec<&str> = head.split([' ', '-']).collect();
            let end = idx + head_words.len();
            if end <= norms.len()
                && norms[idx..end] == head_words[..]
                && head_words.len() > head_len
            {
                head_len = head_words.len();
            }
        }
        if head_len == 0 {
            idx += 1;
            continue;
        }
        let mut start = idx;
        while start > 0 && TITLE_MODIFIERS.contains(&norms[start - 1]) && !tokens[start].after_break
        {
            start -= 1;
        }
        let mut end = idx + head_len;
        if norms[idx] == "member" {
            let mut probe = end;
            if norms.get(probe) == Some(&"of") {
                probe += 1;
                if norms.get(probe) == Some(&"the") {
                    probe += 1;
                }
                let group_start = probe;
                while probe < norms.len()
                    && matches!(norms[probe], "party" | "leadership" | "group" | "committee")
                {
                    probe += 1;
                }
                if probe > group_start + 1 {
                    end = probe;
                }
            }
        }
        let surface = join_tokens(&tokens[start..end]);
        found.push((english_key(&surface), surface, start, end));
        idx = end;
    }
    found
}

/// How well an English title phrase fits a Chinese title (core, prefix); `None` if it cannot.
fn title_fit(core_idx: usize, prefix: Option<usize>, phrase_key: &str) -> Option<f64> {
    let (_, heads) = TITLE_CORES[core_idx];
    let head = heads.iter().find(|head| {
        phrase_key.ends_with(&english_key(head)) || phrase_key.starts_with(&english_key(head))
    })?;
    // `foreign minister` is no `部长`: a longer head of another title word explains the phrase.
    let head_key = english_key(head);
    let padded = format!(" {phrase_key} ");
    if TITLE_CORES.iter().flat_map(|(_, other_heads)| other_heads.iter()).any(|other| {
        let other_key = english_key(other);
        other_key.len() > head_key.len()
            && other_key.ends_with(&format!(" {head_key}"))
            && padded.contains(&format!(" {other_key} "))
            && !heads.iter().any(|own| english_key(own) == other_key)
    }) {
        return None;
    }
    let deputy = phrase_key.split(' ').any(|word| word == "deputy" || word == "vice");
    let wants_deputy = prefix.is_some_and(|p| TITLE_PREFIXES[p].0.contains('副'));
    if deputy != wants_deputy {
        return None;
    }
    let mut fit = 1.0;
    let party = phrase_key.contains("party");
    let wants_party = prefix.is_some_and(|p| TITLE_PREFIXES[p].0.starts_with('党'));
    if party != wants_party {
        fit -= 0.5;
    }
    if let Some(p) = prefix {
        let modifiers = TITLE_PREFIXES[p].1;
        if !wants_deputy
            && !wants_party
            && !modifiers.iter().any(|m| phrase_key.contains(&english_key(m)))
        {
            fit -= 0.5;
        }
    }
    // A longer head (`director general`) explains more of the phrase than `director`.
    fit += 0.01 * head.len() as f64;
    // A head listed first is the title word's own rendering, a later one a looser use: in
    // `Premier Li Keqiang ... Prime Minister Theresa May`, `prime minister` is 首相's, not 总理's.
    let rank = heads.iter().position(|own| own == head).unwrap_or(0);
    fit -= 0.05 * rank as f64;
    Some(fit)
}

fn mine_titles(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
    folded_mono: &[String],
    english: &[Vec<Token>],
) {
    for (pair_idx, folded) in folded_pairs.iter().enumerate() {
        let chars: Vec<char> = folded.chars().collect();
        let written: Vec<char> = pairs[pair_idx].0.chars().collect();
        let zh_titles = find_titles(&chars);
        let en_titles = english_titles(&english[pair_idx]);
        let mut options = Vec::new();
        for (zh_idx, (_, _, (core_idx, prefix))) in zh_titles.iter().enumerate() {
            for (en_idx, (key, _, _, _)) in en_titles.iter().enumerate() {
                if let Some(fit) = title_fit(*core_idx, *prefix, key) {
                    options.push((fit, zh_idx, en_idx));
                }
            }
        }
        options.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let (mut zh_used, mut en_used) = (BTreeSet::new(), BTreeSet::new());
        for (_, zh_idx, en_idx) in options {
            if zh_used.contains(&zh_idx) || en_used.contains(&en_idx) {
                continue;
            }
            zh_used.insert(zh_idx);
            en_used.insert(en_idx);
            let (start, end, _) = zh_titles[zh_idx];
            let zh: String = chars[start..end].iter().collect();
            let written_form: String = written[start..end].iter().collect();
            let surface = en_titles[en_idx].1.to_lowercase();
            builder.add(Category::Title, &zh, &written_form, Some((&surface, pair_idx)));
        }
    }
    for folded in folded_mono {
        let chars: Vec<char> = folded.chars().collect();
        for (start, end, _) in find_titles(&chars) {
            // Alone, a title word is often part of another word (`领事馆`); before a name it is a title.
            if surname(&chars[end..]).0 == 0 {
                continue;
            }
            let zh: String = chars[start..end].iter().collect();
            builder.add(Category::Title, &zh, &zh, None);
        }
    }
}

/// An English capitalised phrase with its folded key and its head noun (lower case).
struct Phrase {
    key: String,
    surface: String,
    head: String,
    /// True for a phrase joined across `and`, which only renders a span with a conjunction.
    joined: bool,
    /// True for a phrase joined across `and` whose part before it is no name of its own, as
    /// its last word is no head noun (`Foreign and Overseas Chinese Affairs Office`): one name
    /// with coordinated modifiers, which renders a span with or without a conjunction.
    modifiers_joined: bool,
    /// The head of the organisation after `at` in a phrase joined across it (`Confucius
    /// Institute at the University of Western Australia` ↔ `西澳大学孔子学院`): the span must
    /// name that organisation too, before its own head.
    at_head: Option<String>,
    /// The lower-case word before the capitalised words that the phrase starts with (`people's
    /// Government of Yuzhong District`): the span must translate it.
    lower_lead: Option<String>,
}

/// Capitalised phrases (`Foreign Affairs Office of Chongqing Municipal People's Government`),
/// plus the capitalised part after `of` as a phrase of its own.
fn english_phrases(tokens: &[Token]) -> Vec<Phrase> {
    let mut phrases = Vec::new();
    // Runs that are the second half of one name joined across `and` (`Foreign and | Overseas
    // Chinese Affairs Office`): no name of their own.
    let mut inside_joined: BTreeSet<usize> = BTreeSet::new();
    for (idx, end) in capitalised_runs(tokens) {
        if inside_joined.contains(&idx) {
            continue;
        }
        let mut start = idx;
        while start < end
            && (matches!(tokens[start].norm.as_str(), "the" | "during" | "with")
                || opens_sentence_only(&tokens[start].norm))
        {
            start += 1;
        }
        if end - start >= 2 {
            push_phrase(&mut phrases, &tokens[start..end]);
            if let Some(of) = tokens[start..end].iter().position(|token| token.norm == "of") {
                let mut tail = start + of + 1;
                while tail < end && tokens[tail].norm == "the" {
                    tail += 1;
                }
                if end - tail >= 2 {
                    push_phrase(&mut phrases, &tokens[tail..end]);
                }
            } else if let Some(on) = tokens[start..end]
                .iter()
                .position(|token| matches!(token.norm.as_str(), "on" | "for"))
            {
                // `Mechanism on | China-Africa Local Government Cooperation Forum`: after `on` or
                // `for` only a part with a head noun of its own is a name (`Forum on | China-Africa
                // Cooperation` has none).
                let mut tail = start + on + 1;
                while tail < end && tokens[tail].norm == "the" {
                    tail += 1;
                }
                if end - tail >= 2 && lexical::category_of_head(&tokens[end - 1].norm).is_some() {
                    push_phrase(&mut phrases, &tokens[tail..end]);
                }
            }
            // `Culture and Tourism Development Commission`: also try the phrase across one `and`.
            let joins =
                tokens.get(end).is_some_and(|token| token.norm == "and" && !token.after_break)
                    && tokens.get(end + 1).is_some_and(|token| {
                        capitalised(token) && token.norm != "the" && !token.after_break
                    });
            if joins {
                let joined_end = phrase_end(tokens, end + 1);
                push_phrase(&mut phrases, &tokens[start..joined_end]);
                if let Some(last) = phrases.last_mut() {
                    last.joined = true;
                    let left_head = head_of(&tokens[start..end]);
                    last.modifiers_joined = lexical::category_of_head(&left_head).is_none()
                        && !aligned::is_title_head(&left_head);
                    if last.modifiers_joined {
                        inside_joined.insert(end + 1);
                    }
                }
            }
            push_phrase_at_organisation(&mut phrases, tokens, start, end);
            push_phrase_with_lower_lead(&mut phrases, tokens, start, end);
        }
    }
    phrases
}

/// `Confucius Institute | at the | University of Western Australia`: an organisation placed in
/// another one, which Chinese writes first (`西澳大学孔子学院`). Pushed as one phrase with the
/// first part's head when both parts have an organisation head.
fn push_phrase_at_organisation(
    phrases: &mut Vec<Phrase>,
    tokens: &[Token],
    start: usize,
    end: usize,
) {
    if tokens.get(end).is_none_or(|token| token.norm != "at" || token.after_break) {
        return;
    }
    let mut inner = end + 1;
    while tokens.get(inner).is_some_and(|token| token.norm == "the" && !token.after_break) {
        inner += 1;
    }
    if tokens.get(inner).is_none_or(|token| !capitalised(token) || token.after_break) {
        return;
    }
    let inner_end = phrase_end(tokens, inner);
    let (outer_head, inner_head) =
        (head_of(&tokens[start..end]), head_of(&tokens[inner..inner_end]));
    let organisation = |head: &str| lexical::category_of_head(head) == Some(Category::Organisation);
    if !organisation(&outer_head) || !organisation(&inner_head) {
        return;
    }
    push_phrase(phrases, &tokens[start..inner_end]);
    if let Some(last) = phrases.last_mut() {
        last.head = outer_head;
        last.at_head = Some(inner_head);
    }
}

/// `people's | Government of Yuzhong District`: a lower-case word right before a name that
/// starts with its head may be the name's own first word; pushed as a phrase with it, which
/// only renders a span that translates the word.
fn push_phrase_with_lower_lead(
    phrases: &mut Vec<Phrase>,
    tokens: &[Token],
    start: usize,
    end: usize,
) {
    let Some(lead) = start.checked_sub(1).map(|idx| &tokens[idx]) else { return };
    if tokens[start].after_break
        || capitalised(lead)
        || lead.norm.len() < 3
        || !lead.norm.chars().all(|c| c.is_ascii_alphabetic())
        || lexical::is_function_word(&lead.norm)
        || lexical::category_of_head(&tokens[start].norm).is_none()
    {
        return;
    }
    push_phrase(phrases, &tokens[start - 1..end]);
    if let Some(last) = phrases.last_mut() {
        last.lower_lead = Some(lead.norm.clone());
    }
}

/// Whether a word of one to four characters of `span` renders the English `word`.
fn translated_in_span(span: &str, word: &str) -> bool {
    let chars: Vec<char> = span.chars().collect();
    (0..chars.len()).any(|start| {
        (start + 1..=chars.len().min(start + 4)).any(|end| {
            let zh: String = chars[start..end].iter().collect();
            lexical::renders(&zh, word) > 0.0
        })
    })
}

/// Whether the Chinese span names the organisation after `at` (an organisation suffix that
/// `head` renders) before its own suffix.
fn names_inner_organisation(span: &Span, head: &str) -> bool {
    let own_suffix_chars = SPAN_SUFFIXES[span.suffix_idx].0.chars().count();
    let chars: Vec<char> = span.text.chars().collect();
    let before_own = &chars[..chars.len() - own_suffix_chars];
    SPAN_SUFFIXES.iter().any(|(suffix, category, heads)| {
        *category == Category::Organisation && heads.contains(&head) && {
            let suffix: Vec<char> = suffix.chars().collect();
            before_own.windows(suffix.len()).any(|window| window == suffix.as_slice())
        }
    })
}

/// The runs of capitalised words, connectors allowed inside ([`phrase_end`]): `(start, end)`
/// token ranges, left to right.
fn capitalised_runs(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut idx = 0;
    while idx < tokens.len() {
        if !capitalised(&tokens[idx]) {
            idx += 1;
            continue;
        }
        let end = phrase_end(tokens, idx);
        runs.push((idx, end));
        idx = end.max(idx + 1);
    }
    runs
}

fn capitalised(token: &Token) -> bool {
    token.surface.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// One past the last capitalised word of the phrase starting at `start`, connectors allowed
/// inside.
fn phrase_end(tokens: &[Token], start: usize) -> usize {
    let mut end = start + 1;
    let mut probe = end;
    while probe < tokens.len() && !tokens[probe].after_break {
        if capitalised(&tokens[probe]) {
            probe += 1;
            end = probe;
        } else if PHRASE_CONNECTORS.contains(&tokens[probe].norm.as_str())
            && !tokens.get(probe + 1).is_some_and(|next| is_time_word(&next.norm))
        {
            // `… in Nay Pyi Taw on Tuesday`: a weekday or month is no part of a name.
            probe += 1;
        } else {
            break;
        }
    }
    end
}

/// Words (lower case) capitalised only because they open a sentence: adverbs of time,
/// prepositions, pronouns and conjunctions (`Yesterday State Councilor and Foreign Minister
/// Wang Yi …`); none of them starts a name.
pub(super) fn opens_sentence_only(norm: &str) -> bool {
    const SENTENCE_OPENERS: &[&str] = &[
        "yesterday",
        "today",
        "tonight",
        "tomorrow",
        "recently",
        "meanwhile",
        "earlier",
        "later",
        "previously",
        "currently",
        "also",
        "when",
        "after",
        "before",
        "during",
        "while",
        "since",
        "at",
        "on",
        "in",
        "as",
        "but",
        "and",
        "then",
        "last",
        "next",
        "this",
        "these",
        "those",
        "its",
        "his",
        "her",
        "their",
        "our",
        "we",
        "he",
        "she",
        "they",
        "it",
        "a",
        "an",
    ];
    SENTENCE_OPENERS.contains(&norm)
}

/// Weekdays and months, which follow `on`/`in` after a name without being part of it.
fn is_time_word(norm: &str) -> bool {
    const TIME_WORDS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    TIME_WORDS.contains(&norm)
}

/// The tokens as written, with hyphens where they were hyphenated.
fn join_tokens(tokens: &[Token]) -> String {
    let mut text = String::new();
    for (idx, token) in tokens.iter().enumerate() {
        if idx > 0 {
            text.push(if token.hyphenated { '-' } else { ' ' });
        }
        text.push_str(&token.surface);
    }
    text
}

/// The head noun of a phrase: the word before its first preposition, or its last word.
fn head_of(tokens: &[Token]) -> String {
    let head_idx = tokens
        .iter()
        .position(|token| matches!(token.norm.as_str(), "of" | "for" | "with" | "on" | "in"))
        .map_or(tokens.len() - 1, |idx| idx.saturating_sub(1));
    tokens[head_idx].norm.clone()
}

fn push_phrase(phrases: &mut Vec<Phrase>, tokens: &[Token]) {
    let surface = join_tokens(tokens);
    phrases.push(Phrase {
        key: english_key(&surface),
        surface,
        head: head_of(tokens),
        joined: false,
        modifiers_joined: false,
        at_head: None,
        lower_lead: None,
    });
}

/// A Chinese span ending in a suffix: its text and which suffix.
#[derive(Clone)]
struct Span {
    text: String,
    suffix_idx: usize,
    boundary: bool,
}

/// Every span of `chars` ending in a suffix that could be a term on its own: `(start, end,
/// suffix)`.
fn suffix_spans(chars: &[char]) -> Vec<(usize, usize, usize)> {
    let mut spans = Vec::new();
    let titles = find_titles(chars);
    for end in 1..=chars.len() {
        // `重报集团党委书记`: no span ends inside a title.
        if titles.iter().any(|(start, title_end, _)| *start < end && end < *title_end) {
            continue;
        }
        // A suffix directly followed by 长 is a title (`部长`), not a name's end; 网络 is a word.
        if matches!(chars.get(end), Some('长' | '络')) {
            continue;
        }
        // Nor is a suffix the end of a verb of the clause (`…办公室举|办`).
        if end >= 2
            && LEFT_BREAK_WORDS.contains(&chars[end - 2..end].iter().collect::<String>().as_str())
        {
            continue;
        }
        let Some(suffix_idx) = SPAN_SUFFIXES.iter().position(|(suffix, _, _)| {
            let suffix_chars: Vec<char> = suffix.chars().collect();
            chars[..end].ends_with(&suffix_chars)
        }) else {
            continue;
        };
        let suffix_len = SPAN_SUFFIXES[suffix_idx].0.chars().count();
        let min_len = if suffix_len == 1 { 3 } else { suffix_len + 1 };
        let mut start = end.saturating_sub(suffix_len);
        // One conjunction may sit inside a name (`文化和旅游发展委员会`); such spans only link to
        // English phrases joined across `and`.
        let mut crossed_conjunction = false;
        while start > 0 && end - start < MAX_SPAN_CHARS {
            start -= 1;
            let c = chars[start];
            if !(is_han(c) || c.is_ascii_alphabetic()) {
                break;
            }
            if is_breaker(chars, start) {
                // `重庆市对外友协与四川省对外友协` coordinates two names: the part before the
                // conjunction is a name of its own.
                let before_is_name = SPAN_SUFFIXES.iter().any(|(suffix, _, _)| {
                    chars[..start].ends_with(&suffix.chars().collect::<Vec<char>>())
                });
                if !crossed_conjunction && is_conjunction(c) && !before_is_name {
                    crossed_conjunction = true;
                    continue;
                }
                break;
            }
            if start >= 1 {
                let word: String = chars[start - 1..=start].iter().collect();
                if LEFT_BREAK_WORDS.contains(&word.as_str()) {
                    break;
                }
            }
            if end - start >= min_len {
                spans.push((start, end, suffix_idx));
            }
        }
    }
    spans
}

fn is_conjunction(c: char) -> bool {
    matches!(c, '和' | '与' | '及')
}

fn mine_spans(
    builder: &mut Builder,
    folded_pairs: &[String],
    folded_mono: &[String],
    pairs: &[(String, String)],
    english: &[Vec<Token>],
) {
    // Left and right contexts of every span across the whole corpus (accessor variety): a span
    // always preceded or followed by the same character is part of a longer word.
    let mut left_contexts: HashMap<String, BTreeSet<char>> = HashMap::new();
    let mut right_contexts: HashMap<String, BTreeSet<char>> = HashMap::new();
    let texts: Vec<&String> = folded_pairs.iter().chain(folded_mono).collect();
    for text in &texts {
        let chars: Vec<char> = text.chars().collect();
        let title_starts: BTreeSet<usize> =
            find_titles(&chars).into_iter().map(|(start, _, _)| start).collect();
        let spans = suffix_spans(&chars);
        // A term may end where another one starts (`中国人民大学|重阳金融研究院`).
        let span_starts: BTreeSet<usize> = spans
            .iter()
            .filter(|(start, end, suffix_idx)| {
                end - start >= 5 && SPAN_SUFFIXES[*suffix_idx].0.chars().count() > 1
            })
            .map(|(start, _, _)| *start)
            .collect();
        for (start, end, _) in spans {
            let span: String = chars[start..end].iter().collect();
            let left = if left_boundary(&chars, start) { '。' } else { chars[start - 1] };
            left_contexts.entry(span.clone()).or_default().insert(left);
            let right = chars.get(end).copied().unwrap_or('。');
            // An ordinal (`政治局第三十次`) or a verb of saying never continues a name.
            let right = if is_han(right)
                && !LEFT_BREAKERS.contains(right)
                && !AFTER_NAME.contains(right)
                && right != '第'
                && !title_starts.contains(&end)
                && !span_starts.contains(&end)
            {
                right
            } else {
                '。'
            };
            right_contexts.entry(span).or_default().insert(right);
        }
    }
    let varied = |contexts: &HashMap<String, BTreeSet<char>>, span: &str| {
        contexts.get(span).is_some_and(|seen| seen.contains(&'。') || seen.len() >= 2)
    };
    // Right contexts only decide for one-character suffixes (`重点节目` is no `…节`).
    // In pairs the English head confirms a span, so only one-character suffixes must also end
    // the word (`协同` is no `…协`).
    let is_term_like = |span: &str, suffix_idx: usize| {
        varied(&left_contexts, span)
            && (SPAN_SUFFIXES[suffix_idx].0.chars().count() > 1 || varied(&right_contexts, span))
    };
    let spans_of = |text: &str| -> Vec<(usize, usize, Span)> {
        let chars: Vec<char> = text.chars().collect();
        suffix_spans(&chars)
            .into_iter()
            .filter_map(|(start, end, suffix_idx)| {
                let span: String = chars[start..end].iter().collect();
                let boundary = left_boundary(&chars, start);
                is_term_like(&span, suffix_idx).then_some((
                    start,
                    end,
                    Span { text: span, suffix_idx, boundary },
                ))
            })
            .collect()
    };

    // Co-occurrence counts over pairs.
    let pair_spans: Vec<Vec<(usize, usize, Span)>> =
        folded_pairs.iter().map(|text| spans_of(text)).collect();
    let pair_phrases: Vec<Vec<Phrase>> =
        english.iter().map(|tokens| english_phrases(tokens)).collect();
    let mut zh_freq: HashMap<&str, u32> = HashMap::new();
    let mut en_freq: HashMap<&str, u32> = HashMap::new();
    let mut joint: HashMap<(&str, &str), u32> = HashMap::new();
    for (spans, phrases) in pair_spans.iter().zip(&pair_phrases) {
        let zh_set: BTreeSet<&str> = spans.iter().map(|(_, _, span)| span.text.as_str()).collect();
        let en_set: BTreeSet<&str> = phrases.iter().map(|phrase| phrase.key.as_str()).collect();
        for zh in &zh_set {
            *zh_freq.entry(zh).or_default() += 1;
            for en in &en_set {
                *joint.entry((zh, en)).or_default() += 1;
            }
        }
        for en in &en_set {
            *en_freq.entry(en).or_default() += 1;
        }
    }

    for (pair_idx, (spans, phrases)) in pair_spans.iter().zip(&pair_phrases).enumerate() {
        let written: Vec<char> = pairs[pair_idx].0.chars().collect();
        let pair_chars: Vec<char> = folded_pairs[pair_idx].chars().collect();
        let attested = attested_place_words(&pair_chars, &english[pair_idx]);
        let mut options = Vec::new();
        for (zh_idx, (_, _, span)) in spans.iter().enumerate() {
            let (_, _, heads) = SPAN_SUFFIXES[span.suffix_idx];
            for (en_idx, phrase) in phrases.iter().enumerate() {
                let conjunction_fits =
                    phrase.joined == span.text.contains(is_conjunction) || phrase.modifiers_joined;
                if !heads.contains(&phrase.head.as_str())
                    || !conjunction_fits
                    || phrase
                        .at_head
                        .as_ref()
                        .is_some_and(|head| !names_inner_organisation(span, head))
                    || phrase
                        .lower_lead
                        .as_ref()
                        .is_some_and(|lead| !translated_in_span(&span.text, lead))
                {
                    continue;
                }
                let f_zh = f64::from(zh_freq.get(span.text.as_str()).copied().unwrap_or(0));
                let f_en = f64::from(en_freq.get(phrase.key.as_str()).copied().unwrap_or(0));
                let f_joint = f64::from(
                    joint.get(&(span.text.as_str(), phrase.key.as_str())).copied().unwrap_or(0),
                );
                let dice = 2.0 * f_joint / (f_zh + f_en).max(1.0);
                let score = dice
                    + 0.05 * f_zh.log2()
                    + place_agreement(&span.text, &phrase.key, &attested)
                    + if span.boundary { 0.2 } else { 0.0 };
                options.push((score, zh_idx, en_idx));
            }
        }
        options.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(spans[b.1].2.text.chars().count().cmp(&spans[a.1].2.text.chars().count()))
                .then(phrases[b.2].key.len().cmp(&phrases[a.2].key.len()))
                .then(a.1.cmp(&b.1))
                .then(a.2.cmp(&b.2))
        });
        let (mut zh_used, mut en_used) = (BTreeSet::new(), BTreeSet::new());
        for (score, zh_idx, en_idx) in options {
            if score < 0.3 || zh_used.contains(&zh_idx) || en_used.contains(&en_idx) {
                continue;
            }
            let (start, end, span) = &spans[zh_idx];
            // One Chinese occurrence links once: spans nested in a linked one are used up too.
            for (other_idx, (other_start, other_end, _)) in spans.iter().enumerate() {
                if other_start < end && start < other_end {
                    zh_used.insert(other_idx);
                }
            }
            en_used.insert(en_idx);
            let category = SPAN_SUFFIXES[span.suffix_idx].1;
            let written_form: String = written[*start..*end].iter().collect();
            builder.add(
                category,
                &span.text,
                &written_form,
                Some((&phrases[en_idx].surface, pair_idx)),
            );
        }
    }

    // Chinese-only text: the longest term-like span ending at each suffix occurrence.
    for text in folded_mono {
        let mut by_end: BTreeMap<usize, (usize, Span)> = BTreeMap::new();
        for (start, end, span) in spans_of(text) {
            let longer = by_end.get(&end).is_none_or(|(best_start, _)| start < *best_start);
            let single_char_suffix = SPAN_SUFFIXES[span.suffix_idx].0.chars().count() == 1;
            let seen_twice =
                texts.iter().filter(|text| text.contains(span.text.as_str())).count() >= 2;
            let long_enough = !single_char_suffix || (seen_twice && span.text.chars().count() >= 4);
            // In Chinese-only text no English confirms the span, so it must also end the word
            // (`重点节目` is no `…节`, `云南日报报业集团` no `云南日报`).
            let ends_word = varied(&right_contexts, &span.text);
            if longer
                && span.boundary
                && long_enough
                && ends_word
                && !span.text.contains(is_conjunction)
            {
                by_end.insert(end, (start, span));
            }
        }
        for (_, span) in by_end.values() {
            let category = SPAN_SUFFIXES[span.suffix_idx].1;
            builder.add(category, &span.text, &span.text, None);
        }
    }
}

/// True when `chars[idx]` is a function character that ends a term on the left. `对外` belongs
/// to names (`对外友协`); `对` alone is a preposition.
fn is_breaker(chars: &[char], idx: usize) -> bool {
    let c = chars[idx];
    (LEFT_BREAKERS.contains(c) && !(c == '对' && chars.get(idx + 1) == Some(&'外')))
        || invites(chars, idx)
}

/// True when `chars[idx]` is the `应` of `应…邀请` (at the invitation of …): the inviters follow
/// it up to `邀` in the same clause. Elsewhere `应` starts words of names (`应急管理局`).
fn invites(chars: &[char], idx: usize) -> bool {
    chars[idx] == '应'
        && chars[idx + 1..]
            .iter()
            .take_while(|c| is_han(**c) || c.is_ascii_alphanumeric())
            .any(|c| *c == '邀')
}

/// True when a term may start at `start`: text start, punctuation, a function word or a verb.
fn left_boundary(chars: &[char], start: usize) -> bool {
    if start == 0 {
        return true;
    }
    // `第15|届双城论坛`: a term does not start inside a number and its measure word.
    if chars[start - 1].is_ascii_digit() {
        return false;
    }
    if !is_han(chars[start - 1]) || is_breaker(chars, start - 1) {
        return true;
    }
    start >= 2
        && LEFT_BREAK_WORDS.contains(&chars[start - 2..start].iter().collect::<String>().as_str())
}

/// Reward a span whose place names (pinyin of two characters) are words of the English phrase,
/// and penalise one that leaves out a place the phrase names and the pair's Chinese spells.
fn place_agreement(span: &str, phrase_key: &str, attested: &BTreeSet<String>) -> f64 {
    let chars: Vec<char> = span.chars().collect();
    let mut matched = BTreeSet::new();
    for window in chars.windows(2) {
        for spelling in two_char_spellings(window[0], window[1]) {
            if phrase_key.split(' ').any(|word| word == spelling) {
                matched.insert(spelling);
            }
        }
    }
    let missing = phrase_key
        .split(' ')
        .filter(|word| attested.contains(*word) && !matched.contains(*word))
        .count();
    0.3 * matched.len() as f64 - 0.3 * missing as f64
}

/// Words of `english` spelt by the pinyin of two adjacent characters of `chars`.
fn attested_place_words(chars: &[char], english: &[Token]) -> BTreeSet<String> {
    let words: BTreeSet<&str> = english.iter().map(|token| token.norm.as_str()).collect();
    let mut attested = BTreeSet::new();
    for window in chars.windows(2) {
        if !is_han(window[0]) || !is_han(window[1]) {
            continue;
        }
        for spelling in two_char_spellings(window[0], window[1]) {
            if words.contains(spelling.as_str()) {
                attested.insert(spelling);
            }
        }
    }
    attested
}

fn two_char_spellings(first: char, second: char) -> Vec<String> {
    let mut out = Vec::new();
    for a in readings(first) {
        for b in readings(second) {
            out.push(format!("{a}{b}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_quoted_term_whose_heads_agree_takes_their_category() {
        use super::{Category, category_by_heads};
        assert_eq!(category_by_heads("大使", "Ambassadors"), Some(Category::Title));
        assert_eq!(category_by_heads("中外新闻社", "News Agency"), Some(Category::Organisation));
        assert_eq!(category_by_heads("一带一路", "Belt and Road"), None);
        // The head must end the English: `ambassador` inside a longer phrase is none.
        assert_eq!(category_by_heads("大使", "ambassador program"), None);
    }

    #[test]
    fn a_place_of_any_length_always_written_with_its_suffix_takes_it() {
        use super::{Builder, Category, whole_place_names};
        let mut builder = Builder::default();
        builder.add(Category::Place, "图卢兹", "图卢兹", Some(("Toulouse", 0)));
        let texts = ["法国图卢兹市副市长来访。".to_owned(), "图卢兹市是友城。".to_owned()];
        whole_place_names(&mut builder, &texts.iter().collect::<Vec<_>>());
        assert!(builder.terms.contains_key("图卢兹市"));
        assert!(!builder.terms.contains_key("图卢兹"));
    }

    #[test]
    fn a_rendering_leaves_out_an_ordinal_the_chinese_has_no_number_for() {
        use super::without_unmatched_ordinal as strip;
        assert_eq!(strip("双城论坛", "15th Twin-City Forum"), "Twin-City Forum");
        assert_eq!(strip("第15届双城论坛", "15th Twin-City Forum"), "15th Twin-City Forum");
        assert_eq!(strip("双城论坛", "Twin-City Forum"), "Twin-City Forum");
        assert_eq!(strip("论坛", "North Forum"), "North Forum");
    }

    #[test]
    fn a_title_rendering_that_runs_on_into_the_text_is_dropped() {
        use super::{Builder, Category};
        let mut builder = Builder::default();
        let long = "Prime Minister Theresa May of the United Kingdom of Great Britain and Northern Ireland";
        builder.add(Category::Title, "国务院总理", "国务院总理", Some((long, 0)));
        builder.add(Category::Title, "国务院总理", "国务院总理", Some(("Premier", 1)));
        // An abbreviation may say more than its characters: it stays.
        let office = "Office of the Central Commission for Foreign Affairs";
        builder.add(Category::Organisation, "中央外办", "中央外办", Some((office, 0)));
        let texts = ["国务院总理".to_owned(), "中央外办".to_owned()];
        let candidates = builder.finish(&texts, &[]);
        let renderings = |zh: &str| -> Vec<String> {
            let candidate = candidates.iter().find(|candidate| candidate.zh == zh).unwrap();
            candidate.renderings.iter().map(|rendering| rendering.en.clone()).collect()
        };
        assert_eq!(renderings("国务院总理"), ["Premier"]);
        assert_eq!(renderings("中央外办"), [office]);
    }
}
