//! Scoring word alignments against hand-made gold (Och & Ney's alignment error rate), and the
//! co-occurrence baseline they are compared with.
//!
//! With A the predicted links, S the sure and P the possible gold links (S ⊆ P):
//! precision = |A ∩ P| / |A|, recall = |A ∩ S| / |S|, AER = 1 − (|A ∩ S| + |A ∩ P|) / (|A| + |S|).

use std::collections::{HashMap, HashSet};

use crate::phrases::{
    AlignedUnit, aligned_unit,
    model::{IntMap, pair_key},
    sentence::prepare_unit,
};

/// Link counts summed over pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkCounts {
    /// |A|
    pub n_predicted: usize,
    /// |S|
    pub n_sure: usize,
    /// |A ∩ S|
    pub n_predicted_sure: usize,
    /// |A ∩ P|
    pub n_predicted_possible: usize,
}

/// Precision, recall, F1 and alignment error rate.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AlignmentScores {
    /// |A ∩ P| / |A|
    pub precision: f64,
    /// |A ∩ S| / |S|
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// 1 − (|A ∩ S| + |A ∩ P|) / (|A| + |S|)
    pub aer: f64,
}

impl LinkCounts {
    /// Adds another pair's counts.
    pub fn add(&mut self, other: LinkCounts) {
        self.n_predicted += other.n_predicted;
        self.n_sure += other.n_sure;
        self.n_predicted_sure += other.n_predicted_sure;
        self.n_predicted_possible += other.n_predicted_possible;
    }

    /// The scores of these counts.
    pub fn scores(&self) -> AlignmentScores {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(self.n_predicted_possible, self.n_predicted);
        let recall = ratio(self.n_predicted_sure, self.n_sure);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        let aer = 1.0
            - ratio(
                self.n_predicted_sure + self.n_predicted_possible,
                self.n_predicted + self.n_sure,
            );
        AlignmentScores { precision, recall, f1, aer }
    }
}

/// Counts for one pair; links are `(Chinese index, English token)` in any consistent numbering.
pub fn score_links(
    predicted: &[(usize, usize)],
    sure: &[(usize, usize)],
    possible: &[(usize, usize)],
) -> LinkCounts {
    let predicted: HashSet<(usize, usize)> = predicted.iter().copied().collect();
    let sure: HashSet<(usize, usize)> = sure.iter().copied().collect();
    let possible: HashSet<(usize, usize)> = possible.iter().chain(sure.iter()).copied().collect();
    LinkCounts {
        n_predicted: predicted.len(),
        n_sure: sure.len(),
        n_predicted_sure: predicted.intersection(&sure).count(),
        n_predicted_possible: predicted.intersection(&possible).count(),
    }
}

/// The Dice baseline: in every unit, link a Chinese token and an English word when each is the
/// other's best partner by the Dice coefficient of their unit co-occurrence over `units`.
pub fn dice_alignment<'a>(units: &[(&'a str, &'a str)]) -> Vec<AlignedUnit> {
    let prepared: Vec<_> = units.iter().map(|(zh, en)| prepare_unit(zh, en, &[])).collect();
    let mut zh_ids: HashMap<String, u32> = HashMap::new();
    let mut en_ids: HashMap<String, u32> = HashMap::new();
    let mut encoded = Vec::with_capacity(prepared.len());
    let mut zh_df: Vec<u32> = Vec::new();
    let mut en_df: Vec<u32> = Vec::new();
    let mut pair_df: IntMap<u32> = IntMap::default();
    for unit in &prepared {
        let id = |vocabulary: &mut HashMap<String, u32>, df: &mut Vec<u32>, word: &str| {
            let next = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
            let id = *vocabulary.entry(word.to_owned()).or_insert(next);
            if id == next {
                df.push(0);
            }
            id
        };
        let zh: Vec<u32> =
            unit.zh_tokens.iter().map(|t| id(&mut zh_ids, &mut zh_df, &t.text)).collect();
        let en: Vec<u32> = unit.en_words.iter().map(|w| id(&mut en_ids, &mut en_df, w)).collect();
        let mut zh_distinct = zh.clone();
        zh_distinct.sort_unstable();
        zh_distinct.dedup();
        let mut en_distinct = en.clone();
        en_distinct.sort_unstable();
        en_distinct.dedup();
        for &z in &zh_distinct {
            zh_df[z as usize] += 1;
            for &e in &en_distinct {
                *pair_df.entry(pair_key(z, e)).or_insert(0) += 1;
            }
        }
        for &e in &en_distinct {
            en_df[e as usize] += 1;
        }
        encoded.push((zh, en));
    }
    prepared
        .into_iter()
        .zip(encoded)
        .zip(units)
        .map(|((unit, (zh, en)), (_, en_text))| {
            let dice = |i: usize, j: usize| {
                let both = pair_df.get(&pair_key(zh[i], en[j])).copied().unwrap_or(0);
                2.0 * f64::from(both) / f64::from(zh_df[zh[i] as usize] + en_df[en[j] as usize])
            };
            let best_en: Vec<Option<usize>> = (0..zh.len())
                .map(|i| {
                    (0..en.len()).max_by(|&a, &b| dice(i, a).total_cmp(&dice(i, b)).then(b.cmp(&a)))
                })
                .collect();
            let best_zh: Vec<Option<usize>> = (0..en.len())
                .map(|j| {
                    (0..zh.len()).max_by(|&a, &b| dice(a, j).total_cmp(&dice(b, j)).then(b.cmp(&a)))
                })
                .collect();
            let links: Vec<(usize, usize)> = (0..zh.len())
                .filter_map(|i| {
                    let j = best_en[i]?;
                    (best_zh[j] == Some(i)).then_some((i, j))
                })
                .collect();
            aligned_unit(unit, en_text, &links)
        })
        .collect()
}
