//! Mines candidate terms from article files and prints them, one rendering per line.
//!
//! `cargo run --release -p tessera-core --example terms_mine -- samples/*.txt`

use std::fs;

use tessera_core::{alignment::Aligner, articles::prepare_article, terminology::mine_candidates};

fn main() {
    let mut pairs = Vec::new();
    let mut monolingual = Vec::new();
    let dump = std::env::args().any(|arg| arg == "--dump");
    for path in std::env::args().skip(1).filter(|arg| arg != "--dump") {
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("cannot read {path}: {err}");
                continue;
            }
        };
        let article = match prepare_article(&bytes, &path) {
            Ok(article) => article,
            Err(err) => {
                eprintln!("cannot prepare {path}: {err}");
                continue;
            }
        };
        let alignment = Aligner::new().align(&article.zh, &article.en, &[]);
        for bead in &alignment.beads {
            if bead.is_translation() {
                pairs.push((bead.zh_text.clone(), bead.en_text.clone()));
            } else if !bead.zh.is_empty() {
                monolingual.push(bead.zh_text.clone());
            }
        }
    }
    if dump {
        for (idx, (zh, en)) in pairs.iter().enumerate() {
            println!("pair {idx}\t{zh}\t{en}");
        }
        for zh in &monolingual {
            println!("zh-only\t{zh}");
        }
    }
    for candidate in mine_candidates(&pairs, &monolingual) {
        let renderings: Vec<String> = candidate
            .renderings
            .iter()
            .map(|rendering| {
                format!("{} ×{} {:?}", rendering.en, rendering.count, rendering.examples)
            })
            .collect();
        println!(
            "{}\t{}\t{:?}\tn={}\tscore={:.2}\t{}",
            candidate.category.as_str(),
            candidate.zh,
            candidate.zh_variants,
            candidate.count,
            candidate.score,
            renderings.join(" | ")
        );
    }
}
