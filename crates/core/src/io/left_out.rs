//! The rows an import left out, as an .xlsx the office can fix and import again: the file's own
//! header and cells, then 原行号 (the row Excel showed) and 未导入原因 (every problem of the row).
//! Every such row is collected, not only the first ones the report lists.

use std::path::Path;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::export::ExportResult;
use super::sheet::Sheet;
use super::table_out::{ExportFormat, TableOut, Val};
use crate::error::{CoreError, Result};

/// A row an import left out, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LeftOut {
    /// The row number Excel shows.
    pub row: u32,
    /// Its problems, 列名: 消息, joined by ";".
    pub reasons: String,
}

/// The headers the left-out file adds after the file's own.
pub const LEFT_OUT_HEADERS: [&str; 2] = ["原行号", "未导入原因"];

/// Collects the problems of the current row, and the rows left out.
#[derive(Debug, Default)]
pub(crate) struct LeftOutRows {
    current: Vec<String>,
    pub rows: Vec<LeftOut>,
}

impl LeftOutRows {
    pub fn start_row(&mut self) {
        self.current.clear();
    }

    pub fn problem(&mut self, column: Option<&str>, message: &str) {
        self.current.push(match column {
            Some(c) => format!("{c}:{message}"),
            None => message.to_string(),
        });
    }

    /// Ends the row: kept when it had a problem.
    pub fn end_row(&mut self, row: u32, bad: bool) {
        if bad {
            self.rows.push(LeftOut { row, reasons: self.current.join(";") });
        }
        self.current.clear();
    }
}

/// Writes `rows` of `sheet` (the file as read) under its header row to `path` (.xlsx).
pub fn export_left_out(sheet: &Sheet, header_row: u32, rows: &[LeftOut], path: &Path) -> Result<ExportResult> {
    let index = |row: u32| (row as usize).checked_sub(sheet.first_row as usize + 1).filter(|i| *i < sheet.rows.len());
    let header_idx = index(header_row).ok_or_else(|| CoreError::validation("header_row", format!("表头行第{header_row}行不在文件中")))?;
    let width = sheet.width();
    let mut headers: Vec<String> = (0..width).map(|c| sheet.rows[header_idx].get(c).map(|x| x.text()).unwrap_or_default()).collect();
    headers.extend(LEFT_OUT_HEADERS.iter().map(|h| h.to_string()));
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let write = || -> Result<u32> {
        let mut out = TableOut::create(path, ExportFormat::Xlsx, "未导入的行", &header_refs)?;
        for r in rows {
            let Some(i) = index(r.row) else { continue };
            let mut cells: Vec<Val> = (0..width)
                .map(|c| match sheet.rows[i].get(c).map(|x| x.text()) {
                    Some(t) if !t.is_empty() => Val::Text(t),
                    _ => Val::Empty,
                })
                .collect();
            cells.push(Val::Text(r.row.to_string()));
            cells.push(Val::Text(r.reasons.clone()));
            out.row(&cells)?;
        }
        out.finish()?;
        Ok(rows.len() as u32)
    };
    match write() {
        Ok(n) => Ok(ExportResult { rows: n, path: path.display().to_string() }),
        Err(e) => {
            TableOut::abandon(path);
            Err(e)
        }
    }
}
