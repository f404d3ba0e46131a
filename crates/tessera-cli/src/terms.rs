//! `tessera terms …`, `check` and `complete`: the termbase and the checks built on it.

use std::path::PathBuf;

use tessera_core::{ConceptDetails, ReviewDecision, TermStatus};

use crate::{Database, Failure, open_project};

#[derive(Debug, clap::Args)]
pub(crate) struct TermsArgs {
    #[command(subcommand)]
    action: TermsAction,
}

#[derive(Debug, clap::Subcommand)]
pub(crate) enum TermsAction {
    /// Mine candidate names, titles and organisations from the memory into the termbase.
    Extract,
    /// List concepts with their terms.
    List {
        /// Only concepts with this review status: candidate, approved, rejected.
        #[arg(long)]
        status: Option<String>,
        /// Only this category: person, title, organisation, publication, event, place, policy, other.
        #[arg(long)]
        category: Option<String>,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Approve concepts, all in one go or none: a mined candidate's most frequent English
    /// rendering (or --preferred) becomes preferred and the others deprecated; an imported
    /// concept keeps its file's statuses.
    Approve {
        /// The concept ids (see `terms list`).
        #[arg(value_name = "ID", required_unless_present = "import")]
        ids: Vec<i64>,
        /// Also every concept this import added (see `tessera imports`).
        #[arg(long = "import", value_name = "IMPORT_ID")]
        import: Option<i64>,
        /// The English rendering to prefer (only with one ID).
        #[arg(long)]
        preferred: Option<String>,
        /// A comment for the history.
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Reject concepts, all in one go or none.
    Reject {
        /// The concept ids.
        #[arg(value_name = "ID", required_unless_present = "import")]
        ids: Vec<i64>,
        /// Also every concept this import added (see `tessera imports`).
        #[arg(long = "import", value_name = "IMPORT_ID")]
        import: Option<i64>,
        /// A comment for the history.
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Show a concept's history (approvals, rejections, edits, with comments) and where each of
    /// its renderings was seen.
    History {
        /// The concept id.
        id: i64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Set a concept's definition, note and validity dates (YYYY-MM-DD).
    Describe {
        /// The concept id.
        id: i64,
        /// The definition.
        #[arg(long, default_value = "")]
        definition: String,
        /// A note.
        #[arg(long, default_value = "")]
        note: String,
        /// From when it holds.
        #[arg(long)]
        valid_from: Option<String>,
        /// Until when it holds.
        #[arg(long)]
        valid_to: Option<String>,
    },
    /// Link two concepts, e.g. a short form to its full form.
    Link {
        /// The concept (e.g. the short form).
        from: i64,
        /// The other concept (e.g. the full form).
        to: i64,
        /// The kind of link.
        #[arg(long, default_value = "short-form")]
        kind: String,
    },
    /// Change a term's text or status (preferred, admitted, deprecated, forbidden).
    Edit {
        /// The concept id.
        concept: i64,
        /// The term id (see `terms list --json`).
        term: i64,
        /// The new text (default: unchanged).
        #[arg(long)]
        text: Option<String>,
        /// The new status (default: unchanged).
        #[arg(long)]
        status: Option<String>,
    },
}

pub(crate) fn terms(db: Database, user: Option<String>, args: TermsArgs) -> Result<(), Failure> {
    let TermsArgs { action } = args;
    let mut project = open_project(db)?;
    project.set_actor(&actor(user));
    match action {
        TermsAction::Extract => {
            let report = project.extract_terms()?;
            outln!(
                "found {} candidates; added {} concepts with {} terms",
                report.candidates_found,
                report.concepts_added,
                report.terms_added
            );
            if report.segments_too_long > 0 {
                outln!(
                    "{} segments longer than {} characters were left out: no sentence is that long",
                    report.segments_too_long,
                    tessera_core::terminology::MAX_MINED_SEGMENT_CHARS
                );
            }
        }
        TermsAction::List { status, category, json } => {
            let concepts = project.terms(status.as_deref(), category.as_deref())?;
            if json {
                let items: Vec<serde_json::Value> = concepts
                    .iter()
                    .map(|concept| {
                        serde_json::json!({
                            "id": concept.id,
                            "status": concept.review_status,
                            "category": concept.category,
                            "definition": concept.details.definition,
                            "note": concept.details.note,
                            "valid_from": concept.details.valid_from,
                            "valid_to": concept.details.valid_to,
                            "links": concept.links.iter().map(|(other, kind)| serde_json::json!({"concept": other, "kind": kind})).collect::<Vec<_>>(),
                            "terms": concept.terms.iter().map(|term| serde_json::json!({
                                "id": term.id,
                                "lang": term.lang.to_string(),
                                "language": term.lang.english_name(),
                                "text": term.text,
                                "status": term.status.as_str(),
                                "label": term_label(&concept.review_status, term.status),
                                "count": term.occurrences,
                            })).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                outln!("{}", serde_json::Value::Array(items));
            } else {
                for concept in &concepts {
                    let terms: Vec<String> = concept
                        .terms
                        .iter()
                        .map(|term| {
                            format!(
                                "{} [{} ×{}]",
                                term.text,
                                term_label(&concept.review_status, term.status),
                                term.occurrences
                            )
                        })
                        .collect();
                    outln!(
                        "{:>5} {:<10} {:<12} {}",
                        concept.id,
                        concept.review_status,
                        concept.category,
                        terms.join(" | ")
                    );
                }
            }
        }
        TermsAction::Approve { ids, import, preferred, comment } => {
            let ids = concept_ids(&project, ids, import)?;
            if preferred.is_some() && ids.len() != 1 {
                return Err(Failure {
                    code: 1,
                    message: "--preferred names the rendering of one concept: give one ID"
                        .to_owned(),
                });
            }
            let n_reviewed = if project.team_binding()?.is_some() {
                // In a team the server decides review status (and refuses translators).
                let client = crate::team::client_for(&project)?;
                for id in &ids {
                    tessera_sync::review(
                        &mut project,
                        &client,
                        *id,
                        true,
                        preferred.as_deref(),
                        &comment,
                    )?;
                }
                ids.len()
            } else {
                project.review_concepts(&ids, &ReviewDecision::Approve { preferred }, &comment)?
            };
            outln!("approved {}", reviewed_line(&ids, n_reviewed));
            // Say what the approval leaves to fix in the memory (single approvals only: a
            // whole glossary would search the memory once per concept).
            if let [only] = ids.as_slice() {
                let stale = project.units_using_deprecated_renderings(*only)?;
                if !stale.is_empty() {
                    outln!(
                        "{} memory units use a rendering it deprecates; fix them with: tessera qa --term {only} --fix",
                        stale.len()
                    );
                }
            }
        }
        TermsAction::History { id, json } => {
            let concept =
                project.terms(None, None)?.into_iter().find(|record| record.id == id).ok_or_else(
                    || Failure { code: 1, message: format!("there is no concept {id}") },
                )?;
            let history = project.concept_history(id)?;
            let mut renderings = Vec::new();
            for term in concept.terms.iter().filter(|term| term.lang.primary() == "en") {
                renderings.push((term, project.term_examples(term.id, 3)?));
            }
            if json {
                let value = serde_json::json!({
                    "id": id,
                    "history": history.iter().map(|entry| serde_json::json!({
                        "at": entry.at, "action": entry.action, "detail": entry.detail,
                    })).collect::<Vec<_>>(),
                    "renderings": renderings.iter().map(|(term, examples)| serde_json::json!({
                        "text": term.text,
                        "status": term.status.as_str(),
                        "examples": examples.iter().map(|(zh, en)| serde_json::json!({"zh": zh, "en": en})).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                });
                outln!("{value}");
            } else {
                for entry in &history {
                    outln!("{}  {:<10} {}", entry.at, entry.action, entry.detail);
                }
                for (term, examples) in &renderings {
                    outln!("\n{} [{}]", term.text, term.status.as_str());
                    for (zh, en) in examples {
                        outln!("  {zh}\n  {en}");
                    }
                }
            }
        }
        TermsAction::Describe { id, definition, note, valid_from, valid_to } => {
            project.set_concept_details(
                id,
                &ConceptDetails { definition, note, valid_from, valid_to },
            )?;
            outln!("described concept {id}");
        }
        TermsAction::Link { from, to, kind } => {
            project.link_concepts(from, to, &kind)?;
            outln!("linked concept {from} to {to} ({kind})");
        }
        TermsAction::Reject { ids, import, comment } => {
            let ids = concept_ids(&project, ids, import)?;
            let n_reviewed = if project.team_binding()?.is_some() {
                let client = crate::team::client_for(&project)?;
                for id in &ids {
                    tessera_sync::review(&mut project, &client, *id, false, None, &comment)?;
                }
                ids.len()
            } else {
                project.review_concepts(&ids, &ReviewDecision::Reject, &comment)?
            };
            outln!("rejected {}", reviewed_line(&ids, n_reviewed));
        }
        TermsAction::Edit { concept, term, text, status } => {
            let current = project
                .terms(None, None)?
                .into_iter()
                .find(|record| record.id == concept)
                .and_then(|record| record.terms.into_iter().find(|record| record.id == term))
                .ok_or_else(|| Failure {
                    code: 1,
                    message: format!("concept {concept} has no term {term}"),
                })?;
            let status = match status {
                None => current.status,
                Some(name) => TermStatus::parse(&name).ok_or_else(|| Failure {
                    code: 1,
                    message: format!(
                        "unknown status {name}: use preferred, admitted, deprecated or forbidden"
                    ),
                })?,
            };
            project.edit_term(concept, term, text.as_deref().unwrap_or(&current.text), status)?;
            outln!("edited term {term}");
            let approved =
                project.terms(Some("approved"), None)?.iter().any(|record| record.id == concept);
            if approved {
                let stale = project.units_using_deprecated_renderings(concept)?;
                if !stale.is_empty() {
                    outln!(
                        "{} memory units use a rendering it deprecates; fix them with: tessera qa --term {concept} --fix",
                        stale.len()
                    );
                }
            }
        }
    }
    Ok(())
}

/// How a term's status reads to people: a rendering of a concept nobody has reviewed is
/// `unreviewed` (not `admitted`, which would look approved); the statuses of a glossary's own
/// deprecated or forbidden forms stay visible (`deprecated, unreviewed`).
fn term_label(review_status: &str, status: TermStatus) -> String {
    match (review_status, status) {
        ("candidate", TermStatus::Admitted) => "unreviewed".to_owned(),
        ("candidate", other) => format!("{}, unreviewed", other.as_str()),
        ("rejected", other) => format!("{}, rejected", other.as_str()),
        (_, other) => other.as_str().to_owned(),
    }
}

/// Who makes the changes: --user, else TESSERA_USER, else USER.
pub(crate) fn actor(user: Option<String>) -> String {
    user.or_else(|| std::env::var("TESSERA_USER").ok())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default()
}

/// The concept ids given, then those of `--import` (each once, in order).
fn concept_ids(
    project: &tessera_core::Project,
    mut ids: Vec<i64>,
    import: Option<i64>,
) -> Result<Vec<i64>, Failure> {
    if let Some(batch) = import {
        let added = project.concepts_of_import(tessera_core::ImportBatchId(batch))?;
        if added.is_empty() {
            return Err(Failure {
                code: 1,
                message: format!("import {batch} added no concept that is still in the termbase"),
            });
        }
        ids.extend(added);
    }
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    Ok(ids)
}

/// `concept 7` or `12 concepts`.
fn reviewed_line(ids: &[i64], n_reviewed: usize) -> String {
    match ids {
        [only] => format!("concept {only}"),
        _ => format!("{n_reviewed} concepts"),
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// The Chinese source sentence.
    #[arg(long, required_unless_present = "file")]
    source: Option<String>,
    /// Your English translation.
    #[arg(long, required_unless_present = "file")]
    target: Option<String>,
    /// Check many: one JSON object {"source", "target"} per line; prints one result per line.
    #[arg(long, value_name = "CASES.jsonl", conflicts_with_all = ["source", "target"])]
    file: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn check(db: Database, args: CheckArgs) -> Result<(), Failure> {
    let CheckArgs { source, target, file, json } = args;
    let mut project = open_project(db)?;
    match (source, target, file) {
        (Some(source), Some(target), _) => {
            let findings = project.check_translation(&source, &target)?;
            if json {
                outln!("{}", findings_json(&findings));
            } else if findings.is_empty() {
                outln!("no findings");
            } else {
                for finding in &findings {
                    outln!(
                        "{}-{} {:?}: \"{}\" → \"{}\"",
                        finding.start,
                        finding.end,
                        finding.kind,
                        finding.found,
                        finding.suggestion
                    );
                }
            }
        }
        (_, _, Some(file)) => {
            let cases = std::fs::read_to_string(&file).map_err(|error| Failure {
                code: 1,
                message: format!("{}: {error}", file.display()),
            })?;
            for (line_idx, line) in
                cases.lines().enumerate().filter(|(_, line)| !line.trim().is_empty())
            {
                let case: serde_json::Value =
                    serde_json::from_str(line).map_err(|error| Failure {
                        code: 1,
                        message: format!(
                            "{}:{}:{}: {error}",
                            file.display(),
                            line_idx + 1,
                            error.column()
                        ),
                    })?;
                let field = |name: &str| {
                    case[name].as_str().map(str::to_owned).ok_or_else(|| Failure {
                        code: 1,
                        message: format!(
                            "{}:{}:1: missing \"{name}\"",
                            file.display(),
                            line_idx + 1
                        ),
                    })
                };
                let findings = project.check_translation(&field("source")?, &field("target")?)?;
                outln!("{}", findings_json(&findings));
            }
        }
        _ => unreachable!("clap requires --source and --target, or --file"),
    }
    Ok(())
}

#[derive(Debug, clap::Args)]
pub(crate) struct CompleteArgs {
    /// The Chinese source sentence (its terms are suggested first).
    #[arg(long, default_value = "")]
    source: String,
    /// What you have typed of the word (any word of a multi-word term matches).
    #[arg(long)]
    prefix: String,
    /// At most this many suggestions.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn complete(db: Database, args: CompleteArgs) -> Result<(), Failure> {
    let CompleteArgs { source, prefix, limit, json } = args;
    let mut project = open_project(db)?;
    let completions = project.complete_term(&source, &prefix, limit)?;
    if json {
        let items: Vec<serde_json::Value> = completions
            .iter()
            .map(|completion| {
                serde_json::json!({
                    "text": completion.text,
                    "concept_id": completion.concept_id,
                    "status": completion.status.as_str(),
                })
            })
            .collect();
        outln!(
            "{}",
            serde_json::json!({ "source": source, "prefix": prefix, "completions": items })
        );
    } else {
        for completion in &completions {
            outln!("{}", completion.text);
        }
    }
    Ok(())
}

fn findings_json(findings: &[tessera_core::terminology::Finding]) -> serde_json::Value {
    let items: Vec<serde_json::Value> = findings
        .iter()
        .map(|finding| {
            serde_json::json!({
                "kind": format!("{:?}", finding.kind).to_lowercase(),
                "start": finding.start,
                "end": finding.end,
                "found": finding.found,
                "suggestion": finding.suggestion,
                "term_id": finding.concept_id,
            })
        })
        .collect();
    serde_json::json!({ "findings": items })
}
