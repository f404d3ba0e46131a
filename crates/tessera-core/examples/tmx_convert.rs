//! Reads any TMX file Tessera can read and writes it as TMX 1.4b (UTF-8), listing what was
//! skipped on stderr. For manual interop checks against other tools.
//!
//! `cargo run -p tessera-core --example tmx_convert -- IN.tmx OUT.tmx`

use std::{
    fs::File,
    io::{BufReader, BufWriter},
    process::ExitCode,
};

use tessera_core::tmx;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: tmx_convert IN.tmx OUT.tmx");
        return ExitCode::from(2);
    };
    let file = match File::open(input) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("cannot open {input}: {error}");
            return ExitCode::from(1);
        }
    };
    let mut units = match tmx::read(BufReader::new(file), &tmx::ReadOptions::default()) {
        Ok(units) => units,
        Err(error) => {
            eprintln!("{input}: {error}");
            return ExitCode::from(1);
        }
    };
    let header = units.header().clone();
    let out = match File::create(output) {
        Ok(out) => out,
        Err(error) => {
            eprintln!("cannot create {output}: {error}");
            return ExitCode::from(1);
        }
    };
    // Units are written as they are read, so memory stays flat whatever the file size.
    let written =
        tmx::write(BufWriter::new(out), &header, units.by_ref(), &tmx::WriteOptions::default());
    let skipped = units.finish();
    for item in skipped.iter().flatten() {
        eprintln!("{input}:{}:{}: {}", item.line, item.column, item.message);
    }
    match (written, skipped) {
        (Ok(report), Ok(_)) => {
            eprintln!(
                "{} units written, {} characters replaced, {} tags repaired",
                report.units_written, report.characters_replaced, report.tags_repaired
            );
            ExitCode::SUCCESS
        }
        (Err(error), _) => {
            eprintln!("{output}: {error}");
            ExitCode::from(1)
        }
        (_, Err(error)) => {
            eprintln!("{input}: {error}");
            ExitCode::from(1)
        }
    }
}
