//! Each article's publication day, for date filters, sorting, recency and the date histogram.
//!
//! A day is a number: 1 for 0000-01-01 of the proleptic Gregorian calendar, counting up,
//! and [`NO_DAY`] (0) for an article without a date, so that days compare like dates. The
//! `dates` section is a record table ([`crate::records`]) whose record `r` holds the days of
//! articles `r × PER_RECORD ..` as little-endian `u32`s: a sharded index cuts it into pieces
//! like any record table, and a reader fetches them only for a query that asks for dates.

use super::le_u32;
use super::records::{Records, RecordsWriter};
use crate::error::{Error, Result};

const SECTION: &str = "dates";

/// The day of an article without a date.
pub const NO_DAY: u32 = 0;
/// Articles per record of the `dates` section.
pub const PER_RECORD: usize = 64;

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

/// The `dates` section of these days, one per article.
///
/// # Errors
/// [`crate::ErrorKind::TooLarge`] past 4 GiB.
pub fn write(days: &[u32]) -> Result<Vec<u8>> {
    let mut writer = RecordsWriter::new();
    for record in days.chunks(PER_RECORD) {
        writer.push_with(|out| {
            for day in record {
                out.extend_from_slice(&day.to_le_bytes());
            }
        })?;
    }
    Ok(writer.finish())
}

/// The number of records of the `dates` section of `docs` articles.
pub fn record_count(docs: u32) -> u32 {
    docs.div_ceil(PER_RECORD as u32)
}

/// The record holding article `doc`'s day.
pub fn record_of(doc: u32) -> u32 {
    doc / PER_RECORD as u32
}

/// Article `doc`'s day, from its record.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when the record is too short for it.
pub fn day_in(record: &[u8], doc: u32) -> Result<u32> {
    le_u32(record, 4 * (doc as usize % PER_RECORD))
        .ok_or_else(|| Error::corrupt(SECTION, format!("no day for article {doc}")))
}

/// Checks a whole `dates` section of `docs` articles: a record per [`PER_RECORD`] articles,
/// each of its articles' days.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] naming the section.
pub fn check(bytes: &[u8], docs: u32) -> Result<()> {
    let records = Records::parse(bytes, SECTION)?;
    if records.len() != record_count(docs) as usize {
        return Err(Error::corrupt(
            SECTION,
            format!("{} records for {docs} articles", records.len()),
        ));
    }
    for (r, record) in (0..records.len()).filter_map(|r| Some((r, records.get(r)?))) {
        let articles = (docs as usize - r * PER_RECORD).min(PER_RECORD);
        if record.len() != 4 * articles {
            return Err(Error::corrupt(
                SECTION,
                format!(
                    "record {r} holds {} bytes, not {}",
                    record.len(),
                    4 * articles
                ),
            ));
        }
    }
    Ok(())
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

    #[test]
    fn a_table_round_trips_and_refuses_damage() {
        let days: Vec<u32> = (0..130)
            .map(|i| if i % 7 == 0 { NO_DAY } else { 700_000 + i })
            .collect();
        let bytes = write(&days).unwrap();
        check(&bytes, 130).unwrap();
        let records = Records::parse(&bytes, SECTION).unwrap();
        for (doc, &want) in days.iter().enumerate() {
            let record = records.get(record_of(doc as u32) as usize).unwrap();
            assert_eq!(day_in(record, doc as u32).unwrap(), want);
        }
        assert!(check(&bytes, 129).is_err());
        assert!(check(&bytes, 200).is_err());
        assert!(day_in(&[1, 2, 3], 0).is_err());
    }
}
