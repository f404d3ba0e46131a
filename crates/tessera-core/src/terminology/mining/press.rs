//! Media named by their questions at a press conference: a transcript opens a reporter's turn
//! with the outlet and `记者` (`澎湃新闻记者：`, `法新社记者：`) and its English with the outlet's
//! English name alone (`The Paper:`, `AFP:`). The outlet is an organisation rendered by that name.

use crate::terminology::{Category, mining::Builder, normalise::is_han};

/// The word that ends a Chinese reporter's turn label (`…记者：`).
const REPORTER: &str = "记者";

/// Longest outlet name, in Chinese characters and in English words.
const MAX_OUTLET_CHARS: usize = 10;
const MAX_OUTLET_WORDS: usize = 6;

/// Links the outlet of every reporter's turn to the English label of the same turn.
pub(super) fn mine_press_questions(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
) {
    for (pair_idx, ((zh, en), folded)) in pairs.iter().zip(folded_pairs).enumerate() {
        let Some((outlet, written)) = chinese_outlet(zh, folded) else { continue };
        let Some(english) = english_label(en) else { continue };
        builder.add(Category::Organisation, &outlet, &written, Some((english, pair_idx)));
    }
}

/// `(simplified, written)` outlet of a turn opening `<outlet>记者：`.
fn chinese_outlet(original: &str, folded: &str) -> Option<(String, String)> {
    let leading = folded.len() - folded.trim_start().len();
    let chars: Vec<char> = folded.trim_start().chars().collect();
    let run = chars.iter().take_while(|c| is_han(**c)).count();
    let reporter: Vec<char> = REPORTER.chars().collect();
    let outlet_len = run.checked_sub(reporter.len())?;
    if !(2..=MAX_OUTLET_CHARS).contains(&outlet_len)
        || chars[outlet_len..run] != reporter[..]
        || !matches!(chars.get(run), Some(':' | '：'))
    {
        return None;
    }
    let outlet: String = chars[..outlet_len].iter().collect();
    // Folding maps one character to one character, so the written form has the same place.
    let written: String = original[leading..].chars().take(outlet_len).collect();
    Some((outlet, written))
}

/// The English label of a turn (`The Paper:` → `The Paper`): capitalised words (and the
/// connectors of a name) before a colon that opens the text.
fn english_label(en: &str) -> Option<&str> {
    let (label, _) = en.trim_start().split_once(':')?;
    let words: Vec<&str> = label.split_whitespace().collect();
    let name_like = (1..=MAX_OUTLET_WORDS).contains(&words.len())
        && words.iter().all(|word| {
            word.chars().next().is_some_and(char::is_uppercase)
                || matches!(*word, "of" | "and" | "the" | "&")
        })
        && words.first().is_some_and(|word| word.chars().next().is_some_and(char::is_uppercase));
    name_like.then_some(label.trim())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_reporters_turn_names_the_outlet_in_both_languages() {
        use super::{chinese_outlet, english_label};
        let outlet = chinese_outlet("法新社記者：請問……", "法新社记者：请问……");
        assert_eq!(outlet, Some(("法新社".to_owned(), "法新社".to_owned())));
        assert_eq!(chinese_outlet("记者：请问……", "记者：请问……"), None);
        assert_eq!(chinese_outlet("发言人表示，记者：", "发言人表示，记者："), None);
        assert_eq!(english_label("AFP: Could you tell us"), Some("AFP"));
        assert_eq!(english_label("The Paper: We have noted"), Some("The Paper"));
        assert_eq!(english_label("We have noted: the meeting"), None);
        assert_eq!(english_label("No colon here"), None);
    }
}
