//! Pair-level evaluation of an alignment against hand-made gold.
//!
//! Pairs are compared after normalisation (all whitespace removed, full-width and half-width
//! punctuation unified, traditional characters simplified), so the aligner, the articles
//! pipeline and the gold may differ in spacing and script. Each gold pair can be matched once.

use std::collections::HashMap;

use crate::alignment::anchors;

/// Precision, recall and F1 of predicted translation pairs against gold pairs.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// Correct predicted pairs / predicted pairs (1 when nothing was predicted and nothing was due).
    pub precision: f64,
    /// Correct predicted pairs / gold pairs.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Number of predicted pairs.
    pub n_predicted: usize,
    /// Number of gold pairs.
    pub n_gold: usize,
    /// Number of predicted pairs equal to a gold pair.
    pub n_correct: usize,
}

/// Compares `predicted` `(zh, en)` pairs with `gold` pairs after normalisation.
pub fn evaluate(predicted: &[(String, String)], gold: &[(String, String)]) -> Scores {
    let mut remaining: HashMap<(String, String), usize> = HashMap::new();
    for (zh, en) in gold {
        *remaining.entry((normalise(zh), normalise(en))).or_default() += 1;
    }
    let mut n_correct = 0;
    for (zh, en) in predicted {
        if let Some(count) = remaining.get_mut(&(normalise(zh), normalise(en)))
            && *count > 0
        {
            *count -= 1;
            n_correct += 1;
        }
    }
    scores(n_correct, predicted.len(), gold.len())
}

/// Scores from counts; also used to total several files.
pub fn scores(n_correct: usize, n_predicted: usize, n_gold: usize) -> Scores {
    let ratio =
        |part: usize, whole: usize| if whole == 0 { 1.0 } else { part as f64 / whole as f64 };
    let precision = ratio(n_correct, n_predicted);
    let recall = ratio(n_correct, n_gold);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Scores { precision, recall, f1, n_predicted, n_gold, n_correct }
}

/// Whitespace removed, punctuation folded to half-width ASCII, traditional → simplified.
pub fn normalise(text: &str) -> String {
    let folded: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(anchors::fold_width)
        .map(|c| match c {
            '。' => '.',
            '“' | '”' | '「' | '」' | '『' | '』' => '"',
            '‘' | '’' => '\'',
            '《' | '〈' => '<',
            '》' | '〉' => '>',
            '【' | '〔' => '[',
            '】' | '〕' => ']',
            '—' | '–' => '-',
            other => other,
        })
        .collect();
    fast2s::convert(&folded)
}
