//! The client side of Tessera's team mode: pushes a local database's pending changes to a
//! `tessera-server` and pulls the team's change log into it.
