//! The one integration-test binary of the workspace: workflows through `Project` and the tidy
//! checks that enforce ARCHITECTURE.md's invariants.

mod alignment_eval;
mod interchange;
mod interop;
mod mining_eval;
mod mining_eval_fourth;
mod mining_eval_fresh;
mod mining_eval_third;
mod pairing;
mod pairing_eval;
mod pairing_eval_fourth;
mod pairing_eval_fresh;
mod pairing_eval_third;
mod suggest_eval_fresh;
mod termguard;
mod tidy;
mod workflows;
mod xliff;

use tessera_core::{LanguageTag, NewUnit, NewVariant, StoredUnit};

/// A Chinese → English unit confirmed by a translator, for tests that fill a memory by hand.
pub(crate) fn unit(zh: &str, en: &str) -> NewUnit {
    NewUnit {
        source_lang: Some(LanguageTag::parse("zh-CN")),
        variants: vec![
            NewVariant { lang: LanguageTag::parse("zh-CN"), text: zh.to_owned() },
            NewVariant { lang: LanguageTag::parse("en"), text: en.to_owned() },
        ],
        created_by: "translator".to_owned(),
        provenance: None,
    }
}

/// A stored unit's text in the language whose primary subtag is `primary` (`zh`, `en`).
pub(crate) fn unit_text<'a>(unit: &'a StoredUnit, primary: &str) -> Option<&'a str> {
    unit.variants.iter().find(|(lang, _)| lang.primary() == primary).map(|(_, text)| text.as_str())
}
