//! Any bytes: reading never panics, and whatever was recovered writes back as TMX that reads
//! back whole.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::tmx;

fuzz_target!(|data: &[u8]| {
    let Ok(document) = tmx::read_all(data, &tmx::ReadOptions::default()) else {
        return;
    };
    let mut out = Vec::new();
    let report =
        tmx::write(&mut out, &document.header, &document.units, &tmx::WriteOptions::default())
            .expect("writing to memory cannot fail");
    assert_eq!(report.units_written as usize, document.units.len());
    let again =
        tmx::read_all(out.as_slice(), &tmx::ReadOptions::default()).expect("own output reads");
    assert_eq!(again.units.len(), document.units.len());
    assert!(again.skipped.is_empty(), "own output has problems: {:?}", again.skipped);
});
