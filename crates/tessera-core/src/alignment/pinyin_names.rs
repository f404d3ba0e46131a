//! Chinese person names found through pinyin: `王雯` ↔ `Wang Wen`, `趙吾君` ↔ `Zhao Wujun`.
//!
//! A Chinese sentence yields, for every position that starts with a known surname, the pinyin
//! spellings of the surname plus a one- or two-character given name (all readings of polyphonic
//! characters, capped). An English sentence yields the lower-cased, letters-only concatenations of
//! adjacent capitalised words in both orders. A name matches when the two sets meet.

use std::collections::HashSet;

use pinyin::ToPinyinMulti;

/// Most spellings generated for one name, so a run of polyphonic characters stays cheap.
const MAX_SPELLINGS: usize = 16;

/// Surnames whose usual reading as a surname differs from the character's default reading.
const SURNAME_READINGS: &[(&str, &[&str])] = &[
    ("曾", &["zeng"]),
    ("单", &["shan"]),
    ("解", &["xie"]),
    ("区", &["ou"]),
    ("朴", &["piao", "park"]),
    ("仇", &["qiu"]),
    ("乐", &["yue", "le"]),
    ("查", &["zha"]),
    ("盖", &["ge", "gai"]),
    ("覃", &["qin", "tan"]),
    ("缪", &["miao"]),
    ("翟", &["zhai"]),
    ("员", &["yun"]),
    ("召", &["shao"]),
    ("种", &["chong"]),
    ("繁", &["po"]),
    ("句", &["gou"]),
    ("尉迟", &["yuchi"]),
    ("万俟", &["moqi"]),
    ("长孙", &["zhangsun"]),
    ("令狐", &["linghu"]),
    ("欧阳", &["ouyang"]),
    ("司马", &["sima"]),
    ("诸葛", &["zhuge"]),
    ("上官", &["shangguan"]),
    ("皇甫", &["huangfu"]),
    ("东方", &["dongfang"]),
    ("夏侯", &["xiahou"]),
    ("公孙", &["gongsun"]),
    ("宇文", &["yuwen"]),
    ("澹台", &["tantai"]),
    ("柏", &["bai"]),
    ("薄", &["bo"]),
    ("宓", &["fu", "mi"]),
    ("隗", &["wei"]),
    ("尉", &["yu", "wei"]),
];

/// Common single-character surnames (simplified), read with the `pinyin` crate's readings.
const COMMON_SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭萧蔡潘田董袁\
    于余叶蒋杜苏魏程吕丁沈任姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺\
    顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞\
    左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解\
    牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬\
    师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池乐匡查班赖曾朴区盖洪傅";

/// The spellings of every name that may start in simplified `text`, one set per position.
pub(super) fn chinese_name_spellings(text: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = text.chars().collect();
    let mut names = Vec::new();
    let mut idx = 0;
    while idx < chars.len() {
        let (surname_len, surname_readings) = surname_at(&chars[idx..]);
        if surname_len == 0 {
            idx += 1;
            continue;
        }
        let mut spellings = Vec::new();
        for given_len in 1..=2 {
            let given_start = idx + surname_len;
            let given_end = given_start + given_len;
            if given_end > chars.len() {
                break;
            }
            let given: Vec<Vec<&str>> =
                chars[given_start..given_end].iter().map(|c| readings(*c)).collect();
            if given.iter().any(Vec::is_empty) {
                break;
            }
            let mut partial: Vec<String> = surname_readings.clone();
            for char_readings in &given {
                let mut next = Vec::new();
                for prefix in &partial {
                    for reading in char_readings {
                        if next.len() < MAX_SPELLINGS {
                            next.push(format!("{prefix}{reading}"));
                        }
                    }
                }
                partial = next;
            }
            spellings.extend(partial);
        }
        if !spellings.is_empty() {
            spellings.sort();
            spellings.dedup();
            names.push(spellings);
        }
        idx += surname_len;
    }
    names
}

/// Letters-only, lower-cased concatenations of adjacent capitalised English words, both orders.
pub(super) fn english_name_keys(text: &str) -> HashSet<String> {
    let words: Vec<String> = text
        .split(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”')
        })
        .map(|word| word.strip_suffix("'s").unwrap_or(word))
        .map(|word| word.chars().filter(char::is_ascii_alphabetic).collect::<String>())
        .collect();
    let mut keys = HashSet::new();
    for pair in words.windows(2) {
        let (first, second) = (&pair[0], &pair[1]);
        let capitalised =
            |word: &String| word.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        if capitalised(first) && capitalised(second) {
            keys.insert(format!("{first}{second}").to_ascii_lowercase());
            keys.insert(format!("{second}{first}").to_ascii_lowercase());
        }
    }
    keys
}

/// The surname starting `chars` (two-character surnames first) with its readings; length 0 if none.
pub(crate) fn surname_at(chars: &[char]) -> (usize, Vec<String>) {
    for len in [2, 1] {
        if chars.len() < len + 1 {
            continue;
        }
        let surname: String = chars[..len].iter().collect();
        if let Some((_, spellings)) = SURNAME_READINGS.iter().find(|(s, _)| *s == surname) {
            return (len, spellings.iter().map(|s| (*s).to_owned()).collect());
        }
        if len == 1 && COMMON_SURNAMES.contains(chars[0]) {
            return (1, readings(chars[0]).into_iter().map(str::to_owned).collect());
        }
    }
    (0, Vec::new())
}

/// Plain pinyin readings of one character (`ü` also spelt `u` and `v`), empty for non-Han.
pub(crate) fn readings(c: char) -> Vec<&'static str> {
    let Some(multi) = c.to_pinyin_multi() else { return Vec::new() };
    let mut out = Vec::new();
    for reading in multi {
        let plain = reading.plain();
        if plain.contains('ü') {
            out.extend(umlaut_spellings(plain));
        } else if !out.contains(&plain) {
            out.push(plain);
        }
    }
    out
}

/// `lü` → `lu`, `lv`: the common romanisations of `ü` in English news.
fn umlaut_spellings(plain: &'static str) -> Vec<&'static str> {
    match plain {
        "lü" => vec!["lu", "lv", "lyu"],
        "nü" => vec!["nu", "nv"],
        "lüe" => vec!["lue"],
        "nüe" => vec!["nue"],
        _ => Vec::new(),
    }
}
