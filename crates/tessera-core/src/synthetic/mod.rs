//! A deterministic generator of realistic Chinese–English news memories, for benchmarks and for
//! tests that need many units (crash safety, bulk import).
//!
//! The same seed always gives the same units. Segments are built from templates of official news
//! (meetings, visits, signings) filled with names, titles, organisations, dates and figures, so
//! they share the vocabulary and the near-duplicates of a real memory.

pub mod queries;

use crate::model::{LanguageTag, NewUnit, NewVariant};

/// A small, fast, seeded generator (SplitMix64): deterministic and dependency-free.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator with this seed.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SURNAMES: &[(&str, &str)] = &[
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("赵", "Zhao"),
    ("黄", "Huang"),
    ("周", "Zhou"),
    ("吴", "Wu"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("曾", "Zeng"),
    ("谭", "Tan"),
    ("章", "Zhang"),
    ("袁", "Yuan"),
    ("姜", "Jiang"),
    ("管", "Guan"),
];
const GIVEN: &[(&str, &str)] = &[
    ("雯", "Wen"),
    ("吾君", "Wujun"),
    ("勇武", "Yongwu"),
    ("广成", "Guangcheng"),
    ("智兵", "Zhibing"),
    ("洪", "Hong"),
    ("泽映", "Zeying"),
    ("琼", "Qiong"),
    ("鑫", "Xin"),
    ("建华", "Jianhua"),
    ("文莎", "Wensha"),
    ("鹏", "Peng"),
    ("蓉", "Rong"),
    ("廷尧", "Tingyao"),
    ("江", "Jiang"),
];
const TITLES: &[(&str, &str)] = &[
    ("副主任", "deputy director general"),
    ("主任", "director general"),
    ("党组书记", "secretary of the Party Leadership Group"),
    ("副市长", "vice mayor"),
    ("秘书长", "secretary general"),
    ("副会长", "vice president"),
    ("总领事", "consul general"),
    ("大使", "ambassador"),
    ("处长", "division director"),
];
const ORGS: &[(&str, &str)] = &[
    (
        "重庆市人民政府外事办公室",
        "Foreign Affairs Office of Chongqing Municipal People's Government",
    ),
    ("重庆国际传播中心", "Chongqing International Media Center"),
    ("重庆日报报业集团", "Chongqing Daily Newspaper Group"),
    ("重庆市对外友协", "Chongqing People's Association for Friendship with Foreign Countries"),
    ("全国对外友协", "Chinese People's Association for Friendship with Foreign Countries"),
    ("中国民间组织国际交流促进会", "China NGO Network for International Exchanges"),
    ("西部国际传播中心", "Western China International Media Center"),
    ("重庆史迪威博物馆", "Chongqing Stilwell Museum"),
    ("四川省外事办公室", "Foreign Affairs Office of Sichuan Provincial People's Government"),
    ("重庆市委宣传部", "Publicity Department of the CPC Chongqing Municipal Committee"),
];
const TOPICS: &[(&str, &str)] = &[
    ("国际传播能力建设", "building international communication capacity"),
    ("友好城市交流", "sister city exchanges"),
    ("经贸合作", "economic and trade cooperation"),
    ("人文交流", "people-to-people and cultural exchanges"),
    ("成渝地区双城经济圈建设", "the Chengdu-Chongqing economic circle"),
    ("抗疫国际合作", "international cooperation against the epidemic"),
    ("领事服务", "consular services"),
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// One generated bilingual pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticPair {
    /// The Chinese segment.
    pub zh: String,
    /// Its English translation.
    pub en: String,
}

/// Generates the `idx`-th pair of the memory with this seed; pairs are independent, so a memory of
/// any size can be produced in chunks.
pub fn synthetic_pair(seed: u64, idx: u64) -> SyntheticPair {
    let mut rng = SplitMix64::new(seed ^ idx.wrapping_mul(0xA24B_AED4_963E_E407));
    let (surname_zh, surname_en) = *rng.pick(SURNAMES);
    let (given_zh, given_en) = *rng.pick(GIVEN);
    let (title_zh, title_en) = *rng.pick(TITLES);
    let (org_zh, org_en) = *rng.pick(ORGS);
    let (other_zh, other_en) = *rng.pick(ORGS);
    let (topic_zh, topic_en) = *rng.pick(TOPICS);
    let month = rng.below(12);
    let day = 1 + rng.below(28);
    let count = 2 + rng.below(498);
    let year = 2015 + rng.below(11);
    let name_zh = format!("{surname_zh}{given_zh}");
    let name_en = format!("{surname_en} {given_en}");
    let month_zh = month + 1;
    let month_en = MONTHS[month];
    let (zh, en) = match rng.below(6) {
        0 => (
            format!(
                "{month_zh}月{day}日，{org_zh}{title_zh}{name_zh}会见了{other_zh}代表团，双方就{topic_zh}深入交换了意见。"
            ),
            format!(
                "On {month_en} {day}, {name_en}, {title_en} of the {org_en}, met a delegation of the {other_en}, and the two sides exchanged views on {topic_ex}.",
                topic_ex = topic_en
            ),
        ),
        1 => (
            format!("{name_zh}表示，{org_zh}将与{other_zh}加强{topic_zh}，共同讲好重庆故事。"),
            format!(
                "{name_en} said that the {org_en} will strengthen {topic_en} with the {other_en} and jointly tell the stories of Chongqing well."
            ),
        ),
        2 => (
            format!(
                "{year}年{month_zh}月，{org_zh}与{other_zh}签署合作协议，{count}名代表出席签约仪式。"
            ),
            format!(
                "In {month_en} {year}, the {org_en} signed a cooperation agreement with the {other_en}, and {count} representatives attended the signing ceremony."
            ),
        ),
        3 => (
            format!("{other_zh}{title_zh}{name_zh}详细介绍了{topic_zh}的有关情况。"),
            format!("{name_en}, {title_en} of the {other_en}, briefed on {topic_en} in detail."),
        ),
        4 => (
            format!("截至目前，{org_zh}已开展{topic_zh}活动{count}场，覆盖{day}个国家和地区。"),
            format!(
                "So far, the {org_en} has held {count} events on {topic_en}, covering {day} countries and regions."
            ),
        ),
        _ => (
            format!("{month_zh}月{day}日，{name_zh}率队赴{org_zh}开展调研。"),
            format!("On {month_en} {day}, {name_en} led a team to the {org_en} for a survey."),
        ),
    };
    SyntheticPair { zh, en }
}

/// `count` units starting at pair index `first`, generated lazily, ready for
/// [`crate::Project::add_units`].
pub fn synthetic_units(seed: u64, first: u64, count: u64) -> impl Iterator<Item = NewUnit> {
    let zh = LanguageTag::parse("zh-Hans");
    let en = LanguageTag::parse("en");
    (first..first + count).map(move |idx| {
        let pair = synthetic_pair(seed, idx);
        NewUnit {
            source_lang: Some(zh.clone()),
            variants: vec![
                NewVariant { lang: zh.clone(), text: pair.zh },
                NewVariant { lang: en.clone(), text: pair.en },
            ],
            created_by: "tessera-generator".to_owned(),
            provenance: None,
        }
    })
}
