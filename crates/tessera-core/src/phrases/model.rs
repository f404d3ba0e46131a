//! The statistical word aligner: IBM Model 1 (Brown et al. 1993) trained by EM, continued as an
//! HMM alignment model with jump-width buckets (Vogel, Ney & Tillmann 1996) whose empty word
//! remembers the last real position (Och & Ney 2003), in both directions, decoded by posterior
//! maximum and symmetrised with grow-diag-final-and (Koehn et al. 2003); CC-CEDICT words then
//! take as a block the links their glosses confirm.
//!
//! Written from the papers. Two engineering choices keep it fast on a small machine:
//! - One sparse pair table serves both directions: every `(zh, en)` word pair that co-occurs in a
//!   training unit gets a `u32` index, and `p(en | zh)` and `p(zh | en)` are two `f32` arrays over
//!   those indices.
//! - The HMM's forward–backward pass considers, for each observed word, only the `HMM_BEAM`
//!   hidden positions with the highest emission probability (plus the empty states still
//!   likely), so a pass costs about `O(J · K²)` instead of `O(J · I²)`.
//!
//! Anchors (see `sentence`) multiply the emission of their link in every E-step, which seeds the
//! model the way a Dirichlet prior with pseudo-counts does; hard anchors are also forced into the
//! final alignment.

// Alignment matrices are indexed by two positions at once; index loops read best here.
#![allow(clippy::needless_range_loop)]

use std::{
    collections::HashMap,
    hash::{BuildHasherDefault, Hasher},
};

use crate::{alignment::dictionary::DICTIONARY, phrases::sentence::PreparedUnit};

/// A multiplicative hasher for integer keys (the pair and vocabulary tables are hot).
#[derive(Default, Clone, Copy)]
pub(crate) struct IntHasher(u64);

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type IntMap<V> = HashMap<u64, V, BuildHasherDefault<IntHasher>>;

/// Hidden positions kept per observed word in the HMM passes.
const HMM_BEAM: usize = 8;
/// Largest jump width with a bucket of its own; wider jumps share the outermost buckets.
const MAX_JUMP: i64 = 8;
const JUMP_BUCKETS: usize = (2 * MAX_JUMP + 1) as usize;
/// Probability of a transition into the empty word.
const NULL_PROBABILITY: f64 = 0.2;
/// Share of an observation's probability below which an empty state is dropped.
const NULL_STATE_FLOOR: f64 = 1e-9;
/// IBM-1 weight of the empty word, as a share of one real position.
const IBM1_NULL_WEIGHT: f32 = 1.0;
/// Word pairs below this probability in both directions are dropped after training.
const PRUNE_BELOW: f32 = 1e-3;
/// Probability floor for unseen pairs, so that anchors still decide for new words.
const FLOOR: f32 = 1e-6;

/// How much training to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainingOptions {
    /// EM iterations of IBM Model 1.
    pub ibm1_iterations: usize,
    /// EM iterations of the HMM model that follow.
    pub hmm_iterations: usize,
    /// Most units used to estimate the model; larger memories are sampled evenly (every unit is
    /// still aligned with the trained model).
    pub max_training_units: usize,
}

impl Default for TrainingOptions {
    fn default() -> TrainingOptions {
        TrainingOptions { ibm1_iterations: 5, hmm_iterations: 3, max_training_units: 50_000 }
    }
}

/// Trained parameters.
#[derive(Debug, Clone, Default)]
pub(crate) struct Parameters {
    pub(crate) zh_vocabulary: HashMap<String, u32>,
    pub(crate) en_vocabulary: HashMap<String, u32>,
    /// `(zh_id << 32) | en_id` → pair index.
    pub(crate) pairs: IntMap<u32>,
    pub(crate) pair_zh: Vec<u32>,
    pub(crate) pair_en: Vec<u32>,
    /// `p(en | zh)` per pair.
    pub(crate) en_given_zh: Vec<f32>,
    /// `p(zh | en)` per pair.
    pub(crate) zh_given_en: Vec<f32>,
    /// `p(en | empty)` per English id, `p(zh | empty)` per Chinese id.
    pub(crate) en_given_null: Vec<f32>,
    pub(crate) zh_given_null: Vec<f32>,
    /// Jump-width probabilities, hidden Chinese positions (observing English) and hidden English
    /// positions (observing Chinese).
    pub(crate) jump_over_zh: [f64; JUMP_BUCKETS],
    pub(crate) jump_over_en: [f64; JUMP_BUCKETS],
}

/// A unit encoded with vocabulary ids (`u32::MAX` for a word the model has not seen).
pub(crate) struct EncodedUnit {
    pub(crate) zh: Vec<u32>,
    pub(crate) en: Vec<u32>,
    /// Dense boost matrix `zh × en` (positions), 1 where no anchor applies.
    pub(crate) boost: Vec<f32>,
}

pub(crate) fn pair_key(zh: u32, en: u32) -> u64 {
    (u64::from(zh) << 32) | u64::from(en)
}

fn intern(vocabulary: &mut HashMap<String, u32>, word: &str) -> u32 {
    if let Some(&id) = vocabulary.get(word) {
        return id;
    }
    let id = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX - 1);
    vocabulary.insert(word.to_owned(), id);
    id
}

/// The anchor boost matrix of a unit, indexed `[zh_token * n_en + en_position]`.
pub(crate) fn boost_matrix(unit: &PreparedUnit) -> Vec<f32> {
    let n_en = unit.en_positions.len();
    let mut boost = vec![1.0f32; unit.zh_tokens.len() * n_en];
    if unit.anchors.is_empty() {
        return boost;
    }
    let mut position_of = vec![usize::MAX; unit.en_tokens.len()];
    for (p, &idx) in unit.en_positions.iter().enumerate() {
        position_of[idx] = p;
    }
    for anchor in &unit.anchors {
        let p = position_of[anchor.en];
        if p != usize::MAX {
            let cell = &mut boost[anchor.zh * n_en + p];
            *cell = cell.max(anchor.boost);
        }
    }
    boost
}

impl Parameters {
    fn encode(&self, unit: &PreparedUnit) -> EncodedUnit {
        EncodedUnit {
            zh: unit
                .zh_tokens
                .iter()
                .map(|t| self.zh_vocabulary.get(&t.text).copied().unwrap_or(u32::MAX))
                .collect(),
            en: unit
                .en_words
                .iter()
                .map(|w| self.en_vocabulary.get(w).copied().unwrap_or(u32::MAX))
                .collect(),
            boost: boost_matrix(unit),
        }
    }

    fn pair_index(&self, zh: u32, en: u32) -> Option<u32> {
        if zh == u32::MAX || en == u32::MAX {
            return None;
        }
        self.pairs.get(&pair_key(zh, en)).copied()
    }

    /// Trains on `units` (already prepared).
    /// No statistics yet: unseen pairs get the floor, jumps prefer the next position.
    pub(crate) fn untrained() -> Parameters {
        let initial: Vec<f64> = (0..JUMP_BUCKETS)
            .map(|b| (-0.5 * ((b as i64 - MAX_JUMP) - 1).abs() as f64).exp())
            .collect();
        let total: f64 = initial.iter().sum();
        let mut jumps = [0.0; JUMP_BUCKETS];
        for b in 0..JUMP_BUCKETS {
            jumps[b] = initial[b] / total;
        }
        Parameters { jump_over_zh: jumps, jump_over_en: jumps, ..Parameters::default() }
    }

    pub(crate) fn train(
        units: impl Iterator<Item = PreparedUnit>,
        options: &TrainingOptions,
    ) -> Parameters {
        let mut parameters = Parameters::untrained();
        // Each unit with its pair indices `[zh * n_en + en]`, found once while the pair table is
        // built (every pair of a training unit is in it until pruning).
        let mut encoded: Vec<(EncodedUnit, Vec<u32>)> = Vec::new();
        for unit in units {
            let zh: Vec<u32> = unit
                .zh_tokens
                .iter()
                .map(|t| intern(&mut parameters.zh_vocabulary, &t.text))
                .collect();
            let en: Vec<u32> =
                unit.en_words.iter().map(|w| intern(&mut parameters.en_vocabulary, w)).collect();
            let mut indices = Vec::with_capacity(zh.len() * en.len());
            for &z in &zh {
                for &e in &en {
                    let next = u32::try_from(parameters.pair_zh.len()).unwrap_or(u32::MAX);
                    let entry = *parameters.pairs.entry(pair_key(z, e)).or_insert(next);
                    if entry == next {
                        parameters.pair_zh.push(z);
                        parameters.pair_en.push(e);
                    }
                    indices.push(entry);
                }
            }
            encoded.push((EncodedUnit { zh, en, boost: boost_matrix(&unit) }, indices));
        }
        let n_pairs = parameters.pair_zh.len();
        // Uniform start: every co-occurring pair equally likely.
        let mut zh_fanout = vec![0u32; parameters.zh_vocabulary.len()];
        let mut en_fanout = vec![0u32; parameters.en_vocabulary.len()];
        for idx in 0..n_pairs {
            zh_fanout[parameters.pair_zh[idx] as usize] += 1;
            en_fanout[parameters.pair_en[idx] as usize] += 1;
        }
        parameters.en_given_zh = (0..n_pairs)
            .map(|idx| 1.0 / zh_fanout[parameters.pair_zh[idx] as usize] as f32)
            .collect();
        parameters.zh_given_en = (0..n_pairs)
            .map(|idx| 1.0 / en_fanout[parameters.pair_en[idx] as usize] as f32)
            .collect();
        parameters.en_given_null = vec![1.0 / en_fanout.len().max(1) as f32; en_fanout.len()];
        parameters.zh_given_null = vec![1.0 / zh_fanout.len().max(1) as f32; zh_fanout.len()];

        for _ in 0..options.ibm1_iterations {
            let counts = parameters.expected_counts(&encoded, Parameters::ibm1_expectations);
            parameters.maximise(&counts);
        }
        for _ in 0..options.hmm_iterations {
            let counts =
                parameters.expected_counts(&encoded, |parameters, unit, indices, way, counts| {
                    parameters.hmm_expectations(unit, indices, way, Some(counts));
                });
            parameters.maximise(&counts);
        }
        parameters.prune();
        parameters
    }

    /// Drops word pairs unlikely in both directions: they only cost memory, and an unknown pair
    /// gets the floor probability anyway.
    fn prune(&mut self) {
        let mut pairs = IntMap::default();
        let (mut pair_zh, mut pair_en, mut en_given_zh, mut zh_given_en) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for idx in 0..self.pair_zh.len() {
            if self.en_given_zh[idx].max(self.zh_given_en[idx]) < PRUNE_BELOW {
                continue;
            }
            let next = u32::try_from(pair_zh.len()).unwrap_or(u32::MAX);
            pairs.insert(pair_key(self.pair_zh[idx], self.pair_en[idx]), next);
            pair_zh.push(self.pair_zh[idx]);
            pair_en.push(self.pair_en[idx]);
            en_given_zh.push(self.en_given_zh[idx]);
            zh_given_en.push(self.zh_given_en[idx]);
        }
        (self.pairs, self.pair_zh, self.pair_en, self.en_given_zh, self.zh_given_en) =
            (pairs, pair_zh, pair_en, en_given_zh, zh_given_en);
    }

    /// The parameters as bytes (vocabularies in id order, so equal models give equal bytes).
    pub(crate) fn write_bytes(&self, out: &mut Vec<u8>) {
        for vocabulary in [&self.zh_vocabulary, &self.en_vocabulary] {
            let mut words: Vec<(&u32, &String)> =
                vocabulary.iter().map(|(w, id)| (id, w)).collect();
            words.sort_unstable();
            put_u32(out, words.len());
            for (_, word) in words {
                put_u32(out, word.len());
                out.extend_from_slice(word.as_bytes());
            }
        }
        put_u32(out, self.pair_zh.len());
        for idx in 0..self.pair_zh.len() {
            out.extend_from_slice(&self.pair_zh[idx].to_le_bytes());
            out.extend_from_slice(&self.pair_en[idx].to_le_bytes());
            out.extend_from_slice(&self.en_given_zh[idx].to_le_bytes());
            out.extend_from_slice(&self.zh_given_en[idx].to_le_bytes());
        }
        for table in [&self.en_given_null, &self.zh_given_null] {
            put_u32(out, table.len());
            for value in table.iter() {
                out.extend_from_slice(&value.to_le_bytes());
            }
        }
        for jumps in [&self.jump_over_zh, &self.jump_over_en] {
            for value in jumps.iter() {
                out.extend_from_slice(&value.to_le_bytes());
            }
        }
    }

    /// Reads [`Parameters::write_bytes`]; `None` for anything else.
    pub(crate) fn read_bytes(reader: &mut ByteReader<'_>) -> Option<Parameters> {
        let mut parameters = Parameters::default();
        for vocabulary in [&mut parameters.zh_vocabulary, &mut parameters.en_vocabulary] {
            let n = reader.u32()?;
            for id in 0..n {
                let word = reader.string()?;
                vocabulary.insert(word, id);
            }
        }
        let n_pairs = reader.u32()? as usize;
        for idx in 0..n_pairs {
            let zh = reader.u32()?;
            let en = reader.u32()?;
            parameters.pairs.insert(pair_key(zh, en), u32::try_from(idx).ok()?);
            parameters.pair_zh.push(zh);
            parameters.pair_en.push(en);
            parameters.en_given_zh.push(reader.f32()?);
            parameters.zh_given_en.push(reader.f32()?);
        }
        for table in [&mut parameters.en_given_null, &mut parameters.zh_given_null] {
            let n = reader.u32()?;
            for _ in 0..n {
                table.push(reader.f32()?);
            }
        }
        for jumps in [&mut parameters.jump_over_zh, &mut parameters.jump_over_en] {
            for value in jumps.iter_mut() {
                *value = f64::from_le_bytes(reader.take(8)?.try_into().ok()?);
            }
        }
        Some(parameters)
    }

    /// Pair indices of a unit, `[zh * n_en + en]`, `u32::MAX` where the pair is unknown.
    fn unit_indices(&self, unit: &EncodedUnit, indices: &mut Vec<u32>) {
        indices.clear();
        for &z in &unit.zh {
            for &e in &unit.en {
                indices.push(self.pair_index(z, e).unwrap_or(u32::MAX));
            }
        }
    }

    fn en_given_zh_at(&self, idx: u32) -> f32 {
        if idx == u32::MAX { FLOOR } else { self.en_given_zh[idx as usize].max(FLOOR) }
    }

    fn zh_given_en_at(&self, idx: u32) -> f32 {
        if idx == u32::MAX { FLOOR } else { self.zh_given_en[idx as usize].max(FLOOR) }
    }

    fn en_null(&self, en: u32) -> f32 {
        self.en_given_null.get(en as usize).copied().unwrap_or(FLOOR).max(FLOOR)
    }

    fn zh_null(&self, zh: u32) -> f32 {
        self.zh_given_null.get(zh as usize).copied().unwrap_or(FLOOR).max(FLOOR)
    }

    /// The E-step of one iteration over `units`: `expectations` adds a unit's expected counts
    /// of one direction. The two directions share no counts, so they run on two threads; each
    /// adds its units in order, so the sums are the same as on one thread.
    fn expected_counts(
        &self,
        units: &[(EncodedUnit, Vec<u32>)],
        expectations: impl Fn(&Parameters, &EncodedUnit, &[u32], Direction, &mut DirectionCounts) + Sync,
    ) -> Counts {
        let mut counts = Counts::new(self);
        let (over_zh, over_en) = (&mut counts.over_zh, &mut counts.over_en);
        let pass = |way: Direction, counts: &mut DirectionCounts| {
            for (unit, indices) in units {
                expectations(self, unit, indices, way, counts);
            }
        };
        // The scope joins the thread (and re-raises a panic of it) before returning.
        std::thread::scope(|scope| {
            scope.spawn(|| pass(Direction::OverZh, over_zh));
            pass(Direction::OverEn, over_en);
        });
        counts
    }

    /// IBM Model 1 in one direction: each observed word picks a hidden word or the empty word.
    fn ibm1_expectations(
        &self,
        unit: &EncodedUnit,
        indices: &[u32],
        way: Direction,
        counts: &mut DirectionCounts,
    ) {
        if unit.zh.is_empty() || unit.en.is_empty() {
            return;
        }
        let reading = Reading::new(self, unit, way);
        let (n_obs, n_states) = (reading.n_obs, reading.n_states);
        let (cell, probability) = (|o, s| reading.cell(o, s), |idx| reading.probability(idx));
        for obs in 0..n_obs {
            let null = IBM1_NULL_WEIGHT * reading.null(obs);
            let mut denominator = null;
            for state in 0..n_states {
                let at = cell(obs, state);
                denominator += probability(indices[at]) * unit.boost[at];
            }
            for state in 0..n_states {
                let at = cell(obs, state);
                let idx = indices[at];
                if idx != u32::MAX {
                    let value = probability(idx) * unit.boost[at] / denominator;
                    counts.pairs[idx as usize] += value;
                }
            }
            counts.nulls[reading.observed(obs) as usize] += null / denominator;
        }
    }

    /// Forward–backward in one direction; adds expected counts when `counts` is given and
    /// returns the posteriors, one per observation (`OverZh`: per English position, `OverEn`:
    /// per Chinese position).
    fn hmm_expectations(
        &self,
        unit: &EncodedUnit,
        indices: &[u32],
        way: Direction,
        counts: Option<&mut DirectionCounts>,
    ) -> Vec<Posterior> {
        if unit.zh.is_empty() || unit.en.is_empty() {
            return Vec::new();
        }
        let reading = Reading::new(self, unit, way);
        let (n_obs, n_states) = (reading.n_obs, reading.n_states);
        let (cell, probability) = (|o, s| reading.cell(o, s), |idx| reading.probability(idx));
        let mut emissions = vec![0.0f32; n_obs * n_states];
        for obs in 0..n_obs {
            for state in 0..n_states {
                let at = cell(obs, state);
                emissions[obs * n_states + state] = probability(indices[at]) * unit.boost[at];
            }
        }
        let nulls: Vec<f32> = (0..n_obs).map(|obs| reading.null(obs)).collect();
        let jumps = match way {
            Direction::OverZh => &self.jump_over_zh,
            Direction::OverEn => &self.jump_over_en,
        };
        let result = forward_backward(n_states, n_obs, &emissions, &nulls, jumps);
        if let Some(counts) = counts {
            for (obs, posterior) in result.posteriors.iter().enumerate() {
                for &(state, gamma) in &posterior.states {
                    let idx = indices[cell(obs, state)];
                    if idx != u32::MAX {
                        counts.pairs[idx as usize] += gamma as f32;
                    }
                }
                let observed = reading.observed(obs);
                if observed != u32::MAX {
                    counts.nulls[observed as usize] += posterior.null as f32;
                }
            }
            for b in 0..JUMP_BUCKETS {
                counts.jumps[b] += result.jumps[b];
            }
        }
        result.posteriors
    }

    fn maximise(&mut self, counts: &Counts) {
        let mut zh_totals = vec![0.0f64; self.zh_vocabulary.len()];
        let mut en_totals = vec![0.0f64; self.en_vocabulary.len()];
        for idx in 0..self.pair_zh.len() {
            zh_totals[self.pair_zh[idx] as usize] += f64::from(counts.over_zh.pairs[idx]);
            en_totals[self.pair_en[idx] as usize] += f64::from(counts.over_en.pairs[idx]);
        }
        for idx in 0..self.pair_zh.len() {
            let zh_total = zh_totals[self.pair_zh[idx] as usize];
            let en_total = en_totals[self.pair_en[idx] as usize];
            self.en_given_zh[idx] = if zh_total > 0.0 {
                (f64::from(counts.over_zh.pairs[idx]) / zh_total) as f32
            } else {
                FLOOR
            };
            self.zh_given_en[idx] = if en_total > 0.0 {
                (f64::from(counts.over_en.pairs[idx]) / en_total) as f32
            } else {
                FLOOR
            };
        }
        let normalise = |values: &[f32]| -> Vec<f32> {
            let total: f64 = values.iter().map(|v| f64::from(*v)).sum();
            values
                .iter()
                .map(|v| if total > 0.0 { (f64::from(*v) / total) as f32 } else { FLOOR })
                .collect()
        };
        self.en_given_null = normalise(&counts.over_zh.nulls);
        self.zh_given_null = normalise(&counts.over_en.nulls);
        let smooth = |jumps: &[f64; JUMP_BUCKETS], into: &mut [f64; JUMP_BUCKETS]| {
            let total: f64 = jumps.iter().sum::<f64>() + JUMP_BUCKETS as f64;
            if jumps.iter().sum::<f64>() > 0.0 {
                for b in 0..JUMP_BUCKETS {
                    into[b] = (jumps[b] + 1.0) / total;
                }
            }
        };
        smooth(&counts.over_zh.jumps, &mut self.jump_over_zh);
        smooth(&counts.over_en.jumps, &mut self.jump_over_en);
    }

    /// Word links `(zh token, en position)` of one prepared unit, symmetrised, hard anchors in.
    pub(crate) fn align(&self, unit: &PreparedUnit) -> Vec<(usize, usize)> {
        let encoded = self.encode(unit);
        let (n_zh, n_en) = (encoded.zh.len(), encoded.en.len());
        if n_zh == 0 || n_en == 0 {
            return Vec::new();
        }
        let mut indices = Vec::new();
        self.unit_indices(&encoded, &mut indices);
        let over_zh = self.hmm_expectations(&encoded, &indices, Direction::OverZh, None);
        let over_en = self.hmm_expectations(&encoded, &indices, Direction::OverEn, None);
        let mut zh_to_en = vec![false; n_zh * n_en];
        for (j, posterior) in over_zh.iter().enumerate() {
            if let Some(i) = posterior.best() {
                zh_to_en[i * n_en + j] = true;
            }
        }
        let mut en_to_zh = vec![false; n_zh * n_en];
        for (i, posterior) in over_en.iter().enumerate() {
            if let Some(j) = posterior.best() {
                en_to_zh[i * n_en + j] = true;
            }
        }
        let mut links = grow_diag_final_and(n_zh, n_en, &zh_to_en, &en_to_zh);
        link_dictionary_words(unit, n_en, &mut links);
        // Hard anchors decide their rows and columns.
        let mut position_of = vec![usize::MAX; unit.en_tokens.len()];
        for (p, &idx) in unit.en_positions.iter().enumerate() {
            position_of[idx] = p;
        }
        let mut hard = vec![false; n_zh * n_en];
        let mut hard_zh = vec![false; n_zh];
        let mut hard_en = vec![false; n_en];
        for anchor in unit.anchors.iter().filter(|a| a.hard) {
            let p = position_of[anchor.en];
            if p != usize::MAX {
                hard[anchor.zh * n_en + p] = true;
                hard_zh[anchor.zh] = true;
                hard_en[p] = true;
            }
        }
        for i in 0..n_zh {
            for j in 0..n_en {
                let cell = i * n_en + j;
                if hard[cell] {
                    links[cell] = true;
                } else if hard_zh[i] || hard_en[j] {
                    links[cell] = false;
                }
            }
        }
        let mut out = Vec::new();
        for i in 0..n_zh {
            for j in 0..n_en {
                if links[i * n_en + j] {
                    out.push((i, j));
                }
            }
        }
        out
    }
}

/// Completes the links of CC-CEDICT words (forward maximum matching) as blocks: a word
/// translates as a whole, so a character of it that is unlinked, or linked only far from where
/// the rest of the word is linked (`裁` of `总裁` to a distant `survey`), takes those links of
/// the rest of the word that a gloss of the word confirms (`总` to `chairman`). Unconfirmed links
/// are not spread: a loose link of one character would otherwise become a phrase.
fn link_dictionary_words(unit: &PreparedUnit, n_en: usize, links: &mut [bool]) {
    let mut token_at = vec![usize::MAX; unit.zh_chars.len()];
    for (t, token) in unit.zh_tokens.iter().enumerate() {
        for c in token.chars.clone() {
            token_at[c] = t;
        }
    }
    let stems: Vec<Option<u32>> = unit
        .en_words
        .iter()
        .map(|word| {
            let stem: String = word.chars().take(5).collect();
            (word.len() >= 3).then(|| DICTIONARY.stem_id(&stem)).flatten()
        })
        .collect();
    for (start, end, word_stems) in DICTIONARY.match_word_spans(&unit.zh_chars) {
        let tokens: Vec<usize> =
            token_at[start..end].iter().copied().filter(|&t| t != usize::MAX).collect();
        let row = |t: usize, links: &[bool]| -> Vec<usize> {
            (0..n_en).filter(|&j| links[t * n_en + j]).collect()
        };
        for &t in &tokens {
            let mut others: Vec<usize> = tokens
                .iter()
                .filter(|&&o| o != t)
                .flat_map(|&o| row(o, links))
                .filter(|&j| stems[j].is_some_and(|s| word_stems.binary_search(&s).is_ok()))
                .collect();
            others.sort_unstable();
            others.dedup();
            if others.is_empty() {
                continue;
            }
            let own = row(t, links);
            let near = |j: usize| others.iter().any(|&o| o.abs_diff(j) <= 1);
            if own.iter().any(|&j| near(j)) {
                continue;
            }
            for j in own {
                links[t * n_en + j] = false;
            }
            for &j in &others {
                links[t * n_en + j] = true;
            }
        }
    }
}

/// The two ways a pass reads a unit.
#[derive(Debug, Clone, Copy)]
enum Direction {
    /// Hidden Chinese positions, observed English words: `p(en | zh)`.
    OverZh,
    /// Hidden English positions, observed Chinese words: `p(zh | en)`.
    OverEn,
}

/// How a direction reads a unit: observations, hidden states, and their probabilities.
struct Reading<'a> {
    parameters: &'a Parameters,
    unit: &'a EncodedUnit,
    over_zh: bool,
    n_obs: usize,
    n_states: usize,
}

impl<'a> Reading<'a> {
    fn new(parameters: &'a Parameters, unit: &'a EncodedUnit, way: Direction) -> Reading<'a> {
        let over_zh = matches!(way, Direction::OverZh);
        let (n_zh, n_en) = (unit.zh.len(), unit.en.len());
        let (n_obs, n_states) = if over_zh { (n_en, n_zh) } else { (n_zh, n_en) };
        Reading { parameters, unit, over_zh, n_obs, n_states }
    }

    /// The cell `[zh * n_en + en]` of an observation and a hidden state.
    fn cell(&self, obs: usize, state: usize) -> usize {
        let n_en = self.unit.en.len();
        if self.over_zh { state * n_en + obs } else { obs * n_en + state }
    }

    /// The translation probability of a pair index, observed given hidden.
    fn probability(&self, idx: u32) -> f32 {
        if self.over_zh {
            self.parameters.en_given_zh_at(idx)
        } else {
            self.parameters.zh_given_en_at(idx)
        }
    }

    /// The vocabulary id of an observation.
    fn observed(&self, obs: usize) -> u32 {
        if self.over_zh { self.unit.en[obs] } else { self.unit.zh[obs] }
    }

    /// The empty word's probability of an observation.
    fn null(&self, obs: usize) -> f32 {
        if self.over_zh {
            self.parameters.en_null(self.unit.en[obs])
        } else {
            self.parameters.zh_null(self.unit.zh[obs])
        }
    }
}

/// Expected counts of one direction in one EM iteration: per pair index, per observed word for
/// the empty word, per jump bucket.
struct DirectionCounts {
    pairs: Vec<f32>,
    nulls: Vec<f32>,
    jumps: [f64; JUMP_BUCKETS],
}

/// Expected counts of one EM iteration.
struct Counts {
    over_zh: DirectionCounts,
    over_en: DirectionCounts,
}

impl Counts {
    fn new(parameters: &Parameters) -> Counts {
        let n_pairs = parameters.pair_zh.len();
        let direction = |n_observed: usize| DirectionCounts {
            pairs: vec![0.0; n_pairs],
            nulls: vec![0.0; n_observed],
            jumps: [0.0; JUMP_BUCKETS],
        };
        Counts {
            over_zh: direction(parameters.en_vocabulary.len()),
            over_en: direction(parameters.zh_vocabulary.len()),
        }
    }
}

/// Posterior of one observed word: `(hidden position, probability)` for the beam, and the empty
/// word's probability.
#[derive(Debug, Clone, Default)]
pub(crate) struct Posterior {
    states: Vec<(usize, f64)>,
    null: f64,
}

impl Posterior {
    /// The most probable hidden position, unless the empty word is more probable.
    fn best(&self) -> Option<usize> {
        let (state, gamma) =
            self.states.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))?;
        (gamma > self.null).then_some(state)
    }
}

struct ForwardBackward {
    posteriors: Vec<Posterior>,
    jumps: [f64; JUMP_BUCKETS],
}

fn bucket(jump: i64) -> usize {
    (jump.clamp(-MAX_JUMP, MAX_JUMP) + MAX_JUMP) as usize
}

/// Share of the outermost bucket's probability that falls on each wider jump: it covers every
/// distance from `MAX_JUMP` on, so it is spread over them with a geometric decay rather than
/// given whole to each.
const OUTER_DECAY: f64 = 0.8;

/// The transition weight of one jump.
fn jump_weight(jump_table: &[f64; JUMP_BUCKETS], jump: i64) -> f64 {
    let weight = jump_table[bucket(jump)];
    if jump.abs() >= MAX_JUMP {
        weight * (1.0 - OUTER_DECAY) * OUTER_DECAY.powi((jump.abs() - MAX_JUMP) as i32)
    } else {
        weight
    }
}

/// One source of a step of [`forward_backward`]: a position key with the forward probability
/// of its real state (`real`: its index in the previous beam) and of its empty state (`null`: its
/// index among the previous empty states), summed.
struct Source {
    key: usize,
    alpha: f64,
    real: Option<usize>,
    null: Option<usize>,
}

/// Beam-pruned forward–backward over `n_states` hidden positions plus the empty word.
/// `emissions[obs * n_states + state]`; `nulls[obs]` is the empty word's emission.
///
/// The empty word remembers the last real position (Och & Ney 2003): there is one empty state
/// per position it was entered from (and one for the start), and the jump out of it is measured
/// from that position, so a word after an unaligned one still prefers to follow its
/// predecessor's link instead of landing anywhere. Empty states whose share of an observation
/// falls below `NULL_STATE_FLOOR` are dropped.
fn forward_backward(
    n_states: usize,
    n_obs: usize,
    emissions: &[f32],
    nulls: &[f32],
    jump: &[f64; JUMP_BUCKETS],
) -> ForwardBackward {
    // Beam per observation: the best states by emission, in position order.
    let beam = HMM_BEAM.min(n_states);
    let mut beams: Vec<Vec<usize>> = Vec::with_capacity(n_obs);
    let mut order: Vec<usize> = Vec::with_capacity(n_states);
    for obs in 0..n_obs {
        let row = &emissions[obs * n_states..(obs + 1) * n_states];
        order.clear();
        order.extend(0..n_states);
        if beam < n_states {
            order.select_nth_unstable_by(beam - 1, |&a, &b| {
                row[b].total_cmp(&row[a]).then(a.cmp(&b))
            });
            order.truncate(beam);
        }
        order.sort_unstable();
        beams.push(order.clone());
    }
    let real = 1.0 - NULL_PROBABILITY;
    // The weight of every jump a pass can make, `-n_states..=n_states`, computed once.
    let widest = n_states as i64;
    let weights: Vec<f64> = (-widest..=widest).map(|width| jump_weight(jump, width)).collect();
    // Transition weights from position `from` (-1: the start) into a beam, normalised over it.
    let transitions = |from: i64, to_beam: &[usize], into: &mut Vec<f64>| {
        let at = into.len();
        into.extend(to_beam.iter().map(|&to| weights[(to as i64 - from + widest) as usize]));
        let total: f64 = into[at..].iter().sum();
        for w in &mut into[at..] {
            *w = real * *w / total;
        }
    };
    // States are keyed by the position they stand at or remember, plus one (0: the start). A
    // real state and the empty state remembering the same position have the same transitions
    // out and so the same backward probability: the passes handle them as one source.
    // Forward, scaled: real states over the beam, empty states sparse and sorted by key.
    let mut alphas: Vec<Vec<f64>> = Vec::with_capacity(n_obs);
    let mut null_alphas: Vec<Vec<(usize, f64)>> = Vec::with_capacity(n_obs);
    let mut scales: Vec<f64> = Vec::with_capacity(n_obs);
    // Per observation: the sources `(key, alpha of both states, real beam index, empty index)`
    // of the step into it, and their transition rows into its beam, flat.
    let mut sources: Vec<Vec<Source>> = Vec::with_capacity(n_obs);
    let mut rows: Vec<Vec<f64>> = Vec::with_capacity(n_obs);
    for obs in 0..n_obs {
        let here = &beams[obs];
        let emission = &emissions[obs * n_states..(obs + 1) * n_states];
        let mut alpha = vec![0.0f64; here.len()];
        let mut null_alpha: Vec<(usize, f64)> = Vec::new();
        let mut from_here: Vec<Source> = Vec::new();
        let mut row_here: Vec<f64> = Vec::new();
        if obs == 0 {
            transitions(-1, here, &mut row_here);
            alpha.copy_from_slice(&row_here);
            row_here.clear();
            null_alpha.push((0, NULL_PROBABILITY));
        } else {
            // Merge the previous beam and empty states by key (both sorted).
            let previous = &beams[obs - 1];
            let previous_null = &null_alphas[obs - 1];
            let (mut r, mut n) = (0, 0);
            while r < previous.len() || n < previous_null.len() {
                let real_key = previous.get(r).map_or(usize::MAX, |p| p + 1);
                let null_key = previous_null.get(n).map_or(usize::MAX, |e| e.0);
                let key = real_key.min(null_key);
                let mut source = Source { key, alpha: 0.0, real: None, null: None };
                if real_key == key {
                    source.alpha += alphas[obs - 1][r];
                    source.real = Some(r);
                    r += 1;
                }
                if null_key == key {
                    source.alpha += previous_null[n].1;
                    source.null = Some(n);
                    n += 1;
                }
                from_here.push(source);
            }
            for source in &from_here {
                let at = row_here.len();
                transitions(source.key as i64 - 1, here, &mut row_here);
                for (k, w) in row_here[at..].iter().enumerate() {
                    alpha[k] += source.alpha * w;
                }
                null_alpha.push((source.key, source.alpha * NULL_PROBABILITY));
            }
        }
        for (k, &state) in here.iter().enumerate() {
            alpha[k] *= f64::from(emission[state]);
        }
        for entry in &mut null_alpha {
            entry.1 *= f64::from(nulls[obs]);
        }
        let total: f64 = alpha.iter().sum::<f64>() + null_alpha.iter().map(|e| e.1).sum::<f64>();
        let scale = if total > 0.0 { total } else { 1.0 };
        for value in &mut alpha {
            *value /= scale;
        }
        null_alpha.retain_mut(|entry| {
            entry.1 /= scale;
            entry.1 >= NULL_STATE_FLOOR
        });
        alphas.push(alpha);
        null_alphas.push(null_alpha);
        scales.push(scale);
        sources.push(from_here);
        rows.push(row_here);
    }
    // Backward with the same scales.
    let mut betas: Vec<Vec<f64>> = vec![Vec::new(); n_obs];
    let mut null_betas: Vec<Vec<f64>> = vec![Vec::new(); n_obs];
    betas[n_obs - 1] = vec![1.0; beams[n_obs - 1].len()];
    null_betas[n_obs - 1] = vec![1.0; null_alphas[n_obs - 1].len()];
    let mut jumps = [0.0f64; JUMP_BUCKETS];
    for obs in (1..n_obs).rev() {
        let here = &beams[obs];
        let emission = &emissions[obs * n_states..(obs + 1) * n_states];
        let scale = scales[obs];
        // emitted[k] = emission * beta at obs.
        let emitted: Vec<f64> =
            here.iter().enumerate().map(|(k, &s)| f64::from(emission[s]) * betas[obs][k]).collect();
        let mut beta = vec![0.0f64; beams[obs - 1].len()];
        let mut null_beta = vec![0.0f64; null_alphas[obs - 1].len()];
        for (idx, source) in sources[obs].iter().enumerate() {
            let weights = &rows[obs][idx * here.len()..(idx + 1) * here.len()];
            let from = source.key as i64 - 1;
            let mut value = 0.0;
            for (k, w) in weights.iter().enumerate() {
                let contribution = w * emitted[k];
                value += contribution;
                // Expected jump count: alpha(from) · transition · emission · beta / scale.
                jumps[bucket(here[k] as i64 - from)] += source.alpha * contribution / scale;
            }
            if let Ok(at) = null_alphas[obs].binary_search_by_key(&source.key, |e| e.0) {
                value += NULL_PROBABILITY * f64::from(nulls[obs]) * null_betas[obs][at];
            }
            if let Some(r) = source.real {
                beta[r] = value / scale;
            }
            if let Some(n) = source.null {
                null_beta[n] = value / scale;
            }
        }
        betas[obs - 1] = beta;
        null_betas[obs - 1] = null_beta;
    }
    let posteriors = (0..n_obs)
        .map(|obs| {
            let here = &beams[obs];
            let products: Vec<f64> =
                alphas[obs].iter().zip(&betas[obs]).map(|(a, b)| a * b).collect();
            let null: f64 =
                null_alphas[obs].iter().zip(&null_betas[obs]).map(|(a, b)| a.1 * b).sum();
            let total: f64 = products.iter().sum::<f64>() + null;
            let total = if total > 0.0 { total } else { 1.0 };
            Posterior {
                states: here.iter().enumerate().map(|(k, &s)| (s, products[k] / total)).collect(),
                null: null / total,
            }
        })
        .collect();
    ForwardBackward { posteriors, jumps }
}

/// Grow-diag-final-and (Koehn, Och & Marcu 2003) over two directional alignments.
fn grow_diag_final_and(n_zh: usize, n_en: usize, a: &[bool], b: &[bool]) -> Vec<bool> {
    let mut links: Vec<bool> = a.iter().zip(b).map(|(x, y)| *x && *y).collect();
    let union: Vec<bool> = a.iter().zip(b).map(|(x, y)| *x || *y).collect();
    let mut zh_aligned = vec![false; n_zh];
    let mut en_aligned = vec![false; n_en];
    for i in 0..n_zh {
        for j in 0..n_en {
            if links[i * n_en + j] {
                zh_aligned[i] = true;
                en_aligned[j] = true;
            }
        }
    }
    let neighbours: [(i64, i64); 8] =
        [(-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)];
    loop {
        let mut added = false;
        for i in 0..n_zh {
            for j in 0..n_en {
                if !links[i * n_en + j] {
                    continue;
                }
                for (di, dj) in neighbours {
                    let (ni, nj) = (i as i64 + di, j as i64 + dj);
                    if ni < 0 || nj < 0 || ni >= n_zh as i64 || nj >= n_en as i64 {
                        continue;
                    }
                    let (ni, nj) = (ni as usize, nj as usize);
                    let cell = ni * n_en + nj;
                    if !links[cell] && union[cell] && (!zh_aligned[ni] || !en_aligned[nj]) {
                        links[cell] = true;
                        zh_aligned[ni] = true;
                        en_aligned[nj] = true;
                        added = true;
                    }
                }
            }
        }
        if !added {
            break;
        }
    }
    for direction in [a, b] {
        for i in 0..n_zh {
            for j in 0..n_en {
                let cell = i * n_en + j;
                if direction[cell] && !links[cell] && !zh_aligned[i] && !en_aligned[j] {
                    links[cell] = true;
                    zh_aligned[i] = true;
                    en_aligned[j] = true;
                }
            }
        }
    }
    links
}

pub(crate) fn put_u32(out: &mut Vec<u8>, value: usize) {
    out.extend_from_slice(&u32::try_from(value).unwrap_or(u32::MAX).to_le_bytes());
}

/// Reads the little-endian fields the phrase module writes.
pub(crate) struct ByteReader<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) at: usize,
}

impl<'a> ByteReader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub(crate) fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub(crate) fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phrases::sentence::prepare_unit;

    #[test]
    fn a_word_after_an_unaligned_one_follows_its_predecessors_link() {
        // Observation 0 sits at position 1, observation 1 is the empty word's, observation 2 is
        // equally likely at positions 2 and 5: the empty word remembers position 1, so the
        // next position wins.
        let n_states = 6;
        let mut emissions = vec![1e-6f32; 3 * n_states];
        emissions[1] = 1.0;
        emissions[2 * n_states + 2] = 1.0;
        emissions[2 * n_states + 5] = 1.0;
        let nulls = [1e-6, 1.0, 1e-6];
        let jumps = Parameters::untrained().jump_over_zh;
        let result = forward_backward(n_states, 3, &emissions, &nulls, &jumps);
        assert!(result.posteriors[1].null > 0.9, "{:?}", result.posteriors[1]);
        let at = |state: usize| {
            result.posteriors[2].states.iter().find(|(s, _)| *s == state).map_or(0.0, |s| s.1)
        };
        assert!(at(2) > 3.0 * at(5), "{:?}", result.posteriors[2]);
    }

    /// A fingerprint (FNV-1a) of a model's bytes and of the links it gives every training unit.
    fn fingerprint(units: &[(String, String)]) -> u64 {
        let parameters = Parameters::train(
            units.iter().map(|(zh, en)| prepare_unit(zh, en, &[])),
            &TrainingOptions::default(),
        );
        let mut bytes = Vec::new();
        parameters.write_bytes(&mut bytes);
        for (zh, en) in units {
            for (i, j) in parameters.align(&prepare_unit(zh, en, &[])) {
                put_u32(&mut bytes, i);
                put_u32(&mut bytes, j);
            }
        }
        bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |hash, &b| {
            (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    }

    /// Training and alignment give bit-identical results however they are computed (the
    /// speed-ups change no arithmetic): the fingerprints of a model trained on the
    /// word-alignment gold and on a synthetic memory, and of their links, are the recorded ones.
    /// Update them, with the aligner's format tag, only when the model changes on purpose.
    #[test]
    fn training_and_alignment_give_the_recorded_results() {
        let gold: Vec<(String, String)> = include_str!("../../test_data/word_alignment/gold.tsv")
            .lines()
            .filter_map(|line| {
                let fields: Vec<&str> = line.split('\t').collect();
                (fields.len() >= 3).then(|| (fields[1].to_owned(), fields[2].to_owned()))
            })
            .collect();
        let synthetic: Vec<(String, String)> = (0..600)
            .map(|idx| {
                let pair = crate::synthetic::synthetic_pair(7, idx);
                (pair.zh, pair.en)
            })
            .collect();
        let found = (fingerprint(&gold), fingerprint(&synthetic));
        assert_eq!(found, (0x756f_026d_1bd5_f686, 0x92d8_cafc_e93e_97cb), "{found:x?}");
    }

    #[test]
    fn a_dictionary_word_takes_the_links_its_glosses_confirm() {
        // Tokens: 总 裁 参 加 调 研; positions: the chairman attended the survey.
        let unit = prepare_unit("总裁参加调研", "the chairman attended the survey", &[]);
        let n_en = unit.en_positions.len();
        let linked = |links: &[bool], t: usize| -> Vec<usize> {
            (0..n_en).filter(|&j| links[t * n_en + j]).collect()
        };
        // 裁 linked far off, to `survey`: it takes 总's `chairman` (a gloss of 总裁).
        let mut links = vec![false; unit.zh_tokens.len() * n_en];
        links[n_en + 4] = true;
        links[1] = true;
        link_dictionary_words(&unit, n_en, &mut links);
        assert_eq!(linked(&links, 1), [1]);
        // A link no gloss of 总裁 confirms (`attended`) is not spread.
        let mut links = vec![false; unit.zh_tokens.len() * n_en];
        links[2] = true;
        link_dictionary_words(&unit, n_en, &mut links);
        assert_eq!(linked(&links, 1), Vec::<usize>::new());
    }
}
