//! Dates as pages and feeds write them, to the ISO 8601 the index accepts: ISO 8601 with a
//! space for the `T` or a compact offset, and RFC 822/2822 dates (RSS's `pubDate`).

use newsdex_index::corpus::date::check_iso8601;

/// `text` as an ISO 8601 date the index accepts, or `None` when it is not a date this reads.
///
/// ```
/// use newsdex_extract::normalise_date;
/// assert_eq!(normalise_date("Tue, 10 Jun 2003 04:00:00 GMT").as_deref(), Some("2003-06-10T04:00:00Z"));
/// assert_eq!(normalise_date("2024-05-03 09:15:00+0100").as_deref(), Some("2024-05-03T09:15:00+01:00"));
/// assert_eq!(normalise_date("last Tuesday"), None);
/// ```
pub fn normalise_date(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    iso(text).or_else(|| rfc2822(text))
}

fn iso(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if bytes.len() < 4 || !bytes[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut date = text.to_owned();
    if date.len() > 10 && date.as_bytes()[10] == b' ' {
        date.replace_range(10..11, "T");
    }
    // A zone written after a space ("… 09:15:00 +0100"), or in lower case.
    date = date
        .replace(" +", "+")
        .replace(" -", "-")
        .replace(" Z", "Z");
    if date.ends_with(['z']) {
        date.pop();
        date.push('Z');
    }
    if let Some(t) = date.find('T') {
        let time = &date[t + 1..];
        if let Some(sign) = time.rfind(['+', '-']) {
            let offset = &time[sign + 1..];
            if offset.len() == 4 && offset.bytes().all(|b| b.is_ascii_digit()) {
                let at = t + 1 + sign + 3;
                date.insert(at, ':');
            }
        }
    }
    check_iso8601(&date).ok().map(|()| date)
}

fn rfc2822(text: &str) -> Option<String> {
    // "Tue, 10 Jun 2003 04:00:00 GMT": the weekday is optional and not checked.
    let text = text.split_once(',').map_or(text, |(_, rest)| rest).trim();
    let mut parts = text.split_whitespace();
    let day: u32 = parts.next()?.parse().ok()?;
    let month = month(parts.next()?)?;
    let year: u32 = match parts.next()? {
        y if y.len() == 2 => 1900 + y.parse::<u32>().ok()? + if y < "50" { 100 } else { 0 },
        y => y.parse().ok()?,
    };
    let Some(clock) = parts.next() else {
        let date = format!("{year:04}-{month:02}-{day:02}");
        return check_iso8601(&date).ok().map(|()| date);
    };
    let clock = if clock.len() == 5 {
        format!("{clock}:00")
    } else {
        clock.to_owned()
    };
    let zone = match parts.next() {
        None => String::new(),
        Some(zone) => zone_offset(zone)?,
    };
    let date = format!("{year:04}-{month:02}-{day:02}T{clock}{zone}");
    check_iso8601(&date).ok().map(|()| date)
}

fn month(name: &str) -> Option<u32> {
    let name = name.get(..3)?.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months.iter().position(|m| *m == name).map(|i| i as u32 + 1)
}

fn zone_offset(zone: &str) -> Option<String> {
    let named = match zone.to_ascii_uppercase().as_str() {
        "GMT" | "UT" | "UTC" | "Z" => Some("Z"),
        "EST" => Some("-05:00"),
        "EDT" => Some("-04:00"),
        "CST" => Some("-06:00"),
        "CDT" => Some("-05:00"),
        "MST" => Some("-07:00"),
        "MDT" => Some("-06:00"),
        "PST" => Some("-08:00"),
        "PDT" => Some("-07:00"),
        _ => None,
    };
    if let Some(named) = named {
        return Some(named.to_owned());
    }
    let (sign, digits) = zone.split_at_checked(1)?;
    if !matches!(sign, "+" | "-")
        || digits.len() != 4
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some(format!("{sign}{}:{}", &digits[..2], &digits[2..]))
}

#[cfg(test)]
mod tests {
    use super::normalise_date;

    #[test]
    fn dates_as_sites_write_them() {
        for (written, iso) in [
            ("2024-05-03", "2024-05-03"),
            ("2024-05-03T09:15:00Z", "2024-05-03T09:15:00Z"),
            (
                "2024-05-03T09:15:00.123+02:00",
                "2024-05-03T09:15:00.123+02:00",
            ),
            ("2024-05-03 09:15:00", "2024-05-03T09:15:00"),
            ("2024-05-03T09:15:00-0500", "2024-05-03T09:15:00-05:00"),
            (
                "Fri, 03 May 2024 09:15:00 +0100",
                "2024-05-03T09:15:00+01:00",
            ),
            ("3 May 2024 09:15 EST", "2024-05-03T09:15:00-05:00"),
            ("Mon, 02 Mar 98 10:00:00 GMT", "1998-03-02T10:00:00Z"),
            ("03 May 2024", "2024-05-03"),
        ] {
            assert_eq!(normalise_date(written).as_deref(), Some(iso), "{written}");
        }
        for bad in [
            "",
            "yesterday",
            "2024-13-01",
            "31 Feb 2024",
            "Fri, 03 May 2024 09:15:00 XYZ",
        ] {
            assert_eq!(normalise_date(bad), None, "{bad}");
        }
    }
}
