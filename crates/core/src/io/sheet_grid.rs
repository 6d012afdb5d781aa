//! A sheet's rows built from a stream of cells, never from the rectangle the file claims.
//!
//! calamine's `worksheet_range` allocates every slot between the first and the last cell: one
//! cell at A1 and one at XFD1048576 asked for 512 GiB (the process aborted), one at AAA100000
//! for 3.9 GB. Here a row holds slots only up to its own last cell, an empty row costs one empty
//! `Vec`, and the whole is bounded:
//! - at most `MAX_SLOTS` cell slots (16 million × 32 bytes = 512 MiB) over all rows;
//! - at most `MAX_TEXT` bytes of text copied out of the file (256 MiB), so one huge shared
//!   string referenced by many cells is not copied into each;
//! - positions inside Excel's own limits (1,048,576 rows, 16,384 columns).
//!
//! Past a bound the file is refused with a Chinese message naming the cell, rather than taking
//! the machine's memory.

use calamine::{Data, DataRef};

use super::sheet::Cell;
use crate::error::{CoreError, Result};

pub const MAX_SLOTS: usize = 16_000_000;
pub const MAX_TEXT: usize = 256 << 20;
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: u32 = 16_384;

/// Rows indexed by their absolute (0-based) row, each cell at its absolute column.
pub struct Grid {
    rows: Vec<Vec<Cell>>,
    slots: usize,
    text: usize,
    max_slots: usize,
    max_text: usize,
}

impl Default for Grid {
    fn default() -> Self {
        Grid::with_limits(MAX_SLOTS, MAX_TEXT)
    }
}

impl Grid {
    fn with_limits(max_slots: usize, max_text: usize) -> Self {
        Grid { rows: Vec::new(), slots: 0, text: 0, max_slots, max_text }
    }

    /// The grid of a reader's cells (`next` is its `next_cell`), finished.
    pub fn from_stream<'a>(
        mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>>,
    ) -> Result<(u32, u32, Vec<Vec<Cell>>)> {
        let mut grid = Grid::default();
        while let Some(c) = next()? {
            grid.put(c.get_position(), cell_ref(c.get_value()))?;
        }
        Ok(grid.finish())
    }

    /// Puts one cell of the stream in place; empty cells take no room.
    pub fn put(&mut self, (row, col): (u32, u32), cell: Cell) -> Result<()> {
        if cell.is_empty() {
            return Ok(());
        }
        if row >= MAX_ROWS || col >= MAX_COLS {
            return Err(too_big(row, col, "超出了 Excel 的行列范围(1048576 行、16384 列)"));
        }
        if let Cell::Text(t) = &cell {
            self.text += t.len();
            if self.text > self.max_text {
                return Err(too_big(row, col, &format!("处文字总量超过 {} MB", self.max_text >> 20)));
            }
        }
        let (r, c) = (row as usize, col as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let cells = &mut self.rows[r];
        if cells.len() <= c {
            self.slots += c + 1 - cells.len();
            if self.slots > self.max_slots {
                return Err(too_big(row, col, &format!("使表格的单元格总数超过 {} 万", self.max_slots / 10_000)));
            }
            cells.resize(c + 1, Cell::Empty);
        }
        cells[c] = cell;
        Ok(())
    }

    /// The rows from the first non-empty one, with the columns left of the leftmost cell cut:
    /// (first row, first column, rows), as `Range::start` and `Range::rows` would give them.
    pub fn finish(mut self) -> (u32, u32, Vec<Vec<Cell>>) {
        let r0 = self.rows.iter().position(|r| !r.is_empty()).unwrap_or(0);
        let c0 = self
            .rows
            .iter()
            .filter_map(|r| r.iter().position(|c| !c.is_empty()))
            .min()
            .unwrap_or(0);
        let mut rows = self.rows.split_off(r0);
        for r in &mut rows {
            r.drain(..c0.min(r.len()));
        }
        (r0 as u32, c0 as u32, rows)
    }
}

fn too_big(row: u32, col: u32, why: &str) -> CoreError {
    CoreError::BadFile(format!(
        "表格过大,无法导入:单元格 {}{}{why};请删去表格右侧或下方多余的内容(或拆成几个文件)后再导入",
        column_name(col),
        row as u64 + 1
    ))
}

/// Excel's column letters for a 0-based column: 0 → A, 26 → AA, 16383 → XFD.
pub fn column_name(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A streamed cell as the importers see it (a shared string is copied here, once per cell,
/// which the text bound counts).
pub fn cell_ref(d: &DataRef<'_>) -> Cell {
    cell(&Data::from(d.clone()))
}

/// A cell of a whole range (.xls, .ods: calamine reads those only whole).
pub fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => Cell::Date(dt.as_f64()),
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => Cell::Text(s.get(..10).filter(|_| s.len() >= 10).unwrap_or(s).to_string()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(column_name(16_383), "XFD");
    }

    #[test]
    fn rows_hold_only_up_to_their_last_cell() {
        let mut g = Grid::default();
        g.put((2, 1), text("企业名称")).unwrap();
        g.put((3, 1), text("甲")).unwrap();
        g.put((3, 4), text("乙")).unwrap();
        g.put((5, 1), Cell::Empty).unwrap();
        let (r0, c0, rows) = g.finish();
        assert_eq!((r0, c0), (2, 1));
        assert_eq!(rows, vec![vec![text("企业名称")], vec![text("甲"), Cell::Empty, Cell::Empty, text("乙")]]);
    }

    #[test]
    fn past_the_bounds_is_a_chinese_error_naming_the_cell() {
        let mut g = Grid::default();
        let e = g.put((1_048_576, 0), text("x")).unwrap_err().to_string();
        assert!(e.contains("单元格 A1048577"), "{e}");
        // Rows each reaching column XFD, against a bound of 100,000 slots (the real one is
        // 16 million; the arithmetic is the same).
        let mut g = Grid::with_limits(100_000, MAX_TEXT);
        let (r, e) = (0..100).find_map(|r| g.put((r, 16_383), text("x")).err().map(|e| (r, e.to_string()))).unwrap();
        assert_eq!(r as usize, 100_000 / 16_384);
        assert!(e.contains("超过 10 万") && e.contains(&format!("XFD{}", r + 1)), "{e}");
    }

    #[test]
    fn one_huge_text_copied_into_many_cells_is_bounded() {
        let big = "长".repeat(1 << 20); // 3 MB of UTF-8, against a bound of 8 MiB
        let mut g = Grid::with_limits(MAX_SLOTS, 8 << 20);
        let e = (0..10).find_map(|c| g.put((0, c), text(&big)).err()).expect("text bound").to_string();
        assert!(e.contains("单元格 C1") && e.contains("8 MB"), "{e}");
    }
}
