//! Where the default database lives: one per user, in the platform's data folder, shared by the
//! CLI and the desktop app.

use std::{ffi::OsString, path::PathBuf};

use crate::error::Error;

/// File name of the default database inside the data folder.
pub const DEFAULT_DATABASE_FILE: &str = "tessera.db";

/// Chooses the database path: an explicit `--db` path first, then the `TESSERA_DB` value the
/// caller read from its environment, then the platform default
/// (`~/.local/share/tessera/tessera.db` on Linux, `~/Library/Application Support/org.tessera.Tessera/`
/// on macOS, `%APPDATA%\tessera\Tessera\data\` on Windows).
pub fn resolve_database_path(
    explicit: Option<PathBuf>,
    env_value: Option<OsString>,
) -> Result<PathBuf, Error> {
    if let Some(path) = explicit {
        return Ok(path);
    }
    if let Some(value) = env_value.filter(|value| !value.is_empty()) {
        return Ok(PathBuf::from(value));
    }
    directories::ProjectDirs::from("org", "tessera", "Tessera")
        .map(|dirs| dirs.data_dir().join(DEFAULT_DATABASE_FILE))
        .ok_or(Error::NoDataDirectory)
}
