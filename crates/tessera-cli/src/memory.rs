//! `tessera lookup`, `concordance`, `stats` and `audit`: reading the memory.

use std::{io::Write, path::PathBuf};

use tessera_core::{
    LookupDirection, MemoryMatch, Project, Stats, UnitOrigin,
    matching::{Concordance, ConcordanceOptions, DiffOp, LookupOptions, Side},
};

use crate::{Database, Failure, internal, open_project};

#[derive(Debug, clap::Args)]
pub(crate) struct LookupArgs {
    /// The sentence to look up (or use --file).
    #[arg(required_unless_present = "file")]
    text: Option<String>,
    /// Answer one query per line of this file, one JSON object per line (implies --json).
    #[arg(long, value_name = "QUERIES.txt", conflicts_with = "text")]
    file: Option<PathBuf>,
    /// At most this many matches.
    #[arg(long, default_value_t = 5)]
    limit: usize,
    /// Leave out matches scoring below this.
    #[arg(long = "min", default_value_t = 50, value_name = "SCORE")]
    min_score: u8,
    /// The language of the sentence: `zh` (matches offer English) or `en` (matches offer
    /// Chinese). Without it, a sentence with Chinese characters is Chinese, any other English.
    #[arg(long, value_name = "LANG", value_parser = ["zh", "en"])]
    from: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn lookup(db: Database, args: LookupArgs) -> Result<(), Failure> {
    let LookupArgs { text, file, limit, min_score, from, json } = args;
    let mut project = open_project(db)?;
    let options = LookupOptions { limit, min_score };
    let direction = |query: &str| match from.as_deref() {
        Some("en") => LookupDirection::EnglishToChinese,
        Some(_) => LookupDirection::ChineseToEnglish,
        None => LookupDirection::detect(query),
    };
    match (text, file) {
        (Some(text), _) => {
            let matches = project.lookup_in_direction(&text, direction(&text), &options)?;
            if json {
                outln!("{}", lookup_json(&text, &matches));
            } else {
                out!("{}", lookup_table(&matches));
            }
        }
        (None, Some(file)) => {
            let queries = std::fs::read_to_string(&file).map_err(|error| Failure {
                code: 1,
                message: format!("{}: {error}", file.display()),
            })?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for query in queries.lines() {
                let matches = project.lookup_in_direction(query, direction(query), &options)?;
                writeln!(out, "{}", lookup_json(query, &matches)).map_err(internal)?;
            }
            out.flush().map_err(internal)?;
        }
        (None, None) => unreachable!("clap requires TEXT or --file"),
    }
    Ok(())
}

#[derive(Debug, clap::Args)]
pub(crate) struct ConcordanceArgs {
    /// The text to search for.
    text: String,
    /// Search the English side instead of the Chinese.
    #[arg(long)]
    target: bool,
    /// English: only whole words.
    #[arg(long)]
    whole_word: bool,
    /// At most this many hits (newest first).
    #[arg(long, default_value_t = 1000)]
    limit: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn concordance(db: Database, args: ConcordanceArgs) -> Result<(), Failure> {
    let ConcordanceArgs { text, target, whole_word, limit, json } = args;
    let mut project = open_project(db)?;
    let options = ConcordanceOptions {
        side: if target { Side::Target } else { Side::Source },
        whole_word,
        limit,
    };
    let concordance = project.concordance(&text, &options)?;
    let ids: Vec<i64> = concordance.hits.iter().map(|hit| hit.unit_id).collect();
    let origins = project.unit_origins(&ids)?;
    if json {
        outln!("{}", concordance_json(&text, &concordance, &origins));
    } else {
        out!("{}", concordance_table(&concordance));
    }
    Ok(())
}

#[derive(Debug, clap::Args)]
pub(crate) struct StatsArgs {
    /// Print a JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

pub(crate) fn stats(db: Database, args: StatsArgs) -> Result<(), Failure> {
    let StatsArgs { json } = args;
    let project = open_project(db)?;
    let stats = project.stats()?;
    if json {
        outln!("{}", stats_json(&project, &stats));
    } else {
        out!("{}", stats_table(&project, &stats));
    }
    Ok(())
}

#[derive(Debug, clap::Args)]
pub(crate) struct AuditArgs {
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn audit(db: Database, args: AuditArgs) -> Result<(), Failure> {
    let AuditArgs { json } = args;
    let project = open_project(db)?;
    let log = project.audit_log()?;
    if json {
        let items: Vec<serde_json::Value> = log
            .iter()
            .map(|entry| {
                serde_json::json!({
                    "at": entry.at, "actor": entry.actor, "action": entry.action,
                    "object": entry.object_kind, "id": entry.object_id,
                    "comment": entry.comment, "detail": entry.detail,
                })
            })
            .collect();
        outln!("{}", serde_json::Value::Array(items));
    } else {
        outln!("at\tactor\taction\tobject\tid\tdetail");
        for entry in &log {
            outln!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                entry.at,
                entry.actor,
                entry.action,
                entry.object_kind,
                entry.object_id,
                entry.detail.replace(['\t', '\n'], " ")
            );
        }
    }
    Ok(())
}

fn origin_json(origin: Option<&UnitOrigin>) -> serde_json::Value {
    match origin {
        None => serde_json::Value::Null,
        Some(origin) => serde_json::json!({
            "unit_id": origin.unit_id,
            "article": origin.article,
            "created_at": origin.created_at,
            "created_by": origin.created_by,
            "confidence": origin.confidence,
        }),
    }
}

fn lookup_json(query: &str, matches: &[MemoryMatch]) -> serde_json::Value {
    let range = |range: &std::ops::Range<usize>| serde_json::json!([range.start, range.end]);
    let matches: Vec<serde_json::Value> = matches
        .iter()
        .map(|memory_match| {
            let found = &memory_match.found;
            let diff: Vec<serde_json::Value> = found
                .diff
                .iter()
                .map(|op| match op {
                    DiffOp::Equal { query, source } => {
                        serde_json::json!({"op": "equal", "query": range(query), "source": range(source)})
                    }
                    DiffOp::Delete { query } => serde_json::json!({"op": "delete", "query": range(query)}),
                    DiffOp::Insert { source } => serde_json::json!({"op": "insert", "source": range(source)}),
                    DiffOp::Replace { query, source } => {
                        serde_json::json!({"op": "replace", "query": range(query), "source": range(source)})
                    }
                })
                .collect();
            serde_json::json!({
                "unit_id": found.unit_id,
                "score": found.score,
                "source": found.source,
                "target": found.target,
                "diff": diff,
                "penalties": found.penalties.iter().map(|penalty| serde_json::json!({
                    "kind": format!("{:?}", penalty.kind).to_lowercase(),
                    "points": penalty.points,
                    "detail": penalty.detail,
                })).collect::<Vec<_>>(),
                "script_variant": found.script_variant,
                "origin": origin_json(memory_match.origin.as_ref()),
                "adjusted": memory_match.adjusted.is_some(),
                "term_adjusted": !memory_match.term_warnings.is_empty() && memory_match.adjusted.is_some(),
                "term_warnings": memory_match.term_warnings.iter().map(|warning| serde_json::json!({
                    "kind": warning.kind_name(),
                    "start": warning.start,
                    "end": warning.end,
                    "found": warning.found,
                    "suggestion": warning.suggestion,
                    "term_id": warning.concept_id,
                })).collect::<Vec<_>>(),
                "adjusted_target": memory_match.adjusted.as_ref().map(|adjusted| adjusted.target.clone()),
                "replacements": memory_match.adjusted.as_ref().map(|adjusted| adjusted.replacements.iter().map(|replacement| serde_json::json!({
                    "kind": format!("{:?}", replacement.kind).to_lowercase(),
                    "source_text": replacement.source_text,
                    "query_text": replacement.query_text,
                    "old_target": replacement.old_target,
                    "new_target": replacement.new_target,
                })).collect::<Vec<_>>()),
            })
        })
        .collect();
    serde_json::json!({ "query": query, "matches": matches })
}

fn lookup_table(matches: &[MemoryMatch]) -> String {
    if matches.is_empty() {
        return "no match\n".to_owned();
    }
    let mut out = String::new();
    for memory_match in matches {
        let found = &memory_match.found;
        let penalties: Vec<&str> =
            found.penalties.iter().map(|penalty| penalty.detail.as_str()).collect();
        out.push_str(&format!("{:>3}%  {}\n      {}\n", found.score, found.source, found.target));
        for warning in &memory_match.term_warnings {
            out.push_str(&format!(
                "      {} term: \"{}\" (approved: \"{}\")\n",
                warning.kind_name(),
                warning.found,
                warning.suggestion
            ));
        }
        if let Some(adjusted) = &memory_match.adjusted {
            let label =
                if memory_match.term_warnings.is_empty() { "adjusted" } else { "term-adjusted" };
            out.push_str(&format!("      {label}: {}\n", adjusted.target));
            for swap in adjusted.replacements.iter().filter(|replacement| {
                replacement.kind == tessera_core::matching::ReplacementKind::ApprovedTerm
            }) {
                out.push_str(&format!(
                    "      swapped \"{}\" → \"{}\"\n",
                    swap.old_target, swap.new_target
                ));
            }
        }
        if !penalties.is_empty() {
            out.push_str(&format!("      ({})\n", penalties.join("; ")));
        }
        if let Some(article) =
            memory_match.origin.as_ref().and_then(|origin| origin.article.as_deref())
        {
            out.push_str(&format!("      from {article}\n"));
        }
    }
    out
}

fn concordance_json(
    text: &str,
    concordance: &Concordance,
    origins: &[UnitOrigin],
) -> serde_json::Value {
    let origin_of = |unit_id: i64| origins.iter().find(|origin| origin.unit_id == unit_id);
    serde_json::json!({
        "query": text,
        "complete": concordance.complete,
        "renderings": concordance.renderings.iter().map(|group| serde_json::json!({
            "rendering": group.rendering,
            "is_full_text": group.is_full_text,
            "count": group.count,
            "unit_ids": group.unit_ids,
        })).collect::<Vec<_>>(),
        "hits": concordance.hits.iter().map(|hit| serde_json::json!({
            "unit_id": hit.unit_id,
            "source": hit.source,
            "target": hit.target,
            "ranges": hit.ranges.iter().map(|range| [range.start, range.end]).collect::<Vec<_>>(),
            "rendering": hit.rendering,
            "term_warnings": hit.term_warnings.iter().map(|warning| serde_json::json!({
                "kind": warning.kind_name(),
                "start": warning.start,
                "end": warning.end,
                "found": warning.found,
                "suggestion": warning.suggestion,
                "term_id": warning.concept_id,
            })).collect::<Vec<_>>(),
            "origin": origin_json(origin_of(hit.unit_id)),
        })).collect::<Vec<_>>(),
    })
}

fn concordance_table(concordance: &Concordance) -> String {
    if concordance.hits.is_empty() {
        return "not found\n".to_owned();
    }
    let mut out = String::from("Renderings:\n");
    for group in &concordance.renderings {
        out.push_str(&format!("{:>6}  {}\n", group.count, group.rendering));
    }
    out.push_str(&format!("\n{} units:\n", concordance.hits.len()));
    for hit in concordance.hits.iter().take(20) {
        out.push_str(&format!("  {}\n  {}\n", hit.source, hit.target));
        for warning in &hit.term_warnings {
            out.push_str(&format!(
                "  ! {} term: \"{}\" (approved: \"{}\")\n",
                warning.kind_name(),
                warning.found,
                warning.suggestion
            ));
        }
        out.push('\n');
    }
    out
}

fn stats_json(project: &Project, stats: &Stats) -> serde_json::Value {
    let terms_by_status: serde_json::Map<String, serde_json::Value> = stats
        .terms_by_status
        .iter()
        .map(|(status, n_terms)| (status.as_str().to_owned(), (*n_terms).into()))
        .collect();
    let languages: serde_json::Map<String, serde_json::Value> = stats
        .languages
        .iter()
        .map(|(lang, n_variants)| (lang.to_string(), (*n_variants).into()))
        .collect();
    serde_json::json!({
        "database": project.path().display().to_string(),
        "schema_version": stats.schema_version,
        "units": stats.units,
        "articles": stats.articles,
        "terms": stats.terms,
        "concepts": stats.concepts,
        "concepts_by_review": {
            "approved": stats.concepts_approved,
            "candidate": stats.concepts_candidate,
            "rejected": stats.concepts_rejected,
        },
        "terms_by_status": terms_by_status,
        "languages": languages,
    })
}

fn stats_table(project: &Project, stats: &Stats) -> String {
    let by_status = stats
        .terms_by_status
        .iter()
        .map(|(status, n_terms)| format!("{} {n_terms}", status.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let languages = if stats.languages.is_empty() {
        "none yet".to_owned()
    } else {
        stats
            .languages
            .iter()
            .map(|(lang, n_variants)| format!("{} {n_variants}", lang.english_name()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "Database   {} (schema {})\nUnits      {}\nArticles   {}\nTerms      {} ({by_status})\nConcepts   {} (approved {}, candidates {}, rejected {})\nLanguages  {languages}\n",
        project.path().display(),
        stats.schema_version,
        stats.units,
        stats.articles,
        stats.terms,
        stats.concepts,
        stats.concepts_approved,
        stats.concepts_candidate,
        stats.concepts_rejected,
    )
}
