//! The one integration-test binary of the workspace: workflows through `Project` and the tidy
//! checks that enforce ARCHITECTURE.md's invariants.

mod alignment_eval;
mod interchange;
mod interop;
mod mining_eval;
mod pairing;
mod pairing_eval;
mod termguard;
mod tidy;
mod workflows;
mod xliff;
