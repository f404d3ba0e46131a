//! TMX dates: `YYYYMMDDThhmmssZ` (TMX 1.4b §3.2), read tolerantly and written exactly.

use std::fmt::Write as _;

use jiff::{SignedDuration, Timestamp, civil::DateTime, tz::TimeZone};

/// Parses the forms seen in real files: the TMX form, ISO 8601 with separators, fractional
/// seconds, a missing `Z` (taken as UTC), a `±hh:mm` offset, or a date alone.
pub(super) fn parse(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    let (body, offset_seconds) = split_offset(text)?;
    let mut digits = [0u8; 14];
    let mut n_digits = 0;
    let mut seen_time = false;
    for (idx, byte) in body.bytes().enumerate() {
        match byte {
            b'0'..=b'9' => {
                if n_digits == digits.len() {
                    return None;
                }
                digits[n_digits] = byte - b'0';
                n_digits += 1;
            }
            b'T' | b't' | b' ' if n_digits == 8 && !seen_time => seen_time = true,
            b'-' if !seen_time && (idx == 4 || idx == 7) => {}
            b':' if seen_time => {}
            b'.' | b',' if n_digits == 14 => {
                // Fractional seconds: TMX has no place for them; they must still be digits.
                if !body[idx + 1..].bytes().all(|b| b.is_ascii_digit()) || idx + 1 == body.len() {
                    return None;
                }
                break;
            }
            _ => return None,
        }
    }
    let number = |from: usize, to: usize| -> i64 {
        digits[from..to].iter().fold(0i64, |acc, &d| acc * 10 + i64::from(d))
    };
    let (hour, minute, second) = match (n_digits, seen_time) {
        (8, false) => (0, 0, 0),
        (14, true) => (number(8, 10), number(10, 12), number(12, 14)),
        _ => return None,
    };
    let datetime = DateTime::new(
        i16::try_from(number(0, 4)).ok()?,
        i8::try_from(number(4, 6)).ok()?,
        i8::try_from(number(6, 8)).ok()?,
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()?;
    let utc = datetime.to_zoned_datetime(TimeZone::UTC).ok()?.timestamp();
    utc.checked_sub(SignedDuration::from_secs(offset_seconds)).ok()
}

/// Splits `Z` or `±hh[:]mm` off the end; no suffix means UTC.
fn split_offset(text: &str) -> Option<(&str, i64)> {
    if let Some(body) = text.strip_suffix(['Z', 'z']) {
        return Some((body, 0));
    }
    // An offset needs a time before it, so look only after the `T`.
    let Some(time_start) = text.find(['T', 't', ' ']) else {
        return Some((text, 0));
    };
    let Some(sign_idx) = text[time_start..].rfind(['+', '-']).map(|idx| idx + time_start) else {
        return Some((text, 0));
    };
    let sign = if text.as_bytes()[sign_idx] == b'-' { -1 } else { 1 };
    let offset: String = text[sign_idx + 1..].chars().filter(|c| *c != ':').collect();
    if offset.len() != 4 || !offset.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = offset[..2].parse().ok()?;
    let minutes: i64 = offset[2..].parse().ok()?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((&text[..sign_idx], sign * (hours * 3600 + minutes * 60)))
}

/// Appends `YYYYMMDDThhmmssZ`.
pub(super) fn format_into(timestamp: Timestamp, out: &mut String) {
    let datetime = timestamp.to_zoned_datetime(TimeZone::UTC).datetime();
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        datetime.year(),
        datetime.month(),
        datetime.day(),
        datetime.hour(),
        datetime.minute(),
        datetime.second()
    );
}
