//! Each article's publication day, for date filters, sorting, recency and the date histogram.
//!
//! A day is a number: 1 for 0000-01-01 of the proleptic Gregorian calendar, counting up,
//! and [`NO_DAY`] (0) for an article without a date, so that days compare like dates. The
//! `dates` section holds them as [`crate::article_values`] do: a sharded index cuts it into
//! pieces like any record table, and a reader fetches them only for a query that asks for
//! dates.

use super::article_values;
pub use super::article_values::{record_count, record_of, write, PER_RECORD};
use crate::error::Result;

const SECTION: &str = "dates";

/// The day of an article without a date.
pub const NO_DAY: u32 = 0;

/// Days from 0000-01-01 to 1970-01-01 in the proleptic Gregorian calendar.
const UNIX_EPOCH_DAY: i64 = 719_528;

/// The day of a calendar date (`month` 1–12, `day` 1–31, valid for the month; `year`
/// 0–9999).
pub fn day(year: u32, month: u32, day: u32) -> u32 {
    // Howard Hinnant's days_from_civil: years start in March, so February's length matters
    // only at the end of one.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (i64::from(month) + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let since_epoch = era * 146_097 + day_of_era - 719_468;
    (since_epoch + UNIX_EPOCH_DAY + 1) as u32
}

/// The calendar date `(year, month, day)` of a day (not [`NO_DAY`]).
pub fn civil(day: u32) -> (u32, u32, u32) {
    let z = i64::from(day) - 1 - UNIX_EPOCH_DAY + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let d = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let m = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let y = year_of_era + era * 400 + i64::from(m <= 2);
    (y as u32, m as u32, d as u32)
}

/// Article `doc`'s day, from its record.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when the record is too short for it.
pub fn day_in(record: &[u8], doc: u32) -> Result<u32> {
    article_values::value_in(record, doc, SECTION)
}

/// Checks a whole `dates` section of `docs` articles.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] naming the section.
pub fn check(bytes: &[u8], docs: u32) -> Result<()> {
    article_values::check(bytes, docs, SECTION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_year_zero_and_round_trip() {
        assert_eq!(day(0, 1, 1), 1);
        assert_eq!(day(1970, 1, 1), 719_529);
        assert_eq!(day(1987, 3, 1) - day(1987, 2, 28), 1);
        assert_eq!(day(2016, 3, 1) - day(2016, 2, 28), 2, "a leap year");
        assert_eq!(day(2100, 3, 1) - day(2100, 2, 28), 1, "no leap year");
        for d in [1, 59, 60, 61, 719_529, 725_000, day(9999, 12, 31)] {
            let (y, m, dd) = civil(d);
            assert_eq!(day(y, m, dd), d, "{d}");
        }
        assert_eq!(civil(day(1987, 10, 19)), (1987, 10, 19));
    }
}
