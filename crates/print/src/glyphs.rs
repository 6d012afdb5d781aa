//! Every character a document prints is checked against the embedded font before layout: a
//! character the font lacks would print as a blank, so it is reported with the record it is in.
use serde_json::Value;

use crate::world::FONTS;

/// A character the font cannot draw, and where it is.
#[derive(Debug, Clone, PartialEq, serde::Serialize, specta::Type)]
pub struct MissingGlyph {
    /// The record, e.g. "企业「某某公司」".
    pub record: String,
    pub character: String,
}

impl MissingGlyph {
    pub fn message(&self) -> String {
        format!("{}中的字「{}」内置字体没有，打印出来会是空白，请核对或改用常用字", self.record, self.character)
    }
}

pub(crate) fn covered(c: char) -> bool {
    c.is_whitespace() || c.is_control() || FONTS.iter().any(|f| f.info().coverage.contains(c as u32))
}

/// Checks every string in `value` (keys named `qr` hold SVG and are skipped).
pub(crate) fn check(record: &str, value: &Value, out: &mut Vec<MissingGlyph>) {
    match value {
        Value::String(s) => {
            for c in s.chars().filter(|c| !covered(*c)) {
                let character = c.to_string();
                if !out.iter().any(|m| m.record == record && m.character == character) {
                    out.push(MissingGlyph { record: record.to_string(), character });
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| check(record, v, out)),
        Value::Object(map) => map.iter().filter(|(k, _)| *k != "qr").for_each(|(_, v)| check(record, v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_name_characters_are_covered_and_unassigned_code_points_are_not() {
        for c in "堃喆镕珺𠮷王晓明".chars() {
            assert!(covered(c), "{c}");
        }
        let mut out = Vec::new();
        check("干部「李\u{E000}」", &serde_json::json!({"name": "李\u{E000}", "qr": "\u{E001}"}), &mut out);
        assert_eq!(out.len(), 1);
        assert!(out[0].message().contains("干部「李"), "{}", out[0].message());
    }
}
