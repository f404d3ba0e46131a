//! `tessera generate --synthetic`: synthetic units for benchmarks and tests, hidden from `--help`.

use crate::{Database, Failure, open_project};

#[derive(Debug, clap::Args)]
pub(crate) struct GenerateArgs {
    /// Says that you mean it: the units are made up, for benchmarks and tests.
    #[arg(long, required = true)]
    synthetic: bool,
    /// How many units to add.
    #[arg(long, value_name = "N")]
    units: u64,
    /// The generator's seed: the same seed gives the same units.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub(crate) fn generate(db: Database, args: GenerateArgs) -> Result<(), Failure> {
    let GenerateArgs { synthetic: _, units, seed } = args;
    let mut project = open_project(db)?;
    let batch = tessera_core::synthetic::synthetic_units(seed, 0, units);
    let ids = project.add_units(batch, &mut |_| {})?;
    outln!("added {} synthetic units (seed {seed})", ids.len());
    Ok(())
}
