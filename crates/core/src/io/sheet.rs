//! Any spreadsheet an office has (.xlsx, .xls, .ods, .csv) read into rows of cells, with the
//! row numbers the user sees in Excel kept, and vertically merged cells filled down (a street
//! merged over the ten enterprises below it belongs to each of them).

use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_auto_from_rs, Data, Dimensions, Range, Reader, Sheets};

use super::sheet_grid::{self, Grid, MAX_SLOTS};
use super::{csv_text, normalize};
use crate::error::{CoreError, Result};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell Excel formats as a date: its serial (1900 system).
    Date(f64),
    Bool(bool),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text the way the user sees it: integers without ".0", dates as YYYY-MM-DD.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => normalize::number_text(*n),
            Cell::Date(serial) => normalize::date_from_serial(*serial)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| normalize::number_text(*serial)),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        }
    }
}

/// The first sheet with data in a workbook, or a CSV file.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    /// The file's name, where a ledger may give its year ("2022年问题台账.xlsx").
    pub file: String,
    /// Excel's row index (0-based) of `rows[0]`: calamine starts a range at the first
    /// non-empty row, and the report must name rows as the user sees them.
    pub first_row: u32,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The 1-based row number the user sees in Excel for `rows[i]`.
    pub fn user_row(&self, i: usize) -> u32 {
        self.first_row + i as u32 + 1
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

enum Kind {
    Workbook,
    Csv,
}

fn kind_of(file_name: &str, bytes: &[u8]) -> Kind {
    let ext = Path::new(file_name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if ext == "csv" || ext == "txt" || !(zip || ole) {
        Kind::Csv
    } else {
        Kind::Workbook
    }
}

/// Reads `bytes` (a file called `file_name`, whose extension is only a hint).
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Sheet> {
    if bytes.is_empty() {
        return Err(CoreError::BadFile("文件是空的".into()));
    }
    match kind_of(file_name, bytes) {
        Kind::Csv => {
            let rows = csv_text::rows(bytes)?
                .into_iter()
                .map(|r| r.into_iter().map(|t| if t.is_empty() { Cell::Empty } else { Cell::Text(t) }).collect())
                .collect();
            Ok(trimmed(Sheet { name: file_name.to_string(), file: file_name.to_string(), first_row: 0, rows }))
        }
        Kind::Workbook => read_workbook(bytes).map(|s| Sheet { file: file_name.to_string(), ..s }),
    }
}

pub fn read_path(path: &Path) -> Result<Sheet> {
    if path.is_dir() {
        return Err(CoreError::BadFile(format!("“{}”是一个文件夹,请选择表格文件", path.display())));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        CoreError::BadFile(match e.kind() {
            std::io::ErrorKind::NotFound => format!("找不到文件“{}”", path.display()),
            std::io::ErrorKind::PermissionDenied => format!("没有权限读取“{}”", path.display()),
            _ => format!("无法读取文件“{}”", path.display()),
        })
    })?;
    read(&path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), &bytes)
}

/// A workbook the parser gave up on: said in Chinese, the parser's own words (English, about
/// XML entities and string tables) being of no use to an office.
fn bad(_e: impl std::fmt::Display) -> CoreError {
    CoreError::BadFile("表格文件已损坏或格式不完整,无法读取;请用 Excel 或 WPS 打开后另存为 .xlsx 再导入".into())
}

fn read_workbook(bytes: &[u8]) -> Result<Sheet> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| {
        CoreError::BadFile("无法识别的表格文件,请另存为 .xlsx、.xls、.ods 或 .csv 后再导入".into())
    })?;
    let names = book.sheet_names();
    for name in names {
        let (r0, c0, rows) = match &mut book {
            // Streamed cell by cell (sheet_grid.rs): the claimed rectangle is never allocated.
            Sheets::Xlsx(x) => {
                let mut cells = match x.worksheet_cells_reader(&name) {
                    Err(calamine::XlsxError::NotAWorksheet(_)) => continue, // a chart sheet
                    r => r.map_err(bad)?,
                };
                Grid::from_stream(|| cells.next_cell().map_err(bad))?
            }
            Sheets::Xlsb(x) => {
                let mut cells = x.worksheet_cells_reader(&name).map_err(bad)?;
                Grid::from_stream(|| cells.next_cell().map_err(bad))?
            }
            // .xls is bounded by its format (65,536 × 256 cells, 512 MiB as a range); .ods
            // by calamine's own cap on cells.
            book => from_range(&book.worksheet_range(&name).map_err(bad)?),
        };
        if rows.is_empty() {
            continue;
        }
        let mut sheet = Sheet { name: name.clone(), file: String::new(), first_row: r0, rows };
        fill_merges(&mut sheet.rows, r0, c0, &merges(&mut book, &name));
        return Ok(trimmed(sheet));
    }
    Err(CoreError::BadFile("表格中没有数据".into()))
}

fn merges(book: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Vec<Dimensions> {
    // A file whose merge list cannot be read is still worth importing without fill-down.
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => vec![],
    }
}

fn from_range(range: &Range<Data>) -> (u32, u32, Vec<Vec<Cell>>) {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .map(|row| {
            let mut cells: Vec<Cell> = row.iter().map(sheet_grid::cell).collect();
            while cells.last().is_some_and(Cell::is_empty) {
                cells.pop();
            }
            cells
        })
        .collect();
    (r0, c0, rows)
}

/// Fills each vertically merged cell's value down its first column (`rows[0]` is Excel's row
/// `r0`, `rows[i][0]` its column `c0`).
/// The fill counts against the same bound as the cells: hostile merges down a far column
/// would otherwise widen every row (the rest are left unfilled).
fn fill_merges(rows: &mut [Vec<Cell>], r0: u32, c0: u32, merges: &[Dimensions]) {
    let mut slots: usize = rows.iter().map(Vec::len).sum();
    for m in merges {
        let (top, col) = (m.start.0, m.start.1);
        if col < c0 || top < r0 {
            continue;
        }
        let (ri, ci) = ((top - r0) as usize, (col - c0) as usize);
        let Some(value) = rows.get(ri).and_then(|r| r.get(ci)).cloned() else { continue };
        // Fill down the first column only: a title merged across the sheet stays in one cell.
        for r in ri + 1..=((m.end.0 - r0) as usize).min(rows.len().saturating_sub(1)) {
            let row = &mut rows[r];
            if row.len() <= ci {
                slots += ci + 1 - row.len();
                if slots > MAX_SLOTS {
                    return;
                }
                row.resize(ci + 1, Cell::Empty);
            }
            row[ci] = value.clone();
        }
    }
}

/// Drops empty rows at the end (Excel often reports formatted but empty rows).
fn trimmed(mut s: Sheet) -> Sheet {
    while s.rows.last().is_some_and(|r| r.iter().all(Cell::is_empty)) {
        s.rows.pop();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    #[test]
    fn a_folder_or_a_missing_file_is_said_in_chinese() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_path(dir.path()).unwrap_err().to_string();
        assert!(e.contains("是一个文件夹"), "{e}");
        let e = read_path(&dir.path().join("没有.xlsx")).unwrap_err().to_string();
        assert!(e.starts_with("找不到文件"), "{e}");
    }

    #[test]
    fn xlsx_with_title_merged_cells_numbers_and_dates() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.merge_range(0, 0, 0, 3, "湘潭高新区联点企业名单", &Format::new()).unwrap();
        ws.write_row(1, 0, ["企业名称", "所属街道", "联系电话", "成立日期"]).unwrap();
        ws.write(2, 0, "甲公司").unwrap();
        ws.merge_range(2, 1, 3, 1, "双马街道", &Format::new()).unwrap();
        ws.write(2, 2, 13807312345.0).unwrap();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        ws.write_datetime_with_format(2, 3, ExcelDateTime::from_ymd(2021, 12, 3).unwrap(), &date).unwrap();
        ws.write(3, 0, "乙公司").unwrap();
        let bytes = wb.save_to_buffer().unwrap();

        let s = read("名单.xlsx", &bytes).unwrap();
        assert_eq!(s.first_row, 0);
        assert_eq!(s.rows.len(), 4);
        assert_eq!(s.rows[0][0].text(), "湘潭高新区联点企业名单");
        assert!(s.rows[0].get(1).is_none_or(Cell::is_empty), "a title is not spread across the row");
        assert_eq!(s.rows[2][2].text(), "13807312345");
        assert_eq!(s.rows[2][3].text(), "2021-12-03");
        assert_eq!(s.rows[3][1].text(), "双马街道", "merged street filled down");
        assert_eq!(s.user_row(3), 4);
    }

    #[test]
    fn a_sheet_starting_lower_keeps_excel_row_numbers() {
        let mut wb = Workbook::new();
        wb.add_worksheet(); // empty first sheet, as WPS leaves them
        let ws = wb.add_worksheet();
        ws.write(4, 0, "企业名称").unwrap();
        ws.write(5, 0, "甲公司").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let s = read("x.xlsx", &bytes).unwrap();
        assert_eq!(s.name, "Sheet2");
        assert_eq!(s.user_row(0), 5);
    }

    #[test]
    fn csv_and_garbage() {
        let s = read("a.csv", "企业名称\n甲\n\n".as_bytes()).unwrap();
        assert_eq!(s.rows.len(), 2);
        assert!(matches!(read("a.xlsx", b"PK\x03\x04nonsense"), Err(CoreError::BadFile(_))));
        assert!(matches!(read("a.xlsx", b""), Err(CoreError::BadFile(_))));
    }
}
