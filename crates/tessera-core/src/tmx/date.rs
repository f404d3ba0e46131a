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
    let fields =
        Fields { year: number(0, 4), month: number(4, 6), day: number(6, 8), hour, minute, second };
    let utc = match utc_seconds(fields) {
        Some(seconds) => Timestamp::from_second(seconds).ok()?,
        None => utc_by_calendar(fields)?,
    };
    utc.checked_sub(SignedDuration::from_secs(offset_seconds)).ok()
}

/// The fields of a date and time as written, in UTC.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fields {
    pub(super) year: i64,
    pub(super) month: i64,
    pub(super) day: i64,
    pub(super) hour: i64,
    pub(super) minute: i64,
    pub(super) second: i64,
}

/// The Unix time of a date and time in UTC whose every field is in range (years 1–9999), or
/// `None` to leave the rest, and the judging of odd fields, to jiff's calendar. A TMX import
/// reads two dates a unit, and this arithmetic costs a small part of jiff's time zone path.
pub(super) fn utc_seconds(fields: Fields) -> Option<i64> {
    let Fields { year, month, day, hour, minute, second } = fields;
    let in_range = (1..=9999).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour < 24
        && minute < 60
        && second < 60;
    in_range
        .then(|| days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day counted from 1970-01-01: `(year, month, day)`, [`days_from_civil`] undone.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A timestamp as its `Display` writes it (RFC 3339 in UTC, `2024-01-05T08:30:12Z`), the way
/// an import stores dates. Whole seconds of the years 1000–9999, all a TMX date can say, are
/// written from the digits; anything else is left to jiff.
pub(crate) fn rfc3339(timestamp: Timestamp) -> String {
    let seconds = timestamp.as_second();
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    if timestamp.subsec_nanosecond() != 0 || !(1000..=9999).contains(&year) {
        return timestamp.to_string();
    }
    let mut out = String::with_capacity(20);
    // Digits pushed one by one: `write!` with widths costs more than the rest of the unit's
    // conversion to rows.
    let mut put = |value: i64, width: u32, separator: char| {
        for place in (0..width).rev() {
            let digit = (value / 10i64.pow(place) % 10) as u8;
            out.push(char::from(b'0' + digit));
        }
        out.push(separator);
    };
    put(year, 4, '-');
    put(month, 2, '-');
    put(day, 2, 'T');
    put(second_of_day / 3600, 2, ':');
    put(second_of_day / 60 % 60, 2, ':');
    put(second_of_day % 60, 2, 'Z');
    out
}

/// [`parse`]'s fields made a timestamp by jiff's calendar, which judges any field.
pub(super) fn utc_by_calendar(fields: Fields) -> Option<Timestamp> {
    let Fields { year, month, day, hour, minute, second } = fields;
    let datetime = DateTime::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()?;
    Some(datetime.to_zoned_datetime(TimeZone::UTC).ok()?.timestamp())
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
