//! Times [`Aligner::align`] on a synthetic article of about 2,000 English words.
//!
//! `cargo run --release -p tessera-core --example align_speed`

use std::time::Instant;

use tessera_core::alignment::Aligner;

const PAIRS: &[(&str, &str)] = &[
    (
        "10月15日，2024中国新媒体大会在长沙开幕。",
        "The 2024 China New Media Conference opened in Changsha on October 15.",
    ),
    (
        "重庆市委宣传部副部长张琼在论坛上作主题演讲，分享重庆国际传播工作的尝试和探索。",
        "Zhang Qiong, deputy head of the Publicity Department of the CPC Chongqing Municipal Committee, delivered a keynote speech at the forum, sharing Chongqing's attempts and explorations in international communication.",
    ),
    (
        "她介绍，重庆出台了国际传播能力建设5年规划。",
        "She said that Chongqing had issued a five-year plan for building international communication capacity.",
    ),
    (
        "2018年8月，重庆成立了全国第一家省级国际传播中心。",
        "In August 2018, Chongqing set up the country's first provincial-level international communication center.",
    ),
    (
        "目前，iChongqing的海外用户超过600万。",
        "iChongqing now has more than 6 million overseas users.",
    ),
    (
        "海外社交媒体账号的粉丝同比增长30%。",
        "Followers of its overseas social media accounts grew by 30 percent year on year.",
    ),
    (
        "与会嘉宾围绕城市形象传播展开了深入讨论。",
        "Guests at the forum held in-depth discussions on communicating city images.",
    ),
];

fn main() {
    let ids: Vec<usize> = (0..24).flat_map(|_| 0..PAIRS.len()).collect();
    let zh: Vec<Vec<String>> =
        ids.chunks(4).map(|p| p.iter().map(|i| PAIRS[*i].0.to_owned()).collect()).collect();
    let en: Vec<Vec<String>> =
        ids.chunks(4).map(|p| p.iter().map(|i| PAIRS[*i].1.to_owned()).collect()).collect();
    let words: usize = en.iter().flatten().map(|s| s.split_whitespace().count()).sum();
    let aligner = Aligner::new();
    let start = Instant::now();
    aligner.align(&zh[..1], &en[..1], &[]);
    println!("dictionary load and first call: {:?}", start.elapsed());
    let runs = 10;
    let start = Instant::now();
    let mut pairs = 0;
    for _ in 0..runs {
        pairs = aligner.align(&zh, &en, &[]).pairs().len();
    }
    println!(
        "{words} words, {} sentences per side, {pairs} pairs: {:?} per article",
        ids.len(),
        start.elapsed() / runs
    );
}
