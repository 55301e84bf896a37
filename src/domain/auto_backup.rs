//! The rules of automatic backups (`trayotp auto-backup on FOLDER`), apart
//! from the files: what an automatic backup is called, how to tell one of
//! ours from anything else in the folder, and which ones to remove.
//!
//! A name is `trayotp-auto-YYYY-MM-DD-HHMMSS-mmm.trayotp-backup` (UTC, to
//! the millisecond), so names sort by age and two changes in one second get
//! two files. Only names of exactly that shape are ever counted or removed:
//! a file the user put in the folder, or a `trayotp backup` they made there,
//! is never touched.

const PREFIX: &str = "trayotp-auto-";
const SUFFIX: &str = ".trayotp-backup";

/// The file name for an automatic backup made at Unix time `ms` (milliseconds).
pub fn file_name(ms: u64) -> String {
    let seconds = ms / 1000;
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    let in_day = seconds % 86_400;
    format!(
        "{PREFIX}{year:04}-{month:02}-{day:02}-{:02}{:02}{:02}-{:03}{SUFFIX}",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60,
        ms % 1000
    )
}

/// The Unix time (milliseconds) of an automatic backup's file name, or
/// `None` if `name` is not one of ours.
pub fn parse_name(name: &str) -> Option<u64> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    // YYYY-MM-DD-HHMMSS-mmm
    let bytes = stamp.as_bytes();
    if bytes.len() != 21 || [4, 7, 10, 17].iter().any(|&i| bytes[i] != b'-') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u64> {
        let part = &stamp[range];
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(13..15)?, number(15..17)?);
    let millis = number(18..21)?;
    if !(1970..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let days = days_from_civil(year as i64, month as i64, day as i64);
    let seconds = u64::try_from(days).ok()? * 86_400 + hour * 3600 + minute * 60 + second;
    // Only a name this module would write (31 February is not).
    let ms = seconds * 1000 + millis;
    (file_name(ms) == name).then_some(ms)
}

/// Of the names in a folder, those of automatic backups to remove so that
/// the newest `keep` remain (`keep` is at least 1: the newest is never
/// removed). Other names are ignored.
pub fn to_remove<'a>(names: impl IntoIterator<Item = &'a str>, keep: u32) -> Vec<&'a str> {
    let mut ours: Vec<(u64, &str)> = names
        .into_iter()
        .filter_map(|name| parse_name(name).map(|ms| (ms, name)))
        .collect();
    ours.sort_unstable();
    let keep = keep.max(1) as usize;
    let excess = ours.len().saturating_sub(keep);
    ours.into_iter().take(excess).map(|(_, name)| name).collect()
}

/// Howard Hinnant's civil-from-days: (year, month, day) of a day count
/// since 1970-01-01 (the log file's time stamps use it too).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The inverse: the day count of (year, month, day).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_utc_to_the_millisecond_and_read_back() {
        // 2026-12-02 00:48:12.345 UTC
        let ms = 1_796_172_492_345;
        let name = file_name(ms);
        assert_eq!(name, "trayotp-auto-2026-12-02-004812-345.trayotp-backup");
        assert_eq!(parse_name(&name), Some(ms));
        assert_eq!(file_name(0), "trayotp-auto-1970-01-01-000000-000.trayotp-backup");
        for ms in [951_782_400_000u64, 4_102_444_799_999, 1_709_164_800_123] {
            assert_eq!(parse_name(&file_name(ms)), Some(ms), "{}", file_name(ms));
        }
    }

    #[test]
    fn only_names_of_exactly_our_shape_are_ours() {
        for name in [
            "trayotp-backup-2026-12-02.trayotp-backup",
            "trayotp-auto-2026-12-02-004812-345.trayotp-backup.tmp",
            ".trayotp-auto-2026-12-02-004812-345.trayotp-backup.123-0.tmp",
            "trayotp-auto-2026-02-31-004812-345.trayotp-backup",
            "trayotp-auto-2026-12-02-244812-345.trayotp-backup",
            "trayotp-auto-2026-12-02-004812-34.trayotp-backup",
            "trayotp-auto-2026-12-02-00481+-345.trayotp-backup",
            "my notes.txt",
            "",
        ] {
            assert_eq!(parse_name(name), None, "{name}");
        }
    }

    #[test]
    fn the_oldest_of_ours_beyond_keep_are_removed_and_nothing_else() {
        let names: Vec<String> = (0..7u64).map(|i| file_name(1_800_000_000_000 + i * 1000)).collect();
        let mut all: Vec<&str> = names.iter().map(String::as_str).collect();
        all.push("trayotp-backup-2026-12-02.trayotp-backup");
        all.push("holiday.jpg");
        all.reverse();
        assert_eq!(
            to_remove(all.iter().copied(), 5),
            vec![names[0].as_str(), names[1].as_str()]
        );
        assert_eq!(to_remove(all.iter().copied(), 7), Vec::<&str>::new());
        assert_eq!(to_remove(all.iter().copied(), 0).len(), 6, "the newest always stays");
    }
}
