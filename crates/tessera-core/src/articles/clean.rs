//! Cleaning: dropping page noise from decoded article text, reporting every dropped span.
//!
//! Each line is a candidate paragraph. The rules work on the *shape* of a line, never on literal
//! strings from known articles, so they carry over to other Chinese government news sites:
//!
//! | reason | what the rule looks for |
//! |---|---|
//! | [`Spam`](DropReason::Spam) | two adult-only terms (`久久`, `无码`…), or one plus a spam-title term (`国产`, `高清`…) or `_`/`|` keyword stuffing, or two spam-title terms with stuffing |
//! | [`RelatedArticles`](DropReason::RelatedArticles) | a heading such as `猜你喜欢`/`相关阅读`/`Related news`, then every following short line without final punctuation; `上一篇：`/`下一篇：` links |
//! | [`KeywordLine`](DropReason::KeywordLine) | a line starting `关键词：`, `标签：`, `Keywords:` … |
//! | [`Breadcrumb`](DropReason::Breadcrumb) | three or more short steps joined by `>`/`›`/`»`, or `当前位置：…`; a short line equal to one of the steps (the section label) |
//! | [`PhoneNumber`](DropReason::PhoneNumber) | a line that is only contact labels (`电话`, `传真`, `Tel`) and phone numbers |
//! | [`DateOrIssue`](DropReason::DateOrIssue) | a line that is only dates, times, `来源：`/`阅读量：`-style metadata, or a short publication name with an issue (`2021年4期`) |
//! | [`Byline`](DropReason::Byline) | `编辑：`/`记者：`/`文/`-style credits; a lone 2–4 character personal name (known surname) before the first or after the last body paragraph |
//! | [`Caption`](DropReason::Caption) | a short line ending in a photo credit (`供图`, `摄`, `图片来源：`) or starting `图为`, `Photo:` |
//! | [`PageNoise`](DropReason::PageNoise) | lines made only of site furniture (`APP下载`, `分享到`, `打印`, `返回顶部`), copyright/ICP lines, lines without letters |
//! | [`RunningHeader`](DropReason::RunningHeader) | a title-case phrase next to page numbers that recurs with two or more different numbers (`60 The World and Chongqing`); a bare page number; a headline or a body paragraph repeated verbatim later in the text (only the first is kept); page numbers counting up at line starts where the page break cuts a sentence (`Secre` / `2、tary`), whose lines are joined again |
//! | [`PinyinArtefact`](DropReason::PinyinArtefact) | a tone-marked pinyin syllable in brackets right after a Han character (`實(shí)`) |
//! | [`PageNoise`](DropReason::PageNoise), inside a line | a list bullet (`●`, `■`, `◆`, `▶`, `•`…) that starts a line, with the space after it: a translation unit never holds it |
//! | [`PageNoise`](DropReason::PageNoise), inside a line | a site's label before a headline (`【转载】`, `[视频]`) or after one (`(中英对照)`, `（附英文）`, with a part number before it) |
//!
//! Odd spaces (no-break, ideographic, thin) become plain spaces and zero-width characters are
//! removed. A removed running header inside a line is a page break, so the line is cut there into
//! separate paragraphs (unless the sentence plainly continues in lower case). A run of three or
//! more very short Han-only lines at the top is a headline broken over lines and is joined.

use std::{
    collections::{BTreeSet, HashMap},
    sync::LazyLock,
};

use regex::Regex;

use crate::articles::{
    Cleaned, DropReason, DroppedSpan, Paragraph,
    split::{Script, is_cjk_punctuation, script_of},
};

/// A regex compiled once. `None` only if the literal pattern were invalid, which the tests rule
/// out because every rule has a test that needs its pattern to match.
type Pattern = LazyLock<Option<Regex>>;

fn is_match(pattern: &Pattern, text: &str) -> bool {
    pattern.as_ref().is_some_and(|regex| regex.is_match(text))
}

macro_rules! pattern {
    ($source:expr) => {
        LazyLock::new(|| Regex::new($source).ok())
    };
}

/// Terms that only occur in adult or pirated-video spam.
static STRONG_SPAM_TERMS: &[&str] = &[
    "久久",
    "婷婷",
    "无码",
    "無碼",
    "有码",
    "有碼",
    "俺来也",
    "俺來也",
    "乱伦",
    "亂倫",
    "偷拍",
    "人妻",
    "少妇",
    "少婦",
    "巨乳",
    "双乳",
    "雙乳",
    "色情",
    "av在线",
    "av在線",
    "成人视频",
    "成人影片",
    "porn",
    "xxx",
];
/// Terms common in spam titles that also occur in real news (`国产大飞机`, `一级巡视员`).
static WEAK_SPAM_TERMS: &[&str] = &[
    "国产",
    "國產",
    "精品",
    "一级",
    "一級",
    "在线观看",
    "在線觀看",
    "免费观看",
    "免費觀看",
    "高清",
    "丝袜",
    "絲襪",
    "高耸",
    "高聳",
    "白嫩",
    "日韩",
    "日韓",
    "欧美",
    "歐美",
];

static RELATED_HEADING: Pattern = pattern!(
    r"(?i)^[\s【\[<《（(]*(猜你喜欢|猜你喜歡|相关阅读|相關閱讀|相关文章|相關文章|相关新闻|相關新聞|相关推荐|相關推薦|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|热点推荐|熱點推薦|热门文章|熱門文章|更多阅读|更多閱讀|更多新闻|更多新聞|往期回顾|往期回顧|related (articles|news|stories|reading|links)|you may also like|recommended( for you)?|read more)[\s】\]>》）):：]*$"
);
static PREVIOUS_NEXT_LINK: Pattern =
    pattern!(r"(?i)^(上一篇|下一篇|上一条|下一条|上一條|下一條|previous|next)\s*[:：]");
static KEYWORD_LINE: Pattern = pattern!(
    r"(?i)^[\s【\[]*(关键词|關鍵詞|关键字|關鍵字|标签|標籤|主题词|主題詞|tags?|keywords?)[\s】\]]*[:：]"
);
static BREADCRUMB_START: Pattern =
    pattern!(r"^(当前位置|當前位置|您的位置|您现在的位置|您現在的位置|所在位置)\s*[:：]");
static PHONE_NUMBER: Pattern = pattern!(r"\+?\(?\d[\d\s\-()（）]{5,}\d");
static CONTACT_LABEL: Pattern = pattern!(
    r"(?i)(联系电话|聯繫電話|咨询电话|諮詢電話|服务热线|服務熱線|电话|電話|传真|傳真|热线|熱線|手机|手機|tel|phone|fax|hotline)"
);
static DATE_OR_TIME: Pattern = pattern!(
    r"(?i)(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}:\d{2}(:\d{2})?|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{4})"
);
static ISSUE: Pattern = pattern!(
    r"(?i)(\d{4}\s*年\s*(第\s*)?\d{1,3}\s*期|第\s*\d{1,4}\s*期|issue\s+\d{1,3}|no\.\s*\d{1,3},?\s*\d{4})"
);
static METADATA_FIELD: Pattern = pattern!(
    r"(?i)(来源|來源|发布时间|發布時間|发布日期|發布日期|发布|發布|时间|時間|日期|浏览次数|瀏覽次數|阅读量|閱讀量|阅读数|閱讀數|阅读|閱讀|点击数|點擊數|点击量|點擊量|点击|點擊|访问量|訪問量|字号|字號|source|date|published|updated|views)\s*[:：]\s*[^\s:：]*"
);
static BYLINE_PREFIX: Pattern = pattern!(
    r"(?i)^[\s【\[（(]*(责任编辑|責任編輯|编辑|編輯|责编|責編|主编|主編|审核|審核|审校|審校|校对|校對|作者|记者|記者|撰稿|撰文|摄影|攝影|摄像|攝像|通讯员|通訊員|供稿|翻译|翻譯|译者|譯者|文字|文/图|文／图|文|editor|edited by|reporter|writer|written by|translator|translated by)\s*[:：/／|｜]\s*\S"
);
static BYLINE_IN_BRACKETS: Pattern =
    pattern!(r"^[（(](记者|記者|通讯员|通訊員|本报记者|本報記者)[^)）]{1,24}[)）]$");
static ENGLISH_BYLINE: Pattern = pattern!(r"^By [A-Z][a-z]+( [A-Z][a-z]+){0,3}$");
static CAPTION_END: Pattern = pattern!(
    r"(供图|供圖|摄|攝|摄影|攝影|资料图|資料圖|资料图片|資料圖片|(图片来源|圖片來源|图源|圖源)\s*[:：].{0,24}|新华社发|新華社發)[)）]?$"
);
static CAPTION_START: Pattern = pattern!(
    r"(?i)^([上下左右]?图[为為:：]|[上下左右]?圖[为為:：]|photo( by|:| courtesy of)|image( by|:)|\(photo)"
);
static FURNITURE: Pattern = pattern!(
    r"(?i)^(在手机打开当前页|在手機打開當前頁|手机扫一扫|手機掃一掃|打开当前页|打開當前頁|我要纠错|我要糾錯|纠错|糾錯|视力保护色|視力保護色|阅读全文|閱讀全文|app下载|下载app|app下載|下載app|客户端下载|客戶端下載|下载客户端|下載客戶端|扫一扫|掃一掃|扫码|掃碼|分享到|分享至|分享|打印本页|打印本頁|打印|列印|关闭窗口|關閉窗口|关闭|關閉|返回顶部|返回頂部|返回首页|返回首頁|返回|收藏|字号|字號|字体|字體|大|中|小|默认|默認|首页|首頁|登录|登錄|注册|註冊|微信|微博|qq|share|print|close|back to top|top|home|menu|search|搜索|english|中文|简体|简体中文|繁體|繁体|无障碍|無障礙|\||｜|:|：|【|】|\[|\]|\s)+$"
);
static COPYRIGHT: Pattern = pattern!(
    r"(?i)(版权所有|版權所有|copyright|©|icp备|icp備|icp证|icp證|公网安备|公網安備|网站标识码|網站標識碼|主办单位|主辦單位|承办单位|承辦單位|技术支持|技術支持|all rights reserved)"
);
static PAGE_NUMBER_LINE: Pattern = pattern!(
    r"(?i)^([-–—\s]*\d{1,3}[-–—\s]*|第\s*\d{1,3}\s*[页頁版]|page\s+\d{1,3}|\d{1,3}\s*/\s*\d{1,3})$"
);
static PINYIN_ARTEFACT: Pattern = pattern!(
    r"([\p{Han}?\x{FFFD}])([(（]\s*([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{0,6})\s*[)）])"
);
/// A pinyin artefact whose bracket and character were lost to a replacement character (`?duì)`).
static PINYIN_REMNANT: Pattern = pattern!(
    r"([?\x{FFFD}])([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{0,6}[)）])"
);
/// A site's label before a headline (`【转载】`, `[视频]`): how the page filed the story, not part of
/// its title.
static LEADING_LABEL: Pattern = pattern!(
    r"(?i)^\s*[【\[［]\s*(转载|轉載|原创|原創|双语|雙語|独家|獨家|视频|視頻|图文|圖文|组图|組圖|快讯|快訊|专题|專題|译文|譯文|中英对照|中英對照|bilingual|video|photos?|exclusive)\s*[】\]］]\s*"
);
/// A site's label after a headline (`(中英对照)`, `（附英文）`, with a part number before it:
/// `答问(1)(中英對照)`): the translation's title never carries it.
static TRAILING_LABEL: Pattern = pattern!(
    r"(?i)\s*([(（]\s*\d{1,2}\s*[)）]\s*)?[(（【\[［]\s*(中英对照|中英對照|中英双语|中英雙語|双语|雙語|中英文|中英文版|附英文|英文版|全文|视频|視頻|组图|組圖|bilingual|with english translation|full text|video|photos?)\s*[)）】\]］]\s*$"
);
static HEADER_BEFORE_NUMBER: Pattern = pattern!(
    r"((?:[A-Z][a-z]+|[A-Z]{2,})(?: (?:[A-Z][a-z]+|[A-Z]{2,}|and|of|the|in|for|on|to|a|&)){1,6}) (\d{1,3})"
);
static HEADER_AFTER_NUMBER: Pattern = pattern!(
    r"(\d{1,3}) ((?:[A-Z][a-z]+|[A-Z]{2,})(?: (?:[A-Z][a-z]+|[A-Z]{2,}|and|of|the|in|for|on|to|a|&)){1,6})"
);

/// Common Chinese surnames (simplified and traditional). Surnames that also start everyday
/// two-character words (文, 明, 和, 全, 成, 安, 时, 路…) are left out on purpose.
const SURNAMES: &str = "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付傅方邹鄒孟熊秦邱江尹薛闫閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔汤湯温溫康施牛樊葛邢齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳祝宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂苗盛曲翁冉骆駱蓝藍游辛靳管柴蒙鲍鮑喻祁蒲房滕屈饶饒解牟艾尤阳陽穆农農卓缪繆简簡车車项項连連芦蘆麦麥褚娄婁窦竇戚岑党黨宫宮费費卜冷晏席卫衛柏瞿桂佟应應臧闵閔苟邬鄔边邊卞姬师師仇栾欒隋刁荣榮巫寇桑郎甄丛叢仲虞敖巩鞏佘池麻苑迟遲邝鄺";
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "皇甫", "令狐", "慕容",
    "尉迟", "尉遲", "公孙", "公孫", "司徒", "夏侯", "长孙", "長孫",
];

/// One input line, normalised, with the origin of every kept character.
struct Line {
    chars: Vec<char>,
    /// Char offset in the input of each character in `chars`.
    origin: Vec<usize>,
    /// Char offsets of the whole line in the input (without its line break).
    start: usize,
    end: usize,
    /// Set when the whole line is dropped.
    reason: Option<DropReason>,
    /// Per character: the reason it was removed.
    removed: Vec<Option<DropReason>>,
    /// Per character: a paragraph break before it.
    breaks: Vec<bool>,
    /// Set when the line continues the previous kept line across a page break: the text that
    /// joins them (empty inside a word).
    joins_previous: Option<&'static str>,
}

impl Line {
    fn text(&self) -> String {
        self.chars.iter().collect()
    }
}

/// Odd spaces that become a plain space.
fn is_odd_space(character: char) -> bool {
    matches!(
        character,
        '\t' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Characters that are removed: zero-width spaces and joiners, BOMs, soft hyphens, carriage
/// returns.
fn is_invisible(character: char) -> bool {
    matches!(character, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' | '\r')
}

/// Splits the input into normalised lines, keeping each character's offset.
fn normalised_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in text.split('\n') {
        let n_chars = raw.chars().count();
        let mut chars = Vec::with_capacity(n_chars);
        let mut origin = Vec::with_capacity(n_chars);
        for (idx, character) in raw.chars().enumerate() {
            if is_invisible(character) {
                continue;
            }
            let character = if is_odd_space(character) { ' ' } else { character };
            if character == ' ' && chars.last().is_none_or(|last| *last == ' ') {
                continue;
            }
            chars.push(character);
            origin.push(offset + idx);
        }
        if chars.last() == Some(&' ') {
            chars.pop();
            origin.pop();
        }
        let n_kept = chars.len();
        lines.push(Line {
            chars,
            origin,
            start: offset,
            end: offset + n_chars,
            reason: None,
            removed: vec![None; n_kept],
            breaks: vec![false; n_kept],
            joins_previous: None,
        });
        offset += n_chars + 1;
    }
    lines
}

pub(super) fn clean_text(text: &str) -> Cleaned {
    let mut lines = normalised_lines(text);
    classify_lines(&mut lines);
    mark_pinyin_artefacts(&mut lines);
    mark_list_markers(&mut lines);
    mark_headline_labels(&mut lines);
    mark_running_headers(&mut lines);
    mark_repeated_headlines(&mut lines);
    mark_page_numbers_inside_text(&mut lines);
    let paragraphs = assemble_paragraphs(&lines);
    let dropped = dropped_spans(text, &lines);
    let title_idx = paragraphs.first().filter(|first| is_headline(&first.text)).map(|_| 0);
    Cleaned { paragraphs, dropped, title_idx }
}

fn char_count(text: &str) -> usize {
    text.chars().count()
}

fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['”', '’', '"', '\'', ')', '）', '」', '』', ' ']);
    trimmed.ends_with(['。', '！', '？', '.', '!', '?', '；', ';'])
}

/// A line of running text rather than a label, title or list item.
fn is_body(text: &str) -> bool {
    let n_chars = char_count(text);
    (ends_sentence(text) && n_chars >= 15) || n_chars >= 80
}

/// A headline: a short line without final punctuation.
fn is_headline(text: &str) -> bool {
    let n_chars = char_count(text);
    (4..=80).contains(&n_chars)
        && !ends_sentence(text)
        && text.chars().any(|c| script_of(c) != Script::Neutral)
}

fn has_letters(text: &str) -> bool {
    text.chars().any(|c| c.is_alphabetic() || script_of(c) == Script::Han && !is_cjk_punctuation(c))
}

/// Not `》`/`〉`: they close book titles in ordinary Chinese text.
const BREADCRUMB_SEPARATORS: &[char] = &['>', '›', '»', '＞', '→'];

/// The steps of a navigation trail, when the line is one.
fn breadcrumb_steps(text: &str) -> Option<Vec<String>> {
    if is_match(&BREADCRUMB_START, text) {
        let rest = text.split_once([':', '：']).map_or(text, |(_, rest)| rest);
        return Some(rest.split(BREADCRUMB_SEPARATORS).map(|s| s.trim().to_owned()).collect());
    }
    let steps: Vec<&str> = text.split(BREADCRUMB_SEPARATORS).map(str::trim).collect();
    let n_named = steps.iter().filter(|step| !step.is_empty()).count();
    let all_short = steps.iter().all(|step| char_count(step) <= 16 && !ends_sentence(step));
    let is_trail = steps.len() >= 3 && n_named >= 2 && all_short && !steps[0].is_empty();
    is_trail.then(|| steps.iter().map(|step| (*step).to_owned()).collect())
}

/// Spam: two adult-only terms, or one with any other spam sign, or several spam-title terms
/// stuffed between `_` or `|` separators.
fn is_spam(text: &str) -> bool {
    let lowered = text.to_lowercase();
    let count = |terms: &[&str]| terms.iter().filter(|term| lowered.contains(*term)).count();
    let (n_strong, n_weak) = (count(STRONG_SPAM_TERMS), count(WEAK_SPAM_TERMS));
    let n_fragments = text.split(['_', '|']).filter(|part| !part.trim().is_empty()).count();
    let stuffed = n_fragments >= 3 && !ends_sentence(text);
    n_strong >= 2 || (n_strong == 1 && (n_weak >= 1 || stuffed)) || (n_weak >= 2 && stuffed)
}

fn is_contact_line(text: &str) -> bool {
    let Some(label) = CONTACT_LABEL.as_ref() else { return false };
    let Some(number) = PHONE_NUMBER.as_ref() else { return false };
    let has_label = label.is_match(text);
    let has_number = number.is_match(text);
    if !(has_label || has_number) {
        return false;
    }
    let without_numbers = number.replace_all(text, "");
    let rest = label.replace_all(&without_numbers, "");
    rest.chars().all(|c| !c.is_alphanumeric() || c == 'x' || c == 'X')
}

fn is_date_or_issue(text: &str) -> bool {
    let (Some(date), Some(issue), Some(field)) =
        (DATE_OR_TIME.as_ref(), ISSUE.as_ref(), METADATA_FIELD.as_ref())
    else {
        return false;
    };
    let has_date = date.is_match(text);
    let has_issue = issue.is_match(text);
    let has_field = field.is_match(text);
    if !(has_date || has_issue || has_field) {
        return false;
    }
    let rest = field.replace_all(text, "");
    let rest = date.replace_all(&rest, "");
    let rest = issue.replace_all(&rest, "");
    let rest: String = rest.chars().filter(|c| c.is_alphanumeric()).collect();
    // A publication name may stand before its issue number (`某某杂志 2021年4期`).
    rest.is_empty() || (has_issue && char_count(&rest) <= 12 && !ends_sentence(text))
}

fn is_byline(text: &str) -> bool {
    let short = char_count(text) <= 40 && !ends_sentence(text.trim_end_matches(['。', '.']));
    (is_match(&BYLINE_PREFIX, text) && short)
        || is_match(&BYLINE_IN_BRACKETS, text)
        || is_match(&ENGLISH_BYLINE, text)
}

fn is_personal_name(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let all_han = chars.iter().all(|c| script_of(*c) == Script::Han && !is_cjk_punctuation(*c));
    if let Some((family, given)) = text.split_once(['·', '•']) {
        let han_only =
            |part: &str| !part.is_empty() && part.chars().all(|c| script_of(c) == Script::Han);
        return han_only(family) && han_only(given) && chars.len() <= 12;
    }
    if !all_han || !(2..=4).contains(&chars.len()) {
        return false;
    }
    SURNAMES.contains(chars[0])
        || (chars.len() >= 3 && COMPOUND_SURNAMES.iter().any(|surname| text.starts_with(surname)))
}

fn is_caption(text: &str) -> bool {
    // `…在重庆拍摄` is a headline about filming, not a photo credit.
    let without_bracket = text.trim_end_matches([')', '）']);
    if without_bracket.ends_with("拍摄") || without_bracket.ends_with("拍攝") {
        return false;
    }
    let n_chars = char_count(text);
    let n_sentences = text.matches('。').count();
    (is_match(&CAPTION_END, text) && n_chars <= 60 && n_sentences <= 2)
        || (is_match(&CAPTION_START, text) && n_chars <= 120)
}

fn is_page_noise(text: &str) -> bool {
    // A bullet before a furniture label (`• 字體:`) is furniture too.
    let without_bullets = text.trim_start_matches(|c: char| is_list_marker(c) || c == ' ');
    !has_letters(text)
        || is_match(&FURNITURE, without_bullets)
        || (is_match(&COPYRIGHT, text) && char_count(text) <= 120)
}

/// Drops whole lines. Rules see the whole document: related-article lists run to the next body
/// line, lone names count only around the body, section labels repeat a breadcrumb step.
fn classify_lines(lines: &mut [Line]) {
    let texts: Vec<String> = lines.iter().map(Line::text).collect();
    let breadcrumb_steps_in_doc: BTreeSet<String> =
        texts.iter().filter_map(|text| breadcrumb_steps(text)).flatten().collect();
    let first_body = texts.iter().position(|text| is_body(text));
    let last_body = texts.iter().rposition(|text| is_body(text));
    let mut line_counts: HashMap<&str, usize> = HashMap::new();
    for text in &texts {
        *line_counts.entry(text.as_str()).or_default() += 1;
    }
    let mut seen_repeated: BTreeSet<&str> = BTreeSet::new();
    let mut in_related_list = false;
    for (idx, (line, text)) in lines.iter_mut().zip(&texts).enumerate() {
        if text.is_empty() {
            continue;
        }
        if in_related_list && !is_body(text) && char_count(text) <= 80 {
            line.reason = Some(if is_page_noise(text) {
                DropReason::PageNoise
            } else {
                DropReason::RelatedArticles
            });
            continue;
        }
        in_related_list = false;
        let outside_body =
            first_body.is_none_or(|first| idx < first) || last_body.is_none_or(|last| idx > last);
        let reason = if is_match(&PAGE_NUMBER_LINE, text) {
            Some(DropReason::RunningHeader)
        } else if is_spam(text) {
            Some(DropReason::Spam)
        } else if is_match(&RELATED_HEADING, text) {
            in_related_list = true;
            Some(DropReason::RelatedArticles)
        } else if is_match(&PREVIOUS_NEXT_LINK, text) {
            Some(DropReason::RelatedArticles)
        } else if is_match(&KEYWORD_LINE, text) {
            Some(DropReason::KeywordLine)
        } else if breadcrumb_steps(text).is_some() {
            Some(DropReason::Breadcrumb)
        } else if is_byline(text) {
            Some(DropReason::Byline)
        } else if is_date_or_issue(text) {
            Some(DropReason::DateOrIssue)
        } else if is_contact_line(text) {
            Some(DropReason::PhoneNumber)
        } else if is_caption(text) {
            Some(DropReason::Caption)
        } else if is_page_noise(text) {
            Some(DropReason::PageNoise)
        } else if outside_body && is_personal_name(text) {
            Some(DropReason::Byline)
        } else if char_count(text) <= 10 && breadcrumb_steps_in_doc.contains(text.as_str()) {
            Some(DropReason::Breadcrumb)
        } else if line_counts.get(text.as_str()).is_some_and(|n| *n >= 3)
            && !is_body(text)
            && !seen_repeated.insert(text.as_str())
        {
            Some(DropReason::RunningHeader)
        } else if line_counts.get(text.as_str()).is_some_and(|n| *n >= 2)
            && is_body(text)
            && !seen_repeated.insert(text.as_str())
        {
            // A paragraph printed again verbatim (a lead repeated under the story): one copy is
            // the text, the others are layout and would pair a second time.
            Some(DropReason::RunningHeader)
        } else {
            None
        };
        line.reason = reason;
    }
}

/// Maps byte offsets of `text` (built from `chars`) to char indices.
fn char_index_of_byte(text: &str) -> impl Fn(usize) -> usize + '_ {
    let byte_starts: Vec<usize> = text.char_indices().map(|(byte, _)| byte).collect();
    move |byte| byte_starts.partition_point(|start| *start < byte)
}

/// Removes pinyin readings after Han characters.
fn mark_pinyin_artefacts(lines: &mut [Line]) {
    for line in lines.iter_mut().filter(|line| line.reason.is_none()) {
        let text = line.text();
        let to_char = char_index_of_byte(&text);
        for pattern in [&PINYIN_ARTEFACT, &PINYIN_REMNANT] {
            let Some(regex) = pattern.as_ref() else { continue };
            for captures in regex.captures_iter(&text) {
                let Some(artefact) = captures.get(2) else { continue };
                let (start, end) = (to_char(artefact.start()), to_char(artefact.end()));
                for removed in &mut line.removed[start..end] {
                    *removed = Some(DropReason::PinyinArtefact);
                }
            }
        }
    }
}

/// Characters that web pages and magazines set before a list item. The middle dot `·` is left
/// out: it joins the parts of a foreign name.
fn is_list_marker(character: char) -> bool {
    matches!(
        character,
        '●' | '○'
            | '◎'
            | '■'
            | '□'
            | '◆'
            | '◇'
            | '▪'
            | '▫'
            | '▶'
            | '►'
            | '▸'
            | '•'
            | '‣'
            | '∙'
    )
}

/// Removes a list bullet that starts a kept line, and the spaces after it: the item is a
/// paragraph of its own, the bullet is layout.
fn mark_list_markers(lines: &mut [Line]) {
    for line in lines.iter_mut().filter(|line| line.reason.is_none()) {
        let mut idx = 0;
        while idx < line.chars.len() && is_list_marker(line.chars[idx]) {
            idx += 1;
        }
        if idx == 0 {
            continue;
        }
        while idx < line.chars.len() && line.chars[idx] == ' ' {
            idx += 1;
        }
        if idx == line.chars.len() {
            // Nothing but bullets: a line without letters, which `classify_lines` judges.
            continue;
        }
        for removed in &mut line.removed[..idx] {
            *removed = Some(DropReason::PageNoise);
        }
    }
}

/// Removes a site's filing label before a headline (`【转载】`) and its language label after one
/// (`(中英对照)`, with the part number before it), so the headline pairs with the translation's.
/// A label after text that ends a sentence is left: only headlines carry them.
fn mark_headline_labels(lines: &mut [Line]) {
    for line in lines.iter_mut().filter(|line| line.reason.is_none()) {
        let text = line.text();
        let to_char = char_index_of_byte(&text);
        let mut spans = Vec::new();
        if let Some(found) = LEADING_LABEL.as_ref().and_then(|regex| regex.find(&text))
            && found.end() < text.len()
        {
            spans.push((to_char(found.start()), to_char(found.end())));
        }
        if let Some(found) = TRAILING_LABEL.as_ref().and_then(|regex| regex.find(&text))
            && let before = &text[..found.start()]
            && !before.trim().is_empty()
            && !ends_sentence(before)
        {
            spans.push((to_char(found.start()), to_char(found.end())));
        }
        for (start, end) in spans {
            for removed in &mut line.removed[start..end] {
                removed.get_or_insert(DropReason::PageNoise);
            }
        }
    }
}

/// The kept text of a line, cut at breaks, as (text, char indices into the line) pieces.
fn kept_pieces(line: &Line) -> Vec<(String, Vec<usize>)> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut indices = Vec::new();
    for (idx, character) in line.chars.iter().enumerate() {
        if line.breaks[idx] && !indices.is_empty() {
            pieces.push((std::mem::take(&mut text), std::mem::take(&mut indices)));
        }
        if line.removed[idx].is_none() {
            text.push(*character);
            indices.push(idx);
        }
    }
    if !indices.is_empty() {
        pieces.push((text, indices));
    }
    pieces
}

/// Removes magazine running headers: a title-case phrase beside a page number that recurs with
/// at least two different numbers. The removal is a page break.
fn mark_running_headers(lines: &mut [Line]) {
    let (Some(before), Some(after)) = (HEADER_BEFORE_NUMBER.as_ref(), HEADER_AFTER_NUMBER.as_ref())
    else {
        return;
    };
    /// A page number with the phrases (char ranges in the line) that may be its header: every
    /// run of two or more words ending at (or starting from) the number.
    struct Candidate {
        line_idx: usize,
        number: u32,
        number_range: (usize, usize),
        phrases: Vec<(String, usize, usize)>,
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    for (line_idx, line) in lines.iter().enumerate().filter(|(_, line)| line.reason.is_none()) {
        let text = line.text();
        let to_char = char_index_of_byte(&text);
        for (regex, number_group, phrase_group, phrase_first) in
            [(before, 2, 1, false), (after, 1, 2, true)]
        {
            for captures in regex.captures_iter(&text) {
                let (Some(number), Some(phrase)) =
                    (captures.get(number_group), captures.get(phrase_group))
                else {
                    continue;
                };
                let number_range = (to_char(number.start()), to_char(number.end()));
                let digit_before =
                    number_range.0 > 0 && line.chars[number_range.0 - 1].is_ascii_digit();
                let digit_after = line.chars.get(number_range.1).is_some_and(char::is_ascii_digit);
                let Ok(value) = number.as_str().parse() else { continue };
                if digit_before || digit_after {
                    continue;
                }
                // Word boundaries inside the phrase, as byte offsets.
                let phrase_text = phrase.as_str();
                let word_starts: Vec<usize> = std::iter::once(0)
                    .chain(phrase_text.match_indices(' ').map(|(idx, _)| idx + 1))
                    .collect();
                let word_ends: Vec<usize> = phrase_text
                    .match_indices(' ')
                    .map(|(idx, _)| idx)
                    .chain(std::iter::once(phrase_text.len()))
                    .collect();
                let phrases = if phrase_first {
                    // `12 China Today The port`: the header is a prefix of the words.
                    word_ends[1..].iter().map(|end| (0, *end)).collect::<Vec<_>>()
                } else {
                    word_starts[..word_starts.len() - 1]
                        .iter()
                        .map(|start| (*start, phrase_text.len()))
                        .collect()
                };
                let phrases = phrases
                    .into_iter()
                    .map(|(start, end)| {
                        (
                            phrase_text[start..end].to_owned(),
                            to_char(phrase.start() + start),
                            to_char(phrase.start() + end),
                        )
                    })
                    .collect();
                candidates.push(Candidate { line_idx, number: value, number_range, phrases });
            }
        }
    }
    let mut numbers_by_phrase: HashMap<&str, BTreeSet<u32>> = HashMap::new();
    for candidate in &candidates {
        for (phrase, _, _) in &candidate.phrases {
            numbers_by_phrase.entry(phrase.as_str()).or_default().insert(candidate.number);
        }
    }
    let headers: BTreeSet<&str> = numbers_by_phrase
        .into_iter()
        .filter(|(_, numbers)| {
            let spread = numbers.last().zip(numbers.first()).map_or(0, |(max, min)| max - min);
            numbers.len() >= 2 && spread <= 50
        })
        .map(|(phrase, _)| phrase)
        .collect();
    let mut removals: Vec<(usize, usize, usize)> = Vec::new();
    for candidate in &candidates {
        let longest_header = candidate
            .phrases
            .iter()
            .filter(|(phrase, _, _)| headers.contains(phrase.as_str()))
            .max_by_key(|(phrase, _, _)| phrase.len());
        if let Some((_, phrase_start, phrase_end)) = longest_header {
            let start = candidate.number_range.0.min(*phrase_start);
            let end = candidate.number_range.1.max(*phrase_end);
            removals.push((candidate.line_idx, start, end));
        }
    }
    for (line_idx, start, end) in removals {
        remove_with_page_break(&mut lines[line_idx], start, end);
    }
}

/// Removes `start..end` of a line as a running header and cuts the paragraph there, unless the
/// text plainly continues (lower case after, no final punctuation before).
fn remove_with_page_break(line: &mut Line, start: usize, end: usize) {
    for removed in &mut line.removed[start..end] {
        *removed = Some(DropReason::RunningHeader);
    }
    let next_kept =
        (end..line.chars.len()).find(|idx| line.removed[*idx].is_none() && line.chars[*idx] != ' ');
    let continues_in_lower_case = next_kept.is_some_and(|idx| line.chars[idx].is_lowercase());
    if let Some(next) = next_kept
        && !continues_in_lower_case
    {
        line.breaks[next] = true;
    }
}

/// A page number that a document site prints at the start of each page (`2、`), with the page
/// break cutting through a sentence or a word (`Secre` / `2、tary-General`).
static PAGE_NUMBER_AT_LINE_START: Pattern = pattern!(r"^(\d{1,3})、\s*");

/// Removes page numbers that open lines and rejoins the text they cut. The numbers must count up
/// one by one through the document, and at least one page must break a long line that does not
/// end a sentence; a numbered list (`1、…。` / `2、…。`) has items that end their sentences or
/// are short, so it keeps its numbers. A page that breaks inside a line joins the line before
/// it, without a space inside a word (`Secre` + `tary`) or between Chinese characters.
fn mark_page_numbers_inside_text(lines: &mut [Line]) {
    let Some(regex) = PAGE_NUMBER_AT_LINE_START.as_ref() else { return };
    // (line index, page number, marker length in chars, previous kept line breaks mid-sentence)
    let mut markers: Vec<(usize, u32, usize, bool)> = Vec::new();
    let mut previous_kept: Option<usize> = None;
    for (line_idx, line) in lines.iter().enumerate() {
        if line.reason.is_some() || line.chars.is_empty() {
            continue;
        }
        let text = line.text();
        if let Some(captures) = regex.captures(&text)
            && let Some(number) = captures.get(1).and_then(|m| m.as_str().parse::<u32>().ok())
            && let Some(marker) = captures.get(0)
            && marker.end() < text.len()
        {
            let breaks_sentence = previous_kept.is_some_and(|previous| {
                let previous_text = lines[previous].text();
                char_count(&previous_text) >= 60
                    && !ends_sentence(&previous_text)
                    && !previous_text.ends_with([':', '：', ','])
            });
            markers.push((line_idx, number, char_count(marker.as_str()), breaks_sentence));
        }
        previous_kept = Some(line_idx);
    }
    let counts_up = markers.windows(2).all(|pair| pair[1].1 == pair[0].1 + 1);
    let n_breaks = markers.iter().filter(|marker| marker.3).count();
    if markers.len() < 2 || !counts_up || n_breaks == 0 {
        return;
    }
    for (line_idx, _, marker_len, breaks_sentence) in markers {
        let previous = (0..line_idx)
            .rev()
            .find(|idx| lines[*idx].reason.is_none() && !lines[*idx].chars.is_empty());
        for removed in &mut lines[line_idx].removed[..marker_len] {
            *removed = Some(DropReason::RunningHeader);
        }
        let Some(previous) = previous.filter(|_| breaks_sentence) else { continue };
        let line = &lines[line_idx];
        let space_after_marker = line.chars[marker_len - 1] == ' ';
        let previous_line = &lines[previous];
        let space_before_break =
            previous_line.origin.last().is_some_and(|last| last + 1 < previous_line.end);
        let last_char = previous_line.chars.last().copied();
        let next_char = line.chars.get(marker_len).copied();
        let inside_word = last_char.is_some_and(|c| c.is_alphabetic() && c.is_ascii())
            && next_char.is_some_and(|c| c.is_ascii_lowercase());
        let between_han = last_char.is_some_and(|c| script_of(c) == Script::Han)
            && next_char.is_some_and(|c| script_of(c) == Script::Han);
        let joiner = if !space_after_marker && !space_before_break && (inside_word || between_han) {
            ""
        } else {
            " "
        };
        lines[line_idx].joins_previous = Some(joiner);
    }
}

/// Handles a bilingual headline printed again on later pages: a Han run without final
/// punctuation that recurs verbatim, followed in every occurrence by the same English words. The first
/// occurrence is cut out as its own paragraphs; later ones are removed as running headers.
fn mark_repeated_headlines(lines: &mut [Line]) {
    struct Occurrence {
        line_idx: usize,
        /// Line char indices of the Han headline.
        headline: Vec<usize>,
        /// Line char indices of the Latin text that follows, up to the next Han character.
        following: Vec<usize>,
    }
    let mut occurrences: HashMap<String, Vec<Occurrence>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for (line_idx, line) in lines.iter().enumerate().filter(|(_, line)| line.reason.is_none()) {
        for (_, indices) in kept_pieces(line) {
            let chars: Vec<char> = indices.iter().map(|idx| line.chars[*idx]).collect();
            let runs = crate::articles::split::script_runs(&chars);
            for (run_idx, run) in runs.iter().enumerate() {
                if run.script != Script::Han {
                    continue;
                }
                let trim_start = (run.start..run.end)
                    .find(|idx| script_of(chars[*idx]) == Script::Han)
                    .unwrap_or(run.start);
                let trim_end = (run.start..run.end)
                    .rev()
                    .find(|idx| script_of(chars[*idx]) == Script::Han)
                    .map_or(run.end, |idx| idx + 1);
                let headline: String = chars[trim_start..trim_end].iter().collect();
                // A headline is a whole phrase: not a lead-in to a bracketed gloss or quotation.
                let opens_after = chars[trim_end..run.end]
                    .iter()
                    .chain(chars.get(run.end))
                    .any(|c| matches!(c, '(' | '（' | '“' | '‘' | '《' | '「' | '『' | '【' | '"'));
                let unbalanced = headline
                    .chars()
                    .filter(|c| matches!(c, '“' | '(' | '（' | '《'))
                    .count()
                    != headline.chars().filter(|c| matches!(c, '”' | ')' | '）' | '》')).count();
                if !(6..=40).contains(&char_count(&headline))
                    || ends_sentence(&headline)
                    || opens_after
                    || unbalanced
                {
                    continue;
                }
                let following: Vec<usize> = runs
                    .get(run_idx + 1)
                    .map(|next| {
                        (next.start..next.end)
                            .skip_while(|idx| chars[*idx] == ' ')
                            .map(|idx| indices[idx])
                            .collect()
                    })
                    .unwrap_or_default();
                let key = headline.clone();
                let entry = occurrences.entry(key.clone()).or_default();
                if entry.is_empty() {
                    order.push(key);
                }
                entry.push(Occurrence {
                    line_idx,
                    headline: indices[trim_start..trim_end].to_vec(),
                    following,
                });
            }
        }
    }
    for key in order {
        let Some(found) = occurrences.get(&key) else { continue };
        if found.len() < 2 {
            continue;
        }
        let partner_length = common_english_prefix(
            lines,
            found.iter().map(|o| (o.line_idx, o.following.as_slice())),
        );
        // Only a bilingual headline (the same English words after every copy) is a running
        // header; a Chinese phrase that merely recurs between Latin words is left alone.
        if partner_length == 0 {
            continue;
        }
        for (occurrence_idx, occurrence) in found.iter().enumerate() {
            let line = &mut lines[occurrence.line_idx];
            let mut span: Vec<usize> = occurrence.headline.clone();
            span.extend(occurrence.following.iter().take(partner_length));
            let Some((&first, &last)) = span.first().zip(span.last()) else { continue };
            if occurrence_idx == 0 {
                line.breaks[first] = true;
                if let Some(&partner_start) = occurrence.following.first()
                    && partner_length > 0
                {
                    line.breaks[partner_start] = true;
                }
                if let Some(after) = line.breaks.get_mut(last + 1) {
                    *after = true;
                }
            } else {
                line.breaks[first] = true;
                for idx in span {
                    line.removed[idx] = Some(DropReason::RunningHeader);
                }
                if let Some(after) = line.breaks.get_mut(last + 1) {
                    *after = true;
                }
            }
        }
    }
}

/// The length, in characters, of the English words shared by the start of every `following` text;
/// 0 unless it is at least two whole words.
fn common_english_prefix<'a>(
    lines: &[Line],
    following: impl Iterator<Item = (usize, &'a [usize])>,
) -> usize {
    let texts: Vec<Vec<char>> = following
        .map(|(line_idx, indices)| indices.iter().map(|idx| lines[line_idx].chars[*idx]).collect())
        .collect();
    let Some(first) = texts.first() else { return 0 };
    let mut length = first.len();
    for text in &texts[1..] {
        length = length.min(first.iter().zip(text).take_while(|(a, b)| a == b).count());
    }
    // Cut back to a word end in every occurrence (the next character is not a lower-case letter).
    while length > 0
        && texts.iter().any(|text| {
            text.get(length).is_some_and(|c| c.is_lowercase())
                || !text[length - 1].is_alphanumeric()
        })
    {
        length -= 1;
    }
    let prefix: String = first[..length].iter().collect();
    if prefix.split_whitespace().count() >= 2 { length } else { 0 }
}

/// A headline broken over short lines: Han-only, at most six characters, no punctuation.
fn is_headline_fragment(text: &str) -> bool {
    let n_chars = char_count(text);
    (1..=6).contains(&n_chars)
        && text.chars().all(|c| script_of(c) == Script::Han && !is_cjk_punctuation(c))
}

struct Piece {
    text: String,
    start: usize,
    end: usize,
    line_idx: usize,
    whole_line: bool,
}

fn assemble_paragraphs(lines: &[Line]) -> Vec<Paragraph> {
    let mut pieces: Vec<Piece> = Vec::new();
    for (line_idx, line) in lines.iter().enumerate().filter(|(_, line)| line.reason.is_none()) {
        let line_pieces = kept_pieces(line);
        let whole_line = line_pieces.len() == 1;
        for (piece_idx, (text, indices)) in line_pieces.into_iter().enumerate() {
            let text = collapse_spaces(&text);
            if text.is_empty() || !has_letters(&text) && char_count(&text) <= 3 {
                continue;
            }
            let (Some(first), Some(last)) = (indices.first(), indices.last()) else { continue };
            if piece_idx == 0
                && let Some(joiner) = line.joins_previous
                && let Some(previous) = pieces.last_mut()
            {
                previous.text.push_str(joiner);
                previous.text.push_str(&text);
                previous.end = line.origin[*last] + 1;
                previous.whole_line = false;
                continue;
            }
            pieces.push(Piece {
                text,
                start: line.origin[*first],
                end: line.origin[*last] + 1,
                line_idx,
                whole_line,
            });
        }
    }
    let mut paragraphs: Vec<Paragraph> = Vec::with_capacity(pieces.len());
    let mut idx = 0;
    while idx < pieces.len() {
        let mut run_end = idx;
        while run_end < pieces.len()
            && pieces[run_end].whole_line
            && is_headline_fragment(&pieces[run_end].text)
        {
            run_end += 1;
        }
        if run_end - idx >= 3 {
            let mut text = String::new();
            for (offset, piece) in pieces[idx..run_end].iter().enumerate() {
                let previous_line = (offset > 0).then(|| pieces[idx + offset - 1].line_idx);
                let dropped_between = previous_line.is_some_and(|previous| {
                    lines[previous + 1..piece.line_idx].iter().any(|line| !line.chars.is_empty())
                });
                if dropped_between {
                    text.push(' ');
                }
                text.push_str(&piece.text);
            }
            paragraphs.push(Paragraph {
                text,
                start: pieces[idx].start,
                end: pieces[run_end - 1].end,
            });
            idx = run_end;
            continue;
        }
        let piece = &pieces[idx];
        paragraphs.push(Paragraph { text: piece.text.clone(), start: piece.start, end: piece.end });
        idx += 1;
    }
    paragraphs
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.trim().chars() {
        if character == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(character);
    }
    out
}

/// Every dropped line and every removed run of characters, in document order.
fn dropped_spans(text: &str, lines: &[Line]) -> Vec<DroppedSpan> {
    let char_bytes: Vec<usize> =
        text.char_indices().map(|(byte, _)| byte).chain(std::iter::once(text.len())).collect();
    let slice = |start: usize, end: usize| text[char_bytes[start]..char_bytes[end]].to_owned();
    let mut spans = Vec::new();
    for line in lines {
        if let Some(reason) = line.reason {
            spans.push(DroppedSpan {
                start: line.start,
                end: line.end,
                reason,
                text: slice(line.start, line.end),
            });
            continue;
        }
        let mut idx = 0;
        while idx < line.chars.len() {
            let Some(reason) = line.removed[idx] else {
                idx += 1;
                continue;
            };
            let mut end = idx + 1;
            while end < line.chars.len() && line.removed[end] == Some(reason) {
                end += 1;
            }
            let (start, stop) = (line.origin[idx], line.origin[end - 1] + 1);
            spans.push(DroppedSpan { start, end: stop, reason, text: slice(start, stop) });
            idx = end;
        }
    }
    spans
}

/// Whether every rule pattern compiled (a test guards the `None` branch of [`Pattern`]).
#[cfg(test)]
pub(super) fn all_patterns_compile() -> bool {
    [
        &RELATED_HEADING,
        &PREVIOUS_NEXT_LINK,
        &KEYWORD_LINE,
        &BREADCRUMB_START,
        &PHONE_NUMBER,
        &CONTACT_LABEL,
        &DATE_OR_TIME,
        &ISSUE,
        &METADATA_FIELD,
        &BYLINE_PREFIX,
        &BYLINE_IN_BRACKETS,
        &ENGLISH_BYLINE,
        &CAPTION_END,
        &CAPTION_START,
        &FURNITURE,
        &COPYRIGHT,
        &PAGE_NUMBER_LINE,
        &PINYIN_ARTEFACT,
        &PINYIN_REMNANT,
        &PAGE_NUMBER_AT_LINE_START,
        &HEADER_BEFORE_NUMBER,
        &HEADER_AFTER_NUMBER,
        &LEADING_LABEL,
        &TRAILING_LABEL,
    ]
    .iter()
    .all(|pattern| pattern.is_some())
}
