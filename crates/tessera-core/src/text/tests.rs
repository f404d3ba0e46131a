//! Tests of normalisation and tokenisation.

use expect_test::{Expect, expect};

use super::*;

fn check_tokens(text: &str, expected: Expect) {
    let rendered: Vec<String> = tokenize(text)
        .iter()
        .map(|token| format!("{:?}({}→{})", token.kind, &text[token.range.clone()], token.norm))
        .collect();
    expected.assert_eq(&rendered.join(" "));
}

#[test]
fn normalisation_folds_width_case_script_and_punctuation() {
    assert_eq!(normalize_for_matching("２０２４年，ＡＰＥＣ　會議。"), "2024年,apec会议.");
    assert_eq!(normalize_for_matching("“重庆”《日报》——「新闻」"), "\"重庆\"\"日报\"--\"新闻\"");
    assert_eq!(normalize_for_matching("It’s   the\tU.S.  "), "it's the u.s.");
}

#[test]
fn whitespace_next_to_chinese_is_dropped() {
    assert_eq!(
        normalize_for_matching(" 重庆 国际 传播中心 APEC 会议 "),
        "重庆国际传播中心apec会议"
    );
    assert_eq!(normalize_for_matching("Li  Qiang  会见"), "li qiang会见");
}

#[test]
fn traditional_text_normalises_like_simplified() {
    assert_eq!(
        normalize_for_matching("重慶國際傳播中心與四川省外事辦公室簽署合作協議"),
        normalize_for_matching("重庆国际传播中心与四川省外事办公室签署合作协议")
    );
    assert_eq!(normalize_for_matching("看著他甚麼也沒說"), "看着他什么也没说");
}

#[test]
fn script_variants_are_detected_only_for_script_differences() {
    assert!(is_script_variant("會見代表團", "会见代表团"));
    assert!(!is_script_variant("会见代表团", "会见代表团"));
    assert!(!is_script_variant("会见代表团", "会见访问团"));
    assert!(!is_script_variant("APEC", "apec"));
}

#[test]
fn offsets_map_normalised_bytes_back_to_the_original() {
    let original = "Ｈｅｌｌｏ  國際 World";
    let normalized = normalize_with_offsets(original);
    assert_eq!(normalized.text, "hello国际world");
    let start = normalized.text.find("国际").unwrap();
    let range = normalized.original_range(start..start + "国际".len());
    assert_eq!(&original[range], "國際");
    let world = normalized.text.find("world").unwrap();
    assert_eq!(&original[normalized.original_range(world..world + 5)], "World");
}

#[test]
fn chinese_tokenises_by_character_and_numbers_stay_whole() {
    check_tokens(
        "2024年1月，签署5,839.4亿元协议。",
        expect![[
            "Number(2024→2024) Han(年→年) Number(1→1) Han(月→月) Punct(，→,) Han(签→签) Han(署→署) Number(5,839.4→5839.4) Han(亿→亿) Han(元→元) Han(协→协) Han(议→议) Punct(。→.)"
        ]],
    );
}

#[test]
fn latin_tokenises_by_word_with_tags_and_apostrophes() {
    check_tokens(
        "People’s \u{E001}Daily\u{E002} on 5G, 1,2 and G20.",
        expect![[
            "Word(People’s→people's) Tag(\u{e001}→\u{e001}) Word(Daily→daily) Tag(\u{e002}→\u{e002}) Word(on→on) Word(5G→5g) Punct(,→,) Number(1→1) Punct(,→,) Number(2→2) Word(and→and) Word(G20→g20) Punct(.→.)"
        ]],
    );
}

#[test]
fn full_width_digits_make_the_same_number_token() {
    let full = tokenize("２０２４");
    let half = tokenize("2024");
    assert_eq!(full.len(), 1);
    assert_eq!(full[0].kind, TokenKind::Number);
    assert_eq!(full[0].norm, half[0].norm);
    assert_eq!(full[0].range, 0..12);
}

#[test]
fn token_hashes_are_stable() {
    // Serialised indexes store these hashes: changing them breaks every saved index.
    let hashes = format!(
        "{:016x} {:016x}",
        token_hash(TokenKind::Han, "国"),
        token_hash(TokenKind::Word, "chongqing")
    );
    expect!["f06454fe1ea08736 45ee234f54585ec3"].assert_eq(&hashes);
}

/// Steps 2–4 of the normalisation as they run on a character the table does not know.
fn folded_through_nfkc(c: char) -> Vec<char> {
    let mut out = Vec::new();
    for folded in std::iter::once(c).nfkc() {
        if folded.is_whitespace() {
            out.push(' ');
        } else if folded.is_ascii() {
            out.push(folded.to_ascii_lowercase());
        } else {
            out.extend(folded.to_lowercase().map(unify_punctuation));
        }
    }
    out
}

#[test]
fn the_punctuation_table_folds_as_nfkc_does() {
    let mut n_known = 0;
    for (start, end) in FORM_RANGES {
        for c in (start..end).filter_map(char::from_u32) {
            if let Some(folded) = single_form(c) {
                assert_eq!(vec![folded], folded_through_nfkc(c), "U+{:04X}", c as u32);
                n_known += 1;
            }
        }
    }
    assert!(n_known > 4000, "{n_known}");
    for (c, folded) in [('，', ','), ('（', '('), ('。', '.'), ('“', '"'), ('\u{3000}', ' ')] {
        assert_eq!(single_form(c), Some(folded), "{c}");
    }
}

#[test]
fn inline_tag_placeholders_never_change_under_t2s() {
    // `to_simplified` skips fast2s for them: it must leave them alone, alone or among
    // traditional characters.
    for code in PLACEHOLDER_START..=PLACEHOLDER_END {
        let c = char::from_u32(code).unwrap();
        assert_eq!(fast2s::convert(&c.to_string()), c.to_string(), "U+{code:04X}");
        assert_eq!(fast2s::convert(&format!("國{c}會")), format!("国{c}会"), "U+{code:04X}");
    }
    assert!(matches!(to_simplified("会见\u{E000}代表团\u{E001}"), Cow::Borrowed(_)));
    assert_eq!(to_simplified("會見\u{E000}代表團\u{E001}"), "会见\u{E000}代表团\u{E001}");
}

#[test]
fn hashing_chinese_characters_straight_from_the_text_gives_the_tokens_of_a_full_run() {
    let mut tokenizer = Tokenizer::default();
    let mut texts: Vec<String> = [
        "2024年5,839.4元，同比增长3.5%。",
        "people's 人民's 代表 x'中 1,000中 1.5中 1,00中",
        "５月３，０００人〇〇七 ２０２４年",
        "國際傳播中心會見代表團",
        "\u{E000}会见\u{E001}代表团\u{E002}",
        "Click \u{E001}Save\u{E002} now 保存",
        "  重庆  Chongqing\tG20 峰会… “一带一路” ⼀ 丽 ﾃｽﾄ",
        "",
        "中",
        "A.B.C 中,d",
        "中，。、中 , 中“”中…中\u{3000}中'中.中 - 中！？中（）中·中",
        "中（12）中12，34。中3'中5.中6,000中7 .5中8 ,中０９中（2024）",
        "12",
        "1.5",
    ]
    .iter()
    .map(|text| (*text).to_owned())
    .collect();
    for idx in 0..300 {
        let pair = crate::synthetic::synthetic_pair(3, idx);
        texts.push(format!("\u{E000}{}（{idx}）\u{E001}", pair.zh));
        texts.push(pair.en);
    }
    for text in &texts {
        let mut full = Vec::new();
        tokenizer.run(text, |kind, _, norm| full.push((kind, token_hash(kind, norm))));
        let mut hashed = Vec::new();
        tokenizer.run_hashed(text, |kind, hash| hashed.push((kind, hash)));
        assert_eq!(hashed, full, "{text}");
    }
}
