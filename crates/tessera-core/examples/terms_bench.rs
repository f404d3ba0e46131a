//! Measures `TermIndex::check` and `TermIndex::complete` against a generated 100,000-concept
//! termbase (deterministic), p50/p95/p99 per call in-process.
//!
//! `cargo run --release -p tessera-core --example terms_bench`

use std::time::{Duration, Instant};

use tessera_core::{
    TermStatus,
    terminology::{Category, TermEntry, TermIndex, mine_candidates},
};

const CONCEPTS: usize = 100_000;
const QUERIES: usize = 2_000;
const MINING_PAIRS: usize = 5_000;

/// (Chinese, English) building blocks.
const PLACES: &[(&str, &str)] = &[
    ("重庆", "Chongqing"),
    ("成都", "Chengdu"),
    ("西安", "Xi'an"),
    ("武汉", "Wuhan"),
    ("长沙", "Changsha"),
    ("昆明", "Kunming"),
    ("贵阳", "Guiyang"),
    ("南宁", "Nanning"),
    ("兰州", "Lanzhou"),
    ("西宁", "Xining"),
    ("杭州", "Hangzhou"),
    ("南京", "Nanjing"),
    ("济南", "Jinan"),
    ("郑州", "Zhengzhou"),
    ("合肥", "Hefei"),
    ("福州", "Fuzhou"),
    ("广州", "Guangzhou"),
    ("深圳", "Shenzhen"),
    ("厦门", "Xiamen"),
    ("青岛", "Qingdao"),
    ("大连", "Dalian"),
    ("沈阳", "Shenyang"),
    ("长春", "Changchun"),
    ("太原", "Taiyuan"),
    ("石家庄", "Shijiazhuang"),
];
const DISTRICTS: &[(&str, &str)] = &[
    ("", ""),
    ("渝中区", "Yuzhong District "),
    ("江北区", "Jiangbei District "),
    ("高新区", "High-tech Zone "),
    ("两江新区", "Liangjiang New Area "),
    ("经开区", "Economic Development Zone "),
    ("滨江区", "Binjiang District "),
    ("天府新区", "Tianfu New Area "),
];
const ORGS: &[(&str, &str, &str)] = &[
    (
        "市人民政府外事办公室",
        "Foreign Affairs Office of {} Municipal People's Government",
        "{} Foreign Affairs Office",
    ),
    ("国际传播中心", "{} International Media Center", "{} International Communication Center"),
    ("日报报业集团", "{} Daily Newspaper Group", "{} Newspaper Group"),
    (
        "人民对外友好协会",
        "{} People's Association for Friendship with Foreign Countries",
        "{} Friendship Association",
    ),
    (
        "市委宣传部",
        "Publicity Department of the CPC {} Municipal Committee",
        "{} Propaganda Department",
    ),
    ("博物馆", "{} Museum", "{} Museum Hall"),
    ("大学", "{} University", "University of {}"),
    ("商务委员会", "{} Municipal Commission of Commerce", "{} Commerce Committee"),
    (
        "文化和旅游发展委员会",
        "{} Municipal Culture and Tourism Development Commission",
        "{} Tourism Bureau",
    ),
    ("国际会议展览中心", "{} International Expo Center", "{} Convention Center"),
    (
        "市人民政府新闻办公室",
        "Information Office of {} Municipal People's Government",
        "{} News Office",
    ),
    ("投资促进局", "{} Investment Promotion Agency", "{} Investment Bureau"),
];
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
    ("胡", "Hu"),
    ("朱", "Zhu"),
    ("高", "Gao"),
    ("林", "Lin"),
    ("何", "He"),
    ("郭", "Guo"),
    ("马", "Ma"),
    ("罗", "Luo"),
    ("曾", "Zeng"),
    ("单", "Shan"),
    ("解", "Xie"),
    ("章", "Zhang"),
    ("管", "Guan"),
    ("向", "Xiang"),
    ("袁", "Yuan"),
];
const GIVEN: &[(&str, &str)] = &[
    ("雯", "wen"),
    ("吾", "wu"),
    ("君", "jun"),
    ("勇", "yong"),
    ("武", "wu"),
    ("洪", "hong"),
    ("泽", "ze"),
    ("映", "ying"),
    ("广", "guang"),
    ("成", "cheng"),
    ("江", "jiang"),
    ("智", "zhi"),
    ("兵", "bing"),
    ("琼", "qiong"),
    ("建", "jian"),
    ("华", "hua"),
    ("文", "wen"),
    ("莎", "sha"),
    ("鹏", "peng"),
    ("蓉", "rong"),
    ("廷", "ting"),
    ("尧", "yao"),
    ("明", "ming"),
    ("国", "guo"),
    ("平", "ping"),
    ("伟", "wei"),
    ("芳", "fang"),
    ("静", "jing"),
    ("磊", "lei"),
    ("涛", "tao"),
    ("军", "jun"),
    ("霞", "xia"),
    ("秀", "xiu"),
    ("丽", "li"),
    ("强", "qiang"),
];
const FILLER_ZH: &[&str] =
    &["表示，", "率队赴", "会见了", "与", "在会上介绍了", "参观了", "出席活动。", "指出，"];
const FILLER_EN: &[&str] = &[
    "said that",
    "led a delegation to",
    "met with",
    "and",
    "introduced",
    "visited",
    "attended the event.",
    "pointed out",
];

/// A small deterministic generator (64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

fn termbase() -> Vec<TermEntry> {
    let mut entries = Vec::with_capacity(CONCEPTS);
    let mut seen = std::collections::HashSet::new();
    let mut rng = Lcg(42);
    while entries.len() < CONCEPTS {
        let concept_id = entries.len() as i64 + 1;
        let entry = if rng.next(2) == 0 {
            let (place_zh, place_en) = PLACES[rng.next(PLACES.len())];
            let (district_zh, district_en) = DISTRICTS[rng.next(DISTRICTS.len())];
            let (org_zh, preferred, deprecated) = ORGS[rng.next(ORGS.len())];
            // A numbered branch keeps 50,000 organisations distinct.
            let branch = rng.next(400);
            let zh = format!("{place_zh}{district_zh}第{branch}{org_zh}");
            let place = format!("{district_en}{place_en} No. {branch}");
            TermEntry {
                concept_id,
                category: Category::Organisation,
                zh_forms: vec![zh],
                renderings: vec![
                    (preferred.replace("{}", &place), TermStatus::Preferred),
                    (deprecated.replace("{}", &place), TermStatus::Deprecated),
                    (format!("{place} Waiban {branch}"), TermStatus::Forbidden),
                ],
            }
        } else {
            let (surname_zh, surname_en) = SURNAMES[rng.next(SURNAMES.len())];
            let (g1_zh, g1_en) = GIVEN[rng.next(GIVEN.len())];
            let (g2_zh, g2_en) = GIVEN[rng.next(GIVEN.len())];
            let (g3_zh, g3_en) = GIVEN[rng.next(GIVEN.len())];
            let zh = format!("{surname_zh}{g1_zh}{g2_zh}{g3_zh}");
            let en = format!("{surname_en} {}{g2_en}{g3_en}", capitalise(g1_en));
            TermEntry {
                concept_id,
                category: Category::Person,
                zh_forms: vec![zh],
                renderings: vec![
                    (en.clone(), TermStatus::Preferred),
                    (
                        format!("{}{g2_en}{g3_en} {surname_en}", capitalise(g1_en)),
                        TermStatus::Deprecated,
                    ),
                ],
            }
        };
        if seen.insert(entry.zh_forms[0].clone()) {
            entries.push(entry);
        }
    }
    entries
}

/// A source/target pair mentioning three concepts: one rendered right, one with a typo or a
/// deprecated form, one left out.
fn query(entries: &[TermEntry], rng: &mut Lcg) -> (String, String, String) {
    let mut source = String::new();
    let mut target = String::new();
    for slot in 0..3 {
        let entry = &entries[rng.next(entries.len())];
        source.push_str(&entry.zh_forms[0]);
        source.push_str(FILLER_ZH[rng.next(FILLER_ZH.len())]);
        let english = match slot {
            0 => entry.renderings[0].0.clone(),
            1 if rng.next(2) == 0 => entry.renderings[1].0.clone(),
            1 => entry.renderings[0].0.replacen('a', "e", 1),
            _ => String::new(),
        };
        target.push_str(&english);
        target.push(' ');
        target.push_str(FILLER_EN[rng.next(FILLER_EN.len())]);
        target.push(' ');
    }
    let prefixes =
        ["Aff", "Chong", "Inter", "Wang", "Mus", "Foreign Aff", "Dai", "Zh", "Peo", "Com"];
    let prefix = prefixes[rng.next(prefixes.len())].to_owned();
    (source, target, prefix)
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[idx]
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "{name:<9} p50 {:>8.1} µs   p95 {:>8.1} µs   p99 {:>8.1} µs   max {:>8.1} µs",
        percentile(&times, 0.50).as_secs_f64() * 1e6,
        percentile(&times, 0.95).as_secs_f64() * 1e6,
        percentile(&times, 0.99).as_secs_f64() * 1e6,
        times.last().map_or(0.0, |max| max.as_secs_f64() * 1e6),
    );
}

fn main() {
    let entries = termbase();
    let started = Instant::now();
    let index = TermIndex::build(&entries);
    println!(
        "termbase  {} concepts, built in {:.2} s",
        index.len(),
        started.elapsed().as_secs_f64()
    );
    let mut rng = Lcg(7);
    let queries: Vec<(String, String, String)> =
        (0..QUERIES).map(|_| query(&entries, &mut rng)).collect();
    // Warm caches once so the first calls do not measure page faults.
    for (source, target, prefix) in queries.iter().take(50) {
        std::hint::black_box(index.check(source, target));
        std::hint::black_box(index.complete(source, prefix, 10));
    }
    let (mut check_times, mut complete_times) = (Vec::new(), Vec::new());
    let (mut findings, mut completions) = (0, 0);
    for (source, target, prefix) in &queries {
        let started = Instant::now();
        findings += std::hint::black_box(index.check(source, target)).len();
        check_times.push(started.elapsed());
        let started = Instant::now();
        completions += std::hint::black_box(index.complete(source, prefix, 10)).len();
        complete_times.push(started.elapsed());
    }
    println!("queries   {QUERIES}: {findings} findings, {completions} completions");
    let mut by_prefix: std::collections::BTreeMap<&str, Duration> =
        std::collections::BTreeMap::new();
    for ((_, _, prefix), time) in queries.iter().zip(&complete_times) {
        let slot = by_prefix.entry(prefix.as_str()).or_default();
        *slot = (*slot).max(*time);
    }
    let worst: Vec<String> = by_prefix
        .iter()
        .map(|(prefix, time)| format!("{prefix}={:.0}", time.as_secs_f64() * 1e6))
        .collect();
    println!("complete  slowest call per prefix (µs): {}", worst.join(" "));
    report("check", check_times);
    report("complete", complete_times);

    // Mining throughput: aligned pairs naming three concepts each, rendered the preferred way.
    let mut rng = Lcg(11);
    let pairs: Vec<(String, String)> = (0..MINING_PAIRS)
        .map(|_| {
            let (mut zh, mut en) = (String::new(), String::new());
            // A three-character person name, then two organisations of the termbase.
            let (surname_zh, surname_en) = SURNAMES[rng.next(SURNAMES.len())];
            let (g1_zh, g1_en) = GIVEN[rng.next(GIVEN.len())];
            let (g2_zh, g2_en) = GIVEN[rng.next(GIVEN.len())];
            zh.push_str(&format!("{surname_zh}{g1_zh}{g2_zh}表示，"));
            en.push_str(&format!("{surname_en} {}{g2_en} said that ", capitalise(g1_en)));
            for _ in 0..2 {
                let entry = &entries[rng.next(entries.len())];
                zh.push_str(&entry.zh_forms[0]);
                zh.push_str(FILLER_ZH[rng.next(FILLER_ZH.len())]);
                en.push_str(&entry.renderings[0].0);
                en.push(' ');
                en.push_str(FILLER_EN[rng.next(FILLER_EN.len())]);
                en.push(' ');
            }
            (zh, en)
        })
        .collect();
    let started = Instant::now();
    let candidates = mine_candidates(&pairs, &[]);
    let elapsed = started.elapsed().as_secs_f64();
    let count = |category: Category| candidates.iter().filter(|c| c.category == category).count();
    println!(
        "mining    {MINING_PAIRS} pairs → {} candidates ({} person, {} organisation) in {elapsed:.2} s",
        candidates.len(),
        count(Category::Person),
        count(Category::Organisation),
    );
}
