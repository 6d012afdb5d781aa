//! 统一社会信用代码 (unified social credit code), GB 32100-2015.
//! Length and alphabet are hard rules; the check character is only a warning, because some codes
//! issued early in the scheme fail it and still appear on real business licences.

const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Upper-cases, trims and folds full-width characters (ＡＢ１２) into ASCII.
pub fn normalize(raw: &str) -> String {
    raw.trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .to_ascii_uppercase()
}

/// The check character for the first 17 characters, or None if one is outside the alphabet.
pub fn check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (i, &b) in bytes.iter().enumerate() {
        sum += value_of(b)? * WEIGHTS[i];
    }
    let c = (31 - sum % 31) % 31;
    Some(ALPHABET[c as usize] as char)
}

#[derive(Debug, PartialEq, Eq)]
pub enum UsccProblem {
    /// Not 18 characters, or a character outside the code's alphabet: refused.
    Malformed(String),
    /// Well formed but the check character does not match: accepted with a warning.
    Checksum(String),
}

/// Checks an already normalised code.
pub fn check(code: &str) -> Result<(), UsccProblem> {
    let n = code.chars().count();
    if n != 18 {
        return Err(UsccProblem::Malformed(format!("统一社会信用代码应为18位,当前为{n}位")));
    }
    if let Some(bad) = code.bytes().find(|&b| value_of(b).is_none()) {
        return Err(UsccProblem::Malformed(format!(
            "统一社会信用代码含有不允许的字符“{}”(不使用 I、O、Z、S、V)",
            bad as char
        )));
    }
    let expected = check_char(&code[..17]).expect("alphabet checked above");
    let actual = code.as_bytes()[17] as char;
    if expected != actual {
        return Err(UsccProblem::Checksum(format!(
            "统一社会信用代码校验位不符(应为“{expected}”,实为“{actual}”),请核对营业执照;早期发放的部分代码确实如此,可照常保存"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_codes_pass() {
        // Published codes of well-known companies.
        for code in ["91350100M000100Y43", "911100001000079554"] {
            let n = normalize(code);
            assert_eq!(check(&n), Ok(()), "{code}");
        }
    }

    #[test]
    fn wrong_check_character_is_only_a_checksum_problem() {
        assert!(matches!(check("911100001000079555"), Err(UsccProblem::Checksum(_))));
    }

    #[test]
    fn length_and_alphabet_are_malformed() {
        assert!(matches!(check("9111000010000795"), Err(UsccProblem::Malformed(_))));
        assert!(matches!(check("91110000100007955I"), Err(UsccProblem::Malformed(_))));
    }

    #[test]
    fn normalize_folds_full_width_and_case() {
        assert_eq!(normalize(" ９１３５０１００ｍ０００１００ｙ４３ "), "91350100M000100Y43");
    }

    #[test]
    fn check_char_completes_generated_codes() {
        let first = "91430300MA4L16JQ9";
        let full = format!("{first}{}", check_char(first).unwrap());
        assert_eq!(check(&full), Ok(()));
    }
}
