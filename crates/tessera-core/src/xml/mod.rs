//! The streaming XML core shared by the TMX and TBX readers (and any other XML interchange
//! reader): decoding any encoding to UTF-8 with positions ([`input`]), a tolerant, always
//! well-nested token stream over quick-xml ([`lexer`]), and [`Cursor`], the scaffolding every
//! reader repeats around it: opening with the encoding's warning, the problems met so far,
//! skipping elements, and the "not XML" error.
//!
//! A reader holds a `Cursor` and walks its tokens element by element; what it makes of the
//! elements is its own business. Nothing here knows TMX or TBX.

pub(crate) mod input;
pub(crate) mod lexer;

use std::io::{self, BufRead};

use self::lexer::{Lexer, Report, Token, reference_message, resolve_reference};

/// Something a reader could not use, and where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What was skipped or repaired, and why, in one line.
    pub message: String,
}

/// A reader's position in a document: the token stream and the problems met so far.
pub(crate) struct Cursor<R> {
    pub(crate) lexer: Lexer<R>,
    pub(crate) report: Report,
    /// How many of the first problems are the encoding's warnings, which never say why a file
    /// is not XML.
    n_encoding_warnings: usize,
}

impl<R: BufRead> Cursor<R> {
    /// Decodes `input` and reports a problem with its declared encoding first.
    pub(crate) fn open(input: R) -> io::Result<Cursor<R>> {
        let (lexer, sniffed) = Lexer::open(input)?;
        let mut cursor = Cursor { lexer, report: Report::default(), n_encoding_warnings: 0 };
        if let Some(warning) = sniffed.warning {
            cursor.report.push((1, 1), warning);
            cursor.n_encoding_warnings = 1;
        }
        Ok(cursor)
    }

    /// The next token.
    pub(crate) fn next_token(&mut self) -> Token {
        self.lexer.next(&mut self.report)
    }

    /// The problems met so far.
    pub(crate) fn skipped(&self) -> &[Skipped] {
        &self.report.items
    }

    /// Takes the problems met so far.
    pub(crate) fn take_skipped(&mut self) -> Vec<Skipped> {
        // Later "not XML" errors look past the encoding warnings; once taken there are none.
        self.n_encoding_warnings = 0;
        std::mem::take(&mut self.report.items)
    }

    /// The remaining problems, or the IO error that ended the input early.
    pub(crate) fn finish(mut self) -> Result<Vec<Skipped>, io::Error> {
        match self.lexer.io_error.take() {
            Some(error) => Err(error),
            None => Ok(self.report.items),
        }
    }

    /// Where and why a file is not XML: the first problem met (past the encoding's warnings),
    /// or else `message` at `(line, column)`.
    pub(crate) fn not_xml(&self, line: u32, column: u32, message: String) -> (u32, u32, String) {
        match self.report.items.get(self.n_encoding_warnings) {
            Some(first) => (first.line, first.column, first.message.clone()),
            None => (line, column, message),
        }
    }

    /// Skips the element just started, reporting it as unexpected in `parent`.
    pub(crate) fn skip_unexpected(&mut self, parent: &str) {
        self.report.push(
            self.lexer.position(),
            format!("unexpected <{}> in {parent} skipped", self.lexer.name()),
        );
        self.skip_element();
    }

    /// Skips to the end of the element just started.
    pub(crate) fn skip_element(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.next_token() {
                Token::Start => depth += 1,
                Token::End if depth == 0 => return,
                Token::End => depth -= 1,
                Token::Eof => return,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
    }

    /// Reports an entity reference that is not predefined, where its text is not kept.
    pub(crate) fn check_reference_outside_text(&mut self) {
        if resolve_reference(self.lexer.text()).is_err() {
            let message = reference_message(self.lexer.text(), "ignored");
            self.report.push(self.lexer.position(), message);
        }
    }
}
