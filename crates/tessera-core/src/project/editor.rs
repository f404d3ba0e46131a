//! The editor's use cases of `Project`: open a document, save and confirm segments (a confirmed
//! segment is written to the memory in the same transaction), export the translation.

use std::path::Path;

use crate::{
    Project, articles,
    error::{Error, StoreError},
    matching::IndexUnit,
    model::{
        DocumentSegment, DocumentSummary, LanguageTag, NewUnit, NewVariant, TermStatus, UnitId,
    },
    project::{chinese_script_tag, now_timestamp, xliff_document::strip_placeholders},
    terminology::TermHit,
};

/// A source term found in a segment, with its approved rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentTerm {
    /// Where it was found (character offsets in the source) and which concept.
    pub hit: TermHit,
    /// The category of the concept.
    pub category: String,
    /// The preferred rendering in the other language.
    pub preferred: Option<String>,
    /// Other renderings with their status (deprecated and forbidden ones included).
    pub others: Vec<(String, TermStatus)>,
}

impl Project {
    /// Opens a new document from a file's bytes (or pasted text): it is cleaned and segmented like
    /// an import, and its Chinese sentences become the segments to translate into English; a
    /// document with no Chinese is translated from English into simplified Chinese. Stored at
    /// once, so it can be closed and resumed. See [`Project::open_document_into`].
    pub fn open_document(&mut self, name: &str, bytes: &[u8]) -> Result<i64, Error> {
        self.open_document_into(name, bytes, None)
    }

    /// [`Project::open_document`] into a chosen language: `en` translates the document's Chinese
    /// sentences, `zh-Hans` or `zh-Hant` its English ones (the confirmed translations go to the
    /// memory in that script). `None` picks from the text: Chinese when there is any, else
    /// English into `zh-Hans`.
    /// An XLIFF file, whatever its name, is opened as one ([`Project::open_xliff_document`]):
    /// its languages are its own.
    pub fn open_document_into(
        &mut self,
        name: &str,
        bytes: &[u8],
        target: Option<&LanguageTag>,
    ) -> Result<i64, Error> {
        if crate::project::interchange::is_xliff(bytes) {
            return self.open_xliff_document(name, bytes);
        }
        let invalid = |message: &str| Error::InvalidFile {
            path: Path::new(name).to_path_buf(),
            message: message.to_owned(),
        };
        let prepared = articles::prepare_article_with_rules(bytes, name, &self.segmentation_rules)
            .map_err(|error| invalid(&error.to_string()))?;
        let into_chinese = match target {
            Some(tag) => match tag.primary() {
                "zh" => true,
                "en" => false,
                _ => {
                    return Err(invalid(&format!(
                        "cannot translate into {tag}: only en, zh-Hans and zh-Hant"
                    )));
                }
            },
            None => prepared.zh.is_empty() && !prepared.en.is_empty(),
        };
        let (blocks, source_lang, target_lang) = if into_chinese {
            let target = match target {
                Some(tag) if tag.is_traditional() => LanguageTag::parse("zh-Hant"),
                _ => LanguageTag::parse("zh-Hans"),
            };
            if prepared.en.is_empty() {
                return Err(invalid("no English text to translate was found"));
            }
            (&prepared.en, LanguageTag::parse("en"), target)
        } else {
            if prepared.zh.is_empty() {
                return Err(invalid("no Chinese text to translate was found"));
            }
            (&prepared.zh, chinese_script_tag(&prepared.zh), LanguageTag::parse("en"))
        };
        let segments: Vec<(u32, String)> = blocks
            .iter()
            .enumerate()
            .flat_map(|(block_idx, sentences)| {
                sentences.iter().map(move |sentence| (block_idx as u32, sentence.clone()))
            })
            .collect();
        let now = now_timestamp();
        Ok(self.store.write(|tx| {
            tx.insert_document(
                name,
                &prepared.text,
                (source_lang.as_str(), target_lang.as_str()),
                &now,
                &segments,
            )
        })?)
    }

    /// Documents in the editor, newest first.
    pub fn documents(&self) -> Result<Vec<DocumentSummary>, Error> {
        Ok(self.store.documents()?)
    }

    /// A document's segments in order.
    pub fn document_segments(&self, document_id: i64) -> Result<Vec<DocumentSegment>, Error> {
        Ok(self.store.document_segments(document_id)?)
    }

    /// Saves a segment's translation. With `confirm`, the pair is written to the memory in the
    /// same transaction (a new unit, or the unit this segment wrote before, updated), so a crash
    /// right after loses nothing; the match index is updated at once.
    pub fn save_segment(
        &mut self,
        document_id: i64,
        segment_id: i64,
        target: &str,
        confirm: bool,
    ) -> Result<Option<UnitId>, Error> {
        let target = target.trim();
        if confirm && strip_placeholders(target).trim().is_empty() {
            return Err(Error::InvalidEdit {
                message: "an empty translation cannot be confirmed".to_owned(),
            });
        }
        let now = now_timestamp();
        let before = match self.phrase_cache.is_some() && confirm {
            true => match self.store.segment_unit(segment_id)? {
                Some(unit) => self.phrase_snapshot(UnitId(unit))?,
                None => None,
            },
            false => None,
        };
        let outcome = self.store.write(|tx| {
            let missing = || StoreError::Invalid {
                message: format!("no segment {segment_id} in document {document_id}"),
            };
            let (source, existing_unit) =
                tx.segment_for_update(document_id, segment_id)?.ok_or_else(missing)?;
            let (source_lang, target_lang) =
                tx.document_languages(document_id)?.ok_or_else(missing)?;
            let target_lang = LanguageTag::parse(&target_lang);
            if !confirm {
                // Moving past a segment saves it; only a changed target makes it a draft.
                tx.save_draft(segment_id, target, &now)?;
                return Ok((None, false));
            }
            let (unit, updated) = match existing_unit {
                Some(unit_id)
                    if tx
                        .replace_variant_text(
                            UnitId(unit_id),
                            target_lang.primary(),
                            &strip_placeholders(target),
                            &now,
                        )?
                        .is_some() =>
                {
                    tx.insert_audit(
                        &now,
                        "unit-edited",
                        ("unit", unit_id),
                        &format!("target: confirmed again → {target}"),
                    )?;
                    tx.clear_match_index()?;
                    (UnitId(unit_id), true)
                }
                _ => {
                    let source_lang = match LanguageTag::parse(&source_lang).primary() {
                        "en" => LanguageTag::parse("en"),
                        _ => chinese_script_tag(&[vec![source.clone()]]),
                    };
                    let unit = NewUnit {
                        source_lang: Some(source_lang.clone()),
                        variants: vec![
                            // An XLIFF segment's inline codes belong to its file, not the memory.
                            NewVariant { lang: source_lang, text: strip_placeholders(&source) },
                            NewVariant { lang: target_lang, text: strip_placeholders(target) },
                        ],
                        created_by: "translator".to_owned(),
                        provenance: None,
                    };
                    let ids = tx.insert_units(&mut std::iter::once(unit), &now, &mut |_| {})?;
                    (ids[0], false)
                }
            };
            tx.update_segment(segment_id, target, "confirmed", Some(unit.0), &now)?;
            Ok((Some(unit), updated))
        });
        let (unit, updated) = outcome.map_err(Error::from_edit)?;
        if updated && let Some(unit) = unit {
            self.reindex_unit(unit)?;
            self.update_phrases(unit, before)?;
        }
        Ok(unit)
    }

    /// Replaces one unit in the index in memory (remove + add), after its text changed.
    pub(crate) fn reindex_unit(&mut self, unit: UnitId) -> Result<(), Error> {
        if let Some((_, index)) = &mut self.match_index {
            index.remove(unit.0);
            if let Some((zh, en)) = self.store.pair_of(unit.0)? {
                index.add(IndexUnit { unit_id: unit.0, source: &zh, target: &en });
            }
        }
        Ok(())
    }

    /// The translation as plain text: paragraphs as in the source, an untranslated segment
    /// kept in its source language so nothing is silently lost.
    pub fn export_document_text(&self, document_id: i64) -> Result<String, Error> {
        let segments = self.store.document_segments(document_id)?;
        let mut out = String::new();
        let mut block = None;
        for segment in &segments {
            if block.is_some() && block != Some(segment.block_idx) {
                out.push_str("\n\n");
            } else if block.is_some() {
                out.push(' ');
            }
            block = Some(segment.block_idx);
            let text = if segment.target.is_empty() { &segment.source } else { &segment.target };
            out.push_str(&strip_placeholders(text));
        }
        out.push('\n');
        Ok(out)
    }

    /// The approved terms of a source segment with their renderings in the other language, for
    /// the editor's term panel: English renderings of a Chinese source's terms, Chinese forms of
    /// an English source's terms.
    pub fn segment_terms(&mut self, source: &str) -> Result<Vec<SegmentTerm>, Error> {
        let hits = self.recognise_terms(source)?;
        let wanted = match crate::LookupDirection::detect(source) {
            crate::LookupDirection::ChineseToEnglish => "en",
            crate::LookupDirection::EnglishToChinese => "zh",
        };
        let mut out = Vec::with_capacity(hits.len());
        for hit in hits {
            let Some(concept) = self.store.concept(hit.concept_id)? else { continue };
            let renderings = concept.terms.iter().filter(|term| term.lang.primary() == wanted);
            let preferred = renderings
                .clone()
                .find(|term| term.status == TermStatus::Preferred)
                .or_else(|| renderings.clone().next().filter(|_| wanted == "zh"))
                .map(|term| term.text.clone());
            let others = renderings
                .filter(|term| Some(&term.text) != preferred.as_ref())
                .map(|term| (term.text.clone(), term.status))
                .collect();
            out.push(SegmentTerm { hit, category: concept.category, preferred, others });
        }
        Ok(out)
    }
}

/// Escapes text for XML element content.
fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

impl Project {
    /// The translation as a Word document (.docx): one paragraph per source paragraph, an
    /// untranslated segment kept in its source language.
    pub fn export_document_docx(&self, document_id: i64) -> Result<Vec<u8>, Error> {
        use std::io::Write as _;
        let text = self.export_document_text(document_id)?;
        let paragraphs: String = text
            .trim_end()
            .split("\n\n")
            .map(|paragraph| {
                format!(
                    "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                    xml_text(paragraph)
                )
            })
            .collect();
        let document = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{paragraphs}</w:body></w:document>"
        );
        let parts = [
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_owned(),
            ),
            (
                "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_owned(),
            ),
            ("word/document.xml", document),
        ];
        let output_error = |message: String| Error::Output { message };
        let mut cursor = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut cursor);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, content) in parts {
                zip.start_file(name, options).map_err(|error| output_error(error.to_string()))?;
                zip.write_all(content.as_bytes())
                    .map_err(|error| output_error(error.to_string()))?;
            }
            zip.finish().map_err(|error| output_error(error.to_string()))?;
        }
        Ok(cursor.into_inner())
    }

    /// The document's confirmed segments as a bilingual TMX 1.4b file.
    pub fn export_document_tmx(
        &self,
        document_id: i64,
        output: impl std::io::Write,
    ) -> Result<u64, Error> {
        use crate::tmx;
        let segments = self.store.document_segments(document_id)?;
        let source_lang =
            chinese_script_tag(&[segments.iter().map(|segment| segment.source.clone()).collect()]);
        let language =
            |tag: &LanguageTag| tmx::Language { tag: tag.clone(), original: tag.to_string() };
        let english = LanguageTag::parse("en");
        let variant = |lang: &LanguageTag, text: &str| tmx::Variant {
            lang: language(lang),
            metadata: tmx::Metadata::default(),
            props: Vec::new(),
            notes: Vec::new(),
            segment: tmx::Segment { text: text.to_owned(), tags: Vec::new() },
        };
        let units: Vec<tmx::Unit> = segments
            .iter()
            .filter(|segment| segment.status == "confirmed")
            .map(|segment| tmx::Unit {
                tuid: Some(format!("segment-{}", segment.id)),
                variants: vec![
                    variant(&source_lang, &strip_placeholders(&segment.source)),
                    variant(&english, &strip_placeholders(&segment.target)),
                ],
                ..tmx::Unit::default()
            })
            .collect();
        let header = tmx::Header {
            creation_tool: "Tessera".to_owned(),
            creation_tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            segment_type: "sentence".to_owned(),
            o_tmf: "Tessera".to_owned(),
            admin_lang: "en".to_owned(),
            datatype: "plaintext".to_owned(),
            source_lang: tmx::SourceLanguage::Language(language(&source_lang)),
            ..tmx::Header::default()
        };
        let report = tmx::write(output, &header, &units, &tmx::WriteOptions::default())
            .map_err(|error| Error::Output { message: error.to_string() })?;
        Ok(report.units_written)
    }
}
