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
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| CoreError::BadFile(format!("CSV 第{}行无法读取:{e}", i + 1)))?;
        out.push(rec.iter().map(|c| super::table_out::unquote_formula(c).to_string()).collect());
    }
    Ok(out)
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
    fn quoted_cells_and_ragged_rows() {
        let r = rows("a,\"b,c\"\n1\n".as_bytes()).unwrap();
        assert_eq!(r, vec![vec!["a".to_string(), "b,c".into()], vec!["1".to_string()]]);
    }
}
