//! The XLIFF writer: 1.2 valid against `xliff-core-1.2-strict.xsd`, 2.x against
//! `xliff_core_2.0.xsd` with the matches module.
//!
//! Validity comes from three rules: only standard elements and attributes are written (a code's
//! attributes in another namespace are left out, since their prefix would be undeclared), required
//! attributes are always filled in, and inline codes that would break nesting are written as
//! isolated codes.

use std::io::Write;

use super::{
    CodeRole, Document, Leverage, Segment, State, TransSegment, Unit, Version, WriteReport,
};
use crate::{tmx, xml::lexer::escape};

const NAMESPACE_1_2: &str = "urn:oasis:names:tc:xliff:document:1.2";
const NAMESPACE_2: &str = "urn:oasis:names:tc:xliff:document:2.0";
const NAMESPACE_MATCHES: &str = "urn:oasis:names:tc:xliff:matches:2.0";

pub(super) fn write_document<W: Write>(
    mut output: W,
    document: &Document,
) -> std::io::Result<WriteReport> {
    let mut report = WriteReport::default();
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let source_lang = match document.source_lang.as_str() {
        "" => "und",
        lang => lang,
    };
    if document.version.is_2() {
        out.push_str("<xliff xmlns=\"");
        out.push_str(NAMESPACE_2);
        out.push_str("\" xmlns:mtc=\"");
        out.push_str(NAMESPACE_MATCHES);
        out.push_str("\" version=\"");
        out.push_str(document.version.as_str());
        out.push('"');
        attribute(&mut out, "srcLang", source_lang, &mut report);
        if let Some(target) = &document.target_lang {
            attribute(&mut out, "trgLang", target.as_str(), &mut report);
        }
        out.push_str(">\n");
    } else {
        out.push_str("<xliff xmlns=\"");
        out.push_str(NAMESPACE_1_2);
        out.push_str("\" version=\"1.2\">\n");
    }
    // XLIFF requires a file, and 2.x a unit or group in it: an empty document gets an empty file
    // (with an empty group in 2.x).
    let empty_file = [super::File::default()];
    let files = if document.files.is_empty() { &empty_file[..] } else { &document.files[..] };
    for (file_idx, file) in files.iter().enumerate() {
        let original = file.original.as_deref().unwrap_or("unknown");
        if document.version.is_2() {
            out.push_str(" <file");
            let id = file.id.clone().filter(|id| is_nmtoken(id));
            attribute(
                &mut out,
                "id",
                &id.unwrap_or_else(|| format!("f{}", file_idx + 1)),
                &mut report,
            );
            if let Some(original) = &file.original {
                attribute(&mut out, "original", original, &mut report);
            }
            out.push_str(">\n");
        } else {
            out.push_str(" <file");
            attribute(&mut out, "original", original, &mut report);
            attribute(&mut out, "source-language", source_lang, &mut report);
            if let Some(target) = &document.target_lang {
                attribute(&mut out, "target-language", target.as_str(), &mut report);
            }
            attribute(
                &mut out,
                "datatype",
                file.datatype.as_deref().unwrap_or("plaintext"),
                &mut report,
            );
            out.push_str(">\n  <body>\n");
        }
        for (unit_idx, unit) in file.units.iter().enumerate() {
            let fallback_id = format!("u{}", unit_idx + 1);
            if document.version.is_2() {
                write_unit_2(&mut out, unit, &fallback_id, &mut report);
            } else {
                write_unit_1_2(&mut out, unit, &fallback_id, &mut report);
            }
            if out.len() > 48 * 1024 {
                output.write_all(out.as_bytes())?;
                out.clear();
            }
        }
        if !document.version.is_2() {
            out.push_str("  </body>\n");
        } else if file.units.is_empty() {
            out.push_str("  <group id=\"empty\"/>\n");
        }
        out.push_str(" </file>\n");
    }
    out.push_str("</xliff>\n");
    output.write_all(out.as_bytes())?;
    output.flush()?;
    Ok(report)
}

fn write_unit_1_2(out: &mut String, unit: &Unit, fallback_id: &str, report: &mut WriteReport) {
    let segments: Vec<&TransSegment> =
        unit.segments.iter().filter(|segment| !segment.ignorable).collect();
    if unit.segments.is_empty() {
        return;
    }
    // A 1.2 target has one state for the whole unit: the least advanced of its segments'.
    let state = segments
        .iter()
        .filter(|segment| segment.target.is_some())
        .filter_map(|segment| segment.state)
        .min_by_key(|state| state_rank(*state));
    let leverages: Vec<(&TransSegment, &Leverage)> = segments
        .iter()
        .filter_map(|segment| Some((*segment, segment.leverage.as_ref()?)))
        .collect();
    out.push_str("   <trans-unit");
    let id = if unit.id.is_empty() { fallback_id } else { unit.id.as_str() };
    attribute(out, "id", id, report);
    if let Some(name) = &unit.name {
        attribute(out, "resname", name, report);
    }
    if !unit.translate {
        attribute(out, "translate", "no", report);
    }
    if matches!(state, Some(State::Reviewed | State::Final)) {
        attribute(out, "approved", "yes", report);
    }
    out.push_str(">\n    <source>");
    for segment in &unit.segments {
        write_content(out, &segment.source, Version::V1_2, report);
    }
    out.push_str("</source>\n");
    // Segment ids (`mid`) as written; a segment without one is numbered.
    let mids: Vec<String> = unit
        .segments
        .iter()
        .enumerate()
        .map(|(idx, segment)| segment.id.clone().unwrap_or_else(|| idx.to_string()))
        .collect();
    if unit.segmented {
        out.push_str("    <seg-source>");
        for (segment, mid) in unit.segments.iter().zip(&mids) {
            write_marked(
                out,
                &segment.source,
                (!segment.ignorable).then_some(mid.as_str()),
                report,
            );
        }
        out.push_str("</seg-source>\n");
    }
    if segments.iter().any(|segment| segment.target.is_some()) {
        out.push_str("    <target");
        if let Some(state) = state {
            attribute(out, "state", state_1_2(state), report);
        }
        if !leverages.is_empty() {
            let exact = leverages.iter().all(|(_, leverage)| leverage.score >= 100);
            attribute(
                out,
                "state-qualifier",
                if exact { "exact-match" } else { "fuzzy-match" },
                report,
            );
        }
        out.push('>');
        for (segment, mid) in unit.segments.iter().zip(&mids) {
            let empty = Segment::default();
            let content = match (&segment.target, segment.ignorable) {
                (Some(target), _) => target,
                // Between segments, the source's text (spaces, codes) stands in the target too.
                (None, true) => &segment.source,
                (None, false) => &empty,
            };
            if unit.segmented {
                write_marked(out, content, (!segment.ignorable).then_some(mid.as_str()), report);
            } else {
                write_content(out, content, Version::V1_2, report);
            }
        }
        out.push_str("</target>\n");
    }
    report.segments_written += segments.len() as u64;
    for note in &unit.notes {
        out.push_str("    <note>");
        report.characters_replaced += escape(out, note, false);
        out.push_str("</note>\n");
    }
    for (segment, leverage) in leverages {
        out.push_str("    <alt-trans");
        if unit.segmented
            && let Some(id) = &segment.id
        {
            attribute(out, "mid", id, report);
        }
        attribute(out, "match-quality", &leverage.score.to_string(), report);
        attribute(out, "origin", &leverage.origin, report);
        out.push_str("><source>");
        report.characters_replaced += escape(out, &leverage.source, false);
        out.push_str("</source><target>");
        report.characters_replaced += escape(out, &leverage.target, false);
        out.push_str("</target></alt-trans>\n");
    }
    out.push_str("   </trans-unit>\n");
}

/// Content, inside `<mrk mtype="seg" mid="…">` when it is a segment.
fn write_marked(out: &mut String, content: &Segment, mid: Option<&str>, report: &mut WriteReport) {
    if let Some(mid) = mid {
        out.push_str("<mrk mtype=\"seg\"");
        attribute(out, "mid", mid, report);
        out.push('>');
    }
    write_content(out, content, Version::V1_2, report);
    if mid.is_some() {
        out.push_str("</mrk>");
    }
}

/// How far along a state is, for the least advanced of several.
fn state_rank(state: State) -> u8 {
    match state {
        State::Initial => 0,
        State::NeedsReview => 1,
        State::Translated => 2,
        State::Reviewed => 3,
        State::Final => 4,
    }
}

fn state_1_2(state: State) -> &'static str {
    match state {
        State::Initial => "needs-translation",
        State::Translated => "translated",
        State::NeedsReview => "needs-review-translation",
        State::Reviewed => "signed-off",
        State::Final => "final",
    }
}

fn write_unit_2(out: &mut String, unit: &Unit, fallback_id: &str, report: &mut WriteReport) {
    out.push_str("  <unit");
    let id = if is_nmtoken(&unit.id) { unit.id.as_str() } else { fallback_id };
    attribute(out, "id", id, report);
    if let Some(name) = &unit.name {
        attribute(out, "name", name, report);
    }
    if !unit.translate {
        attribute(out, "translate", "no", report);
    }
    out.push_str(">\n");
    // Segments referred to by a match need an id; one is made up where the file had none.
    let segment_ids: Vec<Option<String>> = unit
        .segments
        .iter()
        .enumerate()
        .map(|(idx, segment)| match (&segment.id, &segment.leverage) {
            (Some(id), _) if is_nmtoken(id) => Some(id.clone()),
            (_, Some(_)) => Some(format!("tessera-s{}", idx + 1)),
            _ => None,
        })
        .collect();
    let leveraged: Vec<(&Leverage, &str)> = unit
        .segments
        .iter()
        .zip(&segment_ids)
        .filter_map(|(segment, id)| Some((segment.leverage.as_ref()?, id.as_deref()?)))
        .collect();
    if !leveraged.is_empty() {
        out.push_str("   <mtc:matches>\n");
        for (leverage, segment_id) in leveraged {
            write_match_2(out, leverage, segment_id, report);
        }
        out.push_str("   </mtc:matches>\n");
    }
    if !unit.notes.is_empty() {
        out.push_str("   <notes>\n");
        for note in &unit.notes {
            out.push_str("    <note>");
            report.characters_replaced += escape(out, note, false);
            out.push_str("</note>\n");
        }
        out.push_str("   </notes>\n");
    }
    if !unit.original_data.is_empty() {
        out.push_str("   <originalData>\n");
        for (data_id, code) in &unit.original_data {
            out.push_str("    <data");
            attribute(out, "id", data_id, report);
            out.push('>');
            report.characters_replaced += escape(out, code, false);
            out.push_str("</data>\n");
        }
        out.push_str("   </originalData>\n");
    }
    for (segment, id) in unit.segments.iter().zip(&segment_ids) {
        write_segment_2(out, segment, id.as_deref(), report);
    }
    out.push_str("  </unit>\n");
}

fn write_match_2(
    out: &mut String,
    leverage: &Leverage,
    segment_id: &str,
    report: &mut WriteReport,
) {
    let similarity = leverage.score.min(100).to_string();
    out.push_str("    <mtc:match");
    attribute(out, "ref", &format!("#{segment_id}"), report);
    attribute(out, "type", "tm", report);
    attribute(out, "similarity", &similarity, report);
    attribute(out, "matchQuality", &similarity, report);
    attribute(out, "origin", &leverage.origin, report);
    if leverage.score > 100 {
        attribute(out, "subType", "tessera:context", report);
    }
    out.push_str("><source>");
    report.characters_replaced += escape(out, &leverage.source, false);
    out.push_str("</source><target>");
    report.characters_replaced += escape(out, &leverage.target, false);
    out.push_str("</target></mtc:match>\n");
}

fn write_segment_2(
    out: &mut String,
    segment: &TransSegment,
    id: Option<&str>,
    report: &mut WriteReport,
) {
    let element = if segment.ignorable { "ignorable" } else { "segment" };
    out.push_str("   <");
    out.push_str(element);
    if let Some(id) = id {
        attribute(out, "id", id, report);
    }
    if !segment.ignorable
        && let Some(state) = segment.state
    {
        let (state, sub_state) = match state {
            State::Initial => ("initial", None),
            State::Translated => ("translated", None),
            State::NeedsReview => ("translated", Some("tessera:needs-review")),
            State::Reviewed => ("reviewed", None),
            State::Final => ("final", None),
        };
        attribute(out, "state", state, report);
        if let Some(sub_state) = sub_state {
            attribute(out, "subState", sub_state, report);
        }
    }
    out.push_str(">\n    <source>");
    write_content(out, &segment.source, Version::V2_0, report);
    out.push_str("</source>\n");
    if let Some(target) = &segment.target {
        out.push_str("    <target>");
        write_content(out, target, Version::V2_0, report);
        out.push_str("</target>\n");
    }
    out.push_str("   </");
    out.push_str(element);
    out.push_str(">\n");
    report.segments_written += 1;
}

/// Writes segment text, putting the codes back in for their placeholders.
fn write_content(out: &mut String, segment: &Segment, version: Version, report: &mut WriteReport) {
    let balanced = balanced_placeholders(segment);
    let mut run_start = 0;
    let text = segment.text.as_str();
    let mut isolated_starts: Vec<usize> = Vec::new();
    for (position, c) in text.char_indices() {
        let Some(idx) = tmx::Segment::placeholder_index(c) else { continue };
        report.characters_replaced += escape(out, &text[run_start..position], false);
        run_start = position + c.len_utf8();
        let Some(code) = segment.codes.get(idx) else {
            report.codes_repaired += 1;
            continue;
        };
        let is_balanced = balanced.contains(&position);
        match code.role {
            CodeRole::Literal => {
                report.characters_replaced += escape(out, &code.content, false);
            }
            CodeRole::Standalone => {
                out.push('<');
                out.push_str(&code.element);
                code_attributes(out, &code.attributes, &code.element, version, idx, report);
                let has_content =
                    !version.is_2() && matches!(code.element.as_str(), "ph" | "bpt" | "ept" | "it");
                if has_content {
                    out.push('>');
                    report.characters_replaced += escape(out, &code.content, false);
                    out.push_str("</");
                    out.push_str(&code.element);
                    out.push('>');
                } else {
                    out.push_str("/>");
                }
            }
            CodeRole::Start if is_balanced => {
                out.push('<');
                out.push_str(&code.element);
                code_attributes(out, &code.attributes, &code.element, version, idx, report);
                out.push('>');
            }
            CodeRole::End if is_balanced => {
                out.push_str("</");
                out.push_str(&code.element);
                out.push('>');
            }
            CodeRole::Start | CodeRole::End => {
                report.codes_repaired += 1;
                let start = if code.role == CodeRole::Start { Some(idx) } else { code.start };
                let start_code = start.and_then(|start| segment.codes.get(start));
                let id = start_code.and_then(|code| code.attribute("id")).unwrap_or("0");
                let isolated = match (version.is_2(), code.element.as_str(), code.role) {
                    (false, "g", CodeRole::Start) => format!("<bx id=\"{}\"/>", attr_text(id)),
                    (false, "g", _) => format!("<ex id=\"{}\"/>", attr_text(id)),
                    // A 1.2 <mrk> has no isolated form; its text stays, unmarked.
                    (false, _, _) => String::new(),
                    (true, element, CodeRole::Start) => {
                        isolated_starts.push(idx);
                        let name = if element == "mrk" { "sm" } else { "sc" };
                        format!("<{name} id=\"{}\"/>", attr_text(id))
                    }
                    (true, element, _) => {
                        let name = if element == "mrk" { "em" } else { "ec" };
                        match start {
                            Some(start) if isolated_starts.contains(&start) => {
                                format!("<{name} startRef=\"{}\"/>", attr_text(id))
                            }
                            _ if name == "em" => String::new(),
                            _ => format!("<ec id=\"{}\" isolated=\"yes\"/>", attr_text(id)),
                        }
                    }
                };
                out.push_str(&isolated);
            }
        }
    }
    report.characters_replaced += escape(out, &text[run_start..], false);
}

/// Byte positions of start and end placeholders that pair up with proper nesting.
fn balanced_placeholders(segment: &Segment) -> Vec<usize> {
    let mut balanced = Vec::new();
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (position, c) in segment.text.char_indices() {
        let Some(idx) = tmx::Segment::placeholder_index(c) else { continue };
        let Some(code) = segment.codes.get(idx) else { continue };
        match code.role {
            CodeRole::Start => open.push((idx, position)),
            CodeRole::End => {
                if let (Some(&(start_idx, start_position)), Some(start)) = (open.last(), code.start)
                    && start_idx == start
                {
                    open.pop();
                    balanced.push(start_position);
                    balanced.push(position);
                }
            }
            CodeRole::Standalone | CodeRole::Literal => {}
        }
    }
    balanced
}

fn attr_text(value: &str) -> String {
    let mut out = String::new();
    escape(&mut out, value, true);
    out
}

fn attribute(out: &mut String, name: &str, value: &str, report: &mut WriteReport) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    report.characters_replaced += escape(out, value, true);
    out.push('"');
}

/// Attributes XLIFF 1.2 strict allows on its inline elements.
const CODE_ATTRIBUTES_1_2: [&str; 12] = [
    "id",
    "rid",
    "ctype",
    "clone",
    "crc",
    "assoc",
    "pos",
    "xid",
    "equiv-text",
    "mtype",
    "mid",
    "comment",
];
/// Attributes XLIFF 2.0 allows on its inline elements.
const CODE_ATTRIBUTES_2: [&str; 26] = [
    "id",
    "canCopy",
    "canDelete",
    "canReorder",
    "canOverlap",
    "copyOf",
    "disp",
    "dispStart",
    "dispEnd",
    "equiv",
    "equivStart",
    "equivEnd",
    "dataRef",
    "dataRefStart",
    "dataRefEnd",
    "subFlows",
    "subFlowsStart",
    "subFlowsEnd",
    "subType",
    "type",
    "dir",
    "isolated",
    "startRef",
    "translate",
    "value",
    "ref",
];

/// A code's attributes: only those the version defines for inline elements (a namespaced one's
/// prefix is not declared here, a misspelt one is invalid), and an `id` where the element needs
/// one (the code's index when it had none).
fn code_attributes(
    out: &mut String,
    attributes: &[(String, String)],
    element: &str,
    version: Version,
    idx: usize,
    report: &mut WriteReport,
) {
    let known: &[&str] = if version.is_2() { &CODE_ATTRIBUTES_2 } else { &CODE_ATTRIBUTES_1_2 };
    let needs_id = if version.is_2() {
        matches!(element, "ph" | "pc" | "sc" | "mrk" | "sm")
    } else {
        element != "mrk"
    };
    if needs_id && !attributes.iter().any(|(name, _)| name == "id") {
        attribute(out, "id", &(idx + 1).to_string(), report);
        report.codes_repaired += 1;
    }
    for (name, value) in attributes {
        if known.contains(&name.as_str()) {
            attribute(out, name, value, report);
        }
    }
}

/// XML's NMTOKEN, which 2.0 ids must be.
fn is_nmtoken(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| {
            c.is_alphanumeric()
                || matches!(c, '_' | ':' | '-' | '.' | '\u{B7}')
                || ('\u{300}'..='\u{36F}').contains(&c)
                || ('\u{203F}'..='\u{2040}').contains(&c)
        })
}
