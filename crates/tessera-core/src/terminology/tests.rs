//! Tests of the terminology module: mining on the real samples against a hand-made gold, mining
//! on unseen-style pairs, recognition, the live check and autocomplete.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::PathBuf,
};

use crate::{
    alignment::Aligner,
    articles::prepare_article,
    model::TermStatus,
    terminology::{
        Candidate, Category, Completion, FindingKind, TermEntry, TermIndex, mine_candidates,
        normalise::{english_key, english_tokens},
    },
    text::to_simplified,
};

pub(super) fn manifest_path(parts: &[&str]) -> PathBuf {
    let mut path = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    path.extend(parts);
    path
}

/// Runs the real front half (prepare, align) over the samples: translation pairs plus the Chinese
/// sentences without an English counterpart.
pub(super) fn sample_corpus() -> (Vec<(String, String)>, Vec<String>) {
    let dir = manifest_path(&["..", "..", "samples"]);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "the five samples are there");
    let (mut pairs, mut monolingual) = (Vec::new(), Vec::new());
    for file in files {
        let bytes = fs::read(&file).unwrap();
        let article = prepare_article(&bytes, &file.to_string_lossy()).unwrap();
        for bead in Aligner::new().align(&article.zh, &article.en, &[]).beads {
            if bead.is_translation() {
                pairs.push((bead.zh_text, bead.en_text));
            } else if !bead.zh.is_empty() {
                monolingual.push(bead.zh_text);
            }
        }
    }
    (pairs, monolingual)
}

/// Gold: (category, zh) → folded renderings ("" for a zh-only term).
fn gold() -> BTreeMap<(Category, String), BTreeSet<String>> {
    let path = manifest_path(&["test_data", "terminology", "gold.tsv"]);
    let text = fs::read_to_string(&path).unwrap();
    let mut gold: BTreeMap<(Category, String), BTreeSet<String>> = BTreeMap::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let category =
            Category::parse(fields[0]).unwrap_or_else(|| panic!("bad category in {line}"));
        let en = fields.get(2).map_or(String::new(), |en| english_key(en));
        gold.entry((category, fields[1].to_owned())).or_default().insert(en);
    }
    gold
}

/// The candidate's Chinese forms the gold lists: its term and its short forms, which name the
/// same concept (their gold renderings are pooled).
fn gold_forms(
    candidate: &Candidate,
    gold: &BTreeMap<(Category, String), BTreeSet<String>>,
) -> Vec<String> {
    std::iter::once(candidate.zh.clone())
        .chain(candidate.short_forms.iter().map(|short| to_simplified(short).into_owned()))
        .filter(|zh| gold.contains_key(&(candidate.category, zh.clone())))
        .collect()
}

fn is_correct(
    candidate: &Candidate,
    gold: &BTreeMap<(Category, String), BTreeSet<String>>,
) -> bool {
    let renderings: BTreeSet<&String> = gold_forms(candidate, gold)
        .into_iter()
        .flat_map(|zh| gold[&(candidate.category, zh)].iter())
        .collect();
    if renderings.is_empty() {
        return false;
    }
    if renderings.contains(&String::new()) {
        return true;
    }
    candidate.renderings.first().is_some_and(|top| renderings.contains(&english_key(&top.en)))
}

struct Score {
    predicted: usize,
    correct: usize,
    gold: usize,
    found: usize,
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 { 1.0 } else { numerator as f64 / denominator as f64 }
}

#[test]
fn mining_meets_the_floors_on_the_samples() {
    let (pairs, monolingual) = sample_corpus();
    let candidates = mine_candidates(&pairs, &monolingual);
    let gold = gold();
    let mut scores: BTreeMap<Category, Score> = BTreeMap::new();
    for category in Category::ALL {
        let gold_count =
            gold.keys().filter(|(gold_category, _)| *gold_category == category).count();
        scores.insert(category, Score { predicted: 0, correct: 0, gold: gold_count, found: 0 });
    }
    let mut found: BTreeSet<(Category, String)> = BTreeSet::new();
    for candidate in &candidates {
        let score = scores.get_mut(&candidate.category).unwrap();
        score.predicted += 1;
        if is_correct(candidate, &gold) {
            score.correct += 1;
            for zh in gold_forms(candidate, &gold) {
                found.insert((candidate.category, zh));
            }
        } else {
            let top = candidate.renderings.first().map_or("", |rendering| rendering.en.as_str());
            println!("  wrong: {} {} → {top}", candidate.category.as_str(), candidate.zh);
        }
    }
    for (category, zh) in gold.keys() {
        if found.contains(&(*category, zh.clone())) {
            scores.get_mut(category).unwrap().found += 1;
        } else {
            println!("  missed: {} {zh}", category.as_str());
        }
    }
    println!("{:<13} {:>5} {:>5} {:>9} {:>6}", "category", "gold", "mined", "precision", "recall");
    let (mut all_predicted, mut all_correct, mut all_gold, mut all_found) = (0, 0, 0, 0);
    for (category, score) in &scores {
        println!(
            "{:<13} {:>5} {:>5} {:>9.2} {:>6.2}",
            category.as_str(),
            score.gold,
            score.predicted,
            ratio(score.correct, score.predicted),
            ratio(score.found, score.gold)
        );
        all_predicted += score.predicted;
        all_correct += score.correct;
        all_gold += score.gold;
        all_found += score.found;
    }
    let precision = ratio(all_correct, all_predicted);
    let recall = ratio(all_found, all_gold);
    println!("{:<13} {all_gold:>5} {all_predicted:>5} {precision:>9.2} {recall:>6.2}", "all");

    let recall_of = |category| ratio(scores[&category].found, scores[&category].gold);
    let precision_of = |category| ratio(scores[&category].correct, scores[&category].predicted);
    assert!(recall_of(Category::Person) >= 0.95, "person recall");
    assert!(recall_of(Category::Organisation) >= 0.8, "organisation recall");
    assert!(recall_of(Category::Title) >= 0.8, "title recall");
    for category in [Category::Person, Category::Title, Category::Organisation] {
        assert!(precision_of(category) >= 0.7, "{} precision", category.as_str());
    }
    assert!(precision >= 0.7, "overall precision");
}

fn mined(candidates: &[Candidate], zh: &str) -> Option<(Category, Vec<String>)> {
    candidates.iter().find(|candidate| candidate.zh == zh).map(|candidate| {
        (
            candidate.category,
            candidate.renderings.iter().map(|rendering| rendering.en.clone()).collect(),
        )
    })
}

fn pairs(raw: &[(&str, &str)]) -> Vec<(String, String)> {
    raw.iter().map(|(zh, en)| ((*zh).to_owned(), (*en).to_owned())).collect()
}

#[test]
fn mining_generalises_to_other_cities_and_names() {
    let pairs = pairs(&[
        (
            "6月3日，成都市人民政府外事办公室主任单文华会见了来访的客人。",
            "On June 3, Shan Wenhua, director general of the Foreign Affairs Office of Chengdu Municipal People's Government, met the visiting guests.",
        ),
        (
            "西安交通大学副校长解振国表示，将加强与成都市人民政府外事办公室的合作。",
            "Xie Zhenguo, vice president of Xi'an Jiaotong University, said that it would strengthen cooperation with the Foreign Affairs Office of Chengdu Municipal People's Government.",
        ),
        (
            "區志強說，西安交通大學將派代表團訪問成都。",
            "Ou Zhiqiang said that Xi'an Jiaotong University would send a delegation to Chengdu.",
        ),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "单文华"),
        Some((Category::Person, vec!["Shan Wenhua".to_owned()]))
    );
    assert_eq!(
        mined(&candidates, "解振国"),
        Some((Category::Person, vec!["Xie Zhenguo".to_owned()]))
    );
    assert_eq!(
        mined(&candidates, "区志强"),
        Some((Category::Person, vec!["Ou Zhiqiang".to_owned()]))
    );
    let traditional = candidates.iter().find(|candidate| candidate.zh == "区志强").unwrap();
    assert_eq!(traditional.zh_variants, vec!["區志強".to_owned()]);
    assert_eq!(
        mined(&candidates, "成都市人民政府外事办公室"),
        Some((
            Category::Organisation,
            vec!["Foreign Affairs Office of Chengdu Municipal People's Government".to_owned()]
        ))
    );
    assert_eq!(
        mined(&candidates, "西安交通大学"),
        Some((Category::Organisation, vec!["Xi'an Jiaotong University".to_owned()]))
    );
    assert_eq!(
        mined(&candidates, "副校长"),
        Some((Category::Title, vec!["vice president".to_owned()]))
    );
    assert_eq!(
        mined(&candidates, "主任"),
        Some((Category::Title, vec!["director general".to_owned()]))
    );
    assert_eq!(mined(&candidates, "成都"), Some((Category::Place, vec!["Chengdu".to_owned()])));
}

#[test]
fn mining_reads_organisations_and_titles_of_any_shape_from_phrase_alignment() {
    // No suffix rule knows `联络组` nor a title `总统` after a country; the word alignment links
    // the capitalised English names to their Chinese spans, and CC-CEDICT verifies them.
    let pairs = pairs(&[
        (
            "肯尼亚总统会见了港口联络组代表。",
            "The President of Kenya met representatives of the Harbour Liaison Group.",
        ),
        ("港口联络组昨天在蒙巴萨开会。", "The Harbour Liaison Group met in Mombasa yesterday."),
        ("肯尼亚总统访问了蒙巴萨。", "The President of Kenya visited Mombasa."),
        ("代表们昨天访问了港口。", "The representatives visited the harbour yesterday."),
        ("里昂市副市长访问了港口。", "The deputy mayor of Lyon visited the harbour."),
        ("里昂市副市长会见了代表们。", "The deputy mayor of Lyon met the representatives."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "港口联络组"),
        Some((Category::Organisation, vec!["Harbour Liaison Group".to_owned()]))
    );
    assert_eq!(
        mined(&candidates, "肯尼亚总统"),
        Some((Category::Title, vec!["President of Kenya".to_owned()]))
    );
    // A title in lower case leads a name too.
    assert_eq!(
        mined(&candidates, "里昂市副市长"),
        Some((Category::Title, vec!["deputy mayor of Lyon".to_owned()]))
    );
}

#[test]
fn mining_reads_an_organisation_nested_in_a_title_and_cuts_names_at_their_holder() {
    // `港口联络组` is only ever written inside a title: the organisation after `Chairman of the`
    // is a name of its own. The title stops before its holder's name, found elsewhere, and a
    // sentence's first word (`Yesterday`) is no part of a name.
    let pairs = pairs(&[
        (
            "港口联络组主席访问了蒙巴萨。",
            "The Chairman of the Harbour Liaison Group visited Mombasa.",
        ),
        (
            "港口联络组主席会见了代表们。",
            "The Chairman of the Harbour Liaison Group met the representatives.",
        ),
        ("代表们昨天访问了港口。", "The representatives visited the harbour yesterday."),
        ("肯尼亚总统访问了蒙巴萨。", "The President of Kenya visited Mombasa."),
        (
            "美国国务卿安东尼·布林肯会见了代表们。",
            "US Secretary of State Antony Blinken met the representatives.",
        ),
        (
            "美国国务卿安东尼·布林肯访问了蒙巴萨。",
            "Yesterday US Secretary of State Antony Blinken visited Mombasa.",
        ),
        ("代表们迎接了布林肯。", "The representatives greeted Mr Blinken."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "港口联络组"),
        Some((Category::Organisation, vec!["Harbour Liaison Group".to_owned()]))
    );
    assert!(
        candidates.iter().all(|candidate| !candidate.zh.contains("国务卿安")
            && !candidate.renderings.iter().any(|r| r.en.starts_with("Yesterday"))),
        "{candidates:#?}"
    );
    // A foreign surname standing alone takes the last word of the whole name's English.
    assert_eq!(mined(&candidates, "布林肯"), Some((Category::Person, vec!["Blinken".to_owned()])));
}

#[test]
fn mining_reads_a_title_in_lower_case_after_a_capitalised_name() {
    let pairs = pairs(&[
        (
            "港口管理局发言人昨天访问了蒙巴萨。",
            "Harbour Authority spokesman visited Mombasa yesterday.",
        ),
        ("港口管理局发言人会见了代表们。", "Harbour Authority spokesman met the representatives."),
        ("代表们昨天访问了港口。", "The representatives visited the harbour yesterday."),
        ("肯尼亚总统访问了蒙巴萨。", "The President of Kenya visited Mombasa."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "港口管理局发言人"),
        Some((Category::Title, vec!["Harbour Authority spokesman".to_owned()])),
        "{candidates:#?}"
    );
}

#[test]
fn mining_cuts_a_title_before_its_holders_possessive_name() {
    // Headlines run the title into its holder's name and on (`… Spokesperson Wang Wenming's
    // Remarks`): the title is cut before the name, possessive or not.
    let pairs = pairs(&[
        (
            "港口管理局发言人王文明的讲话发表了。",
            "Harbour Authority Spokesperson Wang Wenming's Remarks were published.",
        ),
        (
            "港口管理局发言人王文明的声明发表了。",
            "Harbour Authority Spokesperson Wang Wenming's Statement was published.",
        ),
        ("王文明访问了蒙巴萨。", "Wang Wenming visited Mombasa."),
        ("代表们昨天访问了港口。", "The representatives visited the harbour yesterday."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "港口管理局发言人"),
        Some((Category::Title, vec!["Harbour Authority Spokesperson".to_owned()])),
        "{candidates:#?}"
    );
}

#[test]
fn a_letter_lost_to_a_wrong_encoding_stays_inside_its_word() {
    // `Du?an` is `Dušan` read in the wrong encoding; a question mark at a word's end is one.
    let words: Vec<String> = english_tokens("Du?an Bella, Ambassador? Yes?no")
        .into_iter()
        .map(|token| token.surface)
        .collect();
    assert_eq!(words, ["Du?an", "Bella", "Ambassador", "Yes?no"]);
    let pairs = pairs(&[(
        "斯洛伐克驻华大使杜尚·贝拉访问了重庆。",
        "Du?an Bella, Ambassador of Slovakia to China, visited Chongqing.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    assert!(
        candidates.iter().all(|candidate| candidate.zh != "杜尚·贝拉"
            || candidate.renderings.iter().all(|rendering| rendering.en != "Bella")),
        "{candidates:#?}"
    );
}

#[test]
fn mining_handles_hyphenated_given_names_conjoined_names_and_districts() {
    let pairs = pairs(&[
        (
            "重庆市文化和旅游发展委员会主任冉华章在渝中区表示，欢迎各方。",
            "Ran Huazhang, director general of Chongqing Municipal Culture and Tourism Development Commission, said in Yuzhong District that all parties are welcome.",
        ),
        ("副市长欧阳振华出席活动。", "Vice Mayor Ouyang Zhen-hua attended the event."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "冉华章"),
        Some((Category::Person, vec!["Ran Huazhang".to_owned()]))
    );
    assert_eq!(
        mined(&candidates, "欧阳振华"),
        Some((Category::Person, vec!["Ouyang Zhen-hua".to_owned()]))
    );
    assert_eq!(
        mined(&candidates, "重庆市文化和旅游发展委员会"),
        Some((
            Category::Organisation,
            vec!["Chongqing Municipal Culture and Tourism Development Commission".to_owned()]
        ))
    );
    assert_eq!(
        mined(&candidates, "渝中区"),
        Some((Category::Place, vec!["Yuzhong District".to_owned()]))
    );
    assert_eq!(
        mined(&candidates, "副市长"),
        Some((Category::Title, vec!["vice mayor".to_owned()]))
    );
}

#[test]
fn mining_pairs_consulates_and_foreign_names_given_with_an_honorific() {
    let pairs = pairs(&[
        (
            "市政府外办主任章勇武会见了新任日本驻重庆总领事岩本桂一。",
            "Zhang Yongwu, director general of the Foreign Affairs Office of Chongqing Municipal People's Government, met with Mr. Iwamoto Keiichi, the new Consul General of Japan in Chongqing.",
        ),
        (
            "日本驻重庆总领事馆将举办文化节。",
            "The Consulate General of Japan in Chongqing will hold a culture festival.",
        ),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "岩本桂一"),
        Some((Category::Person, vec!["Iwamoto Keiichi".to_owned()]))
    );
    assert_eq!(
        mined(&candidates, "总领事"),
        Some((Category::Title, vec!["consul general".to_owned()]))
    );
    assert_eq!(
        mined(&candidates, "日本驻重庆总领事馆"),
        Some((Category::Organisation, vec!["Consulate General of Japan in Chongqing".to_owned()]))
    );
}

#[test]
fn mining_links_one_quoted_slogan_to_one_quoted_english_phrase() {
    let pairs = pairs(&[
        (
            "双方将共同推进“一带一路”建设。",
            "Both sides will jointly promote the \"Belt and Road\" construction.",
        ),
        ("他说“你好”和“再见”。", "He said \"hello\"."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "一带一路"),
        Some((Category::Policy, vec!["Belt and Road".to_owned()]))
    );
    assert_eq!(mined(&candidates, "你好"), None, "two Chinese quotes, one English: no link");
}

#[test]
fn mining_lists_every_rendering_of_a_variant_term_with_counts_and_examples() {
    let pairs = pairs(&[
        ("我们走访了深圳国际传播中心。", "We visited Shenzhen International Media Center."),
        (
            "深圳国际传播中心发布新产品。",
            "Shenzhen International Media Center released new products.",
        ),
        (
            "深圳国际传播中心举办活动。",
            "Shenzhen International Communication Center held an event.",
        ),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    let candidate = candidates.iter().find(|candidate| candidate.zh == "深圳国际传播中心").unwrap();
    let renderings: Vec<(&str, u32, &[usize])> = candidate
        .renderings
        .iter()
        .map(|rendering| (rendering.en.as_str(), rendering.count, rendering.examples.as_slice()))
        .collect();
    assert_eq!(
        renderings,
        vec![
            ("Shenzhen International Media Center", 2, &[0, 1][..]),
            ("Shenzhen International Communication Center", 1, &[2][..]),
        ]
    );
    assert_eq!(candidate.count, 3);
}

#[test]
fn mining_takes_names_from_brackets_and_chinese_only_text() {
    let monolingual = vec![
        "中国人民大学重阳金融研究院高级研究员羅思義(John Ross)作主题演讲。".to_owned(),
        "市委宣传部副部长张琼表示，将继续努力。".to_owned(),
    ];
    let candidates = mine_candidates(&[], &monolingual);
    assert_eq!(
        mined(&candidates, "罗思义"),
        Some((Category::Person, vec!["John Ross".to_owned()]))
    );
    assert_eq!(mined(&candidates, "张琼"), Some((Category::Person, vec![])));
    assert_eq!(mined(&candidates, "副部长"), Some((Category::Title, vec![])));
}

fn entry(
    concept_id: i64,
    category: Category,
    zh: &[&str],
    renderings: &[(&str, TermStatus)],
) -> TermEntry {
    TermEntry {
        concept_id,
        category,
        zh_forms: zh.iter().map(|form| (*form).to_owned()).collect(),
        renderings: renderings.iter().map(|(text, status)| ((*text).to_owned(), *status)).collect(),
    }
}

fn sample_index() -> TermIndex {
    use TermStatus::{Admitted, Deprecated, Forbidden, Preferred};
    TermIndex::build(&[
        entry(
            1,
            Category::Organisation,
            &["重庆市人民政府外事办公室", "市政府外办"],
            &[
                ("Foreign Affairs Office of Chongqing Municipal People's Government", Preferred),
                ("Chongqing Foreign Affairs Office", Admitted),
                ("Chongqing Waiban", Forbidden),
            ],
        ),
        entry(
            2,
            Category::Organisation,
            &["重庆市人民政府"],
            &[("Chongqing Municipal People's Government", Preferred)],
        ),
        entry(
            3,
            Category::Organisation,
            &["重庆日报报业集团", "重报集团"],
            &[
                ("Chongqing Daily Newspaper Group", Preferred),
                ("Chongqing Newspaper Group", Deprecated),
            ],
        ),
        entry(
            4,
            Category::Organisation,
            &["重庆国际传播中心"],
            &[
                ("Chongqing International Media Center", Preferred),
                ("Chongqing International Communication Center", Deprecated),
            ],
        ),
        entry(5, Category::Person, &["王雯"], &[("Wang Wen", Preferred)]),
        entry(6, Category::Title, &["副主任"], &[("deputy director general", Preferred)]),
        entry(
            7,
            Category::Title,
            &["主任"],
            &[("director general", Preferred), ("director", Admitted)],
        ),
        entry(8, Category::Organisation, &["外事办公室"], &[("Foreign Affairs Office", Preferred)]),
    ])
}

#[test]
fn recognition_prefers_the_longest_match_and_reports_nested_terms() {
    let index = sample_index();
    let hits: Vec<(i64, usize, usize, String)> = index
        .recognise("王雯到重慶市人民政府外事辦公室。")
        .into_iter()
        .map(|hit| (hit.concept_id, hit.start, hit.end, hit.zh))
        .collect();
    assert_eq!(
        hits,
        vec![
            (5, 0, 2, "王雯".to_owned()),
            (1, 3, 15, "重慶市人民政府外事辦公室".to_owned()),
            (2, 3, 10, "重慶市人民政府".to_owned()),
            (8, 10, 15, "外事辦公室".to_owned()),
        ]
    );
}

#[test]
fn recognition_folds_full_width_and_overlapping_terms_keep_the_longest() {
    let index = TermIndex::build(&[
        entry(1, Category::Event, &["APEC会议"], &[("APEC Meeting", TermStatus::Preferred)]),
        entry(
            2,
            Category::Title,
            &["副主任"],
            &[("deputy director general", TermStatus::Preferred)],
        ),
        entry(3, Category::Other, &["主任委员"], &[("chair", TermStatus::Preferred)]),
    ]);
    let hits: Vec<(i64, usize, usize)> = index
        .recognise("ＡＰＥＣ會議副主任委员")
        .into_iter()
        .map(|hit| (hit.concept_id, hit.start, hit.end))
        .collect();
    // 副主任 and 主任委员 overlap without nesting: the leftmost-longest one wins.
    assert_eq!(hits, vec![(1, 0, 6), (2, 6, 9)]);
}

fn findings(
    index: &TermIndex,
    source: &str,
    target: &str,
) -> Vec<(FindingKind, String, String, i64)> {
    index
        .check(source, target)
        .into_iter()
        .map(|finding| {
            let spanned: String =
                target.chars().skip(finding.start).take(finding.end - finding.start).collect();
            assert_eq!(spanned, finding.found, "span and found agree");
            (finding.kind, finding.found, finding.suggestion, finding.concept_id)
        })
        .collect()
}

#[test]
fn check_accepts_correct_renderings_including_one_that_contains_another() {
    let index = sample_index();
    let source = "市政府外办副主任王雯到重庆市人民政府外事办公室和重庆国际传播中心。";
    let target = "Wang Wen, deputy director general of the Foreign Affairs Office of Chongqing Municipal People's Government, visited the Chongqing International Media Center.";
    assert_eq!(findings(&index, source, target), vec![]);
}

#[test]
fn check_tolerates_case_articles_possessives_hyphens_and_quotes() {
    let index = sample_index();
    let source = "王雯到重庆国际传播中心和市政府外办。";
    let target = "WANG WEN went to The Chongqing International Media-Center’s office and the foreign affairs office of chongqing municipal people’s government.";
    assert_eq!(findings(&index, source, target), vec![]);
}

#[test]
fn check_reports_a_missing_approved_rendering_at_the_end_of_the_target() {
    let index = sample_index();
    let target = "Ms. Wang visited the center.";
    let found = index.check("王雯到重庆国际传播中心。", target);
    let kinds: Vec<(FindingKind, i64, usize, usize)> = found
        .iter()
        .map(|finding| (finding.kind, finding.concept_id, finding.start, finding.end))
        .collect();
    let end = target.chars().count();
    assert_eq!(
        kinds,
        vec![(FindingKind::Missing, 4, end, end), (FindingKind::Missing, 5, end, end)]
    );
    assert_eq!(found[0].suggestion, "Chongqing International Media Center");
}

#[test]
fn check_flags_deprecated_and_forbidden_variants_even_without_the_source_term() {
    let index = sample_index();
    let target = "We met the Chongqing Newspaper Group and Chongqing Waiban.";
    assert_eq!(
        findings(&index, "我们见面了。", target),
        vec![
            (
                FindingKind::Deprecated,
                "Chongqing Newspaper Group".to_owned(),
                "Chongqing Daily Newspaper Group".to_owned(),
                3
            ),
            (
                FindingKind::Forbidden,
                "Chongqing Waiban".to_owned(),
                "Foreign Affairs Office of Chongqing Municipal People's Government".to_owned(),
                1
            ),
        ]
    );
}

#[test]
fn check_suggests_the_approved_form_for_near_misses() {
    let index = sample_index();
    let cases = [
        (
            "重报集团",
            "He visited Chongqing Newspaper Daily Group.",
            "Chongqing Newspaper Daily Group",
            3,
        ),
        (
            "重报集团",
            "He visited Chongqing Daily Newpaper Group.",
            "Chongqing Daily Newpaper Group",
            3,
        ),
        (
            "市政府外办",
            "the Foreign Affairs Office of Chongqing Municipal Peoples Government said",
            "Foreign Affairs Office of Chongqing Municipal Peoples Government",
            1,
        ),
        (
            "市政府外办",
            "the Foreign Affairs Office of Chongqing People's Government said",
            "Foreign Affairs Office of Chongqing People's Government",
            1,
        ),
        ("王雯", "Wen Wang said", "Wen Wang", 5),
    ];
    near_misses_are_flagged(&index, &cases);
}

#[test]
fn check_flags_swapped_letters_in_a_short_name_as_a_near_miss() {
    let index = sample_index();
    // `Wnag` is two Levenshtein edits from `Wang` but one swap: a typo, not another name.
    near_misses_are_flagged(&index, &[("王雯", "Wnag Wen said", "Wnag Wen", 5)]);
}

/// One inner word of a four-word name replaced: how "Chongqing International Communication
/// Center" stands for "... Media Center" before a reviewer lists it as deprecated.
#[test]
fn check_flags_a_replaced_inner_word_of_a_long_name_as_a_near_miss() {
    let index = sample_index();
    let cases = [(
        "重庆市人民政府",
        "the Chongqing Municipal Citizens' Government announced",
        "Chongqing Municipal Citizens' Government",
        2,
    )];
    near_misses_are_flagged(&index, &cases);
    // A short name with a replaced word is a different name, not a near miss of this one.
    let result = findings(&index, "重庆国际传播中心", "They toured the Chongqing Art Center.");
    assert_eq!(result.len(), 1, "{result:?}");
    assert_eq!(result[0].0, FindingKind::Missing);
}

fn near_misses_are_flagged(index: &TermIndex, cases: &[(&str, &str, &str, i64)]) {
    for &(source, target, found, concept_id) in cases {
        let result = findings(index, source, target);
        assert_eq!(result.len(), 1, "{target}: {result:?}");
        assert_eq!(
            (result[0].0, result[0].1.as_str(), result[0].3),
            (FindingKind::NearMiss, found, concept_id)
        );
    }
}

#[test]
fn check_reports_a_deprecated_variant_not_as_a_near_miss() {
    let index = sample_index();
    let result =
        findings(&index, "重庆国际传播中心", "It is Chongqing International Communication Center.");
    assert_eq!(
        result,
        vec![(
            FindingKind::Deprecated,
            "Chongqing International Communication Center".to_owned(),
            "Chongqing International Media Center".to_owned(),
            4
        )]
    );
}

#[test]
fn check_reports_every_problem_of_a_sentence_with_spans_and_fixes() {
    let index = sample_index();
    let source = "市政府外办副主任王雯到重报集团和重庆国际传播中心调研。";
    let target = "Wen Wang, deputy director of the Foreign Affairs Office of Chongqing Municipal Peoples Government, visited the Chongqing Newspaper Group.";
    let report: Vec<String> = index
        .check(source, target)
        .into_iter()
        .map(|finding| {
            format!(
                "{:?} {}..{} {:?} -> {:?} (concept {})",
                finding.kind,
                finding.start,
                finding.end,
                finding.found,
                finding.suggestion,
                finding.concept_id
            )
        })
        .collect();
    expect_test::expect![[r#"
        NearMiss 0..8 "Wen Wang" -> "Wang Wen" (concept 5)
        NearMiss 10..25 "deputy director" -> "deputy director general" (concept 6)
        NearMiss 33..97 "Foreign Affairs Office of Chongqing Municipal Peoples Government" -> "Foreign Affairs Office of Chongqing Municipal People's Government" (concept 1)
        Deprecated 111..136 "Chongqing Newspaper Group" -> "Chongqing Daily Newspaper Group" (concept 3)
        Missing 137..137 "" -> "Chongqing International Media Center" (concept 4)"#]]
    .assert_eq(&report.join("\n"));
}

fn completions(index: &TermIndex, source: &str, prefix: &str) -> Vec<(String, TermStatus)> {
    index
        .complete(source, prefix, 5)
        .into_iter()
        .map(|Completion { text, status, .. }| (text, status))
        .collect()
}

#[test]
fn completion_matches_any_word_and_puts_the_source_terms_first() {
    let index = sample_index();
    assert_eq!(
        completions(&index, "市政府外办副主任王雯", "Aff"),
        vec![
            (
                "Foreign Affairs Office of Chongqing Municipal People's Government".to_owned(),
                TermStatus::Preferred
            ),
            ("Chongqing Foreign Affairs Office".to_owned(), TermStatus::Admitted),
            ("Foreign Affairs Office".to_owned(), TermStatus::Preferred),
        ]
    );
    assert_eq!(completions(&index, "王雯", "foreign aff")[0].0, "Foreign Affairs Office");
}

#[test]
fn completion_never_offers_deprecated_or_forbidden_forms() {
    let index = sample_index();
    let offered: Vec<String> = completions(&index, "市政府外办重报集团", "chongqing")
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    assert!(
        !offered
            .iter()
            .any(|text| text == "Chongqing Waiban" || text == "Chongqing Newspaper Group"),
        "{offered:?}"
    );
    assert_eq!(offered[0], "Chongqing Daily Newspaper Group");
    assert!(completions(&index, "", "waib").is_empty());
}

#[test]
fn check_flags_a_deprecated_form_that_differs_from_the_approved_one_only_by_articles_and_case() {
    use TermStatus::{Deprecated, Preferred};
    let index = TermIndex::build(&[entry(
        1,
        Category::Title,
        &["党组成员"],
        &[
            ("member of the Party Leadership Group", Preferred),
            ("member of Party leadership group", Deprecated),
        ],
    )]);
    let source = "王雯，市政府外办党组成员。";
    let stale = "Wang Wen, member of Party leadership group of the office.";
    assert_eq!(
        findings(&index, source, stale),
        vec![(
            FindingKind::Deprecated,
            "member of Party leadership group".to_owned(),
            "member of the Party Leadership Group".to_owned(),
            1
        )]
    );
    // The tolerance still protects the approved form: a sentence start, no article before it.
    let approved = "Member of the Party Leadership Group Wang Wen spoke.";
    assert_eq!(findings(&index, source, approved), vec![]);
}

#[test]
fn mining_pairs_composed_titles_and_foreign_names_standing_beside_each_other() {
    let pairs = pairs(&[
        (
            "3月12日，市商务委副主任刘明与新西兰驻广州总领事戴伟廉举行会谈。",
            "On March 12, Liu Ming, Deputy Director General of the Municipal Commerce \
             Commission, and William Davidson, Consul General of New Zealand in Guangzhou held \
             talks.",
        ),
        ("戴伟廉介绍了新西兰的情况。", "William Davidson briefed on New Zealand."),
        (
            "会见了智利驻华大使卡洛斯·莫利纳一行。",
            "met with Chilean Ambassador Carlos Molina and his delegation.",
        ),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    let (category, renderings) = mined(&candidates, "戴伟廉").unwrap();
    assert_eq!((category, renderings[0].as_str()), (Category::Person, "William Davidson"));
    // Co-occurrence across units: the second pair counts too.
    let davidson = candidates.iter().find(|candidate| candidate.zh == "戴伟廉").unwrap();
    assert_eq!(davidson.renderings[0].count, 2);
    assert_eq!(
        mined(&candidates, "新西兰驻广州总领事"),
        Some((Category::Title, vec!["Consul General of New Zealand in Guangzhou".to_owned()]))
    );
    assert_eq!(
        mined(&candidates, "市商务委副主任"),
        Some((
            Category::Title,
            vec!["Deputy Director General of the Municipal Commerce Commission".to_owned()]
        ))
    );
    assert_eq!(mined(&candidates, "卡洛斯·莫利纳").unwrap().1, vec!["Carlos Molina".to_owned()]);
    assert_eq!(
        mined(&candidates, "智利驻华大使").unwrap().1,
        vec!["Chilean Ambassador".to_owned()]
    );
}

#[test]
fn transliteration_score_verifies_sound_alike_names_only() {
    use crate::terminology::mining::transliteration::{
        TRANSLITERATION_FLOOR, transliteration_score,
    };
    for (zh, en) in [("布林肯", "Blinken"), ("特雷莎·梅", "Theresa May"), ("史迪威", "Stilwell")]
    {
        let score = transliteration_score(zh, en);
        assert!(score >= TRANSLITERATION_FLOOR, "{zh} ~ {en}: {score}");
    }
    for (zh, en) in [("彭善明", "Sam Bentley"), ("布林肯", "Theresa May")] {
        let score = transliteration_score(zh, en);
        assert!(score < TRANSLITERATION_FLOOR, "{zh} !~ {en}: {score}");
    }
}

#[test]
fn mining_links_abbreviations_to_their_full_form_on_one_candidate() {
    let pairs = pairs(&[
        (
            "重庆市交通局表示，将发布通知。",
            "The Transport Bureau of Chongqing Municipality said it would issue a notice.",
        ),
        ("市交通局表示欢迎。", "The Transport Bureau welcomed it."),
        ("世界城市联盟(世城盟)发布报告。", "The World Cities League released a report."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    let bureau = candidates.iter().find(|candidate| candidate.zh == "重庆市交通局").unwrap();
    assert_eq!(bureau.short_forms, vec!["市交通局".to_owned()]);
    // The short English form is no rendering of the full name.
    assert_eq!(
        bureau.renderings.iter().map(|rendering| rendering.en.as_str()).collect::<Vec<_>>(),
        ["Transport Bureau of Chongqing Municipality"]
    );
    assert!(mined(&candidates, "市交通局").is_none(), "no concept of its own");
    let league = candidates.iter().find(|candidate| candidate.zh == "世界城市联盟").unwrap();
    assert_eq!(league.short_forms, vec!["世城盟".to_owned()]);
    assert_eq!(league.renderings[0].en, "World Cities League");
}

#[test]
fn mining_pairs_a_list_of_envoys_by_the_countries_their_titles_name() {
    let pairs = pairs(&[(
        "会见了智利驻华大使柯百德、秘鲁驻华大使马世德、英国驻华大使吴若兰。",
        "met with H.E. Carlos Bernal, Ambassador of Peru to China, H.E. Lucas Morton, \
         Ambassador of Chile to China, and H.E. Caroline Wilson, Ambassador of the UK to China.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    let rendering = |zh: &str| mined(&candidates, zh).map(|(_, renderings)| renderings[0].clone());
    assert_eq!(rendering("智利驻华大使").as_deref(), Some("Ambassador of Chile to China"));
    assert_eq!(rendering("秘鲁驻华大使").as_deref(), Some("Ambassador of Peru to China"));
    assert_eq!(rendering("英国驻华大使").as_deref(), Some("Ambassador of the UK to China"));
    assert_eq!(rendering("柯百德").as_deref(), Some("Lucas Morton"));
    assert_eq!(rendering("马世德").as_deref(), Some("Carlos Bernal"));
    assert_eq!(rendering("吴若兰").as_deref(), Some("Caroline Wilson"));
    // The reviewer sees the parts a composed title was verified by.
    let chile = candidates.iter().find(|candidate| candidate.zh == "智利驻华大使").unwrap();
    assert_eq!(chile.note, "composed title: 智利 = Chile; 华 = China; 大使 = Ambassador");
}

#[test]
fn mining_finds_organisations_without_a_known_suffix_by_translating_their_words() {
    let pairs = pairs(&[
        (
            "市疫情防控工作领导小组召开会议。",
            "The Municipal Epidemic Prevention and Control Leading Group held a meeting.",
        ),
        (
            "他毕业于重庆邮电大学。",
            "He graduated from Chongqing University of Posts and Telecommunications.",
        ),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "市疫情防控工作领导小组"),
        Some((
            Category::Organisation,
            vec!["Municipal Epidemic Prevention and Control Leading Group".to_owned()]
        ))
    );
    assert_eq!(
        mined(&candidates, "重庆邮电大学").unwrap().1,
        vec!["Chongqing University of Posts and Telecommunications".to_owned()]
    );
}

#[test]
fn mining_reads_titles_in_lower_case_before_a_name_and_leaves_out_the_weekday() {
    let pairs = pairs(&[(
        "周四外交部发言人华春莹称，应国务院总理李克强邀请，英国首相特雷莎·梅将于1月31日访华。",
        "British Prime Minister Theresa May will visit China from Jan. 31 at the invitation of \
         Chinese Premier Li Keqiang, Foreign Ministry spokesperson Hua Chunying announced \
         Thursday.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    let rendering = |zh: &str| mined(&candidates, zh).map(|(_, renderings)| renderings[0].clone());
    assert_eq!(rendering("外交部发言人").as_deref(), Some("Foreign Ministry spokesperson"));
    assert_eq!(rendering("英国首相").as_deref(), Some("British Prime Minister"));
    assert_eq!(rendering("特雷莎·梅").as_deref(), Some("Theresa May"));
    assert_eq!(rendering("华春莹").as_deref(), Some("Hua Chunying"));
    assert!(mined(&candidates, "周四外交部发言人").is_none());
}

#[test]
fn mining_prefers_the_span_with_fewer_unexplained_characters_and_stops_names_at_weekdays() {
    let pairs = pairs(&[
        (
            "市交委、市旅发委负责人参加会见。",
            "Heads of the Municipal Transportation Commission attended the meeting.",
        ),
        (
            "世界城市联盟周二的会议结束。",
            "The meeting of the World Cities League on Tuesday ended.",
        ),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "市交委").map(|(_, renderings)| renderings),
        Some(vec!["Municipal Transportation Commission".to_owned()])
    );
    assert!(mined(&candidates, "市旅发委").is_none());
    assert_eq!(
        mined(&candidates, "世界城市联盟").map(|(_, renderings)| renderings),
        Some(vec!["World Cities League".to_owned()])
    );
}

#[test]
fn mining_splits_two_titles_of_one_person_into_titles_of_their_own() {
    let pairs = pairs(&[
        (
            "5月18日，市委副书记、市长胡衡华会见了客人。",
            "On May 18, Hu Henghua, Deputy Secretary of the CPC Chongqing Municipal Committee and \
             Mayor of Chongqing, met the guests.",
        ),
        (
            "中共中央政治局委员、外交部长王毅会见了客人。",
            "Chinese Foreign Minister Wang Yi, a member of the Political Bureau of the CPC Central \
             Committee, met the guests.",
        ),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    let rendering = |zh: &str| mined(&candidates, zh).map(|(_, renderings)| renderings[0].clone());
    assert_eq!(
        rendering("市委副书记、市长").as_deref(),
        Some("Deputy Secretary of the CPC Chongqing Municipal Committee and Mayor of Chongqing")
    );
    assert_eq!(
        rendering("市委副书记").as_deref(),
        Some("Deputy Secretary of the CPC Chongqing Municipal Committee")
    );
    assert_eq!(
        rendering("中共中央政治局委员").as_deref(),
        Some("member of the Political Bureau of the CPC Central Committee")
    );
}

#[test]
fn mining_keeps_a_bare_title_from_a_longer_title_and_names_from_function_words() {
    let pairs = pairs(&[
        ("中国外交部部长王毅会见了客人。", "Chinese Foreign Minister Wang Yi met the guests."),
        ("这是总领事后首次访深。", "It is Ms. Kao's first visit to Shenzhen."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert!(
        mined(&candidates, "部长").is_none_or(|(_, renderings)| !renderings
            .iter()
            .any(|rendering| rendering == "foreign minister")),
        "{:?}",
        mined(&candidates, "部长")
    );
    assert!(mined(&candidates, "后首次访深").is_none());
}

#[test]
fn mining_starts_a_name_after_the_weekday_before_it() {
    let pairs = pairs(&[(
        "周四外交部表示，将举行记者会。",
        "The Foreign Ministry said on Thursday that it would hold a press conference.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    assert!(mined(&candidates, "周四外交部").is_none());
    assert_eq!(
        mined(&candidates, "外交部"),
        Some((Category::Organisation, vec!["Foreign Ministry".to_owned()]))
    );
}

#[test]
fn mining_files_a_short_title_under_its_full_form() {
    let pairs = pairs(&[
        ("外长王毅会见了客人。", "Foreign Minister Wang Yi met the guests."),
        ("外交部长王毅表示欢迎。", "Foreign Minister Wang Yi welcomed them."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    let minister = candidates.iter().find(|candidate| candidate.zh == "外交部长").unwrap();
    assert_eq!(minister.short_forms, vec!["外长".to_owned()]);
    assert!(mined(&candidates, "外长").is_none(), "no concept of its own");
}

#[test]
fn mining_confirms_a_foreign_name_by_its_dictionary_entry_and_its_sound() {
    let pairs = pairs(&[
        ("史迪威将军曾在重庆工作。", "General Joseph Stilwell once worked in Chongqing."),
        ("墨西哥代表团访问了重庆。", "A Mexico City delegation visited Chongqing."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "史迪威"),
        Some((Category::Person, vec!["Joseph Stilwell".to_owned()]))
    );
    assert!(mined(&candidates, "墨西哥").is_none_or(|(category, _)| category != Category::Person));
}

#[test]
fn mining_spells_names_whose_surname_no_table_lists_and_keeps_whole_names() {
    let pairs = pairs(&[
        (
            "洪小兵同时对有关事项作出回应。",
            "Hong Xiaobing made the remarks in response at a news briefing.",
        ),
        (
            "8月27日,李明主任会见到访的美国驻广州总领事康葆玲一行。",
            "On August 27, Director General Li Ming met with Ms. Julia Kang, Consul General of the United States of America in Guangzhou.",
        ),
        ("此访是康女士首次访深。", "This is Ms. Kang's first visit to Shenzhen."),
        ("康葆玲总领事感谢李主任的热情接待。", "Consul General Kang thanked Director General Li."),
        ("康葆玲总领事表示,很欣赏深圳的活力。", "Consul General Kang said she admired the city."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    // `洪` is in no surname table: the pinyin of the whole name verifies it.
    assert_eq!(
        mined(&candidates, "洪小兵"),
        Some((Category::Person, vec!["Hong Xiaobing".to_owned()]))
    );
    // `康葆` is only ever seen as part of `康葆玲`.
    assert_eq!(mined(&candidates, "康葆玲").map(|(category, _)| category), Some(Category::Person));
    assert_eq!(mined(&candidates, "康葆"), None);
}

#[test]
fn mining_names_places_as_the_text_writes_them() {
    let pairs = pairs(&[
        ("代表团访问了洛阳市。", "The delegation visited Luoyang."),
        ("洛阳市和成都签署协议。", "Luoyang and Chengdu signed an agreement."),
        ("新华社报道了会议。", "Xinhua reported on the meeting."),
        ("新华社记者在成都采访。", "A Xinhua reporter worked in Chengdu."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    // `洛阳` is only ever written `洛阳市`; `新华` only ever as part of `新华社`.
    assert_eq!(mined(&candidates, "洛阳市"), Some((Category::Place, vec!["Luoyang".to_owned()])));
    assert_eq!(mined(&candidates, "洛阳"), None);
    assert_eq!(mined(&candidates, "新华"), None);
    assert_eq!(mined(&candidates, "成都"), Some((Category::Place, vec!["Chengdu".to_owned()])));
}

#[test]
fn stale_renderings_are_the_deprecated_and_forbidden_findings_of_the_check() {
    let stale = |index: &TermIndex, source: &str, target: &str| {
        let mut found = index.check(source, target);
        found.retain(|finding| {
            matches!(finding.kind, FindingKind::Deprecated | FindingKind::Forbidden)
        });
        found
    };
    let approved_only = TermIndex::build(&[entry(
        3,
        Category::Organisation,
        &["重报集团"],
        &[("Chongqing Daily Newspaper Group", TermStatus::Preferred)],
    )]);
    let cases = [
        ("市政府外办副主任王雯到重报集团调研。", "Wen Wang visited the Chongqing Newspaper Group."),
        ("我们见面了。", "We met the Chongqing Newspaper Group and Chongqing Waiban."),
        ("重庆国际传播中心", "It is Chongqing International Communication Center."),
        ("王雯到重庆国际传播中心。", "Ms. Wang visited the center."),
    ];
    let mut n_stale = 0;
    for (source, target) in cases {
        for index in [&sample_index(), &approved_only] {
            let found = index.stale_renderings(source, target);
            assert_eq!(found, stale(index, source, target), "{target}");
            n_stale += found.len();
        }
        assert_eq!(approved_only.stale_renderings(source, target), vec![]);
    }
    assert_eq!(n_stale, 4);
}

#[test]
fn an_honorific_that_names_a_person_already_rendered_is_not_linked_to_another_name() {
    let pairs = pairs(&[(
        "温州市市长陈金彪到访。本市市长比尔、昆顿议员在市长宴会厅举行了仪式。",
        "Wenzhou Mayor Chen Jinbiao visited. Mr. Chen was welcomed at the Parlour.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "陈金彪"),
        Some((Category::Person, vec!["Chen Jinbiao".to_owned()]))
    );
    assert!(
        candidates.iter().all(|candidate| candidate.zh != "比尔"
            || candidate
                .renderings
                .iter()
                .all(|rendering| rendering.en != "Mr. Chen" && rendering.en != "Chen")),
        "比尔 is not Mr. Chen"
    );
}

#[test]
fn a_title_word_only_ever_inside_a_composed_title_is_no_term_of_its_own() {
    let pairs = pairs(&[
        ("美国国务卿安东尼·布林肯会见了他。", "US Secretary of State Antony Blinken met him."),
        ("李克强总理会见了他。", "Premier Li Keqiang met him."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert!(
        candidates.iter().all(|candidate| candidate.zh != "国务卿"),
        "国务卿 stands alone nowhere"
    );
    assert_eq!(mined(&candidates, "总理"), Some((Category::Title, vec!["premier".to_owned()])));
}

#[test]
fn a_title_word_takes_its_own_rendering_before_a_looser_one() {
    let pairs = pairs(&[(
        "李克强总理和英国首相特雷莎·梅举行会谈。首相表示满意。",
        "Premier Li Keqiang and British Prime Minister Theresa May held talks. The Prime Minister \
         was pleased.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(mined(&candidates, "总理"), Some((Category::Title, vec!["premier".to_owned()])));
    assert_eq!(
        mined(&candidates, "首相"),
        Some((Category::Title, vec!["prime minister".to_owned()]))
    );
}

#[test]
fn a_foreign_name_split_by_an_enumeration_comma_is_one_name_when_it_sounds_like_one() {
    let pairs = pairs(&[(
        "本市市长比尔、昆顿议员举行了欢迎仪式。",
        "The Mayor of Ipswich, Cllr. Bill Quinton held a welcome party.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "比尔、昆顿"),
        Some((Category::Person, vec!["Bill Quinton".to_owned()]))
    );
    // Two items of a list are no name: nothing sounds like them.
    let pairs = pairs_of_list();
    let candidates = mine_candidates(&pairs, &[]);
    assert!(candidates.iter().all(|candidate| !candidate.zh.contains('、')));
}

fn pairs_of_list() -> Vec<(String, String)> {
    pairs(&[(
        "市长会见了市外办、市贸促会代表。",
        "The mayor met representatives of the Foreign Affairs Office and the Council for the Promotion of International Trade.",
    )])
}

#[test]
fn a_long_name_in_lower_case_and_its_nested_part_are_organisations() {
    let pairs = pairs(&[(
        "副市长李波率市疫情防控工作领导小组外事联络组赴机场。",
        "Li Bo, Deputy Mayor, led the foreign affairs liaison group of the municipal epidemic prevention and control leading group to the airport.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "外事联络组"),
        Some((Category::Organisation, vec!["foreign affairs liaison group".to_owned()]))
    );
    assert_eq!(
        mined(&candidates, "市疫情防控工作领导小组"),
        Some((
            Category::Organisation,
            vec!["municipal epidemic prevention and control leading group".to_owned()]
        ))
    );
    // A short phrase in lower case is a common noun.
    let pairs = pairs_of_research_group();
    let candidates = mine_candidates(&pairs, &[]);
    assert!(candidates.iter().all(|candidate| candidate.zh != "调研组"));
}

fn pairs_of_research_group() -> Vec<(String, String)> {
    pairs(&[("调研组参观了工厂。", "The research group visited the factory.")])
}

#[test]
fn a_forum_with_sessions_of_its_own_is_a_standing_body() {
    let pairs = pairs(&[
        (
            "中非合作论坛是中非对话的平台。",
            "The Forum on China-Africa Cooperation is a platform for dialogue.",
        ),
        (
            "中非合作论坛第八届部长级会议在达喀尔举行。",
            "The 8th Ministerial Conference of the Forum on China-Africa Cooperation was held in Dakar.",
        ),
        ("第十五届双城论坛在台北举行。", "The 15th Twin-City Forum was held in Taipei."),
        ("双城论坛促进了交流。", "The Twin-City Forum promoted exchanges."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    let category = |zh: &str| {
        candidates.iter().find(|candidate| candidate.zh == zh).map(|candidate| candidate.category)
    };
    assert_eq!(category("中非合作论坛"), Some(Category::Organisation));
    // A single edition stays what it was mined as.
    assert_ne!(category("双城论坛"), Some(Category::Organisation));
}

#[test]
fn the_part_of_a_name_before_of_is_a_name_of_its_own() {
    let pairs = pairs(&[(
        "中央财办市场管理局局长王明率团调研市场管理工作。",
        "Wang Ming, Director-General of the Market Management Administration of the Office of the Central Financial Commission, led a team to look into market management.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    // The part ends in its head character, not in the `市场管理` of `市场管理工作`.
    assert_eq!(
        mined(&candidates, "市场管理局"),
        Some((Category::Organisation, vec!["Market Management Administration".to_owned()]))
    );
    assert_eq!(mined(&candidates, "市场管理"), None);
    // A name never ends on a title word: `任` of `主任` glosses `office`.
    let pairs = pairs_of_an_office_and_its_director();
    let candidates = mine_candidates(&pairs, &[]);
    assert!(
        candidates.iter().all(|candidate| !candidate.zh.ends_with("主任")
            || candidate.category != Category::Organisation)
    );
}

fn pairs_of_an_office_and_its_director() -> Vec<(String, String)> {
    pairs(&[(
        "市政府外办主任张伟会见了客人。",
        "Zhang Wei, director general of Foreign Affairs Office of Chengdu Municipal People's Government, met the guests.",
    )])
}

#[test]
fn a_short_name_in_lower_case_is_an_organisation_when_its_head_names_a_body() {
    let pairs =
        pairs(&[("省长率领经贸团访问巴黎。", "The governor led a trade delegation to Paris.")]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "经贸团"),
        Some((Category::Organisation, vec!["trade delegation".to_owned()]))
    );
    // A body's head before another noun is a modifier, and `relevant` picks bodies out.
    let pairs = pairs_of_government_departments();
    let candidates = mine_candidates(&pairs, &[]);
    assert!(candidates.iter().all(|candidate| !candidate.zh.contains("政府")));
}

fn pairs_of_government_departments() -> Vec<(String, String)> {
    pairs(&[(
        "他听取了相关市级政府部门的意见。",
        "He heard the views of relevant municipal government departments.",
    )])
}

#[test]
fn a_forum_named_after_on_is_a_name_and_no_name_crosses_a_verb_of_greeting() {
    let pairs = pairs(&[(
        "在中阿城市合作论坛机制引领下，双方交往不断深化。",
        "Under the guidance of the Mechanism on China-Arab Cities Cooperation Forum, exchanges deepened.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    // The forum has a mechanism of its own: a standing body.
    assert_eq!(
        mined(&candidates, "中阿城市合作论坛"),
        Some((Category::Organisation, vec!["China-Arab Cities Cooperation Forum".to_owned()]))
    );
    let pairs = pairs_of_a_greeting();
    let candidates = mine_candidates(&pairs, &[]);
    assert!(candidates.iter().all(|candidate| !candidate.zh.contains("祝贺")));
}

fn pairs_of_a_greeting() -> Vec<(String, String)> {
    pairs(&[(
        "主席致电法国总统祝贺中欧合作论坛成立十周年。",
        "The President sent a message to the French President to congratulate the 10th anniversary of the Forum on China-Europe Cooperation.",
    )])
}

#[test]
fn a_composed_title_takes_a_bare_english_title_that_leaves_out_what_the_english_never_says() {
    let pairs = pairs(&[(
        "应国务院总理王强邀请，荷兰王国首相马克·吕特将于下周访华。",
        "At the invitation of Premier Wang Qiang, Prime Minister Mark Rutte of the Kingdom of the Netherlands will visit China next week.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    // The English has no `State Council`; the title after the comma is Mark Rutte's.
    assert_eq!(
        mined(&candidates, "国务院总理"),
        Some((Category::Title, vec!["Premier".to_owned()]))
    );
    // English splits the title around the name, and `of the Kingdom of the Netherlands` renders
    // the whole qualifier: the part before the name renders the composed title.
    assert_eq!(
        mined(&candidates, "荷兰王国首相"),
        Some((Category::Title, vec!["Prime Minister".to_owned()]))
    );
    // A title cut inside its qualifier (`荷兰|王国首相`) is no such title.
    assert!(mined(&candidates, "王国首相").is_none());
}

#[test]
fn a_name_always_followed_by_the_head_of_an_agency_is_the_agency() {
    let pairs = pairs(&[(
        "据海峡社消息，两岸企业家峰会昨天在厦门开幕。",
        "The Cross-Strait Entrepreneurs Summit opened in Xiamen yesterday, Haixia reported.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "海峡社"),
        Some((Category::Organisation, vec!["Haixia".to_owned()]))
    );
    assert_eq!(mined(&candidates, "海峡"), None);
}

#[test]
fn a_short_form_without_the_place_joins_the_full_form_its_english_renders() {
    let pairs = pairs(&[
        ("成都市委召开全会。", "The CPC Chengdu Committee held a plenary session."),
        (
            "他代表市委、市政府致辞。",
            "He spoke on behalf of the CPC Chengdu Committee and the Municipal Government.",
        ),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    let full = candidates.iter().find(|candidate| candidate.zh == "成都市委").unwrap();
    assert_eq!(full.category, Category::Organisation);
    assert_eq!(full.renderings[0].en, "CPC Chengdu Committee");
    assert!(full.short_forms.contains(&"市委".to_owned()), "{:?}", full.short_forms);
    assert_eq!(mined(&candidates, "市委"), None);
}

#[test]
fn the_name_after_a_later_of_is_a_name_of_its_own() {
    let pairs = pairs(&[(
        "1998年，法国驻华大使馆文化处驻上海办公室设立。",
        "In 1998, the Shanghai Office of the Cultural Section of the Embassy of France was established.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "法国驻华大使馆"),
        Some((Category::Organisation, vec!["Embassy of France".to_owned()]))
    );
}

#[test]
fn an_organisation_written_with_the_place_its_english_names_takes_that_form() {
    let pairs = pairs(&[(
        "市政府外办将支持领事馆的工作。",
        "The Foreign Affairs Office of Chengdu Municipal People's Government will support the work of the consulate.",
    )]);
    let monolingual = ["领事表示，将与成都市政府外办保持联系。".to_owned()];
    let candidates = mine_candidates(&pairs, &monolingual);
    let full = candidates.iter().find(|candidate| candidate.zh == "成都市政府外办").unwrap();
    assert_eq!(full.category, Category::Organisation);
    assert_eq!(
        full.renderings[0].en,
        "Foreign Affairs Office of Chengdu Municipal People's Government"
    );
    assert!(full.short_forms.contains(&"市政府外办".to_owned()), "{:?}", full.short_forms);
}

#[test]
fn two_inviters_joined_by_and_the_are_two_organisations() {
    // `应…邀请`: `应` opens the inviters, no name; `and the` starts the second inviter's name.
    let pairs = pairs(&[(
        "应中华文化交流基金会与西安市政府邀请，代表团访问了西安。",
        "At the invitation of the China Foundation for Cultural Exchange and the Municipal Government of Xi'an, the delegation visited Xi'an.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "中华文化交流基金会"),
        Some((Category::Organisation, vec!["China Foundation for Cultural Exchange".to_owned()]))
    );
    assert!(
        !candidates
            .iter()
            .any(|candidate| candidate.zh.starts_with('应') || candidate.zh.contains("基金会与")),
        "{:?}",
        candidates.iter().map(|candidate| &candidate.zh).collect::<Vec<_>>()
    );
}

/// Mines the one pair `(zh, en)` and asserts that `term` is an organisation rendered `rendering`.
fn assert_mines_organisation(zh: &str, en: &str, term: &str, rendering: &str) {
    let candidates = mine_candidates(&pairs(&[(zh, en)]), &[]);
    assert_eq!(
        mined(&candidates, term),
        Some((Category::Organisation, vec![rendering.to_owned()]))
    );
}

#[test]
fn an_office_of_two_coordinated_affairs_is_one_name() {
    // `Foreign and Overseas Chinese Affairs Office`: the words before `and` name no body of
    // their own, so the name runs across `and` though the Chinese has no conjunction; and
    // `举办` (held) is a verb, no `…办` (office).
    assert_mines_organisation(
        "广州市政府外事侨务办公室举办了招待会。",
        "Guangzhou Foreign and Overseas Chinese Affairs Office held a reception.",
        "广州市政府外事侨务办公室",
        "Guangzhou Foreign and Overseas Chinese Affairs Office",
    );
}

#[test]
fn an_organisation_at_another_is_named_with_it() {
    // `X at the Y` ↔ `YX`: the Chinese names the host organisation first.
    assert_mines_organisation(
        "墨尔本大学孔子学院举办了中文比赛。",
        "The Confucius Institute at the University of Melbourne held a Chinese contest.",
        "墨尔本大学孔子学院",
        "Confucius Institute at the University of Melbourne",
    );
}

#[test]
fn a_lower_case_word_the_chinese_translates_opens_the_name() {
    assert_mines_organisation(
        "江北区人民政府召开了会议。",
        "The people's Government of Jiangbei District held a meeting.",
        "江北区人民政府",
        "people's Government of Jiangbei District",
    );
}

#[test]
fn a_place_with_its_suffix_is_rendered_with_the_suffix_the_english_writes() {
    let pairs = pairs(&[
        ("代表团参观了株洲市。", "The delegation visited Zhuzhou City."),
        ("株洲市的企业很多。", "There are many companies in Zhuzhou."),
        ("他们明天离开株洲市。", "They leave Zhuzhou City tomorrow."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    let place = candidates.iter().find(|candidate| candidate.zh == "株洲市").unwrap();
    assert_eq!(place.category, Category::Place);
    assert_eq!(place.renderings[0].en, "Zhuzhou City");
}

#[test]
fn a_name_linked_by_order_alone_must_sound_like_its_english() {
    // Chinese names the Korean president where English names the American host: order alone
    // would pair `朴槿惠` with `Ms. Rice`.
    let pairs = pairs(&[(
        "韩国总统朴槿惠也收到了邀请。",
        "Ms. Rice also invited the South Korean leader.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    let renderings = mined(&candidates, "朴槿惠").map(|(_, renderings)| renderings);
    assert!(renderings.is_none_or(|renderings| !renderings.contains(&"Rice".to_owned())));
}

#[test]
fn a_foreign_name_ends_before_a_verb_and_never_runs_into_the_clause() {
    let pairs = pairs(&[
        (
            "法国总理让·卡斯泰克斯签订了协议。",
            "French Prime Minister Jean Castex signed the agreement.",
        ),
        (
            "法国总理让·卡斯泰克斯批准协议。",
            "French Prime Minister Jean Castex approved the agreement.",
        ),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    let persons: Vec<&str> = candidates
        .iter()
        .filter(|candidate| candidate.category == Category::Person)
        .map(|candidate| candidate.zh.as_str())
        .collect();
    assert!(persons.iter().all(|zh| !zh.contains("签订") && !zh.contains("批准")), "{persons:?}");
}

#[test]
fn a_title_split_around_its_holder_is_rendered_by_its_part_before_the_name() {
    // `Prime Minister Fumio Kishida of Japan`: the country follows the name in English.
    let pairs = pairs(&[(
        "日本首相岸田文雄将访问北京。",
        "Prime Minister Fumio Kishida of Japan will visit Beijing.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    assert_eq!(
        mined(&candidates, "日本首相"),
        Some((Category::Title, vec!["Prime Minister".to_owned()]))
    );
}

#[test]
fn two_characters_spelling_the_end_of_a_longer_name_are_no_place() {
    // `兰卡` spells `Lanka`, but both languages go on to the left: `斯里兰卡` ↔ `Sri Lanka`.
    let pairs = pairs(&[
        ("代表团访问了斯里兰卡和成都。", "The delegation visited Sri Lanka and Chengdu."),
        ("斯里兰卡的茶叶很有名。", "The tea of Sri Lanka is famous."),
    ]);
    let candidates = mine_candidates(&pairs, &[]);
    assert!(mined(&candidates, "兰卡").is_none());
    assert_eq!(mined(&candidates, "成都"), Some((Category::Place, vec!["Chengdu".to_owned()])));
}

#[test]
fn the_second_half_of_a_name_joined_across_and_is_no_name_of_its_own() {
    let pairs = pairs(&[(
        "广州市政府外事侨务办公室、越秀区人民政府共同举行了招待会。",
        "Guangzhou Foreign and Overseas Chinese Affairs Office, people's Government of Yuexiu District held a reception.",
    )]);
    let candidates = mine_candidates(&pairs, &[]);
    let halves: Vec<&str> = candidates
        .iter()
        .filter(|candidate| {
            candidate.renderings.iter().any(|rendering| rendering.en.starts_with("Overseas"))
        })
        .map(|candidate| candidate.zh.as_str())
        .collect();
    assert!(halves.is_empty(), "{halves:?}");
}
