//! Tests for the article pipeline: golden dumps of the five real samples, targeted checks of each
//! cleaning rule on unseen-style input, decoding of every supported container and encoding, and
//! sentence segmentation.

use std::{fmt::Write as _, io::Write as _};

use expect_test::{Expect, expect, expect_file};

use crate::articles::{
    DecodeError, DropReason, Lang, PreparedArticle, SegmentationRules, clean, decode,
    prepare_article, segment, segment_sentences, split_languages,
};

const SAMPLE_000: &[u8] = include_bytes!("../../test_data/articles/000_a6fa0aa4d8e2f0f3.txt");
const SAMPLE_001: &[u8] = include_bytes!("../../test_data/articles/001_cc20114ba520b0ba.txt");
const SAMPLE_002: &[u8] = include_bytes!("../../test_data/articles/002_12b8442f5b1b4126.txt");
const SAMPLE_003: &[u8] = include_bytes!("../../test_data/articles/003_acf944a331a36742.txt");
const SAMPLE_004: &[u8] = include_bytes!("../../test_data/articles/004_d5901761ccbce47b.txt");

fn prepared(bytes: &[u8], file_name: &str) -> PreparedArticle {
    prepare_article(bytes, file_name).unwrap()
}

/// A readable dump of everything `prepare_article` returns, for golden files.
fn dump(article: &PreparedArticle) -> String {
    let mut out = String::new();
    writeln!(out, "encoding: {}", article.encoding).unwrap();
    writeln!(out, "title: {:?}", article.title).unwrap();
    writeln!(out, "dropped:").unwrap();
    for span in &article.dropped {
        writeln!(out, "  {:?} {}..{} {:?}", span.reason, span.start, span.end, span.text).unwrap();
    }
    writeln!(out, "blocks:").unwrap();
    let rules = SegmentationRules::default();
    for block in &article.blocks {
        writeln!(out, "  {:?} (paragraph {})", block.lang, block.paragraph_idx).unwrap();
        for sentence in segment_sentences(&block.text, block.lang, &rules) {
            writeln!(out, "    | {sentence}").unwrap();
        }
    }
    out
}

fn dropped_of(article: &PreparedArticle, reason: DropReason) -> Vec<&str> {
    article
        .dropped
        .iter()
        .filter(|span| span.reason == reason)
        .map(|span| span.text.as_str())
        .collect()
}

fn all_zh(article: &PreparedArticle) -> String {
    article.zh.iter().flatten().cloned().collect::<Vec<_>>().join("\n")
}

fn all_en(article: &PreparedArticle) -> String {
    article.en.iter().flatten().cloned().collect::<Vec<_>>().join("\n")
}

fn languages(article: &PreparedArticle) -> String {
    article
        .blocks
        .iter()
        .map(|block| match block.lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn samples_match_their_golden_dumps() {
    for (bytes, name) in [
        (SAMPLE_000, "000"),
        (SAMPLE_001, "001"),
        (SAMPLE_002, "002"),
        (SAMPLE_003, "003"),
        (SAMPLE_004, "004"),
    ] {
        let article = prepared(bytes, &format!("{name}.txt"));
        expect_file![format!("../../test_data/articles/{name}.prepared.txt")]
            .assert_eq(&dump(&article));
    }
}

#[test]
fn dropped_spans_point_at_their_text_in_the_input() {
    for bytes in [SAMPLE_000, SAMPLE_001, SAMPLE_002, SAMPLE_003, SAMPLE_004] {
        let article = prepared(bytes, "sample.txt");
        let chars: Vec<char> = article.text.chars().collect();
        for span in &article.dropped {
            let at_offsets: String = chars[span.start..span.end].iter().collect();
            assert_eq!(at_offsets, span.text);
        }
    }
}

#[test]
fn sample_000_drops_banner_date_issue_keywords_and_related_list() {
    let article = prepared(SAMPLE_000, "000.txt");
    assert_eq!(dropped_of(&article, DropReason::PageNoise), ["APP下载"]);
    assert_eq!(
        dropped_of(&article, DropReason::DateOrIssue),
        ["2021-05-20", "重庆与世界 2021年4期"]
    );
    assert_eq!(dropped_of(&article, DropReason::KeywordLine), ["关键词:友城外办外事"]);
    let related = dropped_of(&article, DropReason::RelatedArticles);
    assert_eq!(related.first(), Some(&"猜你喜欢"));
    assert_eq!(related.len(), 12);
    assert_eq!(article.title.as_deref(), Some("市政府外办赴重庆国际传播中心开展调研"));
    assert_eq!(languages(&article), "zh zh zh zh en en en en");
    assert!(!all_en(&article).contains("Grapes of Wrath"));
}

#[test]
fn sample_001_loses_pinyin_artefacts_and_byline() {
    let article = prepared(SAMPLE_001, "001.txt");
    assert_eq!(dropped_of(&article, DropReason::Byline), ["賀煜"]);
    let zh = all_zh(&article);
    assert!(zh.starts_with("為深入貫徹落實習近平總書記在中共中央政治局"), "{zh}");
    let has_pinyin = zh.chars().any(|c| "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ".contains(c));
    assert!(!has_pinyin, "{zh}");
    assert!(dropped_of(&article, DropReason::PinyinArtefact).contains(&"(shí)"));
    // Latin names inside the Chinese stay in the Chinese paragraphs.
    assert!(zh.contains("iChongqing英文網站開設“國際交往(International Exchange)”頻道"));
    assert_eq!(languages(&article), "zh zh zh zh zh zh zh zh zh zh en en en en en en");
}

#[test]
fn sample_002_keeps_chinese_and_partial_english() {
    let article = prepared(SAMPLE_002, "002.txt");
    assert!(article.dropped.iter().all(|span| span.reason == DropReason::PinyinArtefact));
    assert_eq!(dropped_of(&article, DropReason::PinyinArtefact).len(), 23);
    assert_eq!(article.title, None);
    assert_eq!((article.zh.len(), article.en.len()), (5, 5));
}

#[test]
fn sample_003_alternates_languages_and_drops_magazine_headers() {
    let article = prepared(SAMPLE_003, "003.txt");
    assert_eq!(article.title.as_deref(), Some("讲好重庆故事 提升城市形象美誉"));
    assert_eq!(dropped_of(&article, DropReason::Byline), ["王雯"]);
    let headers = dropped_of(&article, DropReason::RunningHeader);
    assert!(headers.contains(&"60 The World and Chongqing"), "{headers:?}");
    assert!(headers.contains(&"The World and Chongqing 61"), "{headers:?}");
    // The headline repeated on page 63 runs straight into that page's header.
    assert!(headers.iter().any(|header| header.ends_with("City ImageThe World and Chongqing 63")));
    assert_eq!(languages(&article), "zh en zh en zh en zh en zh en zh en zh en zh en en");
    let zh = all_zh(&article);
    assert!(zh.contains("联合华龙网主办“TALK IN 重庆”外语演讲大赛"), "{zh}");
    let en = all_en(&article);
    assert!(!en.contains("The World and Chongqing 6"), "{en}");
    assert!(en.contains("\nInterviews with the Mexican ambassador to China Mr.Jess Seade Kuri,and Mr.Huub Buise,general consular of the Netherlands in Chongqing were conducted.\n"), "{en}");
}

#[test]
fn sample_004_is_chinese_only_without_spam_phone_or_breadcrumb() {
    let article = prepared(SAMPLE_004, "004.txt");
    assert_eq!(article.en, Vec::<Vec<String>>::new());
    assert_eq!(dropped_of(&article, DropReason::Spam).len(), 1);
    assert_eq!(dropped_of(&article, DropReason::PhoneNumber), ["電話", "+086-023-63670172"]);
    assert_eq!(
        dropped_of(&article, DropReason::Breadcrumb),
        ["媒體聚焦", "網站首頁 > 新聞資訊 > 媒體聚焦 >  正文"]
    );
    assert_eq!(dropped_of(&article, DropReason::Caption).len(), 2);
    assert_eq!(dropped_of(&article, DropReason::Byline), ["編輯:譚鑫"]);
    assert_eq!(
        article.title.as_deref(),
        Some("多元聚合多態并進,重慶構建更有效力的城市國際傳播體系")
    );
    let zh = all_zh(&article);
    assert!(
        zh.contains("羅思義(John Ross)、非洲加納“金芒果”衛星頻道首席主持人OpokuJames White等嘉賓")
    );
}

/// Cleans `input` and shows kept paragraphs and dropped spans.
fn check_clean(input: &str, expected: Expect) {
    let cleaned = clean(input);
    let mut out = String::new();
    for paragraph in &cleaned.paragraphs {
        writeln!(out, "keep {:?}", paragraph.text).unwrap();
    }
    for span in &cleaned.dropped {
        writeln!(out, "drop {:?} {:?}", span.reason, span.text).unwrap();
    }
    expected.assert_eq(&out);
}

#[test]
fn cleaning_rules_generalise_to_other_news_sites() {
    check_clean(
        "当前位置：首页 > 要闻 > 正文\n下载客户端\n【字体：大 中 小】\n四川省举行友城合作论坛\n发布时间：2023-06-01 10:30  来源：四川日报  浏览次数：1024\n作者：李明\n6月1日，论坛在成都举行。来自20个国家的代表出席。\n（新华社记者 张三 摄）\n图为论坛现场。\n联系电话：028-86601234\n标签：友城 合作\n相关新闻\n四川与德国巴伐利亚州签署合作备忘录\n成都举行国际友城青年交流活动\n版权所有：四川省人民政府外事办公室 蜀ICP备05003828号\n",
        expect![[r#"
            keep "四川省举行友城合作论坛"
            keep "6月1日，论坛在成都举行。来自20个国家的代表出席。"
            drop Breadcrumb "当前位置：首页 > 要闻 > 正文"
            drop PageNoise "下载客户端"
            drop PageNoise "【字体：大 中 小】"
            drop DateOrIssue "发布时间：2023-06-01 10:30  来源：四川日报  浏览次数：1024"
            drop Byline "作者：李明"
            drop Caption "（新华社记者 张三 摄）"
            drop Caption "图为论坛现场。"
            drop PhoneNumber "联系电话：028-86601234"
            drop KeywordLine "标签：友城 合作"
            drop RelatedArticles "相关新闻"
            drop RelatedArticles "四川与德国巴伐利亚州签署合作备忘录"
            drop RelatedArticles "成都举行国际友城青年交流活动"
            drop PageNoise "版权所有：四川省人民政府外事办公室 蜀ICP备05003828号"
        "#]],
    );
}

#[test]
fn english_page_noise_is_dropped_too() {
    check_clean(
        "Home > News > Local\nChongqing opens new rail link\nBy Li Ming\nUpdated: 2023-06-01 10:30\nMay 20, 2021\nThe line opened on Monday. It links two districts.\nPhoto by Li Ming/China Daily\nKeywords: rail, transport\nRelated News\nCity adds bus routes\nCopyright © 2023 China Daily. All rights reserved.\n",
        expect![[r#"
            keep "Chongqing opens new rail link"
            keep "The line opened on Monday. It links two districts."
            drop Breadcrumb "Home > News > Local"
            drop Byline "By Li Ming"
            drop DateOrIssue "Updated: 2023-06-01 10:30"
            drop DateOrIssue "May 20, 2021"
            drop Caption "Photo by Li Ming/China Daily"
            drop KeywordLine "Keywords: rail, transport"
            drop RelatedArticles "Related News"
            drop RelatedArticles "City adds bus routes"
            drop PageNoise "Copyright © 2023 China Daily. All rights reserved."
        "#]],
    );
}

#[test]
fn odd_spaces_are_normalised_and_zero_width_characters_removed() {
    check_clean(
        "\u{3000}\u{3000}会议在北京\u{200B}举行。\u{A0}代表\u{2009}出席。\r\nThe\u{A0}meeting\u{200D} was held.\n",
        expect![[r#"
            keep "会议在北京举行。 代表 出席。"
            keep "The meeting was held."
        "#]],
    );
}

#[test]
fn list_bullets_that_start_a_line_are_dropped() {
    check_clean(
        "● 市政府副市长出席国庆招待会\n马丁•切冬多大使出席招待会并致辞。\n■重庆举行友城论坛。\n• The mayor attended the reception.\n",
        expect![[r#"
            keep "市政府副市长出席国庆招待会"
            keep "马丁•切冬多大使出席招待会并致辞。"
            keep "重庆举行友城论坛。"
            keep "The mayor attended the reception."
            drop PageNoise "● "
            drop PageNoise "■"
            drop PageNoise "• "
        "#]],
    );
}

#[test]
fn site_labels_around_a_headline_are_dropped() {
    check_clean(
        "【轉載】總領事出席國慶招待會\n王毅就中美元首会晤答问(1)(中英对照)\n［视频］ 市长会见代表团（附英文）\n他说(全文)。(全文)\n【转载】\n",
        expect![[r#"
            keep "總領事出席國慶招待會"
            keep "王毅就中美元首会晤答问"
            keep "市长会见代表团"
            keep "他说(全文)。(全文)"
            keep "【转载】"
            drop PageNoise "【轉載】"
            drop PageNoise "(1)(中英对照)"
            drop PageNoise "［视频］ "
            drop PageNoise "（附英文）"
        "#]],
    );
}

#[test]
fn page_numbers_that_cut_a_sentence_are_dropped_and_the_text_rejoined() {
    // A document site's copy: each page starts with its number, and the page breaks fall
    // inside a Chinese word and an English one.
    check_clean(
        "1、市长在开幕式上致辞,代表市政府向来自三十多个国家和地区的嘉宾表示热烈的欢迎,并介绍了本市近年来在对外开放、科技创新和绿色发展方面取得的进\n2、展。The mayor addressed the opening ceremony and welcomed guests from more than thirty countries and regi\n3、ons on behalf of the city government.\n",
        expect![[r#"
            keep "市长在开幕式上致辞,代表市政府向来自三十多个国家和地区的嘉宾表示热烈的欢迎,并介绍了本市近年来在对外开放、科技创新和绿色发展方面取得的进展。The mayor addressed the opening ceremony and welcomed guests from more than thirty countries and regions on behalf of the city government."
            drop RunningHeader "1、"
            drop RunningHeader "2、"
            drop RunningHeader "3、"
        "#]],
    );
    // A numbered list keeps its numbers: its items end their sentences or are short.
    check_clean(
        "会议提出三项任务:\n1、加强合作\n2、扩大开放\n3、深化改革。\n",
        expect![[r#"
            keep "会议提出三项任务:"
            keep "1、加强合作"
            keep "2、扩大开放"
            keep "3、深化改革。"
        "#]],
    );
}

#[test]
fn a_paragraph_printed_twice_is_kept_once() {
    check_clean(
        "第十届航展11日在珠海开幕,来自四十个国家的六百多家企业参展。\nThe 10th Airshow China opened in Zhuhai on Tuesday with more than 600 exhibitors.\n第十届航展11日在珠海开幕,来自四十个国家的六百多家企业参展。\n",
        expect![[r#"
            keep "第十届航展11日在珠海开幕,来自四十个国家的六百多家企业参展。"
            keep "The 10th Airshow China opened in Zhuhai on Tuesday with more than 600 exhibitors."
            drop RunningHeader "第十届航展11日在珠海开幕,来自四十个国家的六百多家企业参展。"
        "#]],
    );
}

#[test]
fn a_bullet_before_furniture_is_furniture() {
    check_clean(
        "• 分享到:\n市长会见代表团。\n",
        expect![[r#"
            keep "市长会见代表团。"
            drop PageNoise "• 分享到:"
        "#]],
    );
}

#[test]
fn pinyin_readings_are_dropped_only_after_han_characters() {
    check_clean(
        "落實(shí)習(xí)近平總書(shū)記講話(huà)精神。\n他用了A(b)和Wang(Wáng)两种写法。\n",
        expect![[r#"
            keep "落實習近平總書記講話精神。"
            keep "他用了A(b)和Wang(Wáng)两种写法。"
            drop PinyinArtefact "(shí)"
            drop PinyinArtefact "(xí)"
            drop PinyinArtefact "(shū)"
            drop PinyinArtefact "(huà)"
        "#]],
    );
}

#[test]
fn running_headers_need_two_different_page_numbers() {
    check_clean(
        "The city grew fast.12 China Today The port opened in May.China Today 13 Trade rose by 5 percent.\nThe Chinese Dream 1 was a slogan.\n",
        expect![[r#"
            keep "The city grew fast."
            keep "The port opened in May."
            keep "Trade rose by 5 percent."
            keep "The Chinese Dream 1 was a slogan."
            drop RunningHeader "12 China Today"
            drop RunningHeader "China Today 13"
        "#]],
    );
}

#[test]
fn lone_names_are_bylines_only_outside_the_body() {
    check_clean(
        "张明\n市长会见外宾\n市长在会上表示，双方合作前景广阔，希望进一步加强交流。\n王芳\n会议还讨论了其他议题，并形成了会议纪要。\n李华\n",
        expect![[r#"
            keep "市长会见外宾"
            keep "市长在会上表示，双方合作前景广阔，希望进一步加强交流。"
            keep "王芳"
            keep "会议还讨论了其他议题，并形成了会议纪要。"
            drop Byline "张明"
            drop Byline "李华"
        "#]],
    );
}

#[test]
fn spam_needs_adult_terms_or_keyword_stuffing() {
    check_clean(
        "精品课程在线开放\n国产大飞机C919打造精品航线，一级巡视员出席。\n国产精品_免费观看_高清在线\n无码高清视频\n",
        expect![[r#"
            keep "精品课程在线开放"
            keep "国产大飞机C919打造精品航线，一级巡视员出席。"
            drop Spam "国产精品_免费观看_高清在线"
            drop Spam "无码高清视频"
        "#]],
    );
}

#[test]
fn book_titles_and_filming_headlines_are_kept() {
    check_clean(
        "《山水重庆》《轨道上的都市区》《桥都》获奖\n电影《长津湖》在重庆拍摄\n",
        expect![[r#"
            keep "《山水重庆》《轨道上的都市区》《桥都》获奖"
            keep "电影《长津湖》在重庆拍摄"
        "#]],
    );
}

/// Splits cleaned `input` into blocks and shows them.
fn check_split(input: &str, expected: Expect) {
    let blocks = split_languages(&clean(input));
    let mut out = String::new();
    for block in &blocks {
        writeln!(out, "{:?} {}: {}", block.lang, block.paragraph_idx, block.text).unwrap();
    }
    expected.assert_eq(&out);
}

#[test]
fn latin_inside_chinese_stays_chinese_and_english_prose_splits_off() {
    check_split(
        "推出《Let’s Meet(渝見)》栏目和《The Story of a City and Its River》，成为Google News的认证来源。The column was launched in May.它由CGTN和BBC World Service转载。\nWang Yi (王毅) met the minister in Beijing.\n",
        expect![[r#"
            Zh 0: 推出《Let’s Meet(渝見)》栏目和《The Story of a City and Its River》，成为Google News的认证来源。
            En 0: The column was launched in May.
            Zh 0: 它由CGTN和BBC World Service转载。
            En 1: Wang Yi (王毅) met the minister in Beijing.
        "#]],
    );
}

#[test]
fn english_headlines_between_chinese_are_english() {
    check_split(
        "自身传播力持续增强Continuing to Enhance the International Influence策划推出原创短视频。\n",
        expect![[r#"
            Zh 0: 自身传播力持续增强
            En 0: Continuing to Enhance the International Influence
            Zh 0: 策划推出原创短视频。
        "#]],
    );
}

#[test]
fn english_glossed_word_by_word_with_chinese_stays_one_english_block() {
    // Learners' pages put a dictionary gloss after English words, also at a sentence end.
    check_split(
        "The 2008 Beijing (n.北京) Olympic Games (n.奥运会) opened with fireworks (n.烟花), drums (n.鼓) and dancers (adj.“舞者”).\nThe crowd cheered (v.欢呼).\n北京奥运会开幕。\n",
        expect![[r#"
            En 0: The 2008 Beijing (n.北京) Olympic Games (n.奥运会) opened with fireworks (n.烟花), drums (n.鼓) and dancers (adj.“舞者”).
            En 1: The crowd cheered (v.欢呼).
            Zh 2: 北京奥运会开幕。
        "#]],
    );
}

#[test]
fn english_with_words_glued_together_is_english() {
    // Some pages lose the spaces between English words; a number that ends the English
    // phrase stays with it unless a measure word follows.
    check_split(
        "交易会开幕词OpeningSpeechattheTradeFairMay1st,2019在交易会上的致辞2019年5月1日GoodMorning,LadiesandGentlemen!大家上午好!\n",
        expect![[r#"
            Zh 0: 交易会开幕词
            En 0: OpeningSpeechattheTradeFairMay1st,2019
            Zh 0: 在交易会上的致辞2019年5月1日
            En 0: GoodMorning,LadiesandGentlemen!
            Zh 0: 大家上午好!
        "#]],
    );
}

#[test]
fn stray_chinese_punctuation_and_salutations_go_with_the_english() {
    check_split(
        "It marks 20 years since the return of Macao to China。 and 25 years of our relations. 今年是澳门回归20周年。\nMr Chairman, Dr Jane Smith,很高兴来到这里。\n",
        expect![[r#"
            En 0: It marks 20 years since the return of Macao to China。 and 25 years of our relations.
            Zh 0: 今年是澳门回归20周年。
            En 1: Mr Chairman, Dr Jane Smith,
            Zh 1: 很高兴来到这里。
        "#]],
    );
}

fn check_segment(text: &str, lang: Lang, expected: Expect) {
    let sentences = segment_sentences(text, lang, &SegmentationRules::default());
    expected.assert_eq(&(sentences.join("\n") + "\n"));
}

#[test]
fn chinese_sentences_keep_closing_quotes() {
    check_segment(
        "他说：“我们要努力！”会议结束。大家同意吗？同意；散会\n",
        Lang::Zh,
        expect![[r#"
            他说：“我们要努力！”
            会议结束。
            大家同意吗？
            同意；散会
        "#]],
    );
}

#[test]
fn english_abbreviations_and_initials_do_not_end_sentences() {
    check_segment(
        "Mr. Smith met Dr. Li on Jan. 5 in the U.S. capital. He visited No. 3 Middle School with P. Chen. It rained.",
        Lang::En,
        expect![[r#"
            Mr. Smith met Dr. Li on Jan. 5 in the U.S. capital.
            He visited No. 3 Middle School with P. Chen.
            It rained.
        "#]],
    );
}

#[test]
fn english_sentences_glued_without_spaces_are_split() {
    check_segment(
        "It reached a new peak.The World watched.It grew by 5.2 percent in Chongqing(China).Through 2024 it reposted Chongqing Release.6 issues were published.Mr.Jess Seade Kuri spoke.",
        Lang::En,
        expect![[r#"
            It reached a new peak.
            The World watched.
            It grew by 5.2 percent in Chongqing(China).
            Through 2024 it reposted Chongqing Release.
            6 issues were published.
            Mr.Jess Seade Kuri spoke.
        "#]],
    );
}

#[test]
fn half_width_exclamation_marks_end_chinese_sentences_after_chinese() {
    check_segment(
        "表示衷心的感谢!向各位嘉宾致敬!雅虎Yahoo!的股价上涨?cè)。",
        Lang::Zh,
        expect![[r#"
            表示衷心的感谢!
            向各位嘉宾致敬!
            雅虎Yahoo!的股价上涨?cè)。
        "#]],
    );
}

#[test]
fn gloss_tags_and_odd_quotes_are_read_as_english_punctuation() {
    check_segment(
        "They watched fireworks (n.“烟花”) and parades (n.巡游). So he is ”Double Li“.This is new.",
        Lang::En,
        expect![[r#"
            They watched fireworks (n.“烟花”) and parades (n.巡游).
            So he is ”Double Li“.
            This is new.
        "#]],
    );
}

#[test]
fn headline_without_punctuation_is_one_sentence() {
    check_segment(
        "Telling Good Stories of Chongqing to Improve City Image",
        Lang::En,
        expect![[r#"
            Telling Good Stories of Chongqing to Improve City Image
        "#]],
    );
}

#[test]
fn every_rule_pattern_compiles() {
    assert!(super::clean::all_patterns_compile());
    assert!(super::decode::all_patterns_compile());
}

#[test]
fn default_rules_file_parses() {
    let rules = SegmentationRules::from_toml(segment::DEFAULT_RULES_TOML).unwrap();
    assert!(rules.en_abbreviations.contains("Mr"));
    assert_eq!(rules.zh_terminators[..3], ['。', '！', '？']);
    assert_eq!(rules, SegmentationRules::default());
}

#[test]
fn user_rules_can_split_chinese_at_semicolons() {
    let text = segment::DEFAULT_RULES_TOML
        .replace(r#"terminators = ["。", "！", "？"]"#, r#"terminators = ["。", "；"]"#);
    let rules = SegmentationRules::from_toml(&text).unwrap();
    assert_eq!(segment_sentences("同意；散会。", Lang::Zh, &rules), ["同意；", "散会。"]);
}

#[test]
fn bad_rules_files_are_reported() {
    let error = SegmentationRules::from_toml("closers = []").unwrap_err();
    assert!(error.to_string().starts_with("invalid segmentation rules: "), "{error}");
    let text = segment::DEFAULT_RULES_TOML.replace(r#""。", "！""#, r#""。。", "！""#);
    expect![[r#"invalid segmentation rules: `。。` in zh.terminators must be a single character"#]]
        .assert_eq(&SegmentationRules::from_toml(&text).unwrap_err().to_string());
}

const NEWS_ZH: &str = "重慶市人民政府外事辦公室與重慶日報報業集團簽署合作協議，雙方將共同推進國際傳播能力建設，講好中國故事。會議在重慶舉行，來自各界的代表出席了簽約儀式。";

fn decoded_text(bytes: &[u8], file_name: &str) -> (String, String) {
    let decoded = decode(bytes, file_name).unwrap();
    (decoded.text, decoded.encoding)
}

#[test]
fn utf8_with_and_without_bom_decodes() {
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), NEWS_ZH.as_bytes()].concat();
    assert_eq!(decoded_text(&with_bom, "a.txt"), (NEWS_ZH.to_owned(), "UTF-8".to_owned()));
    assert_eq!(decoded_text(NEWS_ZH.as_bytes(), "a.txt"), (NEWS_ZH.to_owned(), "UTF-8".to_owned()));
}

#[test]
fn utf16_with_or_without_bom_decodes() {
    let text = "会议举行。\r\nThe meeting was held.";
    let little: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let big: Vec<u8> =
        [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let expected = "会议举行。\nThe meeting was held.".to_owned();
    assert_eq!(decoded_text(&little, "a.txt"), (expected.clone(), "UTF-16LE".to_owned()));
    assert_eq!(decoded_text(&big, "a.txt"), (expected.clone(), "UTF-16BE".to_owned()));
    let little_without_bom = &little[2..];
    assert_eq!(decoded_text(little_without_bom, "a.txt"), (expected, "UTF-16LE".to_owned()));
}

#[test]
fn gbk_and_big5_are_detected() {
    let simplified = "重庆市人民政府外事办公室与重庆日报报业集团签署合作协议，双方将共同推进国际传播能力建设，讲好中国故事。会议在重庆举行，来自各界的代表出席了签约仪式。";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(simplified);
    assert!(!unmappable);
    assert_eq!(decoded_text(&gbk, "a.txt"), (simplified.to_owned(), "gb18030".to_owned()));
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(NEWS_ZH);
    assert!(!unmappable);
    assert_eq!(decoded_text(&big5, "a.txt"), (NEWS_ZH.to_owned(), "Big5".to_owned()));
}

#[test]
fn invalid_bytes_report_line_and_column() {
    let bytes = [b"\xFF\xFEo\x00k\x00\n\x00".as_slice(), b"\x00\xDC"].concat();
    expect![[r#"a.txt is not valid UTF-16LE at line 2, column 1"#]]
        .assert_eq(&decode(&bytes, "a.txt").unwrap_err().to_string());
}

#[test]
fn empty_and_binary_files_are_refused() {
    assert_eq!(decode(b"", "a.txt"), Err(DecodeError::Empty { file_name: "a.txt".to_owned() }));
    assert_eq!(
        decode(b" \n\t", "a.txt"),
        Err(DecodeError::Empty { file_name: "a.txt".to_owned() })
    );
    expect![[r#"a.txt is not a text, HTML or DOCX file: it looks like binary data (NUL byte at offset 3)"#]]
        .assert_eq(&decode(b"abc\x00\x01\x02", "a.txt").unwrap_err().to_string());
    expect![[r#"a.txt is not a text, HTML or DOCX file: it looks like a PDF file"#]]
        .assert_eq(&decode(b"%PDF-1.7\n...", "a.txt").unwrap_err().to_string());
    expect![[r#"a.docx is not a readable DOCX file: not a ZIP archive (invalid Zip archive: Could not find EOCD)"#]]
        .assert_eq(&decode(b"hello", "a.docx").unwrap_err().to_string());
}

#[test]
fn html_text_skips_scripts_and_navigation_and_keeps_paragraphs() {
    let html = r#"<!DOCTYPE html><html><head><meta charset="gbk"><title>站点标题</title>
        <style>p { color: red }</style><script>var x = "<p>不要</p>";</script></head>
        <body><header>网站首页</header><nav><a href="/">首页</a> &gt; <a>新闻</a></nav>
        <div class="article"><h1>重庆举行&nbsp;对外开放大会</h1>
        <p>会议于5月20日
           举行。</p><p>The meeting was held<br>on May&#160;20.</p></div>
        <footer>版权所有</footer></body></html>"#;
    let (bytes, _, _) = encoding_rs::GBK.encode(html);
    let (text, encoding) = decoded_text(&bytes, "page.HTML");
    assert_eq!(encoding, "gb18030");
    expect![[r#"
        重庆举行 对外开放大会
        会议于5月20日 举行。
        The meeting was held
        on May 20.
    "#]]
    .assert_eq(&text);
}

#[test]
fn an_html_news_page_prepares_into_clean_bilingual_blocks() {
    let html = r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>
        <body><div class="crumb">您现在的位置：首页 &gt; 外事动态 &gt; 正文</div>
        <div class="tools">分享到： 微信 微博</div>
        <h2>湖北省外办会见日本驻华使馆官员</h2><p>2023年3月8日</p>
        <p>3月8日，省外办主任会见了来访的日本驻华使馆公使衔参赞。双方就推进地方交流交换了意见。</p>
        <p>会见现场。省外办供图</p>
        <p>Director General of Hubei Foreign Affairs Office met Japanese diplomats</p>
        <p>On March 8, the director general met the visiting minister-counsellor. Both sides exchanged views on local exchanges.</p>
        <table><tr><td>上一篇：省外办召开年度工作会议</td><td>下一篇：无</td></tr></table>
        </body></html>"#;
    let article = prepared(html.as_bytes(), "news.htm");
    let mut out = String::new();
    for span in &article.dropped {
        writeln!(out, "drop {:?} {}", span.reason, span.text).unwrap();
    }
    writeln!(out, "title {:?}", article.title).unwrap();
    writeln!(out, "zh {:?}", article.zh).unwrap();
    writeln!(out, "en {:?}", article.en).unwrap();
    expect![[r#"
        drop Breadcrumb 您现在的位置：首页 > 外事动态 > 正文
        drop PageNoise 分享到： 微信 微博
        drop DateOrIssue 2023年3月8日
        drop Caption 会见现场。省外办供图
        drop RelatedArticles 上一篇：省外办召开年度工作会议
        drop RelatedArticles 下一篇：无
        title Some("湖北省外办会见日本驻华使馆官员")
        zh [["湖北省外办会见日本驻华使馆官员"], ["3月8日，省外办主任会见了来访的日本驻华使馆公使衔参赞。", "双方就推进地方交流交换了意见。"]]
        en [["Director General of Hubei Foreign Affairs Office met Japanese diplomats"], ["On March 8, the director general met the visiting minister-counsellor.", "Both sides exchanged views on local exchanges."]]
    "#]].assert_eq(&out);
}

fn docx_bytes(document_xml: &str) -> Vec<u8> {
    let mut cursor = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut cursor);
    let options = zip::write::SimpleFileOptions::default();
    writer.start_file("[Content_Types].xml", options).unwrap();
    writer.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    writer.start_file("word/document.xml", options).unwrap();
    writer.write_all(document_xml.as_bytes()).unwrap();
    writer.finish().unwrap();
    cursor.into_inner()
}

#[test]
fn docx_paragraphs_become_lines() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>重庆举行</w:t></w:r><w:r><w:t xml:space="preserve">对外开放大会</w:t></w:r></w:p>
<w:p><w:r><w:instrText>PAGE</w:instrText><w:t>Trade &amp; culture</w:t><w:tab/><w:t>grew.</w:t></w:r></w:p>
<w:p/><w:p><w:r><w:delText>deleted</w:delText><w:t>End&#46;</w:t></w:r></w:p>
</w:body></w:document>"#;
    let (text, encoding) = decoded_text(&docx_bytes(xml), "article.docx");
    assert_eq!(encoding, "UTF-8");
    expect![[r#"
        重庆举行对外开放大会
        Trade & culture	grew.
        End.
    "#]]
    .assert_eq(&text);
}

#[test]
fn broken_docx_xml_reports_its_position() {
    let xml = "<w:document xmlns:w=\"x\">\n<w:body><w:p><w:t>a</w:p></w:body></w:document>";
    expect!["word/document.xml in a.docx is malformed at line 2, column 20: ill-formed document: expected `</w:t>`, but `</w:p>` was found"]
        .assert_eq(&decode(&docx_bytes(xml), "a.docx").unwrap_err().to_string());
    let mut cursor = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut cursor);
    writer.start_file("other.xml", zip::write::SimpleFileOptions::default()).unwrap();
    writer.finish().unwrap();
    expect![[r#"a.docx is not a readable DOCX file: it has no word/document.xml"#]]
        .assert_eq(&decode(&cursor.into_inner(), "a.docx").unwrap_err().to_string());
}

#[test]
fn a_2000_word_article_prepares_whole() {
    // Four copies of sample 001: about 2,600 words of English and 7,600 Chinese characters. Each
    // line is marked with its copy, since a paragraph printed twice is dropped as layout.
    let mut article = Vec::new();
    for copy in 0..4 {
        for line in std::str::from_utf8(SAMPLE_001).unwrap().lines() {
            let marked =
                if line.trim().is_empty() { String::new() } else { format!("{line} (#{copy})") };
            article.extend_from_slice(marked.as_bytes());
            article.push(b'\n');
        }
    }
    let n_words = std::str::from_utf8(&article).unwrap().split_whitespace().count();
    assert!(n_words > 2_000, "{n_words}");
    // Speed is measured by `cargo run --release -p tessera-core --example import_bench`, never
    // by a timed test; this checks the long input comes out whole and deterministic.
    let prepared = prepare_article(&article, "big.txt").unwrap();
    assert_eq!(prepared.en.len(), 24);
    assert_eq!(prepare_article(&article, "big.txt").unwrap(), prepared);
}

#[test]
fn publication_date_is_the_first_full_date_in_either_language() {
    use crate::articles::publication_date;
    assert_eq!(
        publication_date("新华社北京2023年1月29日电 王毅会见…").as_deref(),
        Some("2023-01-29")
    );
    assert_eq!(
        publication_date("Updated: Feb. 3, 2018 ... 2019年5月1日").as_deref(),
        Some("2018-02-03")
    );
    assert_eq!(publication_date("Posted 26 October 2023").as_deref(), Some("2023-10-26"));
    assert_eq!(publication_date("2022-07-19 15:30").as_deref(), Some("2022-07-19"));
    // A day without a year dates nothing.
    assert_eq!(publication_date("11月5日，唐文会见彭善明。On November 5, Tang Wen met"), None);
}
