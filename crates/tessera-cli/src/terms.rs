//! `tessera terms …`, `check` and `complete`: the termbase and the checks built on it.

use std::path::PathBuf;

use tessera_core::{ConceptDetails, ReviewDecision, TermStatus};

use crate::{Failure, open_project};

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
    /// Approve a concept: one English rendering becomes preferred, the others deprecated.
    Approve {
        /// The concept id (see `terms list`).
        id: i64,
        /// The English rendering to prefer (default: the most frequent).
        #[arg(long)]
        preferred: Option<String>,
        /// A comment for the history.
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Reject a candidate concept.
    Reject {
        /// The concept id.
        id: i64,
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

pub(crate) fn terms(
    db: Option<PathBuf>,
    user: Option<String>,
    args: TermsArgs,
) -> Result<(), Failure> {
    let TermsArgs { action } = args;
    let mut project = open_project(db)?;
    let user = user
        .or_else(|| std::env::var("TESSERA_USER").ok())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default();
    project.set_actor(&user);
    match action {
        TermsAction::Extract => {
            let report = project.extract_terms()?;
            println!(
                "found {} candidates; added {} concepts with {} terms",
                report.candidates_found, report.concepts_added, report.terms_added
            );
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
                                "text": term.text,
                                "status": term.status.as_str(),
                                "count": term.occurrences,
                            })).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                println!("{}", serde_json::Value::Array(items));
            } else {
                for concept in &concepts {
                    let terms: Vec<String> = concept
                        .terms
                        .iter()
                        .map(|term| {
                            format!(
                                "{} [{} ×{}]",
                                term.text,
                                term.status.as_str(),
                                term.occurrences
                            )
                        })
                        .collect();
                    println!(
                        "{:>5} {:<10} {:<12} {}",
                        concept.id,
                        concept.review_status,
                        concept.category,
                        terms.join(" | ")
                    );
                }
            }
        }
        TermsAction::Approve { id, preferred, comment } => {
            if project.team_binding()?.is_some() {
                // In a team the server decides review status (and refuses translators).
                let client = crate::team::client_for(&project)?;
                tessera_sync::review(
                    &mut project,
                    &client,
                    id,
                    true,
                    preferred.as_deref(),
                    &comment,
                )?;
            } else {
                project.review_concept(id, &ReviewDecision::Approve { preferred }, &comment)?;
            }
            println!("approved concept {id}");
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
                println!("{value}");
            } else {
                for entry in &history {
                    println!("{}  {:<10} {}", entry.at, entry.action, entry.detail);
                }
                for (term, examples) in &renderings {
                    println!("\n{} [{}]", term.text, term.status.as_str());
                    for (zh, en) in examples {
                        println!("  {zh}\n  {en}");
                    }
                }
            }
        }
        TermsAction::Describe { id, definition, note, valid_from, valid_to } => {
            project.set_concept_details(
                id,
                &ConceptDetails { definition, note, valid_from, valid_to },
            )?;
            println!("described concept {id}");
        }
        TermsAction::Link { from, to, kind } => {
            project.link_concepts(from, to, &kind)?;
            println!("linked concept {from} to {to} ({kind})");
        }
        TermsAction::Reject { id, comment } => {
            if project.team_binding()?.is_some() {
                let client = crate::team::client_for(&project)?;
                tessera_sync::review(&mut project, &client, id, false, None, &comment)?;
            } else {
                project.review_concept(id, &ReviewDecision::Reject, &comment)?;
            }
            println!("rejected concept {id}");
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
            println!("edited term {term}");
        }
    }
    Ok(())
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

pub(crate) fn check(db: Option<PathBuf>, args: CheckArgs) -> Result<(), Failure> {
    let CheckArgs { source, target, file, json } = args;
    let mut project = open_project(db)?;
    match (source, target, file) {
        (Some(source), Some(target), _) => {
            let findings = project.check_translation(&source, &target)?;
            if json {
                println!("{}", findings_json(&findings));
            } else if findings.is_empty() {
                println!("no findings");
            } else {
                for finding in &findings {
                    println!(
                        "{}-{} {:?}: \"{}\" → \"{}\"",
                        finding.start, finding.end, finding.kind, finding.found, finding.suggestion
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
                println!("{}", findings_json(&findings));
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

pub(crate) fn complete(db: Option<PathBuf>, args: CompleteArgs) -> Result<(), Failure> {
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
        println!(
            "{}",
            serde_json::json!({ "source": source, "prefix": prefix, "completions": items })
        );
    } else {
        for completion in &completions {
            println!("{}", completion.text);
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
