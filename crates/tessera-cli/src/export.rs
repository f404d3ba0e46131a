//! `tessera export`: the memory as TMX, the termbase as TBX or a TSV/CSV table.

use std::path::PathBuf;

use tessera_core::{LanguageTag, TermTableFormat, TmxExport, write_atomically};

use crate::{Database, Failure, open_project};

#[derive(Debug, clap::Args)]
pub(crate) struct ExportArgs {
    #[command(subcommand)]
    what: ExportKind,
}

#[derive(Debug, clap::Subcommand)]
pub(crate) enum ExportKind {
    /// Write the memory as TMX 1.4b (UTF-8), readable by OmegaT, memoQ, Trados and Phrase.
    Tmx {
        /// The file to write.
        out: PathBuf,
        /// Only these languages, comma-separated (`zh` means every Chinese variant).
        #[arg(long, value_delimiter = ',', value_name = "LANGS")]
        langs: Option<Vec<String>>,
        /// Only units a reviewer approved.
        #[arg(long)]
        approved: bool,
        /// Only units last changed (or created) on or after this day (2024-03-01, UTC) or
        /// moment (RFC 3339).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only units last changed (or created) on or before this day, or before this moment.
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// Write a language under another tag, e.g. `zh-Hans=zh-CN` for tools that know only
        /// region codes; comma-separated or repeated. `--langs` still names stored tags.
        #[arg(long = "map", value_delimiter = ',', value_name = "FROM=TO")]
        rename: Vec<String>,
    },
    /// Write the termbase as TBX-Basic v3 (every concept except rejected ones).
    Tbx {
        /// The file to write.
        out: PathBuf,
    },
    /// Write the terms as a table: TSV, or CSV when the file name ends in .csv.
    Terms {
        /// The file to write.
        out: PathBuf,
    },
}

pub(crate) fn export(db: Database, args: ExportArgs) -> Result<(), Failure> {
    match args.what {
        ExportKind::Tmx { out, langs, approved, since, until, rename } => {
            let moment = |flag: &str, text: Option<String>, end_of_day: bool| {
                text.map(|text| {
                    tessera_core::parse_moment(&text, end_of_day).ok_or_else(|| Failure {
                        code: 1,
                        message: format!(
                            "--{flag} {text:?} is neither a day (2024-03-01) nor an RFC 3339 moment"
                        ),
                    })
                })
                .transpose()
            };
            let rename_languages = language_renames(&rename)?;
            let options = TmxExport {
                languages: langs
                    .map(|langs| langs.iter().map(|lang| LanguageTag::parse(lang)).collect()),
                approved_only: approved,
                source_lang: None,
                changed_from: moment("since", since, false)?,
                changed_before: moment("until", until, true)?,
                rename_languages,
            };
            let project = open_project(db)?;
            let report = write_atomically(&out, |file| project.export_tmx(file, &options))?;
            outln!("wrote {} units to {}", report.units_written, out.display());
            if report.units_outside_dates > 0 {
                outln!(
                    "{} units changed outside the dates were left out",
                    report.units_outside_dates
                );
            }
            if report.units_without_languages > 0 {
                outln!(
                    "{} units without enough of the chosen languages were left out",
                    report.units_without_languages
                );
            }
            Ok(())
        }
        ExportKind::Tbx { out } => {
            let project = open_project(db)?;
            let n_concepts = write_atomically(&out, |file| project.export_tbx(file))?;
            outln!("wrote {n_concepts} concepts to {}", out.display());
            Ok(())
        }
        ExportKind::Terms { out } => {
            let project = open_project(db)?;
            let format = if out.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("csv")) {
                TermTableFormat::Csv
            } else {
                TermTableFormat::Tsv
            };
            let n_rows = write_atomically(&out, |file| project.export_term_table(file, format))?;
            outln!("wrote {n_rows} concepts to {}", out.display());
            Ok(())
        }
    }
}

/// `--map FROM=TO` values as tag pairs (export and import share the syntax).
pub(crate) fn language_renames(
    pairs: &[String],
) -> Result<Vec<(LanguageTag, LanguageTag)>, Failure> {
    pairs
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((from, to)) if !from.trim().is_empty() && !to.trim().is_empty() => {
                Ok((LanguageTag::parse(from.trim()), LanguageTag::parse(to.trim())))
            }
            _ => Err(Failure {
                code: 1,
                message: format!("--map {pair:?} is not FROM=TO, e.g. zh-Hans=zh-CN"),
            }),
        })
        .collect()
}
