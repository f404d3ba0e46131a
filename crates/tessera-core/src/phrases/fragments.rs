//! The fragment table: Chinese phrase → the English renderings the memory's phrase alignment
//! found for it, with counts and example units.
//!
//! Counts are units, not occurrences: a unit that contains a pair twice counts once, so a
//! boilerplate unit repeated in one article does not outvote the rest of the memory. Adding and
//! removing a unit are exact inverses (apart from which example ids are remembered), which is what
//! updating on a confirmed or edited unit needs.

use std::collections::HashMap;

use crate::phrases::{
    PhrasePair,
    model::{ByteReader, put_u32},
};

/// Example unit ids kept per rendering.
pub(crate) const MAX_EXAMPLES: usize = 3;

/// One rendering of a Chinese phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// The English phrase as written in the memory.
    pub en: String,
    /// Units whose alignment links the Chinese phrase to this rendering.
    pub count: u32,
    /// A few of those units, lowest id first.
    pub examples: Vec<u64>,
}

/// Chinese phrase (normalised: simplified, half-width) → renderings, best first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FragmentTable {
    entries: HashMap<String, Vec<Fragment>>,
    max_zh_chars: usize,
}

const MAGIC: &[u8; 8] = b"TSFRAG04";

impl FragmentTable {
    /// Adds the phrase pairs of one unit (each distinct pair counts once).
    pub fn add_unit(&mut self, unit_id: u64, pairs: &[PhrasePair]) {
        let mut distinct: Vec<(&str, &str)> =
            pairs.iter().map(|p| (p.zh.as_str(), p.en.as_str())).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for (zh, en) in distinct {
            self.max_zh_chars = self.max_zh_chars.max(zh.chars().count());
            let renderings = self.entries.entry(zh.to_owned()).or_default();
            match renderings.iter_mut().find(|f| f.en == en) {
                Some(fragment) => {
                    fragment.count += 1;
                    if fragment.examples.len() < MAX_EXAMPLES
                        && !fragment.examples.contains(&unit_id)
                    {
                        fragment.examples.push(unit_id);
                        fragment.examples.sort_unstable();
                    }
                }
                None => renderings.push(Fragment {
                    en: en.to_owned(),
                    count: 1,
                    examples: vec![unit_id],
                }),
            }
            sort_renderings(renderings);
        }
    }

    /// Removes the phrase pairs of one unit, as added by [`FragmentTable::add_unit`].
    pub fn remove_unit(&mut self, unit_id: u64, pairs: &[PhrasePair]) {
        let mut distinct: Vec<(&str, &str)> =
            pairs.iter().map(|p| (p.zh.as_str(), p.en.as_str())).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for (zh, en) in distinct {
            let Some(renderings) = self.entries.get_mut(zh) else { continue };
            if let Some(at) = renderings.iter().position(|f| f.en == en) {
                let fragment = &mut renderings[at];
                fragment.count = fragment.count.saturating_sub(1);
                fragment.examples.retain(|id| *id != unit_id);
                if fragment.count == 0 {
                    renderings.remove(at);
                }
            }
            sort_renderings(renderings);
            if renderings.is_empty() {
                self.entries.remove(zh);
            }
        }
    }

    /// The renderings of a normalised Chinese phrase, most frequent first (ties by English).
    pub fn renderings(&self, zh: &str) -> &[Fragment] {
        self.entries.get(zh).map_or(&[], Vec::as_slice)
    }

    /// Units that rendered `zh` in any way.
    pub fn total(&self, zh: &str) -> u32 {
        self.renderings(zh).iter().map(|f| f.count).sum()
    }

    /// Number of distinct Chinese phrases.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no phrase is known.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Longest Chinese phrase held, in characters (lookups need not try longer spans).
    pub fn max_zh_chars(&self) -> usize {
        self.max_zh_chars
    }

    /// Every phrase with its renderings, in Chinese order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[Fragment])> {
        let mut keys: Vec<&String> = self.entries.keys().collect();
        keys.sort_unstable();
        keys.into_iter().map(|zh| (zh.as_str(), self.entries[zh].as_slice()))
    }

    /// The table as bytes (deterministic: phrases in order).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.entries.len() * 48);
        out.extend_from_slice(MAGIC);
        put_u32(&mut out, self.entries.len());
        for (zh, renderings) in self.iter() {
            put_str(&mut out, zh);
            put_u32(&mut out, renderings.len());
            for fragment in renderings {
                put_str(&mut out, &fragment.en);
                out.extend_from_slice(&fragment.count.to_le_bytes());
                put_u32(&mut out, fragment.examples.len());
                for id in &fragment.examples {
                    out.extend_from_slice(&id.to_le_bytes());
                }
            }
        }
        out
    }

    /// Reads [`FragmentTable::to_bytes`]; `None` for bytes it did not write (the caller
    /// rebuilds).
    pub fn from_bytes(bytes: &[u8]) -> Option<FragmentTable> {
        let mut reader = ByteReader { bytes, at: 0 };
        if reader.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let n_entries = reader.u32()? as usize;
        let mut table = FragmentTable::default();
        table.entries.reserve(n_entries.min(bytes.len() / 8));
        for _ in 0..n_entries {
            let zh = reader.string()?;
            let n_renderings = reader.u32()? as usize;
            let mut renderings = Vec::with_capacity(n_renderings.min(64));
            for _ in 0..n_renderings {
                let en = reader.string()?;
                let count = reader.u32()?;
                let n_examples = reader.u32()? as usize;
                let mut examples = Vec::with_capacity(n_examples.min(MAX_EXAMPLES));
                for _ in 0..n_examples {
                    examples.push(u64::from_le_bytes(reader.take(8)?.try_into().ok()?));
                }
                renderings.push(Fragment { en, count, examples });
            }
            table.max_zh_chars = table.max_zh_chars.max(zh.chars().count());
            table.entries.insert(zh, renderings);
        }
        (reader.at == bytes.len()).then_some(table)
    }
}

fn sort_renderings(renderings: &mut [Fragment]) {
    renderings.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.en.cmp(&b.en)));
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    put_u32(out, text.len());
    out.extend_from_slice(text.as_bytes());
}
