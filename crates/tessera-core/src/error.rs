//! The façade's error type and how a front end should classify it.

pub use crate::store::StoreError;

/// Everything `Project` can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database could not be opened, migrated, read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The thing asked for does not exist.
    #[error("{what} does not exist")]
    NotFound {
        /// What was asked for, e.g. `article 12`.
        what: String,
    },
    /// An edit (of an alignment, a unit, a term, a segment) is inconsistent with what is
    /// stored; nothing changed.
    #[error("cannot save the change: {message}")]
    InvalidEdit {
        /// What is wrong.
        message: String,
    },
    /// A file the user gave (rules, glossary) cannot be read or understood.
    #[error("{path}: {message}")]
    InvalidFile {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong, with line and column where known.
        message: String,
    },
    /// Writing an export failed (disk full, closed pipe, …).
    #[error("cannot write the export: {message}")]
    Output {
        /// What went wrong.
        message: String,
    },
    /// A search pattern is empty or not a valid regular expression; nothing was searched or
    /// changed.
    #[error("cannot search: {message}")]
    InvalidPattern {
        /// What is wrong with the pattern.
        message: String,
    },
    /// No default database location could be determined on this platform.
    #[error("cannot find a data folder for the default database; pass --db PATH or set TESSERA_DB")]
    NoDataDirectory,
}

impl Error {
    /// The error of an edit's transaction: a write the store refused as inconsistent
    /// (`StoreError::Invalid`) is the user's [`Error::InvalidEdit`]; anything else stays a store
    /// error.
    pub(crate) fn from_edit(error: StoreError) -> Error {
        match error {
            StoreError::Invalid { message } => Error::InvalidEdit { message },
            other => Error::Store(other),
        }
    }

    /// True when the user can fix the cause (a wrong path, a file from a newer version), as opposed
    /// to a bug or an environment failure. The CLI exits 1 for these and 2 for the rest.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::Store(
                StoreError::TooNew { .. }
                    | StoreError::Busy { .. }
                    | StoreError::ReadOnly { .. }
                    | StoreError::NotADatabase { .. }
                    | StoreError::Open { .. }
            ) | Error::NoDataDirectory
                | Error::NotFound { .. }
                | Error::InvalidEdit { .. }
                | Error::InvalidPattern { .. }
                | Error::InvalidFile { .. }
        )
    }
}
