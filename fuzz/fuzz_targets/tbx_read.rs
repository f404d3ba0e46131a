//! Any bytes: reading never panics, and whatever was recovered writes back as TBX-Basic that
//! reads back whole.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::tbx;

fuzz_target!(|data: &[u8]| {
    let Ok(glossary) = tbx::read_all(data) else {
        return;
    };
    let mut out = Vec::new();
    tbx::write(&mut out, &glossary.header, &glossary.concepts, &tbx::WriteOptions::default())
        .expect("writing to memory cannot fail");
    let again = tbx::read_all(out.as_slice()).expect("own output reads");
    assert_eq!(again.concepts.len(), glossary.concepts.len());
});
