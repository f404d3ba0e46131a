//! Turning the bytes of an XML file (TMX, TBX, …) into UTF-8 for the XML parser, and knowing where we are.
//!
//! The encoding is decided once, from the first kilobyte: a byte order mark, the `<?xml` byte
//! pattern of UTF-16 without a mark, or the declaration's `encoding="…"`. UTF-8 passes through
//! untouched (the parser validates it per event); everything else is transcoded by
//! `encoding_rs`, with undecodable bytes replaced by U+FFFD and counted. We do our own sniffing
//! instead of quick-xml's `DecodingReader` because its `set_encoding` panics when the
//! declaration is longer than its 64-byte look-ahead, and no input may panic.

use std::io::{self, BufRead, Read};

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// How many bytes are examined to find the encoding.
const SNIFF_LEN: usize = 64 * 1024;

/// The decoded input: UTF-8 bytes, with line and column of the consumed position.
///
/// It keeps its own buffer so that `fill_buf` and `consume`, which the XML parser calls several
/// times per event, are trivial; lines are counted lazily, when a position is asked for or a
/// buffer is about to be refilled.
pub(crate) struct Input<R> {
    source: Source<R>,
    buf: Box<[u8]>,
    /// Decoded bytes before `buf[0]`.
    base: u64,
    /// Start of the unconsumed bytes in `buf`.
    pos: usize,
    /// End of the valid bytes in `buf`.
    end: usize,
    /// `line` and `column` are those of `buf[counted]`.
    counted: usize,
    /// Where the current token starts in `buf`, and its line and column once computed. Lines are
    /// counted only up to a mark that is asked for, or to the end of a buffer being replaced, so
    /// the parser pays for positions only where it reports them.
    mark: usize,
    mark_position: Option<(u32, u32)>,
    /// Decoded bytes before the mark: a token may not run more than [`MAX_TOKEN_BYTES`] past it.
    mark_offset: u64,
    /// 1-based line.
    line: u32,
    /// 0-based column, in characters.
    column: u32,
    /// Token starts a reader may report later ([`Input::save_mark`]): their decoded offsets and,
    /// once lines have been counted that far, their positions. Offsets grow along the list, and
    /// the first `n_places_counted` have their positions.
    places: Vec<(u64, Option<(u32, u32)>)>,
    n_places_counted: usize,
}

/// A token start saved by [`Input::save_mark`], for a report that may come after later tokens
/// (a unit skipped when its end is reached): its line and column are counted only if asked for,
/// or as the counting passes it anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place(usize);

/// Size of the input's buffer.
const BUF_LEN: usize = 64 * 1024;

/// The longest one token may be, in decoded bytes: a run of text (one segment's, one field's,
/// whitespace between elements), a tag with its attributes, a comment. The parser holds a token
/// whole, so without a bound a 4 MB gzip of one 4 GiB `<seg>` needs gigabytes; past it the
/// input fails with [`TokenTooLong`] and the file is refused.
pub(crate) const MAX_TOKEN_BYTES: u64 = 8 * 1024 * 1024;

/// The error an input fails with when a token is longer than [`MAX_TOKEN_BYTES`].
#[derive(Debug)]
pub(crate) struct TokenTooLong;

impl std::fmt::Display for TokenTooLong {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "a run of text, whitespace or markup is longer than {} MB, the limit for one \
             segment, field or tag",
            MAX_TOKEN_BYTES / (1024 * 1024)
        )
    }
}

impl std::error::Error for TokenTooLong {}

/// What sniffing decided.
pub(crate) struct Sniffed {
    /// The encoding used.
    pub(crate) encoding: &'static Encoding,
    /// A problem with the declared encoding worth reporting.
    pub(crate) warning: Option<String>,
}

impl<R: BufRead> Input<R> {
    /// Reads the start of `inner`, decides the encoding and wraps it.
    pub(crate) fn open(mut inner: R) -> io::Result<(Input<R>, Sniffed)> {
        let mut prefix = Vec::with_capacity(SNIFF_LEN);
        while prefix.len() < SNIFF_LEN {
            let available = match inner.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                break;
            }
            let take = available.len().min(SNIFF_LEN - prefix.len());
            prefix.extend_from_slice(&available[..take]);
            inner.consume(take);
        }
        let n_prefix_bytes = prefix.len() as u64;
        let (sniffed, bom_len) = sniff(&prefix);
        let prefixed = Prefixed { prefix, pos: bom_len, inner, bytes_read: bom_len as u64 };
        debug_assert!(prefixed.bytes_read <= n_prefix_bytes);
        let source = if sniffed.encoding == UTF_8 {
            Source::Utf8(prefixed)
        } else {
            Source::Decoded(Decoded {
                inner: prefixed,
                decoder: sniffed.encoding.new_decoder_without_bom_handling(),
                finished: false,
                n_malformed: 0,
            })
        };
        let input = Input {
            source,
            buf: vec![0; BUF_LEN].into_boxed_slice(),
            base: 0,
            pos: 0,
            end: 0,
            counted: 0,
            mark: 0,
            mark_position: Some((1, 1)),
            mark_offset: 0,
            line: 1,
            column: 0,
            places: Vec::new(),
            n_places_counted: 0,
        };
        Ok((input, sniffed))
    }

    /// An input with nothing behind it, to hold the place of a real one being moved.
    pub(crate) fn detached() -> Input<R> {
        Input {
            source: Source::Detached,
            buf: Box::default(),
            base: 0,
            pos: 0,
            end: 0,
            counted: 0,
            mark: 0,
            mark_position: Some((1, 1)),
            mark_offset: 0,
            line: 1,
            column: 0,
            places: Vec::new(),
            n_places_counted: 0,
        }
    }

    /// Decoded bytes consumed so far.
    pub(crate) fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// Marks the next byte as the start of a token.
    pub(crate) fn mark(&mut self) {
        self.mark = self.pos;
        self.mark_position = None;
        self.mark_offset = self.base + self.pos as u64;
    }

    /// 1-based line and column of the last mark.
    pub(crate) fn marked_position(&mut self) -> (u32, u32) {
        if let Some(position) = self.mark_position {
            return position;
        }
        // The mark is never behind `counted`: counting only runs to the mark, or past it after
        // the mark's position has been stored.
        self.count_lines_to(self.mark);
        let position = (self.line, self.column.saturating_add(1));
        self.mark_position = Some(position);
        position
    }

    /// Saves the last mark as a [`Place`] without counting lines to it; valid until
    /// [`Input::forget_places`].
    pub(crate) fn save_mark(&mut self) -> Place {
        // Without a position the mark is not behind the counted bytes (counting passes a mark
        // only after storing its position), so counting will still pass it.
        self.places.push((self.mark_offset, self.mark_position));
        Place(self.places.len() - 1)
    }

    /// 1-based line and column of a saved place.
    pub(crate) fn place_position(&mut self, place: Place) -> (u32, u32) {
        // A place outlives its reader's forget_places only by a bug; the file's start is the
        // least wrong answer then.
        let Some(&(offset, known)) = self.places.get(place.0) else {
            debug_assert!(false, "{place:?} was forgotten");
            return (1, 1);
        };
        if let Some(position) = known {
            return position;
        }
        // Not counted yet, so still in the buffer: places are counted before it is replaced.
        let at = offset.saturating_sub(self.base) as usize;
        self.count_lines_to(at.min(self.end));
        self.places[place.0].1.unwrap_or((self.line, self.column.saturating_add(1)))
    }

    /// Drops the saved places (a reader calls this where no saved place is used any more, as
    /// at the start of a unit), so that they never pile up.
    pub(crate) fn forget_places(&mut self) {
        self.places.clear();
        self.n_places_counted = 0;
    }

    /// 1-based line and column of the next byte the parser will see.
    pub(crate) fn current_position(&mut self) -> (u32, u32) {
        self.marked_position();
        self.count_lines_to(self.pos);
        (self.line, self.column.saturating_add(1))
    }

    fn count_lines_to(&mut self, to: usize) {
        // Saved places on the way get their positions as the counting passes them.
        while let Some(&(offset, known)) = self.places.get(self.n_places_counted) {
            if known.is_none() {
                let at = offset.saturating_sub(self.base) as usize;
                if at > to {
                    break;
                }
                self.count_bytes_to(at);
                self.places[self.n_places_counted].1 =
                    Some((self.line, self.column.saturating_add(1)));
            }
            self.n_places_counted += 1;
        }
        self.count_bytes_to(to);
    }

    fn count_bytes_to(&mut self, to: usize) {
        if to <= self.counted {
            return;
        }
        let consumed = &self.buf[self.counted..to];
        let after_last_newline = match memchr::memrchr(b'\n', consumed) {
            Some(idx) => {
                let n_newlines = memchr::memchr_iter(b'\n', &consumed[..=idx]).count();
                self.line = self.line.saturating_add(n_newlines as u32);
                self.column = 0;
                &consumed[idx + 1..]
            }
            None => consumed,
        };
        // Count characters, not bytes: skip UTF-8 continuation bytes.
        let n_chars = after_last_newline.iter().filter(|&&b| (b as i8) >= -0x40).count();
        self.column = self.column.saturating_add(n_chars as u32);
        self.counted = to;
    }

    /// Raw input bytes consumed.
    pub(crate) fn bytes_read(&self) -> u64 {
        let buffered = (self.end - self.pos) as u64;
        match &self.source {
            Source::Utf8(prefixed) => prefixed.bytes_read.saturating_sub(buffered),
            // Decoded bytes do not map back to input bytes one to one; a progress bar can live
            // with being ahead by a buffer.
            Source::Decoded(decoded) => decoded.inner.bytes_read,
            Source::Detached => 0,
        }
    }

    /// Undecodable byte sequences replaced so far.
    pub(crate) fn n_malformed(&self) -> u64 {
        match &self.source {
            Source::Utf8(_) | Source::Detached => 0,
            Source::Decoded(decoded) => decoded.n_malformed,
        }
    }
}

impl<R: BufRead> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.end {
            if self.base + self.end as u64 - self.mark_offset > MAX_TOKEN_BYTES {
                return Err(io::Error::new(io::ErrorKind::InvalidData, TokenTooLong));
            }
            self.marked_position();
            self.count_lines_to(self.end);
            // Transcoded input is decoded straight into the buffer; UTF-8 is read into it (a
            // `BufReader` no larger than the buffer hands the read to the file, no copy between).
            let n = match &mut self.source {
                Source::Decoded(decoded) => decoded.decode_into(&mut self.buf)?,
                Source::Utf8(prefixed) => prefixed.read_into(&mut self.buf)?,
                Source::Detached => 0,
            };
            self.base += self.end as u64;
            self.pos = 0;
            self.counted = 0;
            self.mark = 0;
            self.end = n;
        }
        Ok(&self.buf[self.pos..self.end])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.end);
    }
}

/// UTF-8 as is, or transcoded; `Detached` stands in while the parser is being restarted.
enum Source<R> {
    Utf8(Prefixed<R>),
    Decoded(Decoded<Prefixed<R>>),
    Detached,
}

/// The sniffed first kilobyte, then the rest of the input.
struct Prefixed<R> {
    prefix: Vec<u8>,
    pos: usize,
    inner: R,
    bytes_read: u64,
}

impl<R: BufRead> Prefixed<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.prefix.len() {
            return Ok(&self.prefix[self.pos..]);
        }
        loop {
            match self.inner.fill_buf() {
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                // Re-borrow so the loop does not keep the first borrow alive.
                Ok(_) => return self.inner.fill_buf(),
                Err(error) => return Err(error),
            }
        }
    }

    /// Reads the next bytes into `out`; 0 only at the end of the input.
    fn read_into(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos < self.prefix.len() {
            let n = (self.prefix.len() - self.pos).min(out.len());
            out[..n].copy_from_slice(&self.prefix[self.pos..self.pos + n]);
            self.pos += n;
            self.bytes_read += n as u64;
            return Ok(n);
        }
        loop {
            match self.inner.read(out) {
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Ok(n) => {
                    self.bytes_read += n as u64;
                    return Ok(n);
                }
                Err(error) => return Err(error),
            }
        }
    }

    fn consume(&mut self, amt: usize) {
        self.bytes_read += amt as u64;
        if self.pos < self.prefix.len() {
            self.pos = (self.pos + amt).min(self.prefix.len());
        } else {
            self.inner.consume(amt);
        }
    }
}

/// Transcodes to UTF-8.
struct Decoded<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    finished: bool,
    n_malformed: u64,
}

impl<R> Decoded<Prefixed<R>>
where
    R: BufRead,
{
    /// Decodes the next piece of input into `out`; returns the bytes written, 0 at the end.
    fn decode_into(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while !self.finished {
            let source = self.inner.fill_buf()?;
            let last = source.is_empty();
            let (result, n_read, n_written, had_replacements) =
                self.decoder.decode_to_utf8(source, out, last);
            self.inner.consume(n_read);
            // Counted per decoded chunk: enough to say that, and roughly where, bytes were bad.
            self.n_malformed += u64::from(had_replacements);
            if result == encoding_rs::CoderResult::InputEmpty {
                self.finished = last;
            }
            if n_written > 0 {
                return Ok(n_written);
            }
        }
        Ok(0)
    }
}

/// Decides the encoding; returns it and the length of the byte order mark to skip.
///
/// A file said to be UTF-8 (or saying nothing) whose first 64 KiB have at least as many invalid
/// UTF-8 sequences as valid non-ASCII characters was almost certainly written by a legacy tool
/// in its Windows code page; it is read as windows-1252 (a superset of ISO-8859-1) rather than
/// losing every unit with an accented letter.
fn sniff(prefix: &[u8]) -> (Sniffed, usize) {
    let (sniffed, bom_len) = sniff_marks_and_declaration(prefix);
    if sniffed.encoding != UTF_8 || bom_len > 0 {
        return (sniffed, bom_len);
    }
    // Count valid non-ASCII characters against invalid sequences: one corrupt byte in a UTF-8
    // Chinese file must not turn all its Chinese into mojibake.
    let (mut n_valid_non_ascii, mut n_invalid, mut first_bad) = (0usize, 0usize, None);
    let mut rest = prefix;
    let mut offset = 0;
    loop {
        let (valid, error) = match std::str::from_utf8(rest) {
            Ok(valid) => (valid, None),
            Err(error) => {
                // `valid_up_to` is a char boundary by definition.
                let valid = std::str::from_utf8(&rest[..error.valid_up_to()]).unwrap_or("");
                (valid, Some(error))
            }
        };
        n_valid_non_ascii += valid.chars().filter(|c| !c.is_ascii()).count();
        let Some(bad_len) = error.and_then(|error| error.error_len()) else {
            break;
        };
        n_invalid += 1;
        first_bad.get_or_insert(offset + valid.len());
        offset += valid.len() + bad_len;
        rest = &rest[valid.len() + bad_len..];
    }
    match first_bad {
        Some(first_bad) if n_invalid >= n_valid_non_ascii => {
            let bad_line = 1 + memchr::memchr_iter(b'\n', &prefix[..first_bad]).count();
            let warning = format!(
                "the file is not valid UTF-8 (first bad byte on line {bad_line}); read as windows-1252"
            );
            (Sniffed { encoding: encoding_rs::WINDOWS_1252, warning: Some(warning) }, 0)
        }
        _ => (sniffed, bom_len),
    }
}

/// Decides the encoding from a byte order mark, the UTF-16 pattern or the declaration.
fn sniff_marks_and_declaration(prefix: &[u8]) -> (Sniffed, usize) {
    let plain = |encoding| Sniffed { encoding, warning: None };
    match prefix {
        [0xEF, 0xBB, 0xBF, ..] => return (plain(UTF_8), 3),
        [0xFF, 0xFE, ..] => return (plain(UTF_16LE), 2),
        [0xFE, 0xFF, ..] => return (plain(UTF_16BE), 2),
        // `<` then a zero byte (or the reverse) is UTF-16 without a mark: `<?xml` or `<tmx`.
        [first, 0, ..] if *first != 0 => return (plain(UTF_16LE), 0),
        [0, second, ..] if *second != 0 => return (plain(UTF_16BE), 0),
        _ => {}
    }
    let Some(label) = declared_encoding(prefix) else {
        return (plain(UTF_8), 0);
    };
    let label_text = String::from_utf8_lossy(label).into_owned();
    match Encoding::for_label(label) {
        Some(encoding) if encoding == UTF_16LE || encoding == UTF_16BE => (
            Sniffed {
                encoding: UTF_8,
                warning: Some(format!(
                    "the file declares encoding \"{label_text}\" but its bytes are not UTF-16; read as UTF-8"
                )),
            },
            0,
        ),
        Some(encoding) if encoding != encoding_rs::REPLACEMENT => (plain(encoding), 0),
        _ => (
            Sniffed {
                encoding: UTF_8,
                warning: Some(format!("unknown encoding \"{label_text}\"; read as UTF-8")),
            },
            0,
        ),
    }
}

/// The `encoding="…"` value of an XML declaration at the very start, if any.
fn declared_encoding(prefix: &[u8]) -> Option<&[u8]> {
    let declaration = prefix.strip_prefix(b"<?xml")?;
    let end = declaration.windows(2).position(|pair| pair == b"?>")?;
    let declaration = &declaration[..end];
    let at = declaration.windows(8).position(|window| window == b"encoding")?;
    let rest = declaration[at + 8..].trim_ascii_start().strip_prefix(b"=")?.trim_ascii_start();
    let (&quote, rest) = rest.split_first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value_end = rest.iter().position(|&b| b == quote)?;
    Some(rest[..value_end].trim_ascii())
}

/// How many times its compressed size a compressed input may inflate to (TMX, even heavy with
/// markup, compresses about 5 to 30 times); small inputs may always reach
/// [`MIN_INFLATION_LIMIT`].
pub(crate) const MAX_INFLATION_RATIO: u64 = 100;

/// What any compressed input may inflate to, whatever its size.
pub(crate) const MIN_INFLATION_LIMIT: u64 = 64 * 1024 * 1024;

/// A decompressing reader that fails once it has inflated more than [`MAX_INFLATION_RATIO`]
/// times the compressed size (at least [`MIN_INFLATION_LIMIT`]): a decompression bomb is
/// refused after reading that far, never read to its end.
pub(crate) struct InflationLimit<R> {
    inner: R,
    inflated: u64,
    limit: u64,
}

impl<R> InflationLimit<R> {
    pub(crate) fn new(inner: R, compressed_len: u64) -> InflationLimit<R> {
        let limit = compressed_len.saturating_mul(MAX_INFLATION_RATIO).max(MIN_INFLATION_LIMIT);
        InflationLimit { inner, inflated: 0, limit }
    }
}

impl<R: Read> Read for InflationLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.inflated += n as u64;
        if self.inflated > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "the file inflates to more than {} MB, over {MAX_INFLATION_RATIO} times \
                     its compressed size (the limit against decompression bombs)",
                    self.limit / (1024 * 1024)
                ),
            ));
        }
        Ok(n)
    }
}
