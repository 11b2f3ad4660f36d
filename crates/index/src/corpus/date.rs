//! Checks that a date is ISO 8601 (calendar date, optionally with a time and an offset), so a
//! malformed date is reported where it is read instead of sorting and displaying wrongly later.

/// Returns `Err` with what is wrong unless `s` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, optionally
/// followed by `T` (or a space) and `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`, and optionally `Z`
/// or an offset `±HH:MM` / `±HHMM` / `±HH`.
pub(crate) fn check_iso8601(s: &str) -> Result<(), String> {
    let bad = || format!("is not an ISO 8601 date: {s:?}");
    let (date, time) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let year = number(parts[0], 4).ok_or_else(bad)?;
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
            Some(i) => (&time[..i], Some(&time[i..])),
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
            let digits = offset[1..].replace(':', "");
            let valid = matches!(digits.len(), 2 | 4)
                && number(&digits[..2], 2).is_some_and(|h| h <= 23)
                && (digits.len() == 2 || number(&digits[2..], 2).is_some_and(|m| m <= 59));
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
    use super::check_iso8601;

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
