//! Tests of phrase alignment: tokenisation, anchors, the gold evaluation against Dice, phrase
//! extraction and the fragment table.

use crate::phrases::{
    FragmentTable, LinkCounts, PhraseLimits, TrainingOptions, WordAligner, dice_alignment,
    english_tokens, score_links,
};

const WORD_ALIGNMENT_GOLD: &str = include_str!("../../test_data/word_alignment/gold.tsv");
const SAMPLE_PAIRS: [&str; 5] = [
    include_str!("../../test_data/alignment/000_a6fa0aa4d8e2f0f3.gold.tsv"),
    include_str!("../../test_data/alignment/001_cc20114ba520b0ba.gold.tsv"),
    include_str!("../../test_data/alignment/002_12b8442f5b1b4126.gold.tsv"),
    include_str!("../../test_data/alignment/003_acf944a331a36742.gold.tsv"),
    include_str!("../../test_data/alignment/synthetic/translated_004.gold.tsv"),
];

struct GoldPair {
    zh: String,
    en: String,
    sure: Vec<(usize, usize)>,
    possible: Vec<(usize, usize)>,
}

fn parse_links(field: &str) -> Vec<(usize, usize)> {
    field
        .split_whitespace()
        .filter_map(|link| {
            let (i, j) = link.split_once('-')?;
            Some((i.parse().ok()?, j.parse().ok()?))
        })
        .collect()
}

fn gold_pairs() -> Vec<GoldPair> {
    WORD_ALIGNMENT_GOLD
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields.len() >= 5).then(|| GoldPair {
                zh: fields[1].to_owned(),
                en: fields[2].to_owned(),
                sure: parse_links(fields[3]),
                possible: parse_links(fields[4]),
            })
        })
        .collect()
}

fn sample_memory() -> Vec<(String, String)> {
    SAMPLE_PAIRS
        .iter()
        .flat_map(|file| file.lines())
        .filter_map(|line| {
            let (zh, en) = line.split_once('\t')?;
            Some((zh.to_owned(), en.to_owned()))
        })
        .collect()
}

/// Character links re-numbered as the gold counts them: among the non-whitespace characters.
fn gold_numbering(zh: &str, links: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut non_whitespace = Vec::new();
    let mut n = 0;
    for c in zh.chars() {
        non_whitespace.push(n);
        if !c.is_whitespace() {
            n += 1;
        }
    }
    links.iter().map(|&(c, j)| (non_whitespace[c], j)).collect()
}

#[test]
fn english_tokens_follow_the_gold_tokenisation() {
    let tokens: Vec<String> = english_tokens("People's Secretary-General RMB11.7 China’s, Aïssata")
        .into_iter()
        .map(|t| t.text)
        .collect();
    assert_eq!(
        tokens,
        [
            "People's",
            "Secretary",
            "-",
            "General",
            "RMB11",
            ".",
            "7",
            "China’s",
            ",",
            "A",
            "ï",
            "ssata"
        ]
    );
}

/// The English tokens linked to the characters `zh_chars` of a unit, each once, in order.
fn linked_words(
    unit: &crate::phrases::AlignedUnit,
    zh_chars: std::ops::Range<usize>,
) -> Vec<String> {
    let mut out: Vec<String> = unit
        .character_links()
        .into_iter()
        .filter(|(c, _)| zh_chars.contains(c))
        .map(|(_, j)| unit.en_tokens[j].text.clone())
        .collect();
    let mut seen = std::collections::HashSet::new();
    out.retain(|word| seen.insert(word.clone()));
    out
}

#[test]
fn names_places_and_dates_are_linked_without_statistics() {
    let aligner = WordAligner::anchors_only(&[]);
    let unit = aligner.align(
        "3月2日，章勇武在重庆会见客人。",
        "On March 2, Zhang Yongwu met guests in Chongqing.",
    );
    let words = |zh_chars: std::ops::Range<usize>| linked_words(&unit, zh_chars);
    assert_eq!(words(0..2), ["March"]);
    assert_eq!(words(2..4), ["2"]);
    assert_eq!(words(5..8), ["Zhang", "Yongwu"]);
    assert_eq!(words(9..11), ["Chongqing"]);
}

#[test]
fn approved_terms_are_hard_links() {
    let dictionary = [("外办".to_owned(), "Foreign Affairs Office".to_owned())];
    let aligner = WordAligner::anchors_only(&dictionary);
    let unit = aligner.align("市外办主任", "director of the Foreign Affairs Office");
    let pairs = unit.phrase_pairs(&PhraseLimits::default());
    assert!(pairs.iter().any(|p| p.zh == "外办" && p.en == "Foreign Affairs Office"), "{pairs:?}");
}

#[test]
fn word_alignment_beats_the_dice_baseline_on_the_gold() {
    let gold = gold_pairs();
    assert!(gold.len() >= 150, "gold pairs: {}", gold.len());
    let memory = sample_memory();
    let training: Vec<(&str, &str)> = gold
        .iter()
        .map(|p| (p.zh.as_str(), p.en.as_str()))
        .chain(memory.iter().map(|(zh, en)| (zh.as_str(), en.as_str())))
        .collect();
    let aligner = WordAligner::train(training.iter().copied(), &[], &TrainingOptions::default());
    let ibm1_only = WordAligner::train(
        training.iter().copied(),
        &[],
        &TrainingOptions { hmm_iterations: 0, ..TrainingOptions::default() },
    );
    let dice = dice_alignment(&training);
    let mut model_counts = LinkCounts::default();
    let mut ibm1_counts = LinkCounts::default();
    let mut dice_counts = LinkCounts::default();
    for (pair, dice_unit) in gold.iter().zip(&dice) {
        let unit = aligner.align(&pair.zh, &pair.en);
        let predicted = gold_numbering(&pair.zh, &unit.character_links());
        model_counts.add(score_links(&predicted, &pair.sure, &pair.possible));
        let unit = ibm1_only.align(&pair.zh, &pair.en);
        let predicted = gold_numbering(&pair.zh, &unit.character_links());
        ibm1_counts.add(score_links(&predicted, &pair.sure, &pair.possible));
        let predicted = gold_numbering(&pair.zh, &dice_unit.character_links());
        dice_counts.add(score_links(&predicted, &pair.sure, &pair.possible));
    }
    let model = model_counts.scores();
    let ibm1 = ibm1_counts.scores();
    let baseline = dice_counts.scores();
    eprintln!(
        "word alignment on {} gold pairs ({} training units): \
         HMM+anchors AER {:.3} P {:.3} R {:.3} F1 {:.3} | \
         IBM1+anchors AER {:.3} P {:.3} R {:.3} F1 {:.3} | \
         Dice AER {:.3} P {:.3} R {:.3} F1 {:.3}",
        gold.len(),
        training.len(),
        model.aer,
        model.precision,
        model.recall,
        model.f1,
        ibm1.aer,
        ibm1.precision,
        ibm1.recall,
        ibm1.f1,
        baseline.aer,
        baseline.precision,
        baseline.recall,
        baseline.f1,
    );
    assert!(model.aer < baseline.aer, "model {model:?} baseline {baseline:?}");
    assert!(model.f1 > baseline.f1, "model {model:?} baseline {baseline:?}");
    // Measured F1 0.586, AER 0.413; F1 0.569, AER 0.430 before the empty word remembered its
    // position, written-out numbers were anchors and dictionary words linked as blocks.
    assert!(model.f1 >= 0.58 && model.aer <= 0.42, "model {model:?}");
}

#[test]
fn phrase_pairs_respect_the_links() {
    let aligner = WordAligner::anchors_only(&[]);
    let unit = aligner.align("章勇武在重庆。", "Zhang Yongwu was in Chongqing.");
    let pairs = unit.phrase_pairs(&PhraseLimits::default());
    let found: Vec<(&str, &str)> = pairs.iter().map(|p| (p.zh.as_str(), p.en.as_str())).collect();
    assert!(found.contains(&("章勇武", "Zhang Yongwu")), "{found:?}");
    assert!(found.contains(&("重庆", "Chongqing")), "{found:?}");
    // The name alone never takes "Chongqing" with it.
    assert!(!found.iter().any(|(zh, en)| *zh == "章勇武" && en.contains("Chongqing")));
}

#[test]
fn fragment_table_counts_units_and_round_trips() {
    let aligner = WordAligner::anchors_only(&[]);
    let mut table = FragmentTable::default();
    let units = [
        ("章勇武在重庆。", "Zhang Yongwu was in Chongqing."),
        ("章勇武在重庆，章勇武很忙。", "Zhang Yongwu was in Chongqing, Zhang Yongwu was busy."),
    ];
    let mut all_pairs = Vec::new();
    for (id, (zh, en)) in units.iter().enumerate() {
        let pairs = aligner.align(zh, en).phrase_pairs(&PhraseLimits::default());
        table.add_unit(id as u64 + 10, &pairs);
        all_pairs.push(pairs);
    }
    let best = &table.renderings("章勇武")[0];
    assert_eq!(
        (best.en.as_str(), best.count, best.examples.clone()),
        ("Zhang Yongwu", 2, vec![10, 11])
    );
    let restored = FragmentTable::from_bytes(&table.to_bytes());
    assert_eq!(restored.as_ref(), Some(&table));
    table.remove_unit(11, &all_pairs[1]);
    assert_eq!(table.renderings("章勇武")[0].count, 1);
    assert_eq!(FragmentTable::from_bytes(b"garbage"), None);
    // A table saved by an older phrase extraction (format tag TSFRAG02) is not read back: the
    // caller rebuilds it with whole written words.
    let mut old = table.to_bytes();
    old[..8].copy_from_slice(b"TSFRAG02");
    assert_eq!(FragmentTable::from_bytes(&old), None);
}

#[test]
fn a_trained_aligner_round_trips_through_bytes() {
    let memory = sample_memory();
    let aligner = WordAligner::train(
        memory.iter().map(|(zh, en)| (zh.as_str(), en.as_str())),
        &[("外办".to_owned(), "Foreign Affairs Office".to_owned())],
        &TrainingOptions::default(),
    );
    assert!(aligner.n_word_pairs() > 100);
    let bytes = aligner.to_bytes();
    let restored = WordAligner::from_bytes(&bytes).unwrap();
    assert_eq!(restored.to_bytes(), bytes);
    for (zh, en) in memory.iter().take(10) {
        assert_eq!(restored.align(zh, en), aligner.align(zh, en));
    }
    assert!(WordAligner::from_bytes(&bytes[..bytes.len() - 1]).is_none());
}

const TERMINOLOGY_GOLD: &str = include_str!("../../test_data/terminology/gold.tsv");

/// An English rendering folded for comparison: case, a leading article, possessive, hyphens.
fn fold_rendering(text: &str) -> String {
    let lower = text.to_lowercase().replace(['-', '‐'], " ").replace("’s", "").replace("'s", "");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let words = if words.first() == Some(&"the") { &words[1..] } else { &words[..] };
    words.join(" ")
}

#[test]
fn held_out_sentences_get_the_memorys_rendering_of_names_and_titles_first() {
    use crate::phrases::{TermLexicon, sentence::normalise_chinese_chars, suggest};
    // The memory: the sample articles' pairs and the word-alignment gold sentences.
    let mut memory = sample_memory();
    memory.extend(gold_pairs().into_iter().map(|p| (p.zh, p.en)));
    // Gold names, titles, organisations, … with their renderings.
    let mut terms: Vec<(String, Vec<String>)> = Vec::new();
    for line in TERMINOLOGY_GOLD.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 3 || fields[2].trim().is_empty() {
            continue;
        }
        let zh: String = normalise_chinese_chars(fields[1]).into_iter().collect();
        let en = fold_rendering(fields[2]);
        match terms.iter_mut().find(|(known, _)| *known == zh) {
            Some((_, renderings)) => renderings.push(en),
            None => terms.push((zh, vec![en])),
        }
    }
    let folds = 5;
    let (mut eligible, mut correct, mut wrong, mut missing) = (0, 0, 0, 0);
    for fold in 0..folds {
        let training: Vec<(usize, &(String, String))> =
            memory.iter().enumerate().filter(|(idx, _)| idx % folds != fold).collect();
        let aligner = WordAligner::train(
            training.iter().map(|(_, (zh, en))| (zh.as_str(), en.as_str())),
            &[],
            &TrainingOptions::default(),
        );
        let mut table = FragmentTable::default();
        let normalised: Vec<(String, String)> = training
            .iter()
            .map(|(idx, (zh, en))| {
                let pairs = aligner.align(zh, en).phrase_pairs(&PhraseLimits::default());
                table.add_unit(*idx as u64, &pairs);
                (normalise_chinese_chars(zh).into_iter().collect(), fold_rendering(en))
            })
            .collect();
        for (_, (zh, _)) in memory.iter().enumerate().filter(|(idx, _)| idx % folds == fold) {
            let chars = normalise_chinese_chars(zh);
            let text: String = chars.iter().collect();
            let suggestions = suggest(zh, &TermLexicon::default(), &table, 1);
            for (term, renderings) in &terms {
                let Some(byte_start) = text.find(term.as_str()) else { continue };
                // Only names the memory holds with their English.
                let held = normalised.iter().any(|(unit_zh, unit_en)| {
                    unit_zh.contains(term.as_str())
                        && renderings.iter().any(|r| unit_en.contains(r.as_str()))
                });
                if !held {
                    continue;
                }
                eligible += 1;
                let start = text[..byte_start].chars().count();
                let end = start + term.chars().count();
                match suggestions.iter().find(|s| s.start == start && s.end == end) {
                    None => {
                        missing += 1;
                        eprintln!("no suggestion: {term} ({renderings:?}) in {text}");
                    }
                    Some(first) if renderings.contains(&fold_rendering(&first.target)) => {
                        correct += 1
                    }
                    Some(first) => {
                        wrong += 1;
                        eprintln!(
                            "wrong first suggestion: {term} → {} ({renderings:?})",
                            first.target
                        );
                    }
                }
            }
        }
    }
    let ratio = |n: usize| n as f64 / eligible.max(1) as f64;
    eprintln!(
        "fragment suggestions on held-out sentences ({folds}-fold, {} units): {eligible} name/title \
         spans the memory holds; right first {correct} ({:.3}), wrong first {wrong} ({:.3}), none {missing} ({:.3})",
        memory.len(),
        ratio(correct),
        ratio(wrong),
        ratio(missing)
    );
    assert!(eligible >= 50, "only {eligible} eligible spans");
    // Measured 0.902 right and 0.011 wrong (166 gold pairs + 57 sample pairs); 0.905 and 0.011
    // before renderings were made of whole written words (`U.S.`, `Vice-President`), heads took
    // their modifier's rendering and a one-off rendering holding a neighbour's was dropped (one
    // right first became none with whole written words); 0.899 and 0.011
    // before phrases ran to 16 Chinese tokens instead of 12 (中国民间组织国际交流促进会); 0.886
    // and 0.024 before phrases took the unlinked words that end their name (`China NGO Network`
    // + `for International Exchanges`, `deputy director` + `general`); 0.878 and 0.021 before
    // the empty word remembered its position, written-out numbers were anchors, dictionary
    // words linked as blocks and parts weighed renderings with case kept; 0.873 and 0.024
    // before names coordinated with a neighbour (`重庆市对外友协与四川`) were split out and a
    // fuller rendering before a coordinator (`全国对外友协及`) was offered; 0.849 and 0.050
    // before renderings were weighed by their parts, when most wrong ones were 西部国际传播中心
    // as "Western China International Communication Center" (3 units), which the terminology
    // gold does not list, against "Western International Media Center" (2 units).
    assert!(ratio(correct) >= 0.90, "right first {:.3}", ratio(correct));
    assert!(ratio(wrong) <= 0.015, "wrong first {:.3}", ratio(wrong));
}

/// A phrase pair covering the whole of `zh`.
fn pair(zh: &str, en: &str) -> crate::phrases::PhrasePair {
    crate::phrases::PhrasePair {
        zh_chars: 0..zh.chars().count(),
        zh: zh.to_owned(),
        en: en.to_owned(),
    }
}

#[test]
fn a_whole_rendering_seen_nearly_as_often_goes_before_the_part_of_it() {
    use crate::phrases::{TermLexicon, suggest};
    let mut table = FragmentTable::default();
    for unit in 0..8 {
        let mut pairs = Vec::new();
        // `deputy director` in 5 units, `deputy director general` in 3 of them: the edge word
        // `general` went unaligned in 2.
        if unit < 5 {
            pairs.push(pair("副主任", "deputy director"));
        }
        if unit < 3 {
            pairs.push(pair("副主任", "deputy director general"));
        }
        // `Zhang Yongwu said` in 1 unit of 8: a name followed by a verb now and then.
        pairs.push(pair("章勇武", "Zhang Yongwu"));
        if unit == 0 {
            pairs.push(pair("章勇武", "Zhang Yongwu said"));
        }
        table.add_unit(unit, &pairs);
    }
    let first = |source: &str| {
        let suggestions = suggest(source, &TermLexicon::default(), &table, 1);
        suggestions.iter().find(|s| s.source == source).map(|s| s.target.clone())
    };
    assert_eq!(first("副主任").as_deref(), Some("deputy director general"));
    assert_eq!(first("章勇武").as_deref(), Some("Zhang Yongwu"));
}

#[test]
fn close_renderings_are_ranked_by_how_their_parts_are_rendered_elsewhere() {
    use crate::phrases::{TermLexicon, suggest};
    let mut table = FragmentTable::default();
    let mut unit = 0;
    let mut add = |pairs: Vec<crate::phrases::PhrasePair>| {
        table.add_unit(unit, &pairs);
        unit += 1;
    };
    // The whole name twice one way, three times another way …
    for _ in 0..2 {
        add(vec![pair("西部国际传播中心", "Western International Media Center")]);
    }
    for _ in 0..3 {
        add(vec![pair("西部国际传播中心", "Western China International Communication Center")]);
    }
    // … and its part nine times as the first way has it, once as the second.
    for _ in 0..9 {
        add(vec![pair("国际传播中心", "International Media Center")]);
    }
    add(vec![pair("国际传播中心", "International Communication Center")]);
    // A rendering seen far more often keeps its place whatever its parts say.
    for _ in 0..12 {
        add(vec![pair("重庆国际传播中心", "Chongqing International Communication Center")]);
    }
    add(vec![pair("重庆国际传播中心", "Chongqing International Media Center")]);
    let ranked = |source: &str| -> Vec<(String, u64)> {
        suggest(source, &TermLexicon::default(), &table, 1)
            .into_iter()
            .filter(|s| s.source == source)
            .map(|s| (s.target, s.count))
            .collect()
    };
    assert_eq!(ranked("西部国际传播中心")[0].0, "Western International Media Center");
    assert_eq!(ranked("重庆国际传播中心")[0].0, "Chongqing International Communication Center");
    // A name alone in its span, with no part the memory renders, ranks by units.
    assert_eq!(ranked("国际传播中心")[0].0, "International Media Center");
}

#[test]
fn a_rendering_of_part_of_the_span_is_not_offered_for_it() {
    use crate::phrases::{TermLexicon, suggest};
    let mut table = FragmentTable::default();
    table.add_unit(1, &[pair("袁智兵", "Zhibing"), pair("市对外友协", "Municipal People's")]);
    table.add_unit(2, &[pair("中国的", "China's"), pair("王雯", "Wang Wen")]);
    let first = |source: &str| {
        let suggestions = suggest(source, &TermLexicon::default(), &table, 1);
        suggestions.iter().find(|s| s.source == source).map(|s| s.target.clone())
    };
    // The given name alone, and a possessive waiting for its noun, render part of the span.
    assert_eq!(first("袁智兵"), None);
    assert_eq!(first("市对外友协"), None);
    // A possessive for 的, and a name spelt whole, are renderings of the span.
    assert_eq!(first("中国的").as_deref(), Some("China's"));
    assert_eq!(first("王雯").as_deref(), Some("Wang Wen"));
}

#[test]
fn a_name_spelt_twice_in_one_place_is_linked_to_both_spellings() {
    let aligner = WordAligner::anchors_only(&[]);
    let unit = aligner.align("王广成拜会姜江。", "Wang Guangcheng visited Jiang Jiang.");
    let pairs = unit.phrase_pairs(&PhraseLimits::default());
    assert!(pairs.iter().any(|p| p.zh == "姜江" && p.en == "Jiang Jiang"), "{pairs:?}");
}

#[test]
fn a_typed_prefix_completes_any_run_of_a_renderings_words() {
    use crate::phrases::rendering_completes;
    let office = "Foreign Affairs Office of Chongqing Municipal People's Government";
    assert!(rendering_completes(office, "For"));
    assert!(rendering_completes(office, "foreign aff"));
    assert!(rendering_completes(office, "Chong"));
    assert!(rendering_completes(office, "people"));
    assert!(!rendering_completes(office, "Affairs For"));
    assert!(!rendering_completes(office, "Fo Affairs"));
    assert!(rendering_completes("Zhang Yongwu", "Yong"));
    assert!(!rendering_completes("Zhang Yongwu", ""));
    assert!(!rendering_completes("Zhang Yongwu", "Zhang Yongwu Jr"));
}

#[test]
fn names_and_titles_read_as_capitalised_renderings() {
    use crate::phrases::looks_like_name;
    for name in [
        "Zhang Yongwu",
        "Foreign Affairs Office of Chongqing Municipal People's Government",
        "Deputy Consul General of Australia in Chengdu",
        "G20 Summit",
    ] {
        assert!(looks_like_name(name), "{name}");
    }
    for piece in ["Zhang Yongwu met", "On March 2", "the meeting", "The Office", "met", ""] {
        assert!(!looks_like_name(piece), "{piece}");
    }
}

#[test]
fn name_spans_keep_the_better_of_overlapping_spans() {
    use crate::phrases::{Suggestion, SuggestionOrigin, SuggestionStatus, name_spans};
    let suggestion = |start, end, target: &str, origin, status, confidence| Suggestion {
        start,
        end,
        source: String::new(),
        target: target.to_owned(),
        origin,
        status,
        count: 1,
        confidence,
        examples: Vec::new(),
        concept_id: None,
    };
    let (memory, termbase) = (SuggestionOrigin::Memory, SuggestionOrigin::Termbase);
    let (approved, unreviewed) = (SuggestionStatus::Approved, SuggestionStatus::Unreviewed);
    let found = [
        // 章勇武会见: a piece of sentence, never a name.
        suggestion(7, 12, "Zhang Yongwu met", memory, unreviewed, 0.9),
        // 市政府外办 covers its surer part 外办 (0.8 × 5 characters against 0.9 × 2), and a
        // doubtful 外办党组 crossing it.
        suggestion(0, 5, "Foreign Affairs Office of Chongqing", memory, unreviewed, 0.8),
        suggestion(0, 5, "Foreign Affairs", memory, unreviewed, 0.1),
        // A span whose best rendering is a common word is no name, whatever comes after it.
        suggestion(5, 7, "secretary", memory, unreviewed, 0.9),
        suggestion(5, 7, "Party Secretary", memory, unreviewed, 0.1),
        suggestion(3, 5, "Foreign Affairs Office", memory, unreviewed, 0.9),
        suggestion(3, 7, "Party Group of the Foreign Affairs Office", memory, unreviewed, 0.5),
        // A candidate term beats a surer memory fragment it overlaps.
        suggestion(7, 10, "Zhang Yongwu", memory, unreviewed, 0.9),
        suggestion(8, 12, "Yongwu Meets", termbase, unreviewed, 0.5),
        // An approved term beats everything it overlaps.
        suggestion(13, 15, "Wang Wen", termbase, approved, 1.0),
        suggestion(12, 15, "Mayor Wang Wen", memory, unreviewed, 0.99),
    ];
    assert_eq!(name_spans(&found), vec![0..5, 8..12, 13..15]);
}

#[test]
fn a_name_the_memory_renders_only_coordinated_with_another_gets_its_part_of_the_rendering() {
    use crate::phrases::{SuggestionOrigin, TermLexicon, suggest};
    let mut table = FragmentTable::default();
    // The aligner linked the coordinations as blocks, never the association alone.
    table.add_unit(
        0,
        &[pair(
            "重庆市对外友协与四川",
            "Chongqing People's Association for Friendship with Foreign Countries and Sichuan",
        )],
    );
    table.add_unit(1, &[pair("四川", "Sichuan")]);
    table.add_unit(2, &[pair("香港和华龙网", "Hong Kong and the Hualong Net")]);
    table.add_unit(3, &[pair("香港", "Hong Kong")]);
    // A coordination whose neighbour the memory renders otherwise says nothing of the span.
    table.add_unit(4, &[pair("外办与重庆", "Foreign Affairs Office with Chongqing")]);
    table.add_unit(5, &[pair("重庆", "Chongqing")]);
    let first = |source: &str, span: &str| {
        suggest(source, &TermLexicon::default(), &table, 1).into_iter().find(|s| s.source == span)
    };
    let after = first("支持重庆市对外友协与四川省对外友协协同推进", "重庆市对外友协").unwrap();
    assert_eq!(
        after.target,
        "Chongqing People's Association for Friendship with Foreign Countries"
    );
    assert_eq!(after.origin, SuggestionOrigin::Memory);
    assert_eq!(after.examples, vec![0]);
    assert!(after.confidence < 0.5, "{}", after.confidence);
    let before = first("联合香港和华龙网主办", "华龙网").unwrap();
    assert_eq!(before.target, "Hualong Net");
    assert_eq!(first("市政府外办与重庆大学", "外办"), None);
}

#[test]
fn a_fuller_rendering_the_memory_gives_a_name_before_a_coordinator_goes_first() {
    use crate::phrases::{TermLexicon, suggest};
    let mut table = FragmentTable::default();
    let short = "People's Association for Friendship with Foreign Countries";
    let full = "Chinese People's Association for Friendship with Foreign Countries";
    // Once alone with `Chinese` left unaligned, twice before 及 with it linked.
    table.add_unit(0, &[pair("全国对外友协", short)]);
    for unit in 1..3 {
        table.add_unit(unit, &[pair("全国对外友协及", full)]);
    }
    // Before 与 the memory renders a part only: no fuller form, nothing added.
    table.add_unit(3, &[pair("重庆市政府外办", "Foreign Affairs Office")]);
    table.add_unit(4, &[pair("重庆市政府外办与", "Office")]);
    let ranked = |source: &str, span: &str| -> Vec<(String, Vec<u64>)> {
        suggest(source, &TermLexicon::default(), &table, 1)
            .into_iter()
            .filter(|s| s.source == span)
            .map(|s| (s.target, s.examples))
            .collect()
    };
    let association = ranked("赴全国对外友协、中促会汇报", "全国对外友协");
    assert_eq!(association[0], (full.to_owned(), vec![1, 2]));
    assert_eq!(association[1].0, short);
    assert_eq!(
        ranked("重庆市政府外办党组成员", "重庆市政府外办"),
        vec![("Foreign Affairs Office".to_owned(), vec![3])]
    );
}

#[test]
fn numbers_written_in_chinese_are_linked_to_their_english() {
    let aligner = WordAligner::anchors_only(&[]);
    let words = |zh: &str, en: &str, chars: std::ops::Range<usize>| {
        linked_words(&aligner.align(zh, en), chars)
    };
    let study = ("第三十次集体学习", "the 30th collective study");
    assert_eq!(words(study.0, study.1, 0..3), ["30th"]);
    let themes = ("三大主题", "three major themes");
    assert_eq!(words(themes.0, themes.1, 0..1), ["three"]);
    // 四 of 四川 is Sichuan's, not a number; 四个 is one.
    let cities = ("四川的四个城市", "four cities of Sichuan");
    assert_eq!(words(cities.0, cities.1, 0..1), ["Sichuan"]);
    assert_eq!(words(cities.0, cities.1, 3..4), ["four"]);
}

#[test]
fn a_names_rendering_is_weighed_by_names_not_by_common_phrases() {
    use crate::phrases::{TermLexicon, suggest};
    let mut table = FragmentTable::default();
    let mut unit = 0;
    let mut add = |n: usize, zh: &str, en: &str| {
        for _ in 0..n {
            table.add_unit(unit, &[pair(zh, en)]);
            unit += 1;
        }
    };
    add(2, "西部国际传播中心", "Western International Media Center");
    add(3, "西部国际传播中心", "Western International Communication Center");
    // The name's part as a name, and 国际传播 mostly as the common phrase it also is.
    add(5, "传播中心", "Media Center");
    add(9, "国际传播", "international communication");
    add(1, "国际传播", "International Media");
    let first = suggest("西部国际传播中心", &TermLexicon::default(), &table, 1)
        .into_iter()
        .find(|s| s.source == "西部国际传播中心")
        .map(|s| s.target);
    assert_eq!(first.as_deref(), Some("Western International Media Center"));
}

/// A unit with hand-made links `(Chinese character, English token)`, one token per character.
fn linked_unit(zh: &str, en: &str, links: &[(usize, usize)]) -> crate::phrases::AlignedUnit {
    let zh_normalised: Vec<char> = zh.chars().collect();
    crate::phrases::AlignedUnit {
        zh_tokens: (0..zh_normalised.len()).map(|c| c..c + 1).collect(),
        zh_normalised,
        en: en.to_owned(),
        en_tokens: english_tokens(en),
        links: links.to_vec(),
    }
}

fn renderings_of(unit: &crate::phrases::AlignedUnit, zh: &str) -> Vec<String> {
    let pairs = unit.phrase_pairs(&PhraseLimits::default());
    pairs.into_iter().filter(|p| p.zh == zh).map(|p| p.en).collect()
}

#[test]
fn a_phrase_takes_the_unlinked_characters_beside_it_that_sound_or_dictionary_verify() {
    // 出(0)席(1)兰(2)卡(3)斯(4)特(5)大(6)会(7); attended(0) Lancaster(1) Assembly(2): only 兰
    // of the name is linked, yet 兰卡斯特 is rendered `Lancaster`, which its sound verifies.
    let unit = linked_unit(
        "出席兰卡斯特大会",
        "attended Lancaster Assembly",
        &[(0, 0), (1, 0), (2, 1), (6, 2), (7, 2)],
    );
    assert_eq!(renderings_of(&unit, "兰卡斯特"), ["Lancaster"]);
    // A dictionary word the aligner linked by one character: 市(0)委(1)外(2)办(3); Shenzhen(0)
    // Foreign(1) Affairs(2) Office(3), 市 unlinked.
    let unit = linked_unit(
        "市委外办",
        "Shenzhen Foreign Affairs Office",
        &[(1, 0), (2, 1), (3, 2), (3, 3)],
    );
    assert_eq!(renderings_of(&unit, "市委外办"), ["Shenzhen Foreign Affairs Office"]);
    // Not after a single linked character, whose link is too often a loose one: 在(0)故(1)宫(2);
    // in(0) the(1) Forbidden(2) City(3).
    let unit = linked_unit("在故宫", "in the Forbidden City", &[(0, 0), (2, 2), (2, 3)]);
    assert!(renderings_of(&unit, "故宫").is_empty());
    // An unlinked neighbour nothing verifies stays out: 李(0)希(1)奎(2)会(3)见(4); met(0).
    let unit = linked_unit("李希奎会见", "met", &[(3, 0), (4, 0)]);
    assert_eq!(renderings_of(&unit, "会见"), ["met"]);
    assert!(renderings_of(&unit, "奎会见").is_empty());
    assert!(renderings_of(&unit, "李希奎会见").is_empty());
    // Never over punctuation: 在(0)，(1)兰(2)卡(3)斯(4)特(5), the comma no token.
    let mut unit = linked_unit("在，兰卡斯特", "Lancaster", &[]);
    unit.zh_tokens = vec![0..1, 2..3, 3..4, 4..5, 5..6];
    unit.links = vec![(1, 0)];
    assert_eq!(renderings_of(&unit, "兰卡斯特"), ["Lancaster"]);
    assert!(renderings_of(&unit, "在，兰卡斯特").is_empty());
}

#[test]
fn a_phrase_takes_the_unlinked_words_that_end_its_name_or_title() {
    // the(0) China(1) NGO(2) Network(3) for(4) International(5) Exchanges(6) met(7) her(8);
    // the connector unlinked, or linked inside the phrase (`会` to `Network for`).
    for connector_links in [&[][..], &[(2, 4)][..]] {
        let mut links = vec![(0, 1), (1, 2), (2, 3), (3, 7), (4, 8)];
        links.extend_from_slice(connector_links);
        links.sort_unstable();
        let unit = linked_unit(
            "中促会见她",
            "the China NGO Network for International Exchanges met her",
            &links,
        );
        assert_eq!(
            renderings_of(&unit, "中促会"),
            ["China NGO Network for International Exchanges"]
        );
        // A completion longer than the limit leaves the phrase as it was.
        let limits = PhraseLimits { max_en_tokens: 4, ..PhraseLimits::default() };
        let pairs = unit.phrase_pairs(&limits);
        let short: Vec<&str> =
            pairs.iter().filter(|p| p.zh == "中促会").map(|p| p.en.as_str()).collect();
        assert_eq!(short, ["China NGO Network"]);
    }
    // A postpositive title word: deputy(0) director(1) general(2) Wang(3) Wen(4)
    let unit = linked_unit(
        "副主任王雯",
        "deputy director general Wang Wen",
        &[(0, 0), (1, 1), (2, 1), (3, 3), (4, 4)],
    );
    assert_eq!(renderings_of(&unit, "副主任"), ["deputy director general"]);
    // A verb after a name, a title before it and words of a longer linked name stay out:
    // President(0) Xi(1) Jinping(2) said(3) at(4) Sichuan(5) International(6) Studies(7)
    // University(8)
    let unit = linked_unit(
        "习近平说四川大学",
        "President Xi Jinping said at Sichuan International Studies University",
        &[(0, 1), (1, 2), (2, 2), (3, 3), (4, 5), (5, 5), (6, 8), (7, 8)],
    );
    assert_eq!(renderings_of(&unit, "习近平"), ["Xi Jinping"]);
    assert_eq!(renderings_of(&unit, "四川"), ["Sichuan"]);
}

#[test]
fn an_organisation_of_thirteen_characters_is_one_phrase() {
    // 中国(China) 民间组织(NGO) 国际(International) 交流(Exchanges) 促(Network) 进会(for)
    let unit = linked_unit(
        "中国民间组织国际交流促进会",
        "the China NGO Network for International Exchanges",
        &[
            (0, 1),
            (1, 1),
            (2, 2),
            (3, 2),
            (4, 2),
            (5, 2),
            (6, 5),
            (7, 5),
            (8, 6),
            (9, 6),
            (10, 3),
            (11, 4),
            (12, 4),
        ],
    );
    assert_eq!(
        renderings_of(&unit, "中国民间组织国际交流促进会"),
        ["China NGO Network for International Exchanges"]
    );
}

#[test]
fn a_rendering_never_starts_or_ends_inside_a_written_word() {
    // 同美国总统拜登: U(0) .(1) S(2) .(3) President(4) Joe(5) Biden(6); `U` linked to 同 before
    // the name, as a loose link leaves it.
    let unit = linked_unit(
        "同美国总统拜登",
        "U.S. President Joe Biden",
        &[(0, 0), (1, 2), (2, 2), (3, 4), (4, 4), (5, 5), (5, 6), (6, 6)],
    );
    assert_eq!(renderings_of(&unit, "美国总统"), Vec::<String>::new());
    assert_eq!(renderings_of(&unit, "同美国总统"), ["U.S. President"]);
    assert_eq!(renderings_of(&unit, "同美国"), ["U.S."]);
    // Vice(0) -(1) President(2) Han(3) Zheng(4): 副 linked to `Vice` only.
    let unit = linked_unit(
        "副主席韩正",
        "Vice-President Han Zheng",
        &[(0, 0), (1, 2), (2, 2), (3, 3), (4, 4)],
    );
    assert_eq!(renderings_of(&unit, "副主席"), ["Vice-President"]);
    let unit = linked_unit(
        "副主席韩正",
        "Vice-President Han Zheng",
        &[(0, 0), (1, 0), (2, 0), (3, 3), (4, 4)],
    );
    assert_eq!(renderings_of(&unit, "副主席"), ["Vice-President"]);
    // A sentence's full stop after a word is not part of it.
    let unit = linked_unit("美国", "in the U.S. today. Biden.", &[(0, 2), (1, 4)]);
    assert_eq!(renderings_of(&unit, "美国"), ["U.S."]);
    let unit = linked_unit("拜登", "Joe Biden.", &[(0, 0), (1, 1)]);
    assert_eq!(renderings_of(&unit, "拜登"), ["Joe Biden"]);
}

#[test]
fn a_rendering_neither_starts_nor_ends_with_a_closed_class_word() {
    // including(0) Slovakia(1) ,(2) the(3) CIIE(4) is(5) held(6): loose links of 斯 and 会.
    let unit = linked_unit(
        "斯洛伐克进博会举办",
        "including Slovakia, the CIIE is held",
        &[(0, 0), (0, 1), (1, 1), (2, 1), (3, 1), (4, 4), (5, 4), (6, 4), (6, 5), (7, 6), (8, 6)],
    );
    assert_eq!(renderings_of(&unit, "斯洛伐克"), ["Slovakia"]);
    assert_eq!(renderings_of(&unit, "进博会"), ["CIIE"]);
}

#[test]
fn a_rendering_that_holds_a_neighbours_rendering_is_not_offered_for_the_span() {
    use crate::phrases::{TermLexicon, suggest};
    let mut table = FragmentTable::default();
    // The aligner ran 特朗普's links over the title before it in one unit.
    table.add_unit(0, &[pair("特朗普", "welcome US President Donald Trump")]);
    table.add_unit(1, &[pair("总统", "President")]);
    table.add_unit(2, &[pair("兰卡斯特", "Lancaster University")]);
    table.add_unit(3, &[pair("大学", "University")]);
    let targets = |table: &FragmentTable, source: &str, span: &str| -> Vec<String> {
        let suggestions = suggest(source, &TermLexicon::default(), table, 1);
        suggestions.into_iter().filter(|s| s.source == span).map(|s| s.target).collect()
    };
    assert_eq!(targets(&table, "美国总统特朗普访华", "特朗普"), Vec::<String>::new());
    assert_eq!(targets(&table, "美国总统特朗普访华", "总统"), ["President"]);
    assert_eq!(targets(&table, "兰卡斯特大学", "兰卡斯特"), Vec::<String>::new());
    // Without the neighbour in the sentence the rendering stays.
    assert_eq!(targets(&table, "兰卡斯特孔子学院", "兰卡斯特"), ["Lancaster University"]);
    assert_eq!(targets(&table, "特朗普访华", "特朗普"), ["welcome US President Donald Trump"]);
    // A rendering the memory repeats is its habit, and stays.
    table.add_unit(4, &[pair("兰卡斯特", "Lancaster University")]);
    assert_eq!(targets(&table, "兰卡斯特大学", "兰卡斯特"), ["Lancaster University"]);
}

#[test]
fn a_head_linked_to_all_of_its_phrases_rendering_is_rendered_alone() {
    // Chinese(0) President(1) Hu(2) Jintao(3): 国家 and 主席 both linked to `President`.
    let unit = linked_unit(
        "中国国家主席胡锦涛",
        "Chinese President Hu Jintao",
        &[(0, 0), (1, 0), (2, 1), (3, 1), (4, 1), (5, 1), (6, 2), (7, 3), (8, 3)],
    );
    assert_eq!(renderings_of(&unit, "国家主席"), ["President"]);
    assert_eq!(renderings_of(&unit, "主席"), ["President"]);
    // Not a one-character modifier (家主席), nor a head that misses a word (主席 of 中国国家主席).
    assert_eq!(renderings_of(&unit, "家主席"), Vec::<String>::new());
    assert_eq!(renderings_of(&unit, "席胡锦涛"), Vec::<String>::new());
    assert!(!renderings_of(&unit, "主席").contains(&"Chinese President".to_owned()));
}

#[test]
fn a_rendering_equal_to_a_neighbours_stays() {
    use crate::phrases::{TermLexicon, suggest};
    let mut table = FragmentTable::default();
    table.add_unit(0, &[pair("中国", "China")]);
    table.add_unit(1, &[pair("驻华", "China")]);
    let suggestions = suggest("中国驻华盛顿大使馆", &TermLexicon::default(), &table, 1);
    let first = suggestions.iter().find(|s| s.source == "中国").map(|s| s.target.as_str());
    assert_eq!(first, Some("China"));
}
