//! The TBX-Basic v3 writer (DCA style, UTF-8).
//!
//! Element order follows the TBX core structure: a concept's fields before its language
//! sections, a language section's fields before its terms, and in a term the `<term>`, then its
//! `termNote`s, then everything else. Grouped fields are written as `descripGrp`, `adminGrp`,
//! `termNoteGrp` or `transacGrp` according to their first member (TBX has no group led by a
//! note, an adminNote or descripNote, a ref, xref or date; such members are written one after the
//! other).

use std::{
    borrow::Borrow,
    io::{BufWriter, Write},
};

use super::{Concept, Field, FieldElement, Header, WriteError, WriteOptions, WriteReport};
use crate::{model::LanguageTag, xml::lexer as xml};

pub(super) fn write_glossary<W: Write, C: Borrow<Concept>>(
    output: W,
    header: &Header,
    concepts: impl IntoIterator<Item = C>,
    options: &WriteOptions,
) -> Result<WriteReport, WriteError> {
    let mut output = BufWriter::with_capacity(256 * 1024, output);
    let mut report = WriteReport::default();
    let mut out = String::with_capacity(16 * 1024);
    let lang = header.lang.as_ref().map_or("en", |lang| lang.tag.as_str());
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<tbx style=\"dca\" type=\"TBX-Basic\"");
    attribute(&mut out, "xml:lang", if lang.is_empty() { "en" } else { lang }, &mut report);
    out.push_str(" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n");
    out.push_str("  <tbxHeader>\n    <fileDesc>\n");
    if let Some(title) = &header.title {
        out.push_str("      <titleStmt>\n        <title>");
        escape(&mut out, title, &mut report);
        out.push_str("</title>\n      </titleStmt>\n");
    }
    out.push_str("      <sourceDesc>\n");
    if header.source_desc.is_empty() {
        out.push_str("        <p>Exported by Tessera</p>\n");
    }
    for paragraph in &header.source_desc {
        out.push_str("        <p>");
        escape(&mut out, paragraph, &mut report);
        out.push_str("</p>\n");
    }
    out.push_str("      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n");
    output.write_all(out.as_bytes())?;
    let mut used_ids = std::collections::HashSet::new();
    for (idx, concept) in concepts.into_iter().enumerate() {
        let concept = concept.borrow();
        let selected: Vec<_> = concept
            .languages
            .iter()
            .filter(|section| !section.terms.is_empty())
            .filter(|section| match &options.languages {
                Some(languages) => {
                    languages.iter().any(|lang| language_matches(lang, &section.lang.tag))
                }
                None => true,
            })
            .collect();
        if selected.is_empty() {
            report.concepts_omitted += 1;
            continue;
        }
        out.clear();
        let id = concept_id(concept.id.as_deref(), idx, &mut used_ids);
        out.push_str("      <conceptEntry");
        attribute(&mut out, "id", &id, &mut report);
        out.push_str(">\n");
        write_fields(&mut out, "        ", &concept.fields, &mut report);
        for section in selected {
            out.push_str("        <langSec");
            let lang = if section.lang.tag.as_str().is_empty() {
                section.lang.original.as_str()
            } else {
                section.lang.tag.as_str()
            };
            attribute(&mut out, "xml:lang", lang, &mut report);
            out.push_str(">\n");
            write_fields(&mut out, "          ", &section.fields, &mut report);
            for term in &section.terms {
                out.push_str("          <termSec>\n            <term>");
                escape(&mut out, &term.text, &mut report);
                out.push_str("</term>\n");
                let (term_notes, others): (Vec<Field>, Vec<Field>) = term
                    .fields
                    .iter()
                    .cloned()
                    .partition(|field| field.element == FieldElement::TermNote);
                write_fields(&mut out, "            ", &term_notes, &mut report);
                write_fields(&mut out, "            ", &others, &mut report);
                out.push_str("          </termSec>\n");
            }
            out.push_str("        </langSec>\n");
        }
        out.push_str("      </conceptEntry>\n");
        output.write_all(out.as_bytes())?;
        report.concepts_written += 1;
    }
    output.write_all(b"    </body>\n  </text>\n</tbx>\n")?;
    output.flush()?;
    Ok(report)
}

/// The concept's id if it is a valid, unused XML ID; otherwise one made from it or its position.
fn concept_id(
    id: Option<&str>,
    idx: usize,
    used: &mut std::collections::HashSet<String>,
) -> String {
    let is_ncname = |text: &str| {
        let mut chars = text.chars();
        chars.next().is_some_and(|first| first.is_alphabetic() || first == '_')
            && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    let mut candidate = match id {
        Some(id) if is_ncname(id) => id.to_owned(),
        Some(id) if !id.is_empty() && is_ncname(&format!("c-{id}")) => format!("c-{id}"),
        _ => format!("c{}", idx + 1),
    };
    while used.contains(&candidate) {
        candidate.push('_');
    }
    used.insert(candidate.clone());
    candidate
}

fn language_matches(filter: &LanguageTag, tag: &LanguageTag) -> bool {
    let (filter, tag) = (filter.as_str(), tag.as_str());
    tag.eq_ignore_ascii_case(filter)
        || (tag.len() > filter.len()
            && tag.as_bytes()[filter.len()] == b'-'
            && tag[..filter.len()].eq_ignore_ascii_case(filter))
}

fn write_fields(out: &mut String, indent: &str, fields: &[Field], report: &mut WriteReport) {
    for field in fields {
        if field.related.is_empty() {
            write_field(out, indent, field, report);
            continue;
        }
        let group = match field.element {
            FieldElement::Descrip => "descripGrp",
            FieldElement::Admin => "adminGrp",
            FieldElement::TermNote => "termNoteGrp",
            FieldElement::Transac => "transacGrp",
            // TBX has no group led by these; write the members one after the other.
            FieldElement::Note
            | FieldElement::AdminNote
            | FieldElement::DescripNote
            | FieldElement::Ref
            | FieldElement::Xref
            | FieldElement::TransacNote
            | FieldElement::Date => {
                write_field(out, indent, field, report);
                for related in &field.related {
                    write_field(out, indent, related, report);
                }
                continue;
            }
        };
        out.push_str(indent);
        out.push('<');
        out.push_str(group);
        out.push_str(">\n");
        let inner = format!("{indent}  ");
        write_field(out, &inner, field, report);
        for related in &field.related {
            write_field(out, &inner, related, report);
        }
        out.push_str(indent);
        out.push_str("</");
        out.push_str(group);
        out.push_str(">\n");
    }
}

fn write_field(out: &mut String, indent: &str, field: &Field, report: &mut WriteReport) {
    let element = field.element.name();
    out.push_str(indent);
    out.push('<');
    out.push_str(element);
    if !field.kind.is_empty() && !matches!(field.element, FieldElement::Note | FieldElement::Date) {
        attribute(out, "type", &field.kind, report);
    }
    if let Some(target) = &field.target {
        attribute(out, "target", target, report);
    }
    out.push('>');
    escape(out, &field.value, report);
    out.push_str("</");
    out.push_str(element);
    out.push_str(">\n");
}

fn attribute(out: &mut String, name: &str, value: &str, report: &mut WriteReport) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    report.characters_replaced += xml::escape(out, value, true);
    out.push('"');
}

fn escape(out: &mut String, text: &str, report: &mut WriteReport) {
    report.characters_replaced += xml::escape(out, text, false);
}
