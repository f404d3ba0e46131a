//! `tessera suggest`: renderings the termbase and the memory know for the spans of a Chinese
//! sentence.

use crate::{Database, Failure, open_project};

#[derive(Debug, clap::Args)]
pub(crate) struct SuggestArgs {
    /// The Chinese source sentence.
    #[arg(long)]
    source: String,
    /// Print JSON: {"source", "suggestions": [{"start", "end", "source", "target", "origin",
    /// "status", "count", "confidence", "examples"}]}; start/end are character offsets into the
    /// source, end exclusive.
    #[arg(long)]
    json: bool,
}

pub(crate) fn suggest(db: Database, args: SuggestArgs) -> Result<(), Failure> {
    let SuggestArgs { source, json } = args;
    let mut project = open_project(db)?;
    let suggestions = project.suggest(&source)?;
    if json {
        let items: Vec<serde_json::Value> = suggestions
            .iter()
            .map(|suggestion| {
                serde_json::json!({
                    "start": suggestion.start,
                    "end": suggestion.end,
                    "source": suggestion.source,
                    "target": suggestion.target,
                    "origin": suggestion.origin.as_str(),
                    "status": suggestion.status.as_str(),
                    "count": suggestion.count,
                    "confidence": (suggestion.confidence * 1000.0).round() / 1000.0,
                    "examples": suggestion.examples,
                })
            })
            .collect();
        outln!("{}", serde_json::json!({ "source": source, "suggestions": items }));
    } else {
        for suggestion in &suggestions {
            outln!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.3}",
                suggestion.start,
                suggestion.end,
                suggestion.source,
                suggestion.target,
                suggestion.origin.as_str(),
                suggestion.status.as_str(),
                suggestion.count,
                suggestion.confidence
            );
        }
    }
    Ok(())
}
