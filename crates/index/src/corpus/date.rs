//! Checks that a date is ISO 8601 (calendar date, optionally with a time and an offset), so a
//! malformed date is reported where it is read instead of sorting and displaying wrongly later;
//! an article's day, and the periods that queries name (`date:2016-04`).

use newsdex_format::at::At;
use newsdex_format::dates::{day, NO_DAY};

/// The day of a checked article date (see [`check_iso8601`]): its calendar date as written,
/// whatever its time and offset, so that an article is filed under the day its date shows;
/// a date of a year or a month counts as its first day. [`NO_DAY`] for an empty date.
pub fn day_of(date: &str) -> u32 {
    let part = |range: std::ops::Range<usize>, default: u32| {
        date.get(range)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(default)
    };
    if date.len() < 4 {
        return NO_DAY;
    }
    day(part(0..4, 0), part(5..7, 1), part(8..10, 1))
}

/// The day of an ISO 8601 date given by a user (`now` of a search, say).
///
/// # Errors
/// What is wrong, for the user to read.
pub fn parse_day(text: &str) -> Result<u32, String> {
    check_iso8601(text)?;
    Ok(day_of(text))
}

/// The days a query's date names, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub first: u32,
    /// The last day.
    pub last: u32,
}

impl Period {
    /// The period of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    ///
    /// ```
    /// use newsdex_index::Period;
    /// let april = Period::parse("2016-04").unwrap();
    /// assert_eq!(april.last - april.first, 29);
    /// assert_eq!(Period::parse("2016-04-31").unwrap_err(), "2016-04 has 30 days");
    /// ```
    ///
    /// # Errors
    /// What is wrong, for the user to read.
    pub fn parse(text: &str) -> Result<Period, String> {
        let form = "write YYYY, YYYY-MM or YYYY-MM-DD";
        let parts: Vec<&str> = text.split('-').collect();
        let digits = number;
        let year = digits(parts.at(0), 4).ok_or_else(|| form.to_owned())?;
        if parts.len() > 3 {
            return Err(form.to_owned());
        }
        let Some(month) = parts.get(1) else {
            return Ok(Period {
                first: day(year, 1, 1),
                last: day(year, 12, 31),
            });
        };
        let month = digits(month, 2).ok_or_else(|| form.to_owned())?;
        if !(1..=12).contains(&month) {
            return Err(format!("there is no month {month}"));
        }
        let days = days_in_month(year, month);
        let Some(d) = parts.get(2) else {
            return Ok(Period {
                first: day(year, month, 1),
                last: day(year, month, days),
            });
        };
        let d = digits(d, 2).ok_or_else(|| form.to_owned())?;
        if d == 0 || d > days {
            return Err(format!("{year:04}-{month:02} has {days} days"));
        }
        let only = day(year, month, d);
        Ok(Period {
            first: only,
            last: only,
        })
    }
}

/// Returns `Err` with what is wrong unless `s` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, optionally
/// followed by `T` (or a space) and `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`, and optionally `Z`
/// or an offset `±HH:MM` / `±HHMM` / `±HH`.
pub fn check_iso8601(s: &str) -> Result<(), String> {
    let bad = || format!("is not an ISO 8601 date: {s:?}");
    let (date, time) = match s.find(['T', ' ']) {
        Some(i) => (s.at(..i), Some(s.at(i + 1..))),
        None => (s, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let year = number(parts.at(0), 4).ok_or_else(bad)?;
    let month = parts
        .get(1)
        .map(|m| number(m, 2).filter(|m| (1..=12).contains(m)))
        .unwrap_or(Some(1));
    let month = month.ok_or_else(bad)?;
    if let Some(day) = parts.get(2) {
        let day = number(day, 2).ok_or_else(bad)?;
        if day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
    }
    if parts.len() > 3 || (time.is_some() && parts.len() != 3) {
        return Err(bad());
    }
    if let Some(time) = time {
        let (clock, offset) = match time.find(['Z', '+', '-']) {
            Some(i) => (time.at(..i), Some(time.at(i..))),
            None => (time, None),
        };
        let (clock, fraction) = match clock.split_once('.') {
            Some((c, f)) => (c, Some(f)),
            None => (clock, None),
        };
        let fields: Vec<&str> = clock.split(':').collect();
        let limits = [23, 59, 60];
        if !(2..=3).contains(&fields.len())
            || fields
                .iter()
                .zip(limits)
                .any(|(f, max)| number(f, 2).is_none_or(|v| v > max))
            || fraction.is_some_and(|f| {
                fields.len() != 3 || f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())
            })
        {
            return Err(bad());
        }
        if let Some(offset) = offset.filter(|o| *o != "Z") {
            let digits = offset.at(1..).replace(':', "");
            let valid = matches!(digits.len(), 2 | 4)
                && number(digits.at(..2), 2).is_some_and(|h| h <= 23)
                && (digits.len() == 2 || number(digits.at(2..), 2).is_some_and(|m| m <= 59));
            if !valid {
                return Err(bad());
            }
        }
    }
    Ok(())
}

fn number(s: &str, digits: usize) -> Option<u32> {
    if s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::{check_iso8601, day_of, Period};
    use newsdex_format::dates::{civil, NO_DAY};

    #[test]
    fn an_article_is_filed_under_the_day_its_date_shows() {
        assert_eq!(civil(day_of("1987-02-26T23:59:00-05:00")), (1987, 2, 26));
        assert_eq!(civil(day_of("1987-02")), (1987, 2, 1));
        assert_eq!(civil(day_of("1987")), (1987, 1, 1));
        assert_eq!(day_of(""), NO_DAY);
    }

    #[test]
    fn periods_are_years_months_or_days_and_bad_ones_say_why() {
        let year = Period::parse("2016").unwrap();
        assert_eq!(
            (civil(year.first), civil(year.last)),
            ((2016, 1, 1), (2016, 12, 31))
        );
        let feb = Period::parse("2016-02").unwrap();
        assert_eq!(civil(feb.last), (2016, 2, 29));
        let one = Period::parse("1987-10-19").unwrap();
        assert_eq!(one.first, one.last);
        assert_eq!(
            Period::parse("2016-13").unwrap_err(),
            "there is no month 13"
        );
        assert_eq!(
            Period::parse("2015-02-29").unwrap_err(),
            "2015-02 has 28 days"
        );
        for bad in [
            "",
            "16",
            "2016-4",
            "2016-04-1",
            "april",
            "2016-04-01-02",
            "2016-04-01T10:00",
        ] {
            assert_eq!(
                Period::parse(bad).unwrap_err(),
                "write YYYY, YYYY-MM or YYYY-MM-DD",
                "{bad}"
            );
        }
    }

    #[test]
    fn accepts_the_common_forms() {
        for ok in [
            "1987",
            "1987-02",
            "1987-02-26",
            "1987-02-26T15:01:01",
            "1987-02-26T15:01",
            "2016-04-14T09:30:00Z",
            "2016-04-14T09:30:00.123+02:00",
            "2016-04-14 09:30:00-0500",
            "2016-02-29",
        ] {
            assert_eq!(check_iso8601(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_malformed_dates() {
        for bad in [
            "",
            "yesterday",
            "1987-13-01",
            "1987-02-30",
            "2015-02-29",
            "1987-3-1",
            "1987-03-31 605:12:19",
            "1987-02-26T25:00",
            "1987-02-26T10:00+2",
            "1987T10:00",
            "26/02/1987",
            "1987-02-26T10:00:00.",
        ] {
            assert!(check_iso8601(bad).is_err(), "{bad}");
        }
    }
}
