//! The termbase use cases of `Project`: mining candidates from the memory, the review workflow,
//! and the checks a translator sees while writing (recognition, live check, autocomplete).

use crate::{
    LookupDirection, Project,
    error::{Error, StoreError},
    model::{ConceptDetails, ConceptRecord, TermStatus},
    project::now_timestamp,
    terminology::{self, Category, Completion, Finding, TermEntry, TermHit, TermIndex},
};

/// The approved termbase as an index, with what it was built from.
pub(crate) struct CachedTermIndex {
    /// The store's change token when the index was last known current.
    token: (i64, u64),
    /// The termbase signature it was built at.
    signature: (i64, i64, String),
    index: TermIndex,
}

/// What mining candidates added to the termbase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExtractReport {
    /// Candidate concepts found in the memory.
    pub candidates_found: u64,
    /// New candidate concepts stored (the rest were already in the termbase).
    pub concepts_added: u64,
    /// Terms stored with them (Chinese forms and English renderings).
    pub terms_added: u64,
    /// Units and sentences left out because a segment is longer than
    /// [`terminology::MAX_MINED_SEGMENT_CHARS`].
    pub segments_too_long: u64,
}

/// A reviewer's decision on a candidate concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewDecision {
    /// Approve; `preferred` names the English rendering to prefer (default: the most frequent);
    /// the other English renderings become deprecated in the same action.
    Approve {
        /// The preferred English rendering, as listed for the concept.
        preferred: Option<String>,
    },
    /// Reject the candidate.
    Reject,
}

impl Project {
    /// Mines candidate names, titles, organisations and events from the memory's aligned units
    /// (and the Chinese-only sentences of articles) into the termbase as candidates with every
    /// English rendering, its count and its evidence units. Chinese terms already in the
    /// termbase are left alone. One transaction.
    pub fn extract_terms(&mut self) -> Result<ExtractReport, Error> {
        let mut unit_ids = Vec::new();
        let mut pairs = Vec::new();
        let mut segments_too_long = 0;
        self.store.for_each_pair(0, &mut |unit_id, zh, en| {
            unit_ids.push(unit_id);
            // An over-long pair keeps its place (evidence is by pair index) but is mined empty.
            if terminology::is_minable(zh) && terminology::is_minable(en) {
                pairs.push((zh.to_owned(), en.to_owned()));
            } else {
                segments_too_long += 1;
                pairs.push((String::new(), String::new()));
            }
        })?;
        let mut monolingual = self.store.unaligned_chinese()?;
        // A sentence the sentence aligner left out of its paragraph's pairs is read as part of
        // the neighbouring pair whose words it shares; a Chinese one joined so is no longer
        // Chinese-only text.
        for joined in join_unpaired_sentences(
            &unit_ids,
            &mut pairs,
            self.store.unpaired_sentences_beside_units()?,
        ) {
            if let Some(at) = monolingual.iter().position(|zh| *zh == joined) {
                monolingual.remove(at);
            }
        }
        let n_monolingual = monolingual.len();
        monolingual.retain(|zh| terminology::is_minable(zh));
        segments_too_long += (n_monolingual - monolingual.len()) as u64;
        // Mining reads the memory's phrase alignment: the phrase table's aligner when one covers
        // the memory, else mining trains its own.
        let terminology::MinedTerms { candidates, holders } = match self.current_word_aligner()? {
            Some(aligner) => terminology::mine_terms_with_aligner(&pairs, &monolingual, aligner),
            None => terminology::mine_terms(&pairs, &monolingual),
        };
        // The date of the article each pair comes from, for dating who held which title.
        let article_dates: std::collections::HashMap<i64, String> = self
            .store
            .article_texts()?
            .into_iter()
            .filter_map(|(article, text)| {
                crate::articles::publication_date(&text).map(|date| (article, date))
            })
            .collect();
        let unit_dates: std::collections::HashMap<i64, String> = self
            .store
            .unit_articles()?
            .into_iter()
            .filter_map(|(unit, article)| {
                article_dates.get(&article).map(|date| (unit, date.clone()))
            })
            .collect();
        // Concepts already in the termbase (not rejected), for linking abbreviations to them.
        let known_entries: Vec<TermEntry> = self
            .store
            .concepts(None, None)?
            .into_iter()
            .filter(|concept| concept.review_status != "rejected")
            .map(term_entry)
            .collect();
        let now = now_timestamp();
        let report = self.store.write(|tx| {
            let known = tx.chinese_terms()?;
            let mut report = ExtractReport {
                candidates_found: candidates.len() as u64,
                segments_too_long,
                ..ExtractReport::default()
            };
            let mut new_concepts: std::collections::HashMap<(Category, String), i64> =
                std::collections::HashMap::new();
            for candidate in candidates.iter().filter(|candidate| known.contains(&candidate.zh)) {
                // A term already in the termbase: only short forms seen since are new.
                let holder =
                    known_entries.iter().find(|entry| entry.zh_forms.contains(&candidate.zh));
                if let Some(entry) = holder {
                    for short in
                        candidate.short_forms.iter().filter(|short| !known.contains(*short))
                    {
                        tx.insert_term(
                            entry.concept_id,
                            script_tag(short),
                            short,
                            TermStatus::Admitted,
                            0,
                        )?;
                        report.terms_added += 1;
                    }
                }
            }
            for candidate in candidates.iter().filter(|candidate| !known.contains(&candidate.zh)) {
                if let Some(concept) = terminology::abbreviated_concept(candidate, &known_entries) {
                    // A short form of a concept the termbase holds: one more Chinese form of it.
                    let forms = std::iter::once(&candidate.zh)
                        .chain(&candidate.zh_variants)
                        .chain(&candidate.short_forms);
                    for form in forms {
                        tx.insert_term(concept, script_tag(form), form, TermStatus::Admitted, 0)?;
                        report.terms_added += 1;
                    }
                    continue;
                }
                let concept =
                    tx.insert_candidate_concept(candidate.category.as_str(), "candidate", &now)?;
                new_concepts.insert((candidate.category, candidate.zh.clone()), concept);
                report.concepts_added += 1;
                let zh_lang = "zh-Hans";
                tx.insert_term(
                    concept,
                    zh_lang,
                    &candidate.zh,
                    TermStatus::Admitted,
                    u64::from(candidate.count),
                )?;
                report.terms_added += 1;
                for variant in
                    candidate.zh_variants.iter().filter(|variant| **variant != candidate.zh)
                {
                    tx.insert_term(concept, "zh-Hant", variant, TermStatus::Admitted, 0)?;
                    report.terms_added += 1;
                }
                if !candidate.note.is_empty() {
                    let details = ConceptDetails {
                        note: candidate.note.clone(),
                        ..ConceptDetails::default()
                    };
                    tx.set_concept_details(concept, &details, &now)?;
                }
                for short in &candidate.short_forms {
                    tx.insert_term(concept, script_tag(short), short, TermStatus::Admitted, 0)?;
                    report.terms_added += 1;
                }
                for rendering in &candidate.renderings {
                    let term = tx.insert_term(
                        concept,
                        "en",
                        &rendering.en,
                        TermStatus::Admitted,
                        u64::from(rendering.count),
                    )?;
                    report.terms_added += 1;
                    for &example in &rendering.examples {
                        if let Some(&unit_id) = unit_ids.get(example) {
                            tx.insert_evidence(term, unit_id)?;
                        }
                    }
                }
            }
            // Who held which title when: a link from the person to the title, and on a new
            // person's concept a note line per title with the article's date.
            let concept_of = |category: Category, zh: &str| {
                new_concepts.get(&(category, zh.to_owned())).copied().or_else(|| {
                    known_entries
                        .iter()
                        .find(|entry| {
                            entry.category == category
                                && entry.zh_forms.iter().any(|form| form == zh)
                        })
                        .map(|entry| entry.concept_id)
                })
            };
            let mut held: std::collections::BTreeMap<i64, Vec<String>> =
                std::collections::BTreeMap::new();
            for holder in &holders {
                let Some(person) = concept_of(Category::Person, &holder.person) else { continue };
                let date = unit_ids
                    .get(holder.pair)
                    .and_then(|unit| unit_dates.get(unit))
                    .map_or("undated", String::as_str);
                if let Some(title) = concept_of(Category::Title, &holder.title) {
                    tx.link_concepts(person, title, "holds-title")?;
                }
                if new_concepts.values().any(|concept| *concept == person) {
                    let line = format!(
                        "{date}: {} ({}, {})",
                        holder.title, holder.title_en, holder.person_en
                    );
                    let lines = held.entry(person).or_default();
                    if !lines.contains(&line) {
                        lines.push(line);
                    }
                }
            }
            for (person, mut lines) in held {
                lines.sort();
                let details = ConceptDetails {
                    note: format!("titles held: {}", lines.join("; ")),
                    ..ConceptDetails::default()
                };
                tx.set_concept_details(person, &details, &now)?;
            }
            let detail = format!(
                "{} candidates found, {} concepts added",
                report.candidates_found, report.concepts_added
            );
            tx.insert_audit(&now, "terms-extracted", ("termbase", 0), &detail)?;
            Ok(report)
        })?;
        Ok(report)
    }

    /// Concepts, optionally only those with a review status (`candidate`, `approved`,
    /// `rejected`) and a category, most frequent first.
    pub fn terms(
        &self,
        review_status: Option<&str>,
        category: Option<&str>,
    ) -> Result<Vec<ConceptRecord>, Error> {
        Ok(self.store.concepts(review_status, category)?)
    }

    /// Approves or rejects a concept, with a comment, in the audit log. Approving a mined
    /// candidate makes one English rendering preferred and deprecates the others in the same
    /// action; a concept that came from an import, or already has a preferred rendering, keeps
    /// its term statuses unless `preferred` names one.
    pub fn review_concept(
        &mut self,
        concept_id: i64,
        decision: &ReviewDecision,
        comment: &str,
    ) -> Result<(), Error> {
        self.review_concepts(&[concept_id], decision, comment).map(|_| ())
    }

    /// [`Project::review_concept`] for many concepts in one transaction: all are reviewed, or
    /// none is (an unknown id changes nothing). Returns how many were reviewed.
    pub fn review_concepts(
        &mut self,
        concept_ids: &[i64],
        decision: &ReviewDecision,
        comment: &str,
    ) -> Result<usize, Error> {
        let now = now_timestamp();
        let outcome = self.store.write(|tx| {
            for &concept_id in concept_ids {
                review_one(tx, concept_id, decision, comment, &now)?;
            }
            Ok(concept_ids.len())
        });
        outcome.map_err(Error::from_edit)
    }

    /// The concepts an import added that are still in the termbase, in id order (for
    /// reviewing a whole glossary at once).
    pub fn concepts_of_import(
        &self,
        batch: crate::model::ImportBatchId,
    ) -> Result<Vec<i64>, Error> {
        Ok(self.store.concepts_of_import(batch)?)
    }

    /// Records who makes the changes from now on (reviewer or translator), in the audit log.
    pub fn set_actor(&mut self, actor: &str) {
        self.store.actor = actor.to_owned();
    }

    /// The whole audit log, oldest first: every reviewer action and every edit of the memory.
    pub fn audit_log(&self) -> Result<Vec<crate::model::AuditRecord>, Error> {
        Ok(self.store.audit_log()?)
    }

    /// Sets a concept's definition, note and validity dates (a person's title holds from–to).
    pub fn set_concept_details(
        &mut self,
        concept_id: i64,
        details: &crate::model::ConceptDetails,
    ) -> Result<(), Error> {
        let now = now_timestamp();
        let outcome = self.store.write(|tx| {
            tx.concept(concept_id)?.ok_or_else(|| StoreError::Invalid {
                message: format!("no concept {concept_id}"),
            })?;
            tx.set_concept_details(concept_id, details, &now)?;
            let detail = format!(
                "valid {}–{}; definition: {}; note: {}",
                details.valid_from.as_deref().unwrap_or(""),
                details.valid_to.as_deref().unwrap_or(""),
                details.definition,
                details.note
            );
            tx.insert_audit(&now, "concept-edited", ("concept", concept_id), &detail)
        });
        outcome.map_err(Error::from_edit)
    }

    /// Links two concepts, e.g. a short form (`市政府外办`) to its full form
    /// (`重庆市人民政府外事办公室`), with the link's kind (`short-form`, `see-also`, …).
    pub fn link_concepts(&mut self, from: i64, to: i64, kind: &str) -> Result<(), Error> {
        let now = now_timestamp();
        let outcome = self.store.write(|tx| {
            for id in [from, to] {
                tx.concept(id)?
                    .ok_or_else(|| StoreError::Invalid { message: format!("no concept {id}") })?;
            }
            if from == to {
                return Err(StoreError::Invalid {
                    message: "a concept cannot be linked to itself".to_owned(),
                });
            }
            tx.link_concepts(from, to, kind)?;
            tx.insert_audit(&now, "linked", ("concept", from), &format!("{kind} of concept {to}"))
        });
        outcome.map_err(Error::from_edit)
    }

    /// Up to `limit` memory units a term was seen in, as (Chinese, English): the contexts a
    /// reviewer reads before approving.
    pub fn term_examples(
        &self,
        term_id: i64,
        limit: usize,
    ) -> Result<Vec<(String, String)>, Error> {
        Ok(self.store.term_examples(term_id, limit)?)
    }

    /// A concept's history, oldest first: extraction, approvals, rejections, edits with comments.
    pub fn concept_history(&self, concept_id: i64) -> Result<Vec<crate::model::AuditEntry>, Error> {
        Ok(self.store.audit_entries("concept", concept_id)?)
    }

    /// Changes a term's text and status (e.g. marks a rendering forbidden), in the audit log.
    pub fn edit_term(
        &mut self,
        concept_id: i64,
        term_id: i64,
        text: &str,
        status: TermStatus,
    ) -> Result<(), Error> {
        let now = now_timestamp();
        let outcome = self.store.write(|tx| {
            let concept = tx.concept(concept_id)?.ok_or_else(|| StoreError::Invalid {
                message: format!("no concept {concept_id}"),
            })?;
            let term = concept.terms.iter().find(|term| term.id == term_id).ok_or_else(|| {
                StoreError::Invalid {
                    message: format!("concept {concept_id} has no term {term_id}"),
                }
            })?;
            tx.set_term(term_id, text, status)?;
            tx.touch_concept(concept_id, &now)?;
            let detail =
                format!("{} ({}) → {text} ({})", term.text, term.status.as_str(), status.as_str());
            tx.insert_audit(&now, "term-edited", ("concept", concept_id), &detail)
        });
        outcome.map_err(Error::from_edit)
    }

    /// The approved termbase as an index. It is rebuilt only when the termbase changed: after any
    /// write (this connection's or another's) the termbase signature is read once, and only a
    /// different signature rebuilds the index, so saving segments never costs a rebuild.
    fn term_index(&mut self) -> Result<&TermIndex, Error> {
        let token = self.store.change_token()?;
        let fresh = match &mut self.term_index {
            Some(cached) if cached.token == token => true,
            Some(cached) => {
                let signature = self.store.termbase_signature()?;
                if cached.signature == signature {
                    cached.token = token;
                    true
                } else {
                    false
                }
            }
            None => false,
        };
        if !fresh {
            let signature = self.store.termbase_signature()?;
            let concepts = self.store.concepts(Some("approved"), None)?;
            let entries: Vec<TermEntry> = concepts.into_iter().map(term_entry).collect();
            self.term_index =
                Some(CachedTermIndex { token, signature, index: TermIndex::build(&entries) });
        }
        match &self.term_index {
            Some(cached) => Ok(&cached.index),
            None => unreachable!("the index was built just above"),
        }
    }

    /// Runs `work` with the store and the approved termbase index (made current first).
    pub(crate) fn with_term_index<T>(
        &mut self,
        work: impl FnOnce(&crate::store::Store, &TermIndex) -> T,
    ) -> Result<T, Error> {
        self.term_index()?;
        match &self.term_index {
            Some(cached) => Ok(work(&self.store, &cached.index)),
            None => unreachable!("term_index just made the index"),
        }
    }

    /// Approved terms recognised in a source sentence (character offsets), Chinese or English
    /// (told apart as `lookup` does).
    pub fn recognise_terms(&mut self, source: &str) -> Result<Vec<TermHit>, Error> {
        let index = self.term_index()?;
        Ok(match LookupDirection::detect(source) {
            LookupDirection::ChineseToEnglish => index.recognise(source),
            LookupDirection::EnglishToChinese => index.recognise_english(source),
        })
    }

    /// The live check of a translation against the approved termbase. From Chinese: missing
    /// renderings, deprecated or forbidden variants, near-misses, each with the approved form as
    /// the fix. From English (told apart as `lookup` does): each approved term of the source
    /// must appear in the Chinese target in one of its forms.
    pub fn check_translation(&mut self, source: &str, target: &str) -> Result<Vec<Finding>, Error> {
        let index = self.term_index()?;
        Ok(match LookupDirection::detect(source) {
            LookupDirection::ChineseToEnglish => index.check(source, target),
            LookupDirection::EnglishToChinese => index.check_from_english(source, target),
        })
    }

    /// Approved renderings for what the translator is typing, those of the source's terms first;
    /// never a forbidden form.
    pub fn complete_term(
        &mut self,
        source: &str,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<Completion>, Error> {
        Ok(self.term_index()?.complete(source, prefix, limit))
    }
}

/// Reviews one concept inside a transaction; see [`Project::review_concept`].
fn review_one(
    tx: &crate::store::StoreTx<'_>,
    concept_id: i64,
    decision: &ReviewDecision,
    comment: &str,
    now: &str,
) -> Result<(), StoreError> {
    let concept = tx
        .concept(concept_id)?
        .ok_or_else(|| StoreError::Invalid { message: format!("no concept {concept_id}") })?;
    let (action, detail) = match decision {
        ReviewDecision::Reject => {
            tx.set_review_status(concept_id, "rejected", now)?;
            ("rejected", String::new())
        }
        ReviewDecision::Approve { preferred } => {
            let english: Vec<_> =
                concept.terms.iter().filter(|term| term.lang.primary() == "en").collect();
            let has_preferred = english.iter().any(|term| term.status == TermStatus::Preferred);
            let imported = tx.concept_import_batch(concept_id)?.is_some();
            let first_admitted = english.iter().find(|term| term.status == TermStatus::Admitted);
            let detail = if let (None, true, false, Some(chosen)) =
                (preferred, imported, has_preferred, first_admitted)
            {
                // A glossary that names no preferred rendering: its first admitted one is the
                // approved one, and the others keep the statuses the file gave them.
                tx.set_term(chosen.id, &chosen.text, TermStatus::Preferred)?;
                format!("statuses kept; preferred: {}", chosen.text)
            } else if preferred.is_none() && (has_preferred || imported) {
                // A glossary's statuses are its reviewers' decisions: keep them.
                let kept: Vec<&str> = english
                    .iter()
                    .filter(|term| term.status == TermStatus::Preferred)
                    .map(|term| term.text.as_str())
                    .collect();
                format!("statuses kept; preferred: {}", kept.join("; "))
            } else {
                let chosen = match preferred {
                    Some(text) => english
                        .iter()
                        .find(|term| term.text == *text)
                        .copied()
                        .ok_or_else(|| StoreError::Invalid {
                            message: format!("concept {concept_id} has no rendering \"{text}\""),
                        })?,
                    None => {
                        english.iter().max_by_key(|term| term.occurrences).copied().ok_or_else(
                            || StoreError::Invalid {
                                message: format!("concept {concept_id} has no English rendering"),
                            },
                        )?
                    }
                };
                for term in &english {
                    let status = if term.id == chosen.id {
                        TermStatus::Preferred
                    } else if term.status == TermStatus::Forbidden {
                        TermStatus::Forbidden
                    } else {
                        TermStatus::Deprecated
                    };
                    tx.set_term(term.id, &term.text, status)?;
                }
                for term in concept.terms.iter().filter(|term| term.lang.primary() == "zh") {
                    tx.set_term(term.id, &term.text, TermStatus::Preferred)?;
                }
                format!("preferred: {}", chosen.text)
            };
            tx.set_review_status(concept_id, "approved", now)?;
            ("approved", detail)
        }
    };
    let detail = if comment.is_empty() { detail } else { format!("{detail}; {comment}") };
    tx.insert_audit(now, action, ("concept", concept_id), &detail)
}

/// How to write the termbase as a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermTableFormat {
    /// Tab-separated values.
    Tsv,
    /// Comma-separated values (RFC 4180 quoting).
    Csv,
}

impl Project {
    /// Writes the approved and candidate concepts (not rejected ones) as TBX-Basic v3: every term
    /// with its administrative status, part of speech and notes, the category as `subjectField`,
    /// the definition and note (at language level for lines an import marked `[lang]`), and the
    /// fields a TBX import kept, at their level, in file order and in their groups.
    pub fn export_tbx(&self, output: impl std::io::Write) -> Result<u64, Error> {
        use crate::tbx;
        let concepts = self.store.concepts(None, None)?;
        let mut kept = kept_fields_by_concept(self.store.concept_fields()?);
        let mut term_columns = self.store.term_columns()?;
        let entries: Vec<tbx::Concept> = concepts
            .into_iter()
            .filter(|concept| concept.review_status != "rejected")
            .map(|concept| {
                let mut kept = kept.remove(&concept.id).unwrap_or_default();
                let mut languages: Vec<tbx::LangSection> = Vec::new();
                for term in concept.terms {
                    let stored = term_columns.remove(&term.id).unwrap_or_default();
                    let columns = ColumnFields {
                        status: Some(term.status),
                        part_of_speech: stored.part_of_speech,
                        notes: stored.note.as_deref().map(column_lines).unwrap_or_default(),
                        ..ColumnFields::default()
                    };
                    let entry = tbx::Term {
                        id: Some(format!("t{}", term.id)),
                        text: term.text,
                        fields: columns.place(kept.terms.remove(&term.id).unwrap_or_default()),
                    };
                    match languages.iter_mut().find(|section| section.lang.tag == term.lang) {
                        Some(section) => section.terms.push(entry),
                        None => languages.push(tbx::LangSection {
                            lang: crate::tmx::Language {
                                original: term.lang.to_string(),
                                tag: term.lang,
                            },
                            fields: Vec::new(),
                            terms: vec![entry],
                        }),
                    }
                }
                let mut definitions = ColumnByLevel::split(&concept.details.definition, &languages);
                let mut notes = ColumnByLevel::split(&concept.details.note, &languages);
                for section in &mut languages {
                    let lang = section.lang.tag.to_string();
                    let columns = ColumnFields {
                        definitions: definitions.sections.remove(&lang).unwrap_or_default(),
                        notes: notes.sections.remove(&lang).unwrap_or_default(),
                        ..ColumnFields::default()
                    };
                    section.fields = columns.place(kept.sections.remove(&lang).unwrap_or_default());
                }
                let columns = ColumnFields {
                    category: Some(concept.category),
                    definitions: definitions.concept,
                    notes: notes.concept,
                    ..ColumnFields::default()
                };
                let mut fields = columns.place(kept.concept);
                fields.push(tbx::Field::new(
                    tbx::FieldElement::Note,
                    "",
                    &format!("review: {}", concept.review_status),
                ));
                tbx::Concept { id: Some(format!("c{}", concept.id)), fields, languages }
            })
            .collect();
        let header =
            tbx::Header { title: Some("Tessera termbase".to_owned()), ..tbx::Header::default() };
        let report = tbx::write(output, &header, &entries, &tbx::WriteOptions::default())
            .map_err(|error| Error::Output { message: error.to_string() })?;
        Ok(report.concepts_written)
    }

    /// Writes the termbase as a table that `tessera import` reads back to the same concepts:
    /// a header row, then one row per concept with `concept` (its id, for people), `category`,
    /// `review`, `definition`, `note`, one column per language and status present in the
    /// termbase (`zh:preferred`, `en:preferred`, `en:deprecated`, …; Chinese first, then
    /// English, then the others; a cell's terms joined with `; `), and `count` (how often the
    /// most frequent term was seen). A cell that a spreadsheet would run as a formula (starting
    /// with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a `'` before it, as
    /// OWASP recommends against CSV injection; the import takes that `'` off again.
    pub fn export_term_table(
        &self,
        mut output: impl std::io::Write,
        format: TermTableFormat,
    ) -> Result<u64, Error> {
        let concepts = self.store.concepts(None, None)?;
        let separator = match format {
            TermTableFormat::Tsv => "\t",
            TermTableFormat::Csv => ",",
        };
        let cell = |text: &str| {
            let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{text}")
            } else {
                text.to_owned()
            };
            match format {
                TermTableFormat::Tsv => text.replace(['\t', '\n', '\r'], " "),
                TermTableFormat::Csv if text.contains([',', '"', '\n', '\r']) => {
                    format!("\"{}\"", text.replace('"', "\"\""))
                }
                TermTableFormat::Csv => text,
            }
        };
        let write_error = |error: std::io::Error| Error::Output { message: error.to_string() };
        let statuses = [
            TermStatus::Preferred,
            TermStatus::Admitted,
            TermStatus::Deprecated,
            TermStatus::Forbidden,
        ];
        let mut term_columns: Vec<(String, TermStatus)> = concepts
            .iter()
            .flat_map(|concept| concept.terms.iter())
            .map(|term| (term.lang.as_str().to_owned(), term.status))
            .collect::<std::collections::HashSet<_>>()
            .into_iter()
            .collect();
        let language_rank = |lang: &str| match lang.split('-').next().unwrap_or(lang) {
            "zh" => 0,
            "en" => 1,
            _ => 2,
        };
        term_columns.sort_by_key(|(lang, status)| {
            let status_rank = statuses.iter().position(|known| known == status);
            (language_rank(lang), lang.clone(), status_rank)
        });
        let mut header: Vec<String> =
            ["concept", "category", "review", "definition", "note"].map(str::to_owned).to_vec();
        header.extend(
            term_columns.iter().map(|(lang, status)| format!("{lang}:{}", status.as_str())),
        );
        header.push("count".to_owned());
        writeln!(output, "{}", header.join(separator)).map_err(write_error)?;
        let mut n_rows = 0;
        for concept in &concepts {
            let mut row = vec![
                concept.id.to_string(),
                concept.category.clone(),
                concept.review_status.clone(),
                concept.details.definition.clone(),
                concept.details.note.clone(),
            ];
            for (lang, status) in &term_columns {
                let terms: Vec<&str> = concept
                    .terms
                    .iter()
                    .filter(|term| term.lang.as_str() == lang && term.status == *status)
                    .map(|term| term.text.as_str())
                    .collect();
                row.push(terms.join("; "));
            }
            let count = concept.terms.iter().map(|term| term.occurrences).max().unwrap_or(0);
            row.push(count.to_string());
            let cells: Vec<String> = row.iter().map(|value| cell(value)).collect();
            writeln!(output, "{}", cells.join(separator)).map_err(write_error)?;
            n_rows += 1;
        }
        output.flush().map_err(write_error)?;
        Ok(n_rows)
    }
}

/// A field a TBX import kept (`concept_field`); `in_column`: a placeholder whose text a column
/// holds (its `value` is empty).
#[derive(Debug)]
struct KeptField {
    field: crate::tbx::Field,
    in_column: bool,
}

/// The kept fields of one concept, by level, in file order.
#[derive(Debug, Default)]
struct KeptFields {
    concept: Vec<KeptField>,
    sections: std::collections::HashMap<String, Vec<KeptField>>,
    terms: std::collections::HashMap<i64, Vec<KeptField>>,
}

/// The rows of `concept_field` as fields by concept and level, group members under their head.
/// Rows of an element this build does not know are passed over.
fn kept_fields_by_concept(
    rows: Vec<crate::store::StoredField>,
) -> std::collections::HashMap<i64, KeptFields> {
    use std::collections::HashMap;
    let mut by_concept: HashMap<i64, KeptFields> = HashMap::new();
    // Where each row's group head is in its level's list (groups do not nest in TBX, and
    // members follow their head: positions are in file order).
    let mut heads: HashMap<i64, usize> = HashMap::new();
    for row in rows {
        let Some(element) = crate::tbx::FieldElement::from_name(&row.element) else {
            continue;
        };
        let field = crate::tbx::Field {
            element,
            kind: row.kind,
            value: row.value.clone().unwrap_or_default(),
            target: row.target,
            related: Vec::new(),
        };
        let concept = by_concept.entry(row.concept_id).or_default();
        let level = match (row.term_id, row.lang) {
            (Some(term_id), _) => concept.terms.entry(term_id).or_default(),
            (None, Some(lang)) => concept.sections.entry(lang).or_default(),
            (None, None) => &mut concept.concept,
        };
        let head = row.parent_id.and_then(|parent| heads.get(&parent).copied());
        match head.filter(|idx| *idx < level.len()) {
            Some(idx) => {
                level[idx].field.related.push(field);
                heads.insert(row.id, idx);
            }
            None => {
                heads.insert(row.id, level.len());
                level.push(KeptField { field, in_column: row.value.is_none() });
            }
        }
    }
    by_concept
}

/// The lines of a column Tessera joined on import (`imported_concept`).
fn column_lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect()
}

/// A concept's definition or note column split into concept-level lines and each language's (the
/// lines an import wrote as `[lang] text`).
struct ColumnByLevel {
    concept: Vec<String>,
    sections: std::collections::HashMap<String, Vec<String>>,
}

impl ColumnByLevel {
    fn split(text: &str, languages: &[crate::tbx::LangSection]) -> ColumnByLevel {
        let mut split =
            ColumnByLevel { concept: Vec::new(), sections: std::collections::HashMap::new() };
        for line in column_lines(text) {
            let lang = line.strip_prefix('[').and_then(|rest| rest.split_once("] ")).filter(
                |(lang, _)| languages.iter().any(|section| section.lang.tag.as_str() == *lang),
            );
            match lang {
                Some((lang, text)) => {
                    split.sections.entry(lang.to_owned()).or_default().push(text.to_owned());
                }
                None => split.concept.push(line),
            }
        }
        split
    }
}

/// What Tessera's columns hold at one level of a concept, to write as TBX fields.
#[derive(Debug, Default)]
struct ColumnFields {
    category: Option<String>,
    status: Option<TermStatus>,
    part_of_speech: Option<String>,
    definitions: Vec<String>,
    notes: Vec<String>,
}

impl ColumnFields {
    /// The fields at this level: those of the columns that have no place among the kept fields
    /// first (a concept or term made in Tessera has none), then the kept fields in file order,
    /// each placeholder filled from its column. A placeholder whose column no longer has a value
    /// leaves its group's members.
    fn place(mut self, kept: Vec<KeptField>) -> Vec<crate::tbx::Field> {
        let mut placed = Vec::new();
        for KeptField { field, in_column } in kept {
            if !in_column {
                placed.push(field);
                continue;
            }
            let mut from_column = self.take(field.element, &field.kind).into_iter();
            match from_column.next() {
                Some(mut head) => {
                    head.target = field.target;
                    head.related = field.related;
                    placed.push(head);
                    placed.extend(from_column);
                }
                None => placed.extend(field.related),
            }
        }
        let mut fields = self.take_all();
        fields.extend(placed);
        fields
    }

    /// The fields of the column a placeholder of `element` and `kind` stands for.
    fn take(&mut self, element: crate::tbx::FieldElement, kind: &str) -> Vec<crate::tbx::Field> {
        use crate::tbx::{Field, FieldElement};
        let field = |value: String| vec![Field::new(element, kind, &value)];
        let take_first = |values: &mut Vec<String>| {
            (!values.is_empty()).then(|| values.remove(0)).map(field).unwrap_or_default()
        };
        match (element, kind) {
            (FieldElement::Descrip, "subjectField" | "x-tessera-category") => {
                self.category.take().map(field).unwrap_or_default()
            }
            (FieldElement::Descrip, "definition") => take_first(&mut self.definitions),
            (FieldElement::Note, _) => take_first(&mut self.notes),
            (FieldElement::TermNote, "partOfSpeech") => {
                self.part_of_speech.take().map(field).unwrap_or_default()
            }
            (FieldElement::TermNote, "administrativeStatus" | "normativeAuthorization") => {
                self.status.take().map(crate::tbx::status_fields).unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }

    /// The fields of every column value not yet taken.
    fn take_all(&mut self) -> Vec<crate::tbx::Field> {
        use crate::tbx::{Field, FieldElement};
        let mut fields = Vec::new();
        if let Some(category) = self.category.take() {
            fields.push(Field::new(FieldElement::Descrip, "subjectField", &category));
        }
        fields.extend(self.status.take().map(crate::tbx::status_fields).unwrap_or_default());
        if let Some(part_of_speech) = self.part_of_speech.take() {
            fields.push(Field::new(FieldElement::TermNote, "partOfSpeech", &part_of_speech));
        }
        for definition in self.definitions.drain(..) {
            fields.push(Field::new(FieldElement::Descrip, "definition", &definition));
        }
        for note in self.notes.drain(..) {
            fields.push(Field::new(FieldElement::Note, "", &note));
        }
        fields
    }
}

/// A concept as the term index and the abbreviation linking see it.
fn term_entry(concept: ConceptRecord) -> TermEntry {
    let mut zh_forms = Vec::new();
    let mut renderings = Vec::new();
    for term in concept.terms {
        if term.lang.primary() == "zh" {
            zh_forms.push(term.text);
        } else {
            renderings.push((term.text, term.status));
        }
    }
    TermEntry {
        concept_id: concept.id,
        category: Category::parse(&concept.category).unwrap_or(Category::Other),
        zh_forms,
        renderings,
    }
}

/// The language tag of a Chinese form: `zh-Hant` when it has traditional characters.
fn script_tag(form: &str) -> &'static str {
    if crate::text::to_simplified(form) == form { "zh-Hans" } else { "zh-Hant" }
}

/// Gives mining the unpaired article sentences (`(segment id, is Chinese, text, neighbour
/// unit id)` rows, see [`terminology::join_unpaired_sentences`]) as parts of the pairs (in
/// `unit_ids` order) they join; returns the Chinese sentences joined. A pair stays within
/// what mining reads.
fn join_unpaired_sentences(
    unit_ids: &[i64],
    pairs: &mut [(String, String)],
    rows: Vec<(i64, bool, String, i64)>,
) -> Vec<String> {
    let pair_of_unit: std::collections::HashMap<i64, usize> =
        unit_ids.iter().enumerate().map(|(pair_idx, unit_id)| (*unit_id, pair_idx)).collect();
    let mut sentences: Vec<(i64, terminology::UnpairedSentence)> = Vec::new();
    for (segment_id, is_chinese, text, unit_id) in rows {
        let Some(&pair_idx) = pair_of_unit.get(&unit_id) else { continue };
        let (zh, en) = &pairs[pair_idx];
        let side = if is_chinese { zh } else { en };
        if !terminology::is_minable(&format!("{side} {text}")) {
            continue;
        }
        match sentences.last_mut() {
            Some((last_id, sentence)) if *last_id == segment_id => {
                sentence.neighbours.push(pair_idx);
            }
            _ => sentences.push((
                segment_id,
                terminology::UnpairedSentence { is_chinese, text, neighbours: vec![pair_idx] },
            )),
        }
    }
    let sentences: Vec<terminology::UnpairedSentence> =
        sentences.into_iter().map(|(_, sentence)| sentence).collect();
    let joined = terminology::join_unpaired_sentences(pairs, &sentences);
    sentences
        .into_iter()
        .zip(joined)
        .filter(|(sentence, joined)| *joined && sentence.is_chinese)
        .map(|(sentence, _)| sentence.text)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::{LanguageTag, NewUnit, NewVariant, Project, terminology};

    fn unit(zh: String, en: String) -> NewUnit {
        NewUnit {
            source_lang: Some(LanguageTag::parse("zh-Hans")),
            variants: vec![
                NewVariant { lang: LanguageTag::parse("zh-Hans"), text: zh },
                NewVariant { lang: LanguageTag::parse("en"), text: en },
            ],
            created_by: "test".to_owned(),
            provenance: None,
        }
    }

    /// Issue 13: a megabyte-long segment made `terms extract` run for minutes (quadratic in
    /// the segment's length); mining leaves it out and says so, and still mines the rest.
    #[test]
    fn extract_leaves_out_segments_too_long_to_be_sentences() {
        let mut project = Project::open_in_memory().unwrap();
        let long_zh = "市政府外办主任章勇武会见代表团。".repeat(60_000);
        let long_en = "Zhang Yongwu met the delegation. ".repeat(60_000);
        assert!(long_zh.chars().count() > terminology::MAX_MINED_SEGMENT_CHARS);
        let units = [
            unit(long_zh, long_en),
            unit("章勇武会见了代表团。".to_owned(), "Zhang Yongwu met the delegation.".to_owned()),
            unit("章勇武出席会议。".to_owned(), "Zhang Yongwu attended the meeting.".to_owned()),
        ];
        project.add_units(units, &mut |_| {}).unwrap();
        let report = project.extract_terms().unwrap();
        assert_eq!(report.segments_too_long, 1);
        let mined = project.terms(None, None).unwrap();
        assert!(
            mined.iter().any(|concept| concept.terms.iter().any(|term| term.text == "章勇武")),
            "the short units are still mined: {mined:#?}"
        );
    }
}
