//! Sentences the sentence aligner left unpaired, given back to mining. A translator often
//! renders a Chinese paragraph in fewer or more sentences than it has, and the sentence aligner
//! leaves a sentence of the longer side out when no bead shape fits (`陳市長特意致送紀念品與中英
//! 文化交流協會主席` inside one long Chinese sentence whose English took three). Such a sentence
//! still belongs to the pair of its neighbouring bead in the same paragraph: mining reads it as
//! part of that pair when the words show it (CC-CEDICT glosses, pinyin), and as before (a
//! Chinese-only sentence, or nothing for English) when they do not.

use std::collections::BTreeSet;

use crate::{
    alignment::dictionary::STOP_WORDS,
    terminology::{
        mining::lexical::renders,
        normalise::{fold_chinese, is_han, strip_pinyin_glosses},
    },
};

/// Share of an unpaired English sentence's content words that its neighbour's Chinese must
/// translate for the sentence to join that pair.
const MIN_ENGLISH_SHARE: f64 = 0.3;

/// How much more of a pair's English an unpaired Chinese sentence must explain, joined to the
/// pair's Chinese, for it to join that pair.
const MIN_CHINESE_GAIN: f64 = 0.1;

/// Longest Chinese word tried, in characters.
const MAX_WORD_CHARS: usize = 4;

/// A sentence of an article in no aligned pair, beside the pairs of its neighbouring beads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpairedSentence {
    /// True for a Chinese sentence, false for an English one.
    pub is_chinese: bool,
    /// The sentence as the article has it.
    pub text: String,
    /// Indices (into the mining pairs) of the pairs of the beads before and after it in its
    /// paragraph.
    pub neighbours: Vec<usize>,
}

/// Joins each unpaired sentence to the neighbouring pair whose words it shares best (an
/// English sentence to the pair whose Chinese translates most of it, a Chinese one to the pair
/// whose English it explains most newly), when the share is high enough. Returns, per
/// sentence, whether it was joined.
pub fn join_unpaired_sentences(
    pairs: &mut [(String, String)],
    sentences: &[UnpairedSentence],
) -> Vec<bool> {
    sentences
        .iter()
        .map(|sentence| {
            let mut best: Option<(f64, usize)> = None;
            for &pair_idx in sentence.neighbours.iter().filter(|idx| **idx < pairs.len()) {
                let (zh, en) = &pairs[pair_idx];
                if zh.is_empty() || en.is_empty() {
                    continue;
                }
                let score = if sentence.is_chinese {
                    let joined = format!("{zh}{}", sentence.text);
                    let gain = explained_share(&joined, en) - explained_share(zh, en);
                    (gain >= MIN_CHINESE_GAIN).then_some(gain)
                } else {
                    let share = explained_share(zh, &sentence.text);
                    (share >= MIN_ENGLISH_SHARE).then_some(share)
                };
                if let Some(score) = score
                    && best.is_none_or(|(best_score, _)| score > best_score)
                {
                    best = Some((score, pair_idx));
                }
            }
            let Some((_, pair_idx)) = best else { return false };
            let (zh, en) = &mut pairs[pair_idx];
            if sentence.is_chinese {
                zh.push_str(&sentence.text);
            } else {
                en.push(' ');
                en.push_str(&sentence.text);
            }
            true
        })
        .collect()
}

/// The share of the English content words of `en` that some word of `zh` renders (CC-CEDICT
/// glosses, the pinyin of two-character names); 0 for English without content words.
pub(crate) fn explained_share(zh: &str, en: &str) -> f64 {
    let folded: Vec<char> = fold_chinese(&strip_pinyin_glosses(zh)).chars().collect();
    let mut zh_words: BTreeSet<String> = BTreeSet::new();
    for start in 0..folded.len() {
        for end in start + 1..=folded.len().min(start + MAX_WORD_CHARS) {
            if !is_han(folded[end - 1]) {
                break;
            }
            zh_words.insert(folded[start..end].iter().collect());
        }
    }
    let content: BTreeSet<String> = en
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 3)
        .map(str::to_lowercase)
        .filter(|word| !STOP_WORDS.contains(&word.as_str()))
        .collect();
    if content.is_empty() {
        return 0.0;
    }
    let explained = content
        .iter()
        .filter(|word| zh_words.iter().any(|zh_word| renders(zh_word, word) > 0.0))
        .count();
    explained as f64 / content.len() as f64
}

#[cfg(test)]
mod tests {
    use super::{UnpairedSentence, explained_share, join_unpaired_sentences};

    #[test]
    fn an_unpaired_english_sentence_joins_the_pair_whose_chinese_translates_it() {
        let mut pairs = vec![
            (
                "温州市市长陈金彪率领经贸团到访英国。陈市长致送纪念品与中英文化交流协会主席。"
                    .to_owned(),
                "The China Wenzhou Mayor Chen Jinbiao led a trade delegation to Britain."
                    .to_owned(),
            ),
            ("之后又到访新修福郡学院。".to_owned(), "Then they visited the college.".to_owned()),
        ];
        let leftover = "Mr. Chen presented a souvenir to the Chairperson of the Anglo Chinese \
                        Cultural Exchange Association.";
        let sentences = vec![UnpairedSentence {
            is_chinese: false,
            text: leftover.to_owned(),
            neighbours: vec![0, 1],
        }];
        assert_eq!(join_unpaired_sentences(&mut pairs, &sentences), [true]);
        assert!(pairs[0].1.ends_with(leftover));
        assert_eq!(pairs[1].1, "Then they visited the college.");
    }

    #[test]
    fn an_unpaired_sentence_with_no_shared_words_stays_out() {
        let mut pairs = vec![("市长出席了签署仪式。".to_owned(), "The mayor attended.".to_owned())];
        let sentences = vec![
            UnpairedSentence {
                is_chinese: false,
                text: "Screen colours: black and yellow.".to_owned(),
                neighbours: vec![0],
            },
            UnpairedSentence {
                is_chinese: true,
                text: "责任编辑：谭鑫".to_owned(),
                neighbours: vec![0],
            },
        ];
        assert_eq!(join_unpaired_sentences(&mut pairs, &sentences), [false, false]);
        assert_eq!(pairs[0], ("市长出席了签署仪式。".to_owned(), "The mayor attended.".to_owned()));
    }

    #[test]
    fn an_unpaired_chinese_sentence_joins_the_pair_whose_english_it_explains() {
        let mut pairs = vec![(
            "市长出席了签署仪式。".to_owned(),
            "The mayor attended the signing ceremony and thanked the cultural exchange \
             association."
                .to_owned(),
        )];
        let sentences = vec![UnpairedSentence {
            is_chinese: true,
            text: "感谢文化交流协会。".to_owned(),
            neighbours: vec![0],
        }];
        assert!(explained_share("市长出席了签署仪式。", &pairs[0].1) < 0.7);
        assert_eq!(join_unpaired_sentences(&mut pairs, &sentences), [true]);
        assert_eq!(pairs[0].0, "市长出席了签署仪式。感谢文化交流协会。");
    }
}
