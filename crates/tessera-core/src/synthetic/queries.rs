//! Labelled queries for benchmarks and the quality test: edited copies of generated units
//! ([`super::synthetic_pair`]) whose expected best match is the unit they were copied
//! from.
//!
//! Edits are the ones translators meet: another person's name, another figure or date, a clause
//! rewritten, the whole text switched to traditional characters, or a name and a figure at once.
//! The same seed and index always give the same query.

use super::{SplitMix64, synthetic_pair};

/// How a query was edited from its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Edit {
    /// A person's name replaced by another.
    Name,
    /// One number (a day, a count, a year) replaced by another.
    Number,
    /// The last clause replaced by another unit's last clause.
    Clause,
    /// The whole text in traditional characters.
    Traditional,
    /// A name and a number replaced.
    NameAndNumber,
}

impl Edit {
    /// All kinds, in the order queries cycle through them.
    pub const ALL: [Edit; 5] =
        [Edit::Name, Edit::Number, Edit::Clause, Edit::Traditional, Edit::NameAndNumber];
}

/// A query with the unit it was copied from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledQuery {
    /// The query text (Chinese).
    pub query: String,
    /// Index of the generated pair it was copied from (`synthetic_pair(seed, expected_idx)`).
    pub expected_idx: u64,
    /// How it was edited.
    pub edit: Edit,
}

/// The `query_idx`-th labelled query over a memory of `memory_size` pairs generated with `seed`.
pub fn labelled_query(seed: u64, memory_size: u64, query_idx: u64) -> LabelledQuery {
    let mut rng = SplitMix64::new(seed.wrapping_mul(31).wrapping_add(query_idx) ^ 0x00C0_FFEE);
    let expected_idx = rng.below(memory_size.max(1) as usize) as u64;
    let edit = Edit::ALL[query_idx as usize % Edit::ALL.len()];
    let original = synthetic_pair(seed, expected_idx).zh;
    let query = match edit {
        Edit::Name => replace_name(&original, &mut rng),
        Edit::Number => replace_number(&original, &mut rng),
        Edit::Clause => {
            let other = synthetic_pair(seed, rng.below(memory_size.max(1) as usize) as u64).zh;
            replace_clause(&original, &other)
        }
        Edit::Traditional => to_traditional(&original),
        Edit::NameAndNumber => replace_number(&replace_name(&original, &mut rng), &mut rng),
    };
    LabelledQuery { query, expected_idx, edit }
}

/// Names used by the generator (surname + given name), and names it never uses.
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "曾", "谭", "章", "袁",
    "姜", "管",
];
const GIVEN: &[&str] = &[
    "雯", "吾君", "勇武", "广成", "智兵", "洪", "泽映", "琼", "鑫", "建华", "文莎", "鹏", "蓉",
    "廷尧", "江",
];
const NEW_NAMES: &[&str] = &["欧阳明", "司马卫东", "林海", "郑晓", "何平", "马骏"];

fn replace_name(text: &str, rng: &mut SplitMix64) -> String {
    // The generator's names are a surname followed by a given name; take the longest at the
    // first place where one starts.
    for (start, _) in text.char_indices() {
        let rest = &text[start..];
        let Some(surname) = SURNAMES.iter().find(|surname| rest.starts_with(**surname)) else {
            continue;
        };
        let after = &rest[surname.len()..];
        let given =
            GIVEN.iter().filter(|given| after.starts_with(**given)).max_by_key(|given| given.len());
        if let Some(given) = given {
            let end = start + surname.len() + given.len();
            let new_name = NEW_NAMES[rng.below(NEW_NAMES.len())];
            return format!("{}{new_name}{}", &text[..start], &text[end..]);
        }
    }
    format!("{}{}", NEW_NAMES[rng.below(NEW_NAMES.len())], text)
}

fn replace_number(text: &str, rng: &mut SplitMix64) -> String {
    let runs: Vec<(usize, usize)> = digit_runs(text);
    if runs.is_empty() {
        return format!("{}2{}", text.trim_end_matches('。'), "次。");
    }
    let (start, end) = runs[rng.below(runs.len())];
    let old: u64 = text[start..end].parse().unwrap_or(0);
    let new = if old <= 12 { (old % 12) + 1 } else { old + 1 + rng.below(9) as u64 };
    format!("{}{new}{}", &text[..start], &text[end..])
}

fn digit_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                runs.push((from, at));
                start = None;
            }
            _ => {}
        }
    }
    runs
}

fn replace_clause(text: &str, other: &str) -> String {
    let last_clause = |text: &str| -> (usize, usize) {
        let end = text.trim_end_matches('。').len();
        let start = text[..end].rfind('，').map_or(end, |at| at + '，'.len_utf8());
        (start, end)
    };
    let (start, end) = last_clause(text);
    let (other_start, other_end) = last_clause(other);
    // Rewriting a clause that is most of the sentence leaves nothing to match: add one instead.
    let (start, end) = if 2 * (end - start) > text.len() { (end, end) } else { (start, end) };
    let replacement =
        if other_start < other_end && other[other_start..other_end] != text[start..end] {
            &other[other_start..other_end]
        } else {
            "双方表示将继续深化务实合作"
        };
    if start == end {
        format!("{}，{replacement}。", &text[..end])
    } else {
        format!("{}{replacement}{}", &text[..start], &text[end..])
    }
}

/// The generator's text in traditional characters (a table covering its vocabulary).
pub fn to_traditional(text: &str) -> String {
    text.chars()
        .map(|c| SIMPLIFIED_TO_TRADITIONAL.iter().find(|(s, _)| *s == c).map_or(c, |(_, t)| *t))
        .collect()
}

const SIMPLIFIED_TO_TRADITIONAL: &[(char, char)] = &[
    ('与', '與'),
    ('业', '業'),
    ('个', '個'),
    ('书', '書'),
    ('传', '傳'),
    ('仪', '儀'),
    ('会', '會'),
    ('刘', '劉'),
    ('办', '辦'),
    ('务', '務'),
    ('动', '動'),
    ('区', '區'),
    ('华', '華'),
    ('协', '協'),
    ('吴', '吳'),
    ('团', '團'),
    ('国', '國'),
    ('场', '場'),
    ('处', '處'),
    ('对', '對'),
    ('将', '將'),
    ('尧', '堯'),
    ('广', '廣'),
    ('庆', '慶'),
    ('张', '張'),
    ('总', '總'),
    ('报', '報'),
    ('换', '換'),
    ('济', '濟'),
    ('泽', '澤'),
    ('琼', '瓊'),
    ('签', '簽'),
    ('约', '約'),
    ('组', '組'),
    ('细', '細'),
    ('织', '織'),
    ('绍', '紹'),
    ('经', '經'),
    ('杨', '楊'),
    ('孙', '孫'),
    ('领', '領'),
    ('馆', '館'),
    ('鹏', '鵬'),
    ('见', '見'),
    ('议', '議'),
    ('记', '記'),
    ('讲', '講'),
    ('设', '設'),
    ('详', '詳'),
    ('调', '調'),
    ('谭', '譚'),
    ('贸', '貿'),
    ('赵', '趙'),
    ('进', '進'),
    ('长', '長'),
    ('间', '間'),
    ('队', '隊'),
    ('际', '際'),
    ('陈', '陳'),
    ('双', '雙'),
    ('开', '開'),
    ('关', '關'),
    ('况', '況'),
    ('党', '黨'),
    ('员', '員'),
    ('门', '門'),
    ('东', '東'),
    ('发', '發'),
    ('实', '實'),
    ('继', '繼'),
    ('续', '續'),
    ('欧', '歐'),
    ('马', '馬'),
    ('骏', '駿'),
    ('卫', '衛'),
    ('郑', '鄭'),
    ('晓', '曉'),
    ('盖', '蓋'),
    ('宣', '宣'),
];
