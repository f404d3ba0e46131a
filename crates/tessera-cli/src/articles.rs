//! `tessera articles`: listing imported articles, and pairing a Chinese article with its
//! English version after the import, or undoing a pair.

use crate::{Database, Failure, open_project};

#[derive(Debug, clap::Args)]
pub(crate) struct ArticlesArgs {
    #[command(subcommand)]
    command: ArticlesCommand,
}

#[derive(Debug, clap::Subcommand)]
enum ArticlesCommand {
    /// List imported articles with their IDs, sentence and unit counts, and pairs.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Pair a Chinese article with its English version: their sentences are aligned and the
    /// pairs become units. Both must be single (see `unpair`).
    Pair {
        /// The Chinese article's ID.
        zh_id: i64,
        /// The English article's ID.
        en_id: i64,
    },
    /// Undo a pair (given either article's ID): its units leave the memory and both articles
    /// are single again.
    Unpair {
        /// Either article's ID.
        id: i64,
    },
}

pub(crate) fn articles(
    db: Database,
    user: Option<String>,
    args: ArticlesArgs,
) -> Result<(), Failure> {
    let mut project = open_project(db)?;
    let user = user
        .or_else(|| std::env::var("TESSERA_USER").ok())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default();
    project.set_actor(&user);
    match args.command {
        ArticlesCommand::List { json } => {
            let articles = project.articles()?;
            if json {
                let listed: Vec<serde_json::Value> = articles
                    .iter()
                    .map(|article| {
                        serde_json::json!({
                            "id": article.id.0,
                            "title": article.title,
                            "source_path": article.source_path,
                            "imported_at": article.imported_at,
                            "units": article.units,
                            "zh_sentences": article.zh_sentences,
                            "en_sentences": article.en_sentences,
                            "unaligned_sentences": article.unaligned_sentences,
                            "low_confidence": article.low_confidence,
                            "partner": article.partner.map(|partner| partner.0),
                        })
                    })
                    .collect();
                outln!("{}", serde_json::json!({ "articles": listed }));
            } else {
                for article in &articles {
                    let partner = article
                        .partner
                        .map(|partner| format!("  paired with {}", partner.0))
                        .unwrap_or_default();
                    outln!(
                        "{:>5}  {}  {} zh, {} en sentences, {} units, {} unaligned{partner}",
                        article.id.0,
                        article.source_path,
                        article.zh_sentences,
                        article.en_sentences,
                        article.units,
                        article.unaligned_sentences
                    );
                }
            }
        }
        ArticlesCommand::Pair { zh_id, en_id } => {
            let outcome = project
                .pair_articles(tessera_core::ArticleId(zh_id), tessera_core::ArticleId(en_id))?;
            outln!(
                "articles {} and {} paired: {} units added, {} low-confidence pairs",
                outcome.zh.0,
                outcome.en.0,
                outcome.units_added,
                outcome.low_confidence
            );
        }
        ArticlesCommand::Unpair { id } => {
            let outcome = project.unpair_article(tessera_core::ArticleId(id))?;
            outln!(
                "articles {} and {} unpaired: {} units removed",
                outcome.zh.0,
                outcome.en.0,
                outcome.units_removed
            );
        }
    }
    Ok(())
}
