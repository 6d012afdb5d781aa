//! CSV files as offices have them: UTF-8 with or without a BOM (WPS, newer Excel), GBK from
//! "CSV (逗号分隔)" in a Chinese Excel, sometimes UTF-16 "Unicode 文本" with tabs.

use encoding_rs::{Encoding, GB18030, UTF_8};

use crate::error::{CoreError, Result};

/// The text of a CSV file and the encoding it was read as.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), enc.name());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), UTF_8.name());
    }
    // Not UTF-8: a Chinese office's other encoding is GBK, of which GB18030 is the superset.
    let (text, _, _) = GB18030.decode(bytes);
    (text.into_owned(), "GBK")
}

/// Comma, tab ("Unicode 文本") or semicolon, whichever the first lines hold most of.
fn delimiter(text: &str) -> u8 {
    let sample: Vec<&str> = text.lines().take(20).collect();
    let count = |d: char| sample.iter().map(|l| l.matches(d).count()).sum::<usize>();
    [(b',', count(',')), (b'\t', count('\t')), (b';', count(';'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map(|(d, _)| d)
        .unwrap_or(b',')
}

/// The rows of a CSV file, each a list of raw cell texts.
pub fn rows(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    let (text, _) = decode(bytes);
    not_binary(&text)?;
    let delim = delimiter(&text);
    check_quotes(&text, delim)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delim).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for rec in reader.records() {
        // With `flexible` and text input the reader has no error left but I/O; said plainly.
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(out.len() as u64 + 1, |p| p.line());
            CoreError::BadFile(format!("CSV 文件第{line}行无法读取;请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"))
        })?;
        out.push(rec.iter().map(|c| super::table_out::unquote_formula(c).to_string()).collect());
    }
    Ok(out)
}

/// Random bytes, a binary file renamed .csv or a run of NULs decode to text full of control
/// characters and U+FFFD; a table has next to none. More than 1 in 100 is not a table.
fn not_binary(text: &str) -> Result<()> {
    let (mut odd, mut all) = (0usize, 0usize);
    for c in text.chars().take(100_000) {
        all += 1;
        if c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\r' | '\n')) {
            odd += 1;
        }
    }
    if odd * 100 > all {
        return Err(CoreError::BadFile(
            "文件内容不是表格(看起来是二进制数据或已损坏);请选择 .xlsx、.xls、.ods 或 .csv 表格文件".into(),
        ));
    }
    Ok(())
}

/// A quoted cell must end with a quote followed by the delimiter or the line's end. The csv
/// reader accepts anything and would silently run an unclosed quote on into the rest of the
/// file, making one enterprise's name of many rows; this names the line where it opened.
fn check_quotes(text: &str, delim: u8) -> Result<()> {
    let delim = delim as char;
    let (mut line, mut opened_at) = (1usize, 0usize);
    let (mut at_start, mut quoted) = (true, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    continue;
                }
                quoted = false;
                if !matches!(chars.peek(), None | Some('\r') | Some('\n')) && chars.peek() != Some(&delim) {
                    return Err(unclosed(opened_at));
                }
            } else if c == '\n' {
                line += 1;
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                opened_at = line;
            }
            '\n' => {
                line += 1;
                at_start = true;
            }
            c if c == delim => at_start = true,
            _ => at_start = false,
        }
    }
    if quoted {
        return Err(unclosed(opened_at));
    }
    Ok(())
}

fn unclosed(line: usize) -> CoreError {
    CoreError::BadFile(format!(
        "CSV 文件第{line}行有一个引号没有正确闭合,其后的内容会被并成一个单元格;请在该行补上或删去引号后再导入"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = "企业名称,联系电话\n湘潭电机,0731-1\n";
        assert_eq!(decode(plain.as_bytes()), (plain.to_string(), "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(plain.as_bytes());
        assert_eq!(decode(&bom).0, plain);
    }

    #[test]
    fn gbk_is_detected() {
        let text = "企业名称,所属街道\n湘潭立发釉彩有限公司,双马街道\n";
        let (gbk, _, _) = GB18030.encode(text);
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(decode(&gbk), (text.to_string(), "GBK"));
        let r = rows(&gbk).unwrap();
        assert_eq!(r[1], vec!["湘潭立发釉彩有限公司", "双马街道"]);
    }

    #[test]
    fn utf16_tab_separated() {
        let text = "姓名\t手机\n张三\t13807312345\n";
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let r = rows(&bytes).unwrap();
        assert_eq!(r, vec![vec!["姓名", "手机"], vec!["张三", "13807312345"]]);
    }

    #[test]
    fn an_unclosed_quote_is_reported_with_its_line() {
        let e = rows("企业名称,街道\n甲公司,双马\n\"乙公司,双马\n丙公司,双马\n".as_bytes()).unwrap_err().to_string();
        assert!(e.contains("第3行") && e.contains("引号"), "{e}");
        // Closed by the next row's opening quote: the text after it gives it away.
        let e = rows("企业名称,街道\n\"甲公司,双马\n\"乙公司\",双马\n".as_bytes()).unwrap_err().to_string();
        assert!(e.contains("第2行"), "{e}");
        // A quoted cell over two lines (Excel writes them) and a quote inside a cell are fine.
        let r = rows("企业名称,备注\n甲,\"一,扩产\n二,\"\"融资\"\"\"\n乙\"号\",x\n".as_bytes()).unwrap();
        assert_eq!(r[1][1], "一,扩产\n二,\"融资\"");
        assert_eq!(r[2][0], "乙\"号\"");
    }

    #[test]
    fn binary_content_is_not_a_table() {
        let mut seed = 7u64;
        let random: Vec<u8> = (0..4096)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (seed >> 56) as u8
            })
            .collect();
        for bytes in [random, vec![0u8; 10_000], vec![0xFF]] {
            let e = rows(&bytes).unwrap_err().to_string();
            assert!(e.contains("不是表格"), "{e}");
        }
    }

    #[test]
    fn quoted_cells_and_ragged_rows() {
        let r = rows("a,\"b,c\"\n1\n".as_bytes()).unwrap();
        assert_eq!(r, vec![vec!["a".to_string(), "b,c".into()], vec!["1".to_string()]]);
    }
}
