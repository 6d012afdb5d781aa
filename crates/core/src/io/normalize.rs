//! Clean-up of cell text as offices type it in WPS and Excel: full-width characters from
//! Chinese input methods, stray spaces, phones with spaces, lower-case credit codes, and
//! dates as Excel serials or as 2021年12月3日 / 2021.12.3 / 2021/12/3.

use chrono::{Duration, NaiveDate};

/// Folds full-width ASCII (Ａ１，) and the ideographic space into their half-width forms.
pub fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{00A0}' => ' ',
            _ => c,
        })
        .collect()
}

/// Half-width, trimmed, line breaks and runs of spaces collapsed to one space. What every
/// imported text cell goes through.
pub fn clean(s: &str) -> String {
    let hw = half_width(s);
    let mut out = String::with_capacity(hw.len());
    let mut space = false;
    for c in hw.trim().chars() {
        if c.is_whitespace() || c.is_control() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '·' | '•')
}

/// A person's name: spaces used to pad two-character names ("张  三") are dropped when the
/// name is Chinese; other names keep single spaces.
pub fn person(s: &str) -> String {
    let c = clean(s);
    if c.chars().filter(|ch| !ch.is_whitespace()).all(is_cjk) {
        c.chars().filter(|ch| !ch.is_whitespace()).collect()
    } else {
        c
    }
}

/// A phone as typed: full-width digits folded, spaces dropped ("138 0731 2345").
pub fn phone(s: &str) -> String {
    half_width(s).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Splits a cell holding several phones ("13807312345/0731-58581234") and returns the first
/// and whether there were more.
pub fn first_phone(s: &str) -> (String, bool) {
    let p = phone(s);
    let mut parts = p.split(['/', '、', ',', ';', '|']).filter(|x| !x.is_empty());
    let first = parts.next().unwrap_or("").to_string();
    (first, parts.next().is_some())
}

/// Upper-cased, half-width, without spaces.
pub fn uscc(s: &str) -> String {
    crate::uscc::normalize(s)
}

/// Serials Excel uses for plausible dates: 1910-01-01 ..= 2199-12-31.
const SERIAL_RANGE: std::ops::RangeInclusive<f64> = 3654.0..=109_574.0;

/// An Excel date serial (1900 system) as a date. Serials from 61 on are what every modern
/// file holds; the fictional 1900-02-29 lies before the accepted range.
pub fn date_from_serial(serial: f64) -> Option<NaiveDate> {
    if !SERIAL_RANGE.contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_signed(Duration::days(serial.floor() as i64))
}

/// A date typed as text: 2021-12-03, 2021年12月3日, 2021.12.3, 2021/12/3, 20211203, with an
/// optional time after it (ignored). Returns `YYYY-MM-DD`.
pub fn date_text(s: &str) -> Option<String> {
    let t = half_width(s);
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    // A bare serial typed or exported as text.
    if let Ok(n) = t.parse::<f64>() {
        if t.len() == 8 && !t.contains('.') {
            let (y, m, d) = (t[..4].parse().ok()?, t[4..6].parse().ok()?, t[6..].parse().ok()?);
            return ymd(y, m, d);
        }
        return date_from_serial(n).map(|d| d.format("%Y-%m-%d").to_string());
    }
    let date_part = t.split([' ', 'T']).next().unwrap_or(t);
    let nums: Vec<&str> = date_part
        .split(['年', '月', '日', '号', '-', '/', '.'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect();
    if nums.len() != 3 || !nums.iter().all(|n| n.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let y: i32 = nums[0].parse().ok()?;
    if nums[0].len() != 4 {
        return None;
    }
    ymd(y, nums[1].parse().ok()?, nums[2].parse().ok()?)
}

/// A date written without its year ("3月7日", "3月7号", "3月7日前"): month and day.
pub fn month_day(s: &str) -> Option<(u32, u32)> {
    let t: String = half_width(s).chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches("之前").trim_end_matches("以前").trim_end_matches('前');
    let t = t.strip_suffix('日').or_else(|| t.strip_suffix('号'))?;
    let (m, d) = t.split_once('月')?;
    let ok = |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit());
    if !ok(m) || !ok(d) {
        return None;
    }
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    // Checked against a leap year, so 2月29日 is a date; the year decides later.
    NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

/// The year a title or a file name gives: "2022年…" first, else a lone four-digit number
/// between 2000 and 2099 ("台账2022.xlsx").
pub fn year_in(s: &str) -> Option<i32> {
    let t = half_width(s);
    let chars: Vec<char> = t.chars().collect();
    let mut lone = None;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i - start != 4 {
            continue;
        }
        let y: i32 = chars[start..i].iter().collect::<String>().parse().ok()?;
        if !(2000..=2099).contains(&y) {
            continue;
        }
        if chars.get(i) == Some(&'年') {
            return Some(y);
        }
        lone = lone.or(Some(y));
    }
    lone
}

fn ymd(y: i32, m: u32, d: u32) -> Option<String> {
    NaiveDate::from_ymd_opt(y, m, d).map(|d| d.format("%Y-%m-%d").to_string())
}

/// A number as text the way Excel shows an integer cell: 13807312345.0 → "13807312345".
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e17 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n}");
        s
    }
}

/// Display width in columns for sizing spreadsheet columns: CJK and other wide characters
/// count 2, the rest 1.
/// A problem message whose quoted cells (“…”) are cut to a short prefix, so a huge cell is
/// named, not copied into every message of the report.
pub fn shorten_quotes(message: String) -> String {
    const KEEP: usize = 30;
    if message.chars().count() <= 200 {
        return message;
    }
    let mut out = String::new();
    let mut rest = message.as_str();
    while let Some(open) = rest.find('“') {
        let (before, after) = rest.split_at(open + '“'.len_utf8());
        out.push_str(before);
        let end = after.find('”').unwrap_or(after.len());
        let inner = &after[..end];
        let n = inner.chars().count();
        if n > KEEP + 10 {
            out.extend(inner.chars().take(KEEP));
            out.push_str(&format!("…(共{n}字)"));
        } else {
            out.push_str(inner);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quoted_cells_are_cut_in_messages() {
        let cell = "甲".repeat(10_000);
        let m = shorten_quotes(format!("无法识别的规模“{cell}”,该项未导入;另见“小型”"));
        assert_eq!(m, format!("无法识别的规模“{}…(共10000字)”,该项未导入;另见“小型”", "甲".repeat(30)));
        assert_eq!(shorten_quotes("规模“大型”".into()), "规模“大型”");
    }

    #[test]
    fn full_width_and_spaces() {
        assert_eq!(half_width("ＡＢＣ１２３，"), "ABC123,");
        assert_eq!(clean("  湘潭\u{3000}高新区\n 有限公司 "), "湘潭 高新区 有限公司");
        assert_eq!(person(" 张  三 "), "张三");
        assert_eq!(person("Li  Ming"), "Li Ming");
        assert_eq!(phone("１３８ 0731 2345"), "13807312345");
        assert_eq!(first_phone("13807312345 / 0731-58581234"), ("13807312345".to_string(), true));
        assert_eq!(first_phone("0731-58581234"), ("0731-58581234".to_string(), false));
        assert_eq!(uscc(" 91350100m000100y43 "), "91350100M000100Y43");
    }

    #[test]
    fn dates_in_the_shapes_offices_type() {
        for s in ["2021-12-03", "2021年12月3日", "2021.12.3", "2021/12/3", "20211203", "２０２１年１２月３日", "2021/12/03 10:30"] {
            assert_eq!(date_text(s).as_deref(), Some("2021-12-03"), "{s}");
        }
        assert_eq!(date_text("44533").as_deref(), Some("2021-12-03"));
        assert_eq!(date_from_serial(44533.75).unwrap().to_string(), "2021-12-03");
        assert_eq!(date_text("2021年2月30日"), None);
        assert_eq!(date_text("明天"), None);
        assert_eq!(date_text("21.12.3"), None);
        assert_eq!(date_from_serial(12.0), None);
    }

    #[test]
    fn numbers_and_widths() {
        assert_eq!(number_text(13807312345.0), "13807312345");
        assert_eq!(number_text(1.5), "1.5");
        assert_eq!(display_width("湘潭A1"), 6);
    }
}
