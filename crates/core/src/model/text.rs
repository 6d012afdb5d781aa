//! Clean-up and checks of typed-in text shared by the records' validation.

use crate::error::{CoreError, Result};

/// Trims; an empty string becomes None.
pub(crate) fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// A required, trimmed text of at most `max` characters.
pub(crate) fn required(field: &str, label: &str, s: &str, max: usize) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(CoreError::validation(field, format!("请填写{label}")));
    }
    limit(field, label, t, max)?;
    Ok(t.to_string())
}

pub(crate) fn limit(field: &str, label: &str, s: &str, max: usize) -> Result<()> {
    if s.chars().count() > max {
        return Err(CoreError::validation(field, format!("{label}不能超过{max}个字")));
    }
    Ok(())
}

/// Folds full-width digits and signs into ASCII and removes spaces, as phones are typed in
/// Chinese input methods or pasted from Excel ("138 0731 2345", "１３８０７３１２３４５").
pub(crate) fn fold_phone(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A mobile number: 11 digits starting 1[3-9], optionally with +86.
pub(crate) fn is_mobile(s: &str) -> bool {
    let s = s.strip_prefix("+86").unwrap_or(s);
    s.len() == 11 && s.starts_with('1') && s.as_bytes()[1].is_ascii_digit() && s.as_bytes()[1] >= b'3'
        && s.bytes().all(|b| b.is_ascii_digit())
}

/// A mobile, or a landline such as 0731-58581234 / 58581234, with an optional extension (转123, -123).
pub(crate) fn is_phone(s: &str) -> bool {
    if is_mobile(s) {
        return true;
    }
    let main = s.split(['转', '#']).next().unwrap_or(s);
    let digits = main.bytes().filter(u8::is_ascii_digit).count();
    main.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'(' || b == b')')
        && (7..=16).contains(&digits)
}

pub(crate) fn opt_phone(field: &str, label: &str, s: &Option<String>, mobile_only: bool) -> Result<Option<String>> {
    let Some(raw) = opt(s) else { return Ok(None) };
    let p = fold_phone(&raw);
    let ok = if mobile_only { is_mobile(&p) } else { is_phone(&p) };
    if !ok {
        let want = if mobile_only { "11位手机号码" } else { "手机号码或座机号码(如 0731-58581234)" };
        return Err(CoreError::validation(field, format!("{label}“{raw}”格式不对,应为{want}")));
    }
    Ok(Some(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert!(is_mobile("13807312345"));
        assert!(is_mobile("+8613807312345"));
        assert!(!is_mobile("12807312345"));
        assert!(is_phone("0731-58581234"));
        assert!(is_phone("58581234转802"));
        assert!(!is_phone("abc"));
        assert_eq!(fold_phone("１３８ 0731 2345"), "13807312345");
    }
}
