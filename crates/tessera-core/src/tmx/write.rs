//! The TMX 1.4b writer: UTF-8, `xml:lang` in BCP 47, valid against the TMX 1.4 DTD.
//!
//! Each unit is rendered into a reused `String` and written in one call, which keeps the writer
//! far above 300,000 units/s. Validity comes from three rules: only attributes the DTD declares
//! are written (and required ones always are), characters XML 1.0 cannot carry become U+FFFD,
//! and inline tags that would break the content model are repaired (see [`WriteReport`]).

use std::{
    borrow::Borrow,
    io::{BufWriter, Write},
};

use super::{
    Attribute, CodePart, Header, InlineKind, InlineTag, Language, Metadata, Note, Prop, Segment,
    SourceLanguage, Unit, WriteError, WriteOptions, WriteReport, date,
};
use crate::model::LanguageTag;

/// The values the DTD allows for `segtype`.
const SEGMENT_TYPES: [&str; 4] = ["block", "paragraph", "sentence", "phrase"];

/// `<sub>` inside `<bpt>` inside `<sub>` … deeper than this is flattened to its text.
const MAX_SUB_DEPTH: usize = 32;

pub(super) fn write_document<W: Write, U: Borrow<Unit>>(
    output: W,
    header: &Header,
    units: impl IntoIterator<Item = U>,
    options: &WriteOptions,
) -> Result<WriteReport, WriteError> {
    let mut output = BufWriter::with_capacity(256 * 1024, output);
    let mut report = WriteReport::default();
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if options.doctype {
        out.push_str("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n");
    }
    out.push_str("<tmx version=\"1.4\">\n");
    write_header(&mut out, header, &mut report);
    out.push_str("  <body>\n");
    output.write_all(out.as_bytes())?;
    let min_languages = options.min_languages.max(1);
    // Indices of the variants to write, reused across units.
    let mut selected: Vec<usize> = Vec::new();
    for unit in units {
        let unit = unit.borrow();
        selected.clear();
        selected.extend(unit.variants.iter().enumerate().filter_map(|(idx, variant)| {
            let wanted = match &options.languages {
                Some(languages) => {
                    languages.iter().any(|lang| language_matches(lang, &variant.lang.tag))
                }
                None => true,
            };
            wanted.then_some(idx)
        }));
        if selected.len() < min_languages {
            report.units_omitted += 1;
            continue;
        }
        out.clear();
        write_unit(&mut out, unit, &selected, &mut report);
        output.write_all(out.as_bytes())?;
        report.units_written += 1;
    }
    output.write_all(b"  </body>\n</tmx>\n")?;
    output.flush()?;
    Ok(report)
}

/// A filter tag selects itself and its more specific forms: `zh` selects `zh-CN` and `zh-Hant`.
fn language_matches(filter: &LanguageTag, tag: &LanguageTag) -> bool {
    let (filter, tag) = (filter.as_str(), tag.as_str());
    tag.eq_ignore_ascii_case(filter)
        || (tag.len() > filter.len()
            && tag.as_bytes()[filter.len()] == b'-'
            && tag[..filter.len()].eq_ignore_ascii_case(filter))
}

fn write_header(out: &mut String, header: &Header, report: &mut WriteReport) {
    let defaults = Header::default();
    let or_default = |value: &'_ str, default: &'static str| -> String {
        if value.trim().is_empty() { default.to_owned() } else { value.to_owned() }
    };
    out.push_str("  <header");
    let creation_tool = or_default(&header.creation_tool, "Tessera");
    attribute(out, "creationtool", &creation_tool, report);
    let tool_version = if header.creation_tool_version.trim().is_empty() {
        defaults.creation_tool_version.clone()
    } else {
        header.creation_tool_version.clone()
    };
    attribute(out, "creationtoolversion", &tool_version, report);
    let segment_type = if SEGMENT_TYPES.contains(&header.segment_type.as_str()) {
        header.segment_type.as_str()
    } else {
        "sentence"
    };
    attribute(out, "segtype", segment_type, report);
    attribute(out, "o-tmf", &or_default(&header.o_tmf, "tessera"), report);
    attribute(out, "adminlang", &or_default(&header.admin_lang, "en"), report);
    attribute(out, "srclang", source_language(&header.source_lang), report);
    attribute(out, "datatype", &or_default(&header.datatype, "plaintext"), report);
    optional_attribute(out, "o-encoding", header.o_encoding.as_deref(), report);
    date_attribute(out, "creationdate", header.creation_date);
    optional_attribute(out, "creationid", header.creation_id.as_deref(), report);
    date_attribute(out, "changedate", header.change_date);
    optional_attribute(out, "changeid", header.change_id.as_deref(), report);
    if header.notes.is_empty() && header.props.is_empty() && header.udes.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    write_notes_and_props(out, "    ", &header.notes, &header.props, report);
    for ude in &header.udes {
        if ude.maps.is_empty() {
            // The DTD requires at least one <map>; an empty <ude> says nothing anyway.
            continue;
        }
        out.push_str("    <ude");
        attribute(out, "name", &ude.name, report);
        optional_attribute(out, "base", ude.base.as_deref(), report);
        out.push_str(">\n");
        for map in &ude.maps {
            out.push_str("      <map");
            attribute(out, "unicode", &map.unicode, report);
            optional_attribute(out, "code", map.code.as_deref(), report);
            optional_attribute(out, "ent", map.ent.as_deref(), report);
            optional_attribute(out, "subst", map.subst.as_deref(), report);
            out.push_str("/>\n");
        }
        out.push_str("    </ude>\n");
    }
    out.push_str("  </header>\n");
}

fn source_language(source_lang: &SourceLanguage) -> &str {
    match source_lang {
        SourceLanguage::All => "*all*",
        SourceLanguage::Language(language) => language_text(language),
    }
}

/// The BCP 47 tag, or the original spelling if normalising left nothing.
fn language_text(language: &Language) -> &str {
    if language.tag.as_str().is_empty() { &language.original } else { language.tag.as_str() }
}

fn write_unit(out: &mut String, unit: &Unit, selected: &[usize], report: &mut WriteReport) {
    out.push_str("    <tu");
    optional_attribute(out, "tuid", unit.tuid.as_deref(), report);
    if let Some(source_lang) = &unit.source_lang {
        attribute(out, "srclang", source_language(source_lang), report);
    }
    if let Some(segment_type) =
        unit.segment_type.as_deref().filter(|segment_type| SEGMENT_TYPES.contains(segment_type))
    {
        attribute(out, "segtype", segment_type, report);
    }
    metadata_attributes(out, &unit.metadata, report);
    out.push_str(">\n");
    write_notes_and_props(out, "      ", &unit.notes, &unit.props, report);
    for variant in selected.iter().filter_map(|&idx| unit.variants.get(idx)) {
        out.push_str("      <tuv");
        attribute(out, "xml:lang", language_text(&variant.lang), report);
        metadata_attributes(out, &variant.metadata, report);
        out.push_str(">\n");
        write_notes_and_props(out, "        ", &variant.notes, &variant.props, report);
        out.push_str("        <seg>");
        write_segment(out, &variant.segment, 0, report);
        out.push_str("</seg>\n      </tuv>\n");
    }
    out.push_str("    </tu>\n");
}

fn metadata_attributes(out: &mut String, metadata: &Metadata, report: &mut WriteReport) {
    optional_attribute(out, "o-encoding", metadata.o_encoding.as_deref(), report);
    optional_attribute(out, "datatype", metadata.datatype.as_deref(), report);
    if let Some(count) = metadata.usage_count {
        attribute(out, "usagecount", &count.to_string(), report);
    }
    date_attribute(out, "lastusagedate", metadata.last_usage_date);
    optional_attribute(out, "creationtool", metadata.creation_tool.as_deref(), report);
    optional_attribute(
        out,
        "creationtoolversion",
        metadata.creation_tool_version.as_deref(),
        report,
    );
    date_attribute(out, "creationdate", metadata.creation_date);
    optional_attribute(out, "creationid", metadata.creation_id.as_deref(), report);
    date_attribute(out, "changedate", metadata.change_date);
    optional_attribute(out, "changeid", metadata.change_id.as_deref(), report);
    optional_attribute(out, "o-tmf", metadata.o_tmf.as_deref(), report);
}

fn write_notes_and_props(
    out: &mut String,
    indent: &str,
    notes: &[Note],
    props: &[Prop],
    report: &mut WriteReport,
) {
    for note in notes {
        out.push_str(indent);
        out.push_str("<note");
        if let Some(lang) = &note.lang {
            attribute(out, "xml:lang", language_text(lang), report);
        }
        optional_attribute(out, "o-encoding", note.o_encoding.as_deref(), report);
        out.push('>');
        escape(out, &note.text, false, report);
        out.push_str("</note>\n");
    }
    for prop in props {
        out.push_str(indent);
        out.push_str("<prop");
        attribute(out, "type", &prop.kind, report);
        if let Some(lang) = &prop.lang {
            attribute(out, "xml:lang", language_text(lang), report);
        }
        optional_attribute(out, "o-encoding", prop.o_encoding.as_deref(), report);
        out.push('>');
        escape(out, &prop.value, false, report);
        out.push_str("</prop>\n");
    }
}

/// Writes segment content: text with each placeholder replaced by its tag's markup.
fn write_segment(out: &mut String, segment: &Segment, depth: usize, report: &mut WriteReport) {
    let mut open_hi = 0usize;
    let text = segment.text.as_str();
    let mut run_start = 0;
    for (idx, c) in text.char_indices() {
        let Some(tag) = Segment::placeholder_index(c).and_then(|k| segment.tags.get(k)) else {
            // Ordinary text, or a private-use character with no tag: both are written as text.
            continue;
        };
        escape(out, &text[run_start..idx], false, report);
        run_start = idx + c.len_utf8();
        write_tag(out, tag, &mut open_hi, depth, report);
    }
    escape(out, &text[run_start..], false, report);
    for _ in 0..open_hi {
        out.push_str("</hi>");
        report.tags_repaired += 1;
    }
}

fn write_tag(
    out: &mut String,
    tag: &InlineTag,
    open_hi: &mut usize,
    depth: usize,
    report: &mut WriteReport,
) {
    let has_i = tag.attribute("i").is_some();
    let (element, allowed, extra): (&str, &[&str], Option<(&str, &str)>) = match tag.kind {
        InlineKind::Bpt if has_i => ("bpt", &["i", "x", "type"], None),
        InlineKind::Ept if has_i => ("ept", &["i"], None),
        InlineKind::Bpt => {
            report.tags_repaired += 1;
            ("it", &["x", "type"], Some(("pos", "begin")))
        }
        InlineKind::Ept => {
            report.tags_repaired += 1;
            ("it", &["x", "type"], Some(("pos", "end")))
        }
        InlineKind::It => match tag.attribute("pos") {
            Some("begin" | "end") => ("it", &["pos", "x", "type"], None),
            _ => {
                report.tags_repaired += 1;
                ("ph", &["x", "type"], None)
            }
        },
        InlineKind::Ph => ("ph", &["x", "assoc", "type"], None),
        InlineKind::Ut => ("ut", &["x"], None),
        InlineKind::HiStart => {
            out.push_str("<hi");
            allowed_attributes(out, &tag.attributes, &["x", "type"], report);
            out.push('>');
            *open_hi += 1;
            return;
        }
        InlineKind::HiEnd => {
            if *open_hi == 0 {
                report.tags_repaired += 1;
            } else {
                *open_hi -= 1;
                out.push_str("</hi>");
            }
            return;
        }
        InlineKind::PrivateUse => {
            for part in &tag.code {
                if let CodePart::Text(text) = part {
                    escape(out, text, false, report);
                }
            }
            return;
        }
    };
    out.push('<');
    out.push_str(element);
    if let Some((name, value)) = extra {
        attribute(out, name, value, report);
    }
    allowed_attributes(out, &tag.attributes, allowed, report);
    if tag.code.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    write_code(out, &tag.code, depth, report);
    out.push_str("</");
    out.push_str(element);
    out.push('>');
}

fn write_code(out: &mut String, code: &[CodePart], depth: usize, report: &mut WriteReport) {
    for part in code {
        match part {
            CodePart::Text(text) => escape(out, text, false, report),
            CodePart::Sub(sub) if depth < MAX_SUB_DEPTH => {
                out.push_str("<sub");
                allowed_attributes(out, &sub.attributes, &["datatype", "type"], report);
                out.push('>');
                write_segment(out, &sub.segment, depth + 1, report);
                out.push_str("</sub>");
            }
            CodePart::Sub(sub) => {
                report.tags_repaired += 1;
                escape(out, &sub.segment.plain_text(), false, report);
            }
        }
    }
}

/// Writes the attributes whose names are in `allowed`, each once, in their original order.
fn allowed_attributes(
    out: &mut String,
    attributes: &[Attribute],
    allowed: &[&str],
    report: &mut WriteReport,
) {
    for (idx, item) in attributes.iter().enumerate() {
        let first = !attributes[..idx].iter().any(|earlier| earlier.name == item.name);
        if first && allowed.contains(&item.name.as_str()) {
            attribute(out, &item.name, &item.value, report);
        }
    }
}

fn attribute(out: &mut String, name: &str, value: &str, report: &mut WriteReport) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape(out, value, true, report);
    out.push('"');
}

fn optional_attribute(out: &mut String, name: &str, value: Option<&str>, report: &mut WriteReport) {
    if let Some(value) = value {
        attribute(out, name, value, report);
    }
}

fn date_attribute(out: &mut String, name: &str, value: Option<jiff::Timestamp>) {
    if let Some(timestamp) = value {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        date::format_into(timestamp, out);
        out.push('"');
    }
}

/// Escapes into `out`, counting replaced characters in the report.
fn escape(out: &mut String, text: &str, attribute: bool, report: &mut WriteReport) {
    report.characters_replaced += crate::xml::lexer::escape(out, text, attribute);
}
