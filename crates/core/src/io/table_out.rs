//! Writing a table row by row to .xlsx or CSV, with memory that stays flat however many rows:
//! the workbook uses rust_xlsxwriter's constant-memory mode (rows go to a temp file as they
//! are written), the CSV a buffered writer. Both go to a temp file beside the target and are
//! renamed into place at the end, so a failed export never leaves half a file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::normalize::display_width;
use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

impl ExportFormat {
    /// By the file's extension: .csv is CSV, anything else a workbook.
    pub fn from_path(path: &Path) -> ExportFormat {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("csv") => ExportFormat::Csv,
            _ => ExportFormat::Xlsx,
        }
    }
}

/// The longest text a spreadsheet cell holds (Excel's and WPS's limit).
pub(crate) const CELL_MAX: usize = 32_767;

/// A text cut to what a cell holds, saying so at its end: one overlong address must not make
/// the whole export fail.
fn fit_cell(t: &str) -> std::borrow::Cow<'_, str> {
    // Excel counts UTF-16 units; a Chinese character is one, so chars are a safe measure
    // for all but emoji, which the margin covers.
    if t.chars().count() <= CELL_MAX - 64 {
        return t.into();
    }
    let total = t.chars().count();
    let kept: String = t.chars().take(CELL_MAX - 200).collect();
    format!("{kept}…(超过单元格上限,已截断,原文共{total}字)").into()
}

/// A CSV cell that a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage
/// return before one) gets a leading apostrophe, as OWASP and the spreadsheet makers
/// advise: Excel and WPS then show it as text. The importers drop that apostrophe again
/// (`unquote_formula`), so an exported file imports back unchanged.
pub(crate) fn defuse_formula(t: &str) -> std::borrow::Cow<'_, str> {
    if starts_formula(t) {
        format!("'{t}").into()
    } else {
        t.into()
    }
}

/// What `defuse_formula` added, taken off a cell read from CSV.
pub(crate) fn unquote_formula(t: &str) -> &str {
    match t.strip_prefix('\'') {
        Some(rest) if starts_formula(rest) => rest,
        _ => t,
    }
}

fn starts_formula(t: &str) -> bool {
    matches!(t.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// One exported cell.
pub(crate) enum Val {
    Empty,
    Text(String),
    /// An RFC 3339 UTC instant, written as local date and time.
    Time(String),
    /// A number a spreadsheet can sum (an amount in 万元, a count).
    Num(f64),
}

impl Val {
    pub fn opt(s: &Option<String>) -> Val {
        match s {
            Some(t) if !t.is_empty() => Val::Text(t.clone()),
            _ => Val::Empty,
        }
    }
}

/// Local (y, m, d, h, min, s) of an instant, or None if it does not parse.
fn local_parts(instant: &str) -> Option<(u16, u8, u8, u16, u8, u8)> {
    use chrono::{Datelike, Timelike};
    let t = chrono::DateTime::parse_from_rfc3339(instant).ok()?.with_timezone(&chrono::Local);
    Some((t.year() as u16, t.month() as u8, t.day() as u8, t.hour() as u16, t.minute() as u8, t.second() as u8))
}

/// 1800, 70.3, 0.05: no trailing zeros, at most four decimals.
fn num_text(n: f64) -> String {
    let s = format!("{n:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn xlsx_err(e: XlsxError) -> CoreError {
    CoreError::Export(e.to_string())
}

pub(crate) enum TableOut {
    Xlsx { book: Box<Workbook>, widths: Vec<usize>, row: u32, date: Format, tmp: PathBuf, path: PathBuf },
    Csv { w: csv::Writer<BufWriter<File>>, tmp: PathBuf, path: PathBuf },
}

fn tmp_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "export".into());
    path.with_file_name(format!(".{name}.part"))
}

impl TableOut {
    pub fn create(path: &Path, format: ExportFormat, sheet: &str, headers: &[&str]) -> Result<TableOut> {
        let tmp = tmp_beside(path);
        match format {
            ExportFormat::Xlsx => {
                let mut book = Box::new(Workbook::new());
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    // Row data spills beside the target, not into a small /tmp.
                    book.set_tempdir(dir).map_err(xlsx_err)?;
                }
                let header = Format::new()
                    .set_bold()
                    .set_background_color(Color::RGB(0xDDEBF7))
                    .set_border(FormatBorder::Thin);
                let ws = book.add_worksheet_with_constant_memory().map_err(xlsx_err)?;
                ws.set_name(sheet).map_err(xlsx_err)?;
                for (i, h) in headers.iter().enumerate() {
                    ws.write_string_with_format(0, i as u16, *h, &header).map_err(xlsx_err)?;
                }
                ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
                let widths = headers.iter().map(|h| display_width(h) + 4).collect();
                let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
                Ok(TableOut::Xlsx { book, widths, row: 0, date, tmp, path: path.to_path_buf() })
            }
            ExportFormat::Csv => {
                let mut file = BufWriter::with_capacity(1 << 16, File::create(&tmp)?);
                // The BOM makes Excel and WPS read the file as UTF-8 instead of GBK (乱码).
                file.write_all(b"\xEF\xBB\xBF")?;
                let mut w = csv::WriterBuilder::new().flexible(false).from_writer(file);
                w.write_record(headers).map_err(|e| CoreError::Export(e.to_string()))?;
                Ok(TableOut::Csv { w, tmp, path: path.to_path_buf() })
            }
        }
    }

    fn sheet(book: &mut Workbook) -> Result<&mut Worksheet> {
        book.worksheet_from_index(0).map_err(xlsx_err)
    }

    pub fn row(&mut self, cells: &[Val]) -> Result<()> {
        match self {
            TableOut::Xlsx { book, widths, row, date, .. } => {
                *row += 1;
                let ws = Self::sheet(book)?;
                for (i, v) in cells.iter().enumerate() {
                    let c = i as u16;
                    let w = match v {
                        Val::Empty => 0,
                        Val::Text(t) => {
                            let t = fit_cell(t);
                            ws.write_string(*row, c, t.as_ref()).map_err(xlsx_err)?;
                            display_width(&t)
                        }
                        Val::Num(n) => {
                            ws.write_number(*row, c, *n).map_err(xlsx_err)?;
                            num_text(*n).len()
                        }
                        Val::Time(t) => match local_parts(t) {
                            Some((y, mo, d, h, mi, s)) => {
                                let dt = ExcelDateTime::from_ymd(y, mo, d)
                                    .and_then(|x| x.and_hms(h, mi, s))
                                    .map_err(xlsx_err)?;
                                ws.write_datetime_with_format(*row, c, &dt, &*date).map_err(xlsx_err)?;
                                16
                            }
                            None => 0,
                        },
                    };
                    if let Some(m) = widths.get_mut(i) {
                        *m = (*m).max(w + 2);
                    }
                }
                Ok(())
            }
            TableOut::Csv { w, .. } => {
                let rec = cells.iter().map(|v| match v {
                    Val::Empty => String::new(),
                    // A leading tab keeps Excel from turning long digit strings (phones, codes)
                    // into 1.38E+10; importers trim it.
                    Val::Text(t) if t.len() >= 11 && t.bytes().all(|b| b.is_ascii_digit()) => format!("\t{t}"),
                    Val::Text(t) => defuse_formula(t).into_owned(),
                    Val::Time(t) => local_parts(t)
                        .map(|(y, mo, d, h, mi, _)| format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}"))
                        .unwrap_or_default(),
                    Val::Num(n) => num_text(*n),
                });
                w.write_record(rec).map_err(|e| CoreError::Export(e.to_string()))
            }
        }
    }

    /// Finishes the file and moves it into place.
    pub fn finish(self) -> Result<()> {
        match self {
            TableOut::Xlsx { mut book, widths, row, tmp, path, .. } => {
                let ws = Self::sheet(&mut book)?;
                let last_col = widths.len().saturating_sub(1) as u16;
                ws.autofilter(0, 0, row.max(1), last_col).map_err(xlsx_err)?;
                for (i, w) in widths.iter().enumerate() {
                    ws.set_column_width(i as u16, (*w).min(60) as f64).map_err(xlsx_err)?;
                }
                book.save(&tmp).map_err(xlsx_err)?;
                std::fs::rename(&tmp, &path)?;
                Ok(())
            }
            TableOut::Csv { w, tmp, path } => {
                let mut file = w.into_inner().map_err(|e| CoreError::Export(e.to_string()))?;
                file.flush()?;
                drop(file);
                std::fs::rename(&tmp, &path)?;
                Ok(())
            }
        }
    }

    /// Removes the temp file of an export that failed.
    pub fn abandon(path: &Path) {
        let _ = std::fs::remove_file(tmp_beside(path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_for_csv_and_restored_on_import() {
        for (cell, out) in [
            ("=HYPERLINK(\"http://x\",\"点我\")", "'=HYPERLINK(\"http://x\",\"点我\")"),
            ("+86 138", "'+86 138"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("湘潭电机", "湘潭电机"),
            ("'引号开头", "'引号开头"),
        ] {
            assert_eq!(defuse_formula(cell), out);
            assert_eq!(unquote_formula(&defuse_formula(cell)), cell);
        }
    }

    #[test]
    fn an_overlong_text_is_cut_to_a_cell_and_says_so() {
        let long = "路".repeat(100_000);
        let cut = fit_cell(&long);
        assert!(cut.chars().count() <= CELL_MAX);
        assert!(cut.ends_with("原文共100000字)"));
        assert_eq!(fit_cell("短"), "短");
    }

    #[test]
    fn an_export_with_a_100000_character_cell_succeeds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("长.xlsx");
        let mut out = TableOut::create(&path, ExportFormat::Xlsx, "企业", &["企业名称", "地址"]).unwrap();
        out.row(&[Val::Text("湘潭电机".into()), Val::Text("路".repeat(100_000))]).unwrap();
        out.finish().unwrap();
        let sheet = crate::io::sheet::read("长.xlsx", &std::fs::read(&path).unwrap()).unwrap();
        let cell = sheet.rows[1][1].text();
        assert!(cell.chars().count() <= CELL_MAX && cell.contains("已截断"), "{}", cell.chars().count());
    }
}
