//! Tests of scoring, the index, concordance, adjusted matches and match quality.

use std::collections::BTreeMap;

use expect_test::{Expect, expect};

use super::*;
use crate::synthetic::queries::*;
use crate::synthetic::synthetic_pair;

fn check_explanation(query: &str, source: &str, expected: Expect) {
    let explanation = explain(query, source);
    let mut rendered = explanation.summary();
    for op in &explanation.diff {
        let line = match op {
            DiffOp::Equal { query: q, .. } => format!("\n  = {}", &query[q.clone()]),
            DiffOp::Delete { query: q } => format!("\n  - {}", &query[q.clone()]),
            DiffOp::Insert { source: s } => format!("\n  + {}", &source[s.clone()]),
            DiffOp::Replace { query: q, source: s } => {
                format!("\n  ~ {} → {}", &query[q.clone()], &source[s.clone()])
            }
        };
        rendered.push_str(&line);
    }
    expected.assert_eq(&rendered);
}

fn memory(n_units: u64) -> Vec<(i64, String, String)> {
    (0..n_units)
        .map(|idx| {
            let pair = synthetic_pair(7, idx);
            (idx as i64 + 1, pair.zh, pair.en)
        })
        .collect()
}

fn index_of(units: &[(i64, String, String)]) -> MatchIndex {
    MatchIndex::build(units.iter().map(|(unit_id, source, target)| IndexUnit {
        unit_id: *unit_id,
        source,
        target,
    }))
}

fn brute_force(
    units: &[(i64, String, String)],
    query: &str,
    options: &LookupOptions,
) -> Vec<Match> {
    let all = units.iter().map(|(unit_id, source, target)| IndexUnit {
        unit_id: *unit_id,
        source,
        target,
    });
    brute_force_lookup(all, query, options)
}

/// An index of `units` built in pages of 250 (one segment each) up to `paged`, the rest added
/// one at a time (the delta).
fn paged_index(units: &[(i64, String, String)], paged: usize) -> MatchIndex {
    let mut index = MatchIndex::new();
    for page in units[..paged].chunks(250) {
        index.extend(page.iter().map(|(unit_id, source, target)| IndexUnit {
            unit_id: *unit_id,
            source,
            target,
        }));
    }
    for (unit_id, source, target) in &units[paged..] {
        index.add(IndexUnit { unit_id: *unit_id, source, target });
    }
    index
}

fn ids_and_scores(matches: &[Match]) -> Vec<(i64, u8)> {
    matches.iter().map(|found| (found.unit_id, found.score)).collect()
}

#[test]
fn identical_text_scores_100_without_penalties() {
    let text = "3月5日，重庆市人民政府外事办公室主任会见了代表团。";
    let explanation = explain(text, text);
    assert_eq!((explanation.score, explanation.penalties.len()), (100, 0));
}

#[test]
fn changed_number_costs_an_edit_and_a_penalty() {
    check_explanation(
        "3月5日，重庆市外事办公室主任王雯会见了代表团。",
        "3月6日，重庆市外事办公室主任王雯会见了代表团。",
        expect![[r#"
            93 = 95 (1 edit in 22 tokens) − 2 numbers: 5 ≠ 6
              = 3月
              ~ 5 → 6
              = 日，重庆市外事办公室主任王雯会见了代表团。"#]],
    );
}

#[test]
fn changed_name_and_inserted_clause_show_in_the_diff() {
    check_explanation(
        "李强表示，将加强经贸合作。",
        "王雯表示，重庆将与四川加强经贸合作。",
        expect![[r#"
            56 = 56 (7 edits in 16 tokens)
              ~ 李强 → 王雯
              = 表示，
              + 重庆
              = 将
              + 与四川
              = 加强经贸合作。"#]],
    );
}

#[test]
fn differences_that_are_not_words_cost_one_point_each() {
    let case = explain("Meeting of the APEC leaders", "Meeting of the Apec leaders");
    assert_eq!(case.score, 99);
    assert_eq!(case.penalties[0].kind, PenaltyKind::Case);
    let punctuation = explain("会见了代表团。", "会见了代表团！");
    assert_eq!(punctuation.score, 99);
    assert_eq!(punctuation.penalties[0].kind, PenaltyKind::Punctuation);
    let width = explain("２０２４年", "2024年");
    assert_eq!((width.score, width.penalties[0].kind), (99, PenaltyKind::Formatting));
    let spacing = explain("the  delegation", "the delegation");
    assert_eq!((spacing.score, spacing.penalties[0].kind), (99, PenaltyKind::Formatting));
}

#[test]
fn traditional_source_is_a_flagged_script_variant() {
    let explanation = explain("重庆国际传播中心会见代表团", "重慶國際傳播中心會見代表團");
    assert_eq!(explanation.score, 99);
    assert!(explanation.script_variant);
    expect!["99 = 100 (0 edits in 13 tokens) − 1 script: 庆 ≠ 慶"]
        .assert_eq(&explanation.summary());
}

#[test]
fn tags_that_differ_are_penalised() {
    let explanation = explain("Click \u{E001}Save\u{E002} now", "Click \u{E001}Save\u{E003} now");
    assert!(explanation.penalties.iter().any(|penalty| penalty.kind == PenaltyKind::Tags));
    assert!(explanation.score < 99);
}

#[test]
fn only_identical_texts_score_100() {
    let units = memory(300);
    for (_, source, _) in &units {
        for other in
            [source.replace('。', "."), source.replacen('日', "曰", 1), format!(" {source}")]
        {
            if other != *source {
                assert!(explain(&other, source).score < 100, "{other} vs {source}");
            }
        }
    }
}

#[test]
fn index_lookup_agrees_with_brute_force() {
    let units = memory(4000);
    let index = index_of(&units);
    let options = LookupOptions::default();
    for query_idx in 0..60 {
        let query = labelled_query(7, units.len() as u64, query_idx).query;
        let indexed = index.lookup(&query, &options);
        let reference = brute_force(&units, &query, &options);
        assert_eq!(
            indexed.first().map(|found| found.score),
            reference.first().map(|found| found.score),
            "top score for {query}"
        );
        assert_eq!(ids_and_scores(&indexed), ids_and_scores(&reference), "top-5 for {query}");
    }
}

/// The early exit of a lookup stops scoring its shortlist once no bound left can reach the best
/// matches: it must find exactly what scoring the whole shortlist finds, for any limit and
/// minimum score, including matches whose penalties take them below other candidates' bases.
#[test]
fn pruned_lookup_finds_the_same_matches_as_scoring_the_whole_shortlist() {
    let units = memory(6000);
    let index = index_of(&units);
    let mut n_compared = 0;
    for query_idx in 0..80 {
        let labelled = labelled_query(7, units.len() as u64, query_idx).query;
        // Also queries the memory does not hold, which only match fuzzily, and a tagged copy.
        let unseen = synthetic_pair(8, query_idx).zh;
        let tagged = format!("\u{E000}{}\u{E001}", units[query_idx as usize * 37].1);
        for query in [labelled, unseen, tagged] {
            for (limit, min_score) in [(1, 50), (5, 50), (5, 0), (20, 30), (3, 80)] {
                let options = LookupOptions { limit, min_score };
                let pruned = index.lookup_with(&query, &options, true);
                let whole = index.lookup_with(&query, &options, false);
                assert_eq!(pruned, whole, "{query} with {options:?}");
                n_compared += usize::from(!whole.is_empty());
            }
        }
    }
    assert!(n_compared > 800, "{n_compared}");
}

/// The bound that lets a lookup skip candidates is never below the base score it bounds, so
/// the early exit can never drop a better match.
#[test]
fn the_base_score_bound_never_undercuts_the_base_score() {
    let mut tokenizer = crate::text::Tokenizer::default();
    let grams = |tokenizer: &mut crate::text::Tokenizer, text: &str| {
        let mut out = Vec::new();
        index::unit_grams(tokenizer, text, index::GramSide::Source, &mut out);
        out
    };
    let mut n_tight = 0;
    for query_idx in 0..400 {
        let labelled = labelled_query(11, 500, query_idx);
        let original = synthetic_pair(11, labelled.expected_idx).zh;
        let other = synthetic_pair(11, labelled.expected_idx + 1).zh;
        let query = if query_idx % 3 == 0 {
            format!("{} 2024 G20", labelled.query)
        } else {
            labelled.query.clone()
        };
        for source in [&original, &other, &labelled.query] {
            let query_grams = grams(&mut tokenizer, &query);
            let source_grams = grams(&mut tokenizer, source);
            let missing =
                query_grams.iter().filter(|gram| source_grams.binary_search(gram).is_err()).count();
            let tokens = crate::text::tokenize(&query);
            let content: Vec<_> = tokens.iter().filter(|token| token.kind.is_content()).collect();
            let other_tokens =
                content.iter().filter(|token| token.kind != crate::text::TokenKind::Han).count();
            let source_len = crate::text::tokenize(source)
                .iter()
                .filter(|token| token.kind.is_content())
                .count();
            let bound = index::base_score_bound(content.len(), source_len, missing, other_tokens);
            let base = explain(&query, source).base_score;
            assert!(bound >= base, "bound {bound} < base {base}: {query} vs {source}");
            n_tight += usize::from(bound == base && base < 100);
        }
    }
    // Not vacuous: the bound is often exact.
    assert!(n_tight > 50, "{n_tight}");
}

#[test]
fn equal_scores_rank_the_newer_unit_first() {
    let units = vec![
        (10, "会见代表团".to_owned(), "a".to_owned()),
        (30, "会见代表团".to_owned(), "b".to_owned()),
        (20, "会见代表团".to_owned(), "c".to_owned()),
    ];
    let index = index_of(&units);
    let found = index.lookup("会见代表团", &LookupOptions::default());
    assert_eq!(ids_and_scores(&found), vec![(30, 100), (20, 100), (10, 100)]);
}

#[test]
fn matches_below_the_minimum_score_are_dropped() {
    let units = vec![(1, "重庆国际传播中心举行会议".to_owned(), "x".to_owned())];
    let index = index_of(&units);
    let query = "重庆国际传播能力建设";
    let strict = LookupOptions { min_score: 80, ..LookupOptions::default() };
    assert!(index.lookup(query, &strict).is_empty());
    let lenient = LookupOptions { min_score: 30, ..LookupOptions::default() };
    assert_eq!(index.lookup(query, &lenient).len(), 1);
}

#[test]
fn added_units_are_found_and_removed_units_are_not() {
    let units = memory(200);
    let mut index = index_of(&units[..100]);
    for (unit_id, source, target) in &units[100..] {
        index.add(IndexUnit { unit_id: *unit_id, source, target });
    }
    assert_eq!(index.len(), 200);
    let (unit_id, source, _) = &units[150];
    let best = &index.lookup(source, &LookupOptions::default())[0];
    assert_eq!((best.unit_id, best.score), (*unit_id, 100));
    assert!(index.remove(*unit_id));
    assert!(!index.remove(*unit_id));
    assert_eq!(index.len(), 199);
    assert!(
        index
            .lookup(source, &LookupOptions::default())
            .iter()
            .all(|found| found.unit_id != *unit_id)
    );
}

#[test]
fn many_added_units_freeze_into_segments_and_stay_searchable() {
    let units = memory(DELTA_UNITS_FOR_TESTS as u64 + 10);
    let mut index = MatchIndex::new();
    for (unit_id, source, target) in &units {
        index.add(IndexUnit { unit_id: *unit_id, source, target });
    }
    for probe in [5usize, DELTA_UNITS_FOR_TESTS + 3] {
        let (unit_id, source, _) = &units[probe];
        let found = index.lookup(source, &LookupOptions { limit: 50, min_score: 100 });
        assert!(found.iter().any(|found| found.unit_id == *unit_id));
    }
}

const DELTA_UNITS_FOR_TESTS: usize = index::DELTA_UNITS;

#[test]
fn index_survives_a_round_trip_through_bytes() {
    let units = memory(3000);
    let mut index = index_of(&units[..2900]);
    for (unit_id, source, target) in &units[2900..] {
        index.add(IndexUnit { unit_id: *unit_id, source, target });
    }
    index.remove(5);
    let bytes = index.to_bytes();
    assert_eq!(bytes.len(), index.byte_len());
    let mut written = Vec::new();
    index.write_to(&mut written).unwrap();
    assert_eq!(written, bytes);
    let reopened = MatchIndex::from_bytes(&bytes).unwrap();
    assert_eq!(reopened.len(), index.len());
    assert_eq!(reopened.to_bytes(), bytes);
    for query_idx in 0..20 {
        let query = labelled_query(7, 3000, query_idx).query;
        let options = LookupOptions::default();
        assert_eq!(
            ids_and_scores(&reopened.lookup(&query, &options)),
            ids_and_scores(&index.lookup(&query, &options))
        );
    }
    let concordance = reopened.concordance("重庆国际传播中心", &ConcordanceOptions::default());
    assert!(!concordance.hits.is_empty());
}

#[test]
fn corrupt_bytes_are_rejected() {
    let index = index_of(&memory(50));
    let bytes = index.to_bytes();
    assert_eq!(MatchIndex::from_bytes(b"nope").unwrap_err(), IndexFormatError::NotAnIndex);
    assert!(MatchIndex::from_bytes(&bytes[..bytes.len() - 3]).is_err());
    let mut wrong_version = bytes.clone();
    wrong_version[4] = 9;
    assert_eq!(
        MatchIndex::from_bytes(&wrong_version).unwrap_err(),
        IndexFormatError::UnsupportedVersion(9)
    );
}

/// The index of `bytes`, its texts left in `texts` (the same bytes, or damaged ones).
fn read_with_texts(bytes: &[u8], texts: Vec<u8>) -> MatchIndex {
    let texts: std::sync::Arc<dyn crate::matching::TextSource> = std::sync::Arc::new(texts);
    MatchIndex::read_with_text_source(std::io::Cursor::new(bytes), bytes.len(), texts).unwrap()
}

#[test]
fn an_index_reading_its_texts_from_a_text_source_answers_and_writes_the_same() {
    let units = memory(1000);
    let index = index_of(&units);
    let bytes = index.to_bytes();
    let mut reopened = read_with_texts(&bytes, bytes.clone());
    assert_eq!(reopened.to_bytes(), bytes);
    let options = LookupOptions::default();
    for query_idx in 0..10 {
        let query = labelled_query(7, 1000, query_idx).query;
        assert_eq!(reopened.lookup(&query, &options), index.lookup(&query, &options));
        assert_eq!(
            reopened.lookup_with(&query, &options, false),
            index.lookup_with(&query, &options, false)
        );
    }
    for (text, side) in
        [("国际传播", Side::Source), ("Chongqing", Side::Target), ("市", Side::Source)]
    {
        let options = ConcordanceOptions { side, ..ConcordanceOptions::default() };
        assert_eq!(reopened.concordance(text, &options), index.concordance(text, &options));
    }
    let (mut read, mut held) = (Vec::new(), Vec::new());
    reopened.for_each_unit(|unit| read.push((unit.unit_id, unit.source.to_owned())));
    index.for_each_unit(|unit| held.push((unit.unit_id, unit.source.to_owned())));
    assert_eq!(read, held);
    // A unit added later keeps its own text beside the shared ones.
    reopened
        .add(IndexUnit { unit_id: 5000, source: "新加的句子。", target: "A new sentence." });
    let found = reopened.lookup("新加的句子。", &options);
    assert_eq!((found[0].unit_id, found[0].score), (5000, 100));
    assert_eq!(MatchIndex::from_bytes(&reopened.to_bytes()).unwrap().len(), 1001);
}

/// A source read in sequence that counts the bytes it reads (skipped bytes are not read).
struct CountingReader<'a> {
    inner: std::io::Cursor<&'a [u8]>,
    n_read: usize,
}

impl std::io::Read for CountingReader<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let n_read = self.inner.read(buffer)?;
        self.n_read += n_read;
        Ok(n_read)
    }
}

impl std::io::Seek for CountingReader<'_> {
    fn seek(&mut self, position: std::io::SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(position)
    }
}

/// Bytes read at positions, counted.
struct CountingSource {
    bytes: Vec<u8>,
    n_read: std::sync::atomic::AtomicUsize,
}

impl crate::matching::TextSource for CountingSource {
    fn read_exact_at(&self, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
        self.n_read.fetch_add(buffer.len(), std::sync::atomic::Ordering::Relaxed);
        self.bytes.read_exact_at(buffer, offset)
    }
}

#[test]
fn opening_an_index_file_reads_neither_texts_nor_posting_lists() {
    let units = memory(2000);
    let index = index_of(&units);
    let bytes = index.to_bytes();
    let source =
        std::sync::Arc::new(CountingSource { bytes: bytes.clone(), n_read: Default::default() });
    let mut reader = CountingReader { inner: std::io::Cursor::new(&bytes), n_read: 0 };
    let shared: std::sync::Arc<dyn crate::matching::TextSource> = source.clone();
    let reopened = MatchIndex::read_with_text_source(&mut reader, bytes.len(), shared).unwrap();
    // Ids, lengths, text offsets, the vocabulary and the gram directory: a small share.
    assert!(reader.n_read * 4 < bytes.len(), "{} of {}", reader.n_read, bytes.len());
    assert_eq!(source.n_read.load(std::sync::atomic::Ordering::Relaxed), 0);
    let options = LookupOptions::default();
    for query_idx in 0..10 {
        let query = labelled_query(7, 2000, query_idx).query;
        assert_eq!(reopened.lookup(&query, &options), index.lookup(&query, &options));
    }
    // Gram entries, lists and texts are read at positions, as lookups need them.
    assert!(source.n_read.load(std::sync::atomic::Ordering::Relaxed) > 0);
    assert_eq!(reopened.to_bytes(), bytes);
}

#[test]
fn an_index_written_as_several_tables_answers_as_one_built_whole() {
    let units = memory(3000);
    let whole = index_of(&units);
    // Ten segments of 250 units, then a delta: written as tables of at most 700 units in tests,
    // two segments each, and the delta alone.
    let paged = paged_index(&units, 2500);
    let bytes = paged.to_bytes();
    assert_eq!(bytes.len(), paged.byte_len());
    let reopened = read_with_texts(&bytes, bytes.clone());
    assert_eq!(reopened.n_segments(), 6);
    assert_eq!(MatchIndex::from_bytes(&bytes).unwrap().n_segments(), 6);
    let options = LookupOptions::default();
    for query_idx in 0..20 {
        let query = labelled_query(7, 3000, query_idx).query;
        assert_eq!(reopened.lookup(&query, &options), whole.lookup(&query, &options));
    }
    for (text, side) in [("重庆国际传播中心", Side::Source), ("vice mayor", Side::Target)] {
        let options = ConcordanceOptions { side, limit: 40, ..ConcordanceOptions::default() };
        assert_eq!(reopened.concordance(text, &options), whole.concordance(text, &options));
    }
    // Written again, the tables are the same bytes.
    assert_eq!(reopened.to_bytes(), bytes);
}

#[test]
fn brute_force_of_many_queries_answers_as_one_query_at_a_time() {
    let units = memory(1500);
    let all: Vec<IndexUnit<'_>> = units
        .iter()
        .map(|(unit_id, source, target)| IndexUnit { unit_id: *unit_id, source, target })
        .collect();
    let queries: Vec<String> =
        (0..12).map(|query_idx| labelled_query(7, 1500, query_idx).query).collect();
    let queries: Vec<&str> = queries.iter().map(String::as_str).chain(["", "。"]).collect();
    for options in [LookupOptions::default(), LookupOptions { limit: 3, min_score: 80 }] {
        let many = brute_force_lookup_many(&all, &queries, &options);
        assert_eq!(many.len(), queries.len());
        for (query, found) in queries.iter().zip(&many) {
            assert_eq!(*found, brute_force(&units, query, &options), "{query}");
        }
        assert!(many.iter().filter(|found| !found.is_empty()).count() >= 10);
    }
}

#[test]
fn damaged_posting_bytes_or_unreadable_texts_never_make_a_lookup_panic() {
    let units = memory(400);
    let index = index_of(&units);
    let bytes = index.to_bytes();
    let query = labelled_query(7, 400, 3).query;
    let options = LookupOptions::default();
    // The posting bytes are at the end: overwrite stretches of them with continuation bytes
    // (varints that never end) and with large gaps (units outside the segment).
    for (at, value) in [
        (bytes.len() - 40, 0xFF),
        (bytes.len() - 400, 0x7F),
        (bytes.len() / 2, 0x80),
        (bytes.len() * 3 / 4, 0xFF),
        (bytes.len() * 2 / 3, 0x00),
    ] {
        let mut damaged = bytes.clone();
        for byte in &mut damaged[at..at + 24] {
            *byte = value;
        }
        if let Ok(reopened) = MatchIndex::from_bytes(&damaged) {
            let _ = reopened.lookup(&query, &options);
            let _ = reopened.concordance("重庆国际传播中心", &ConcordanceOptions::default());
        }
        // The same damage in a file whose table stays in the file: found when read.
        let texts: std::sync::Arc<dyn crate::matching::TextSource> =
            std::sync::Arc::new(damaged.clone());
        let cursor = std::io::Cursor::new(&damaged);
        if let Ok(reopened) = MatchIndex::read_with_text_source(cursor, damaged.len(), texts) {
            let _ = reopened.lookup(&query, &options);
            let _ = reopened.concordance("重庆国际传播中心", &ConcordanceOptions::default());
            let _ = reopened.to_bytes();
        }
    }
    // A text source that lost its second half: the texts there read as empty (a unit cut in two
    // too), and lookups and searches go on.
    let reopened = read_with_texts(&bytes, bytes[..bytes.len() / 2].to_vec());
    assert!(reopened.lookup(&query, &options).len() <= index.lookup(&query, &options).len());
    let _ = reopened.concordance("重庆", &ConcordanceOptions::default());
    let mut n_empty = 0;
    reopened.for_each_unit(|unit| n_empty += usize::from(unit.source.is_empty()));
    assert!(n_empty > 0 && n_empty < 400, "{n_empty}");
}

#[test]
fn adjusting_numbers_and_months_rewrites_the_target() {
    let adjusted = adjust(
        "11月6日，320名代表出席签约仪式。",
        "12月5日，1,200名代表出席签约仪式。",
        "On December 5, 1,200 representatives attended the signing ceremony.",
        &[],
    )
    .unwrap();
    assert_eq!(
        adjusted.target,
        "On November 6, 320 representatives attended the signing ceremony."
    );
    let kinds: Vec<ReplacementKind> =
        adjusted.replacements.iter().map(|replacement| replacement.kind).collect();
    assert_eq!(
        kinds,
        vec![ReplacementKind::Month, ReplacementKind::Number, ReplacementKind::Number]
    );
}

#[test]
fn adjusting_terms_uses_the_callers_renderings() {
    let terms = [("王雯", "Wang Wen"), ("李强", "Li Qiang"), ("副主任", "deputy director general")];
    let adjusted = adjust(
        "李强表示，双方将加强合作。",
        "王雯表示，双方将加强合作。",
        "Wang Wen said that the two sides will strengthen cooperation.",
        &terms,
    )
    .unwrap();
    assert_eq!(adjusted.target, "Li Qiang said that the two sides will strengthen cooperation.");
    assert_eq!(adjusted.replacements[0].old_target, "Wang Wen");
}

#[test]
fn adjusting_refuses_other_differences() {
    let target = "Wang Wen said that the two sides will strengthen cooperation.";
    assert_eq!(
        adjust("李强表示，双方将加强合作。", "王雯表示，双方将加强合作。", target, &[]),
        None
    );
    assert_eq!(
        adjust("王雯表示，双方将深化合作。", "王雯表示，双方将加强合作。", target, &[]),
        None
    );
    assert_eq!(
        adjust("王雯表示，双方将加强合作。", "王雯表示，双方将加强合作。", target, &[]),
        None
    );
    assert_eq!(adjust("5日会见", "6日会见", "met on the sixth", &[]), None);
}

fn concordance_memory() -> MatchIndex {
    let units = [
        (
            1,
            "重庆国际传播中心举行会议。",
            "The Chongqing International Media Center held a meeting.",
        ),
        (
            2,
            "重慶國際傳播中心主任會見代表團。",
            "The director of the Chongqing International Media Center met a delegation.",
        ),
        (3, "重庆国际传播中心成立。", "Chongqing International Communication Center was founded."),
        (4, "四川省外事办公室举行会议。", "The Foreign Affairs Office of Sichuan held a meeting."),
        (
            5,
            "重庆国际传播中心与四川签约。",
            "The Chongqing International Media Center signed with Sichuan.",
        ),
        (6, "国际传播能力建设。", "Building international communication capacity."),
    ];
    MatchIndex::build(units.iter().map(|(unit_id, source, target)| IndexUnit {
        unit_id: *unit_id,
        source,
        target,
    }))
}

#[test]
fn chinese_concordance_ignores_script() {
    let index = concordance_memory();
    let found = index.concordance("重庆国际传播中心", &ConcordanceOptions::default());
    let ids: Vec<i64> = found.hits.iter().map(|hit| hit.unit_id).collect();
    assert_eq!(ids, vec![5, 3, 2, 1]);
    assert!(found.complete);
    let traditional = &found.hits[2];
    assert_eq!(&traditional.source[traditional.ranges[0].clone()], "重慶國際傳播中心");
}

#[test]
fn concordance_groups_hits_by_rendering() {
    // The hand-made units among 2,000 generated ones, which render the centre one way.
    let mut units: Vec<(i64, String, String)> =
        memory(2000).into_iter().map(|(id, zh, en)| (id + 100, zh, en)).collect();
    units.push((
        1,
        "重庆国际传播中心成立。".to_owned(),
        "The Chongqing International Communication Center was founded.".to_owned(),
    ));
    units.push((
        2,
        "重庆国际传播中心成立三周年。".to_owned(),
        "Chongqing International Communication Center is three years old.".to_owned(),
    ));
    let index = index_of(&units);
    let found = index.concordance("重庆国际传播中心", &ConcordanceOptions::default());
    let histogram: Vec<String> = found
        .renderings
        .iter()
        .map(|group| {
            format!(
                "{} ×{}{}",
                group.rendering,
                group.count,
                if group.is_full_text { " (full text)" } else { "" }
            )
        })
        .collect();
    expect![[r#"
        Chongqing International Media Center ×284
        Chongqing International Communication Center ×2"#]]
    .assert_eq(&histogram.join("\n"));
    let hit = found.hits.iter().find(|hit| hit.unit_id == 1).unwrap();
    assert_eq!(hit.rendering.as_deref(), Some("Chongqing International Communication Center"));
}

#[test]
fn english_concordance_is_case_insensitive_and_optionally_whole_word() {
    let index = concordance_memory();
    let target = ConcordanceOptions { side: Side::Target, ..ConcordanceOptions::default() };
    let found = index.concordance("MEDIA CENTER", &target);
    assert_eq!(found.hits.len(), 3);
    let partial = index.concordance("nation", &target);
    assert_eq!(partial.hits.len(), 5, "international contains nation");
    let whole = ConcordanceOptions { whole_word: true, ..target };
    assert!(index.concordance("nation", &whole).hits.is_empty());
    assert_eq!(index.concordance("held a meeting", &whole).hits.len(), 2);
}

#[test]
fn single_character_concordance_scans_and_respects_the_limit() {
    let index = concordance_memory();
    let options = ConcordanceOptions { limit: 2, ..ConcordanceOptions::default() };
    let found = index.concordance("会", &options);
    assert_eq!(found.hits.len(), 2);
    assert!(!found.complete);
    assert_eq!(found.hits[0].unit_id, 4);
}

/// The labelled quality set: every kind of edit over a 20,000-unit memory.
#[test]
fn matching_quality_on_labelled_queries() {
    let n_units = 20_000u64;
    let units = memory(n_units);
    let index = index_of(&units);
    let mut hits = 0;
    let mut ties = 0;
    let mut per_edit: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut histogram = [0usize; 11];
    let n_queries = 250;
    for query_idx in 0..n_queries {
        let labelled = labelled_query(7, n_units, query_idx);
        let expected_id = labelled.expected_idx as i64 + 1;
        let found = index.lookup(&labelled.query, &LookupOptions::default());
        let best = found.first();
        let expected_score =
            explain(&labelled.query, &units[labelled.expected_idx as usize].1).score;
        let exact = best.is_some_and(|best| best.unit_id == expected_id);
        // In a memory of near-duplicates another unit may match the edited copy as well or better.
        let tied = best.is_some_and(|best| best.score >= expected_score);
        hits += usize::from(exact);
        ties += usize::from(tied);
        let entry = per_edit.entry(format!("{:?}", labelled.edit)).or_default();
        entry.0 += usize::from(tied);
        entry.1 += 1;
        histogram[usize::from(best.map_or(0, |best| best.score)) / 10] += 1;
    }
    let hit_at_1 = hits as f64 / n_queries as f64;
    let tie_hit_at_1 = ties as f64 / n_queries as f64;
    println!("quality over {n_queries} queries, {n_units} units:");
    println!("  hit@1 (the expected unit first): {hit_at_1:.3}");
    println!("  hit@1 (first scores at least as high as the expected unit): {tie_hit_at_1:.3}");
    for (edit, (good, total)) in &per_edit {
        println!("  {edit:<14} {good}/{total}");
    }
    println!("  top-1 score histogram (by tens): {histogram:?}");
    assert!(tie_hit_at_1 >= 0.98, "tie-aware hit@1 {tie_hit_at_1}");
    assert!(hit_at_1 >= 0.65, "hit@1 {hit_at_1}");
}

#[test]
fn traditional_copies_round_trip_to_the_generators_text() {
    for idx in 0..300 {
        let zh = synthetic_pair(7, idx).zh;
        let traditional = to_traditional(&zh);
        assert_ne!(traditional, zh);
        assert_eq!(
            crate::text::normalize_for_matching(&traditional),
            crate::text::normalize_for_matching(&zh)
        );
    }
}

#[test]
fn english_source_memory_agrees_with_brute_force() {
    // The other direction: English sources, matched by word.
    let units: Vec<(i64, String, String)> =
        memory(3000).into_iter().map(|(unit_id, zh, en)| (unit_id, en, zh)).collect();
    let index = index_of(&units);
    let options = LookupOptions::default();
    for probe in [3usize, 500, 1999] {
        let query = units[probe].1.replacen("the", "a", 1).replace(" said", " stated");
        assert_eq!(
            ids_and_scores(&index.lookup(&query, &options)),
            ids_and_scores(&brute_force(&units, &query, &options)),
            "{query}"
        );
    }
}

#[test]
fn concordance_skips_removed_units_and_unknown_fragments() {
    let mut index = concordance_memory();
    assert!(index.remove(5));
    let found = index.concordance("重庆国际传播中心", &ConcordanceOptions::default());
    assert!(found.hits.iter().all(|hit| hit.unit_id != 5));
    let target = ConcordanceOptions { side: Side::Target, ..ConcordanceOptions::default() };
    let nothing = index.concordance("xylophone", &target);
    assert!(nothing.hits.is_empty() && nothing.complete);
}

#[test]
fn bulk_extend_after_single_adds_keeps_every_unit_searchable() {
    let units = memory(30_000);
    let mut index = MatchIndex::new();
    for (unit_id, source, target) in &units[..10] {
        index.add(IndexUnit { unit_id: *unit_id, source, target });
    }
    index.extend(units[10..].iter().map(|(unit_id, source, target)| IndexUnit {
        unit_id: *unit_id,
        source,
        target,
    }));
    assert_eq!(index.len(), units.len());
    for probe in [0usize, 9, 10, 29_999] {
        let (unit_id, source, _) = &units[probe];
        let found = index.lookup(source, &LookupOptions { limit: 100, min_score: 100 });
        assert!(found.iter().any(|found| found.unit_id == *unit_id), "unit {unit_id}");
    }
}

#[test]
fn a_lookup_explains_each_match() {
    let units = [
        (
            1,
            "12月5日，重庆国际传播中心主任王雯会见了代表团。",
            "On December 5, Wang Wen met a delegation.",
        ),
        (
            2,
            "12月5日，重庆国际传播中心副主任王雯会见了代表团。",
            "On December 5, deputy Wang Wen met a delegation.",
        ),
        (3, "四川省外事办公室举行会议。", "The office held a meeting."),
    ];
    let index = MatchIndex::build(units.iter().map(|(unit_id, source, target)| IndexUnit {
        unit_id: *unit_id,
        source,
        target,
    }));
    let found =
        index.lookup("12月6日，重慶國際傳播中心主任王雯會見了代表團！", &LookupOptions::default());
    let rendered: Vec<String> = found
        .iter()
        .map(|found| {
            let penalties: Vec<String> = found
                .penalties
                .iter()
                .map(|penalty| {
                    format!("{:?} −{} ({})", penalty.kind, penalty.points, penalty.detail)
                })
                .collect();
            format!(
                "#{} {} script_variant={} diff_ops={}: {}",
                found.unit_id,
                found.score,
                found.script_variant,
                found.diff.len(),
                penalties.join("; ")
            )
        })
        .collect();
    expect![[r#"
        #1 91 script_variant=true diff_ops=4: Numbers −2 (numbers: 6 ≠ 5); Punctuation −1 (punctuation: ! ≠ .); Script −1 (script: 慶 ≠ 庆)
        #2 87 script_variant=true diff_ops=6: Numbers −2 (numbers: 6 ≠ 5); Punctuation −1 (punctuation: ! ≠ .); Script −1 (script: 慶 ≠ 庆)"#]].assert_eq(&rendered.join("\n"));
}

#[test]
fn approved_term_swaps_combine_with_number_adjustments() {
    use crate::matching::{TermWarning, swap_approved_terms};
    let target = "On 3 May, the Chongqing International Communication Center opened.";
    let adjusted = crate::matching::adjust("5月4日开幕。", "5月3日开幕。", target, &[]);
    assert!(adjusted.is_some());
    let start = target.find("Chongqing").unwrap();
    let end = start + "Chongqing International Communication Center".len();
    let swapped = swap_approved_terms(
        target,
        adjusted,
        &[TermWarning {
            forbidden: false,
            start: target[..start].chars().count(),
            end: target[..end].chars().count(),
            found: "Chongqing International Communication Center".to_owned(),
            suggestion: "Chongqing International Media Center".to_owned(),
            concept_id: 1,
        }],
    )
    .unwrap();
    assert_eq!(swapped.target, "On 4 May, the Chongqing International Media Center opened.");
    let kinds: Vec<ReplacementKind> =
        swapped.replacements.iter().map(|replacement| replacement.kind).collect();
    assert_eq!(kinds, [ReplacementKind::Number, ReplacementKind::ApprovedTerm]);
    // Nothing to swap: the adjustment is passed through untouched.
    assert_eq!(swap_approved_terms(target, None, &[]), None);
}

#[test]
fn concordance_answers_the_same_however_the_index_is_segmented() {
    let units = memory(3000);
    let whole = index_of(&units);
    // Ten segments of 250 units, then a delta of plain lists, one unit removed.
    let mut segmented = paged_index(&units, 2500);
    let mut whole_removed = whole;
    for index in [&mut segmented, &mut whole_removed] {
        index.remove(2990);
    }
    for (text, side, limit) in [
        ("国际传播", Side::Source, 1000),
        ("重庆国际传播中心", Side::Source, 40),
        ("副市长", Side::Source, 1000),
        ("nation", Side::Target, 1000),
        ("Chongqing Int", Side::Target, 30),
        ("vice mayor", Side::Target, 1000),
    ] {
        let options = ConcordanceOptions { side, limit, ..ConcordanceOptions::default() };
        let found = segmented.concordance(text, &options);
        assert!(!found.hits.is_empty(), "{text}");
        assert_eq!(found, whole_removed.concordance(text, &options), "{text}");
    }
}

/// A lookup does not explain a candidate whose numbers differ from the query's when the penalty
/// for them already keeps it out of the matches: that must change no match. Units carry numbers,
/// as in a real memory, so that most candidates have that penalty; the many-query brute force
/// explains every candidate it needs without the shortcut.
#[test]
fn candidates_left_unexplained_for_their_numbers_change_no_match() {
    let units: Vec<(i64, String, String)> = (0..2500u64)
        .map(|idx| {
            let pair = synthetic_pair(9, idx);
            // Tags on every other unit, as in a memory of tagged TMX: other penalties than
            // the numbers' make candidates overtake each other between base and final score.
            let source = if idx % 2 == 0 {
                format!("\u{E000}{}（{}）\u{E001}", pair.zh, idx % 40)
            } else {
                format!("{}（{}）", pair.zh, idx % 40)
            };
            (idx as i64 + 1, source, pair.en)
        })
        .collect();
    let all: Vec<IndexUnit<'_>> = units
        .iter()
        .map(|(unit_id, source, target)| IndexUnit { unit_id: *unit_id, source, target })
        .collect();
    let queries: Vec<String> = (0..40u64)
        .map(|idx| match idx % 3 {
            0 => format!("{}（{}）", synthetic_pair(9, idx * 61).zh.replace('日', "号"), idx % 40),
            1 => format!("{}（{}）", synthetic_pair(9, idx * 61).zh, 77),
            _ => synthetic_pair(10, idx).zh,
        })
        .collect();
    let queries: Vec<&str> = queries.iter().map(String::as_str).collect();
    let mut n_found = 0;
    for options in [
        LookupOptions::default(),
        LookupOptions { limit: 1, min_score: 50 },
        LookupOptions { limit: 10, min_score: 30 },
    ] {
        let many = brute_force_lookup_many(&all, &queries, &options);
        for (query, found) in queries.iter().zip(&many) {
            assert_eq!(*found, brute_force(&units, query, &options), "{query} with {options:?}");
            n_found += found.len();
        }
    }
    assert!(n_found > 300, "{n_found}");
}

/// A word of letters only (one word token) for the number `n`, starting with `z`.
fn junk_word(mut n: usize) -> String {
    let mut word = "z".to_owned();
    loop {
        word.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            return word;
        }
    }
}

/// A memory built so that the rarest grams of `QUERY` mislead: 350 decoys hold its first two
/// words (its two rarest grams) and junk, every other gram of the query is common (400 noise
/// units per bigram, each with junk), and the five units closest to the query (its first word
/// replaced: one edit) lack exactly those two rarest grams.
const QUERY: &str = "alpha bravo charlie delta echo foxtrot golf hotel india juliet";

/// Units of `sources`, numbered from 1 in order, with distinct targets.
fn numbered(sources: Vec<String>) -> Vec<(i64, String, String)> {
    sources
        .into_iter()
        .enumerate()
        .map(|(idx, source)| (idx as i64 + 1, source, format!("target {idx}")))
        .collect()
}

fn misleading_memory() -> Vec<(i64, String, String)> {
    let words: Vec<&str> = QUERY.split(' ').collect();
    let mut units = Vec::new();
    let mut junk = 0;
    let mut sentence = |first: &[&str]| {
        let mut text: Vec<String> = first.iter().map(|word| (*word).to_owned()).collect();
        while text.len() < words.len() {
            text.push(junk_word(junk));
            junk += 1;
        }
        text.join(" ")
    };
    for _ in 0..350 {
        units.push(sentence(&words[..2]));
    }
    for pair in words[1..].windows(2) {
        for _ in 0..400 {
            units.push(sentence(pair));
        }
    }
    for idx in 0..5 {
        units.push(format!("{} {}", junk_word(100_000 + idx), words[1..].join(" ")));
    }
    numbered(units)
}

/// When a lookup's budget covers only the few rarest lists (as at ten million units), counts
/// over them rank decoys first and the shortlist cuts the true top five; counting more lists,
/// within the budget's share of the units, finds them. (The budgets are scaled down with the
/// memory: here 800 postings cover three lists.)
#[test]
fn a_lookup_counts_more_lists_when_the_budget_covers_few_of_a_large_memory() {
    let units = misleading_memory();
    let options = LookupOptions::default();
    let reference = ids_and_scores(&brute_force(&units, QUERY, &options));
    assert_eq!(reference.len(), 5);
    assert!(reference.iter().all(|(unit_id, score)| *unit_id > 3550 && *score == 90));
    let mut index = index_of(&units);
    let scaled = index::ScanLimits {
        budget: 800,
        min_lists: 3,
        target_lists: 8,
        budget_units: 500,
        newest: 200,
        block: 1 << 16,
    };
    index.scan_limits = index::ScanLimits { target_lists: 0, ..scaled };
    assert_ne!(ids_and_scores(&index.lookup(QUERY, &options)), reference, "fixed budget");
    index.scan_limits = scaled;
    assert_eq!(ids_and_scores(&index.lookup(QUERY, &options)), reference, "grown budget");
    // The early exit still agrees with scoring the whole shortlist.
    assert_eq!(index.lookup_with(QUERY, &options, true), index.lookup_with(QUERY, &options, false));
}

/// Up to a million units a lookup counts the lists of the fixed budget; beyond, up to the
/// target number of lists within the budget's share of the units.
#[test]
fn the_lists_counted_grow_with_the_memory_only_up_to_the_target() {
    let limits = index::ScanLimits::default();
    // Ties are checked only beyond a million units, 100 for every million.
    assert_eq!(limits.newest_for(1_000_000), 0);
    assert_eq!(limits.newest_for(10_000_000), 1_000);
    // Lists of a sentence's grams at a million units, rarest first; ten times as long at ten
    // million.
    let at_1m = [1, 3_000, 9_000, 14_000, 18_000, 21_000, 24_000, 35_000, 40_000, 90_000];
    let at_10m: Vec<usize> = at_1m.iter().map(|df| df * 10).collect();
    let lists = |dfs: &[usize]| dfs.iter().map(|df| (*df, (), ())).collect::<Vec<_>>();
    // 1 + 3,000 + … + 24,000 = 89,001; the next list passes 120,000.
    assert_eq!(limits.lists_to_count(&lists(&at_1m), 1_000_000), 7);
    // A smaller memory counts the same lists (the fixed budget).
    assert_eq!(limits.lists_to_count(&lists(&at_1m), 10_000), 7);
    // At ten million the fixed budget would stop after three lists (the minimum); the share
    // (1,200,000 postings) covers the first seven, and never more than the target of eight.
    assert_eq!(
        index::ScanLimits { target_lists: 0, ..limits }.lists_to_count(&lists(&at_10m), 10_000_000),
        3
    );
    assert_eq!(limits.lists_to_count(&lists(&at_10m), 10_000_000), 7);
    assert_eq!(limits.lists_to_count(&lists(&at_10m), 100_000_000), 8);
    // However long, the minimum of lists is counted.
    assert_eq!(limits.lists_to_count(&lists(&[500_000, 600_000, 700_000, 800_000]), 1_000), 3);
    // At most 255 lists.
    assert_eq!(limits.lists_to_count(&lists(&[0; 300]), 1_000), 255);
}

/// Many units tie with the last matches; the brute force ranks the newest of them first. Here
/// the newest (a middle word replaced) share fewer grams with the query than 400 older ones (the
/// last word replaced) of the same score, so the shortlist, chosen by shared grams, holds only
/// older ones: in a large memory the newest candidates left out are checked for ties. (The
/// memory counts as large with the limits scaled down to it.)
#[test]
fn the_newest_of_the_units_tying_with_the_last_matches_rank_first() {
    let words: Vec<&str> = QUERY.split(' ').collect();
    let mut sources = Vec::new();
    for idx in 0..400 {
        sources.push(format!("{} {}", words[..9].join(" "), junk_word(idx)));
    }
    for idx in 0..50 {
        let mut replaced = words.clone();
        let junk = junk_word(1_000 + idx);
        replaced[4] = &junk;
        sources.push(replaced.join(" "));
    }
    let units = numbered(sources);
    let options = LookupOptions::default();
    let reference = ids_and_scores(&brute_force(&units, QUERY, &options));
    assert_eq!(reference, vec![(450, 90), (449, 90), (448, 90), (447, 90), (446, 90)]);
    let mut index = index_of(&units);
    index.scan_limits = index::ScanLimits::default();
    assert_eq!(
        ids_and_scores(&index.lookup(QUERY, &options)),
        vec![(400, 90), (399, 90), (398, 90), (397, 90), (396, 90)]
    );
    // Limits scaled down so that these 450 units are a large memory (ten shares of 45 units):
    // the 200 newest candidates left out are checked.
    index.scan_limits =
        index::ScanLimits { budget_units: 45, newest: 20, ..index::ScanLimits::default() };
    assert_eq!(ids_and_scores(&index.lookup(QUERY, &options)), reference);
    assert_eq!(index.lookup_with(QUERY, &options, true), index.lookup_with(QUERY, &options, false));
}

/// A small deterministic generator for the tests below.
fn lcg(state: &mut u64) -> u32 {
    *state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    (*state >> 33) as u32
}

/// A posting list decoded a block of units at a time gives the units of one pass over it, and
/// where its bytes are damaged (a gap of 0, a unit past the end, bytes ending early, a length
/// beyond its units) it stops at the same unit.
#[test]
fn a_list_decoded_a_block_at_a_time_gives_the_units_of_one_pass() {
    let mut state = 16;
    for round in 0..600 {
        let base = lcg(&mut state) % 1_000;
        let len = lcg(&mut state) % 200;
        let mut units = Vec::new();
        let mut at = base;
        for position in 0..len {
            let widest = 1 << (lcg(&mut state) % 16);
            at += if position == 0 { lcg(&mut state) % 3 } else { 1 + lcg(&mut state) % widest };
            units.push(at);
        }
        let end = units.last().map_or(base + 1, |last| last + 1 + lcg(&mut state) % 3);
        let mut bytes = Vec::new();
        index::encode_gaps(&mut bytes, base, &units);
        let mut claimed = len;
        match round % 5 {
            1 if !bytes.is_empty() => {
                let at = lcg(&mut state) as usize % bytes.len();
                bytes[at] = lcg(&mut state) as u8;
            }
            2 => bytes.truncate(bytes.len() * 2 / 3),
            3 => claimed += 1 + lcg(&mut state) % 3,
            _ => {}
        }
        let end =
            if round % 7 == 4 { end.saturating_sub(lcg(&mut state) % 50).max(base) } else { end };
        let mut whole = Vec::new();
        index::decode_gaps(&bytes, claimed, base, end, |idx| whole.push(idx));
        if round % 5 == 0 && round % 7 != 4 {
            assert_eq!(whole, units, "round {round}");
        }
        let mut blocked = Vec::new();
        let mut cursor = index::ListCursor::packed(&bytes, claimed, base, end);
        let mut limit = base;
        while limit < end + 10 {
            let below = limit;
            limit += lcg(&mut state) % 64;
            cursor.run_below(limit, |idx| {
                assert!(
                    below <= idx && idx < limit,
                    "round {round}: {idx} not in {below}..{limit}"
                );
                blocked.push(idx);
            });
        }
        assert_eq!(blocked, whole, "round {round}");
    }
}

/// A memory of near-equal units: most of `QUERY` with one or two words replaced (over two
/// thousand of them share most of its grams, so the cut is high and the last lists only count
/// units already seen), decoys holding its rarest grams, and noise.
fn near_equal_memory() -> Vec<(i64, String, String)> {
    let words: Vec<&str> = QUERY.split(' ').collect();
    let mut state = 7;
    let mut sources: Vec<String> = misleading_memory().into_iter().map(|unit| unit.1).collect();
    for idx in 0..2_400 {
        let mut replaced: Vec<String> = words.iter().map(|word| (*word).to_owned()).collect();
        replaced[lcg(&mut state) as usize % words.len()] = junk_word(200_000 + idx);
        if idx % 3 == 0 {
            replaced[lcg(&mut state) as usize % words.len()] = junk_word(300_000 + idx);
        }
        if idx % 5 == 0 {
            replaced.push(junk_word(400_000 + idx));
        }
        sources.push(replaced.join(" "));
    }
    // Shuffled, so that the closest units are spread over the blocks.
    for at in (1..sources.len()).rev() {
        sources.swap(at, lcg(&mut state) as usize % (at + 1));
    }
    numbered(sources)
}

/// Counting the lists a block of units at a time (blocks of any size, so that the cut of the
/// blocks before decides which units the last lists count) finds what counting every list
/// over the whole memory in one block finds, with and without the tie check of a large memory.
#[test]
fn counting_a_block_of_units_at_a_time_changes_no_match() {
    let units = near_equal_memory();
    let index_units = units.len() as u32;
    let mut index = index_of(&units);
    let queries = [
        QUERY.to_owned(),
        format!("{QUERY} kilo"),
        QUERY.replace("echo", "zulu"),
        QUERY.split(' ').skip(2).collect::<Vec<_>>().join(" "),
    ];
    let options = LookupOptions::default();
    let scaled =
        index::ScanLimits { budget: 2_000, budget_units: 500, ..index::ScanLimits::default() };
    for limits in [index::ScanLimits::default(), scaled] {
        for query in &queries {
            index.scan_limits = index::ScanLimits { block: index_units + 1, ..limits };
            let one_block = index.lookup(query, &options);
            assert_eq!(one_block.len(), 5, "{query}");
            for block in [1, 2, 7, 64, 500, 1_000] {
                index.scan_limits = index::ScanLimits { block, ..limits };
                assert_eq!(index.lookup(query, &options), one_block, "{query}, block {block}");
                assert_eq!(index.lookup_with(query, &options, false), one_block, "{query}");
            }
        }
    }
}
