//! Any bytes: reading never panics, and whatever was recovered writes back as TBX-Basic that
//! reads back whole. The checks live in the core (`tbx::fuzz_check`), where `cargo test` replays
//! the committed corpus through them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::tbx;

fuzz_target!(|data: &[u8]| {
    if let Err(failure) = tbx::fuzz_check(data) {
        panic!("{failure}");
    }
});
