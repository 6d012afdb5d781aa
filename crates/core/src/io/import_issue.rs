//! Importing an office's existing issue ledger (问题台账) from .xlsx/.xls/.ods/.csv, by the rules
//! of the registry imports (`import.rs`): `preview_issues` parses and checks every row and
//! writes nothing; `commit_issues` does the same pass in ONE write transaction, writing each
//! issue and its timeline through the one write path as it goes. A row with a problem makes the
//! whole file roll back unless the user chose to skip bad rows; an error or a cancel always
//! does. Problems name the row Excel shows, the column and what is wrong, in Chinese.
//!
//! How rows become issues (`import_issue_row.rs`): the 办理状态 word decides the state; dates
//! come from the ledger; working days and on-time are computed on the working-day calendar as
//! the closed loop computes them; each issue gets a timeline that starts with a 登记 event noted
//! "台账导入". Rows already imported (same 编号, or same date, subject and text) are left out.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::import_hotline::RepeatGroup;
use super::left_out::{LeftOut, LeftOutRows};
use super::import::{describe, ExistingRow, ImportProblem, ImportProgress, MissingDepartment, MAX_LISTED};
pub use super::issue_header::{detect_issue_header, issue_field_for, issue_field_label, issue_fields, IssueColumn, IssueField, IssueMapping};
use super::issue_header::{header_index, map_row};
use super::import_issue_row::{Ctx, Importer, Planned};
use super::normalize;
use super::sheet::{Cell, Sheet};
use crate::calendar::Calendar;
use crate::error::{CoreError, Result};
use crate::model::department::DepartmentKind;
use crate::model::issue::{rules, Status};
use crate::store::{Store, Writer};

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct IssueImportOptions {
    /// None: find the header row and map its columns automatically.
    pub mapping: Option<IssueMapping>,
    /// Create the departments the ledger names as 牵头单位/配合单位 and the database lacks.
    pub create_missing: bool,
    /// Import the good rows and leave rows with problems out, instead of refusing the file.
    pub skip_invalid: bool,
    /// The year of dates written without one ("3月7日"); None: the year in the sheet's title
    /// or the file's name.
    pub year: Option<i32>,
    /// Link each repeated 12345 complaint to the first as its duplicate (see `repeats`).
    pub link_repeats: bool,
}

/// Where the year of dates written without one came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum YearFrom {
    /// The user gave it in the preview.
    Given,
    /// The title above the header ("2022年问题台账").
    Title,
    /// The sheet's name.
    Sheet,
    /// The file's name.
    File,
}

/// How many rows reach each status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StatusCount {
    pub status: Status,
    pub rows: u32,
}

/// What a pass over the ledger found (preview) or did (commit).
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct IssueImportReport {
    pub sheet: String,
    pub mapping: IssueMapping,
    pub columns: Vec<IssueColumn>,
    pub fields: Vec<IssueField>,
    /// Data rows below the header (empty rows not counted).
    pub total_rows: u32,
    pub new_rows: u32,
    /// Rows with at least one problem (not counting warnings).
    pub invalid_rows: u32,
    /// Rows already imported (same 编号, or same date, subject and text), left out.
    pub existing_rows: u32,
    /// Rows whose ledger 编号 could not be kept and got a new one.
    pub renumbered_rows: u32,
    pub new_departments: u32,
    /// The statuses the new rows reach.
    pub statuses: Vec<StatusCount>,
    /// The first problems and warnings, in row order (at most `MAX_LISTED`). Their `field` is
    /// None (it names registry fields); `column` is the ledger's header.
    pub problems: Vec<ImportProblem>,
    pub problems_total: u32,
    pub warnings_total: u32,
    pub existing: Vec<ExistingRow>,
    pub missing: Vec<MissingDepartment>,
    /// The year dates without one ("3月7日") take, and where it came from.
    pub year: Option<i32>,
    pub year_from: Option<YearFrom>,
    /// How many dates were written without a year.
    pub yearless_dates: u32,
    /// Repeated 12345 complaints (same caller or address, similar text, within
    /// `REPEAT_DAYS`), each under its first (at most `MAX_LISTED` groups).
    pub repeats: Vec<RepeatGroup>,
    /// Rows repeating an earlier complaint, in all groups.
    pub repeat_rows: u32,
    /// Every row with a problem, which an import leaves out (`export_left_out` writes them).
    pub left_out: Vec<LeftOut>,
    pub committed: bool,
}

/// The state of one pass: the mapping, the report being built, the current row.
pub(crate) struct IssuePass<'a> {
    pub opts: &'a IssueImportOptions,
    cols: Vec<(IssueField, usize)>,
    headers: Vec<String>,
    pub report: IssueImportReport,
    missing_at: HashMap<String, usize>,
    left: LeftOutRows,
    row: u32,
    row_bad: bool,
}

impl<'a> IssuePass<'a> {
    fn new(sheet: &Sheet, opts: &'a IssueImportOptions) -> Result<(Self, usize)> {
        let mapping = match &opts.mapping {
            Some(m) if m.columns.is_empty() => {
                let probe = IssueMapping { header_row: m.header_row, columns: vec![] };
                let i = header_index(sheet, &probe)?;
                IssueMapping { header_row: m.header_row, columns: map_row(&sheet.rows[i], sheet.width()) }
            }
            Some(m) => m.clone(),
            None => detect_issue_header(sheet),
        };
        let header_idx = header_index(sheet, &mapping)?;
        let headers: Vec<String> = (0..sheet.width().max(mapping.columns.len()))
            .map(|i| sheet.rows[header_idx].get(i).map(|c| normalize::clean(&c.text())).unwrap_or_default())
            .collect();
        let columns = headers
            .iter()
            .enumerate()
            .map(|(i, h)| IssueColumn {
                index: i as u32,
                header: h.clone(),
                field: mapping.columns.get(i).copied().flatten(),
            })
            .collect();
        let cols = mapping.columns.iter().enumerate().filter_map(|(i, f)| f.map(|f| (f, i))).collect();
        let report = IssueImportReport {
            sheet: sheet.name.clone(),
            mapping,
            columns,
            fields: issue_fields(),
            total_rows: 0,
            new_rows: 0,
            invalid_rows: 0,
            existing_rows: 0,
            renumbered_rows: 0,
            new_departments: 0,
            statuses: vec![],
            problems: vec![],
            problems_total: 0,
            warnings_total: 0,
            existing: vec![],
            missing: vec![],
            year: None,
            year_from: None,
            yearless_dates: 0,
            repeats: vec![],
            repeat_rows: 0,
            left_out: vec![],
            committed: false,
        };
        let (year, year_from) = match opts.year {
            Some(y) => (Some(y), Some(YearFrom::Given)),
            None => ledger_year(sheet, header_idx).map_or((None, None), |(y, f)| (Some(y), Some(f))),
        };
        let report = IssueImportReport { year, year_from, ..report };
        let mut pass = IssuePass { opts, cols, headers, report, missing_at: HashMap::new(), left: LeftOutRows::default(), row: 0, row_bad: false };
        // Said once at the header, not only as "请填写…" on every row.
        pass.row = pass.report.mapping.header_row;
        for f in [IssueField::Content, IssueField::Category, IssueField::RegisteredOn] {
            if !pass.has(f) {
                let what = issue_field_label(f);
                pass.problem(None, format!("没有对应“{what}”的列,请在列对应中为该列选择“{what}”"));
            }
        }
        Ok((pass, header_idx))
    }

    pub fn has(&self, f: IssueField) -> bool {
        self.cols.iter().any(|(x, _)| *x == f)
    }

    /// The year of dates written without one.
    pub fn year(&self) -> Option<i32> {
        self.report.year
    }

    /// The field's cell, unless unmapped or empty.
    pub fn cell<'c>(&self, cells: &'c [Cell], f: IssueField) -> Option<&'c Cell> {
        let i = self.cols.iter().find(|(x, _)| *x == f)?.1;
        cells.get(i).filter(|c| !c.is_empty())
    }

    /// The field's cell as cleaned text (half-width, trimmed), unless unmapped or empty.
    pub fn text(&self, cells: &[Cell], f: IssueField) -> Option<String> {
        self.cell(cells, f).map(|c| normalize::clean(&c.text())).filter(|t| !t.is_empty())
    }

    fn push(&mut self, field: Option<IssueField>, message: String, warning: bool) {
        if warning {
            self.report.warnings_total += 1;
        }
        let column = field.and_then(|f| self.cols.iter().find(|(x, _)| *x == f)).map(|(_, i)| {
            self.headers.get(*i).filter(|h| !h.is_empty()).cloned().unwrap_or_else(|| format!("第{}列", i + 1))
        });
        if !warning {
            self.report.problems_total += 1;
            self.row_bad = true;
            self.left.problem(column.as_deref(), &message);
        }
        if self.report.problems.len() < MAX_LISTED {
            let message = normalize::shorten_quotes(message);
            self.report.problems.push(ImportProblem { row: self.row, column, field: None, message, warning });
        }
    }

    /// A problem that keeps the current row out.
    pub fn problem(&mut self, field: Option<IssueField>, message: impl Into<String>) {
        self.push(field, message.into(), false);
    }

    pub fn warn(&mut self, field: Option<IssueField>, message: impl Into<String>) {
        self.push(field, message.into(), true);
    }

    pub fn row(&self) -> u32 {
        self.row
    }

    pub fn row_bad(&self) -> bool {
        self.row_bad
    }

    pub fn existing(&mut self, name: &str, matched_by: &str) {
        self.report.existing_rows += 1;
        if self.report.existing.len() < MAX_LISTED {
            self.report.existing.push(ExistingRow {
                row: self.row,
                name: name.to_string(),
                matched_by: matched_by.into(),
            });
        }
    }

    pub fn missing(&mut self, name: &str) {
        match self.missing_at.get(name) {
            Some(&i) => self.report.missing[i].rows += 1,
            None => {
                self.missing_at.insert(name.to_string(), self.report.missing.len());
                self.report.missing.push(MissingDepartment {
                    kind: DepartmentKind::Function,
                    name: name.to_string(),
                    parent: None,
                    rows: 1,
                });
            }
        }
    }

    fn count_status(&mut self, s: Status) {
        match self.report.statuses.iter_mut().find(|c| c.status == s) {
            Some(c) => c.rows += 1,
            None => self.report.statuses.push(StatusCount { status: s, rows: 1 }),
        }
    }

    /// A printed ledger repeats its header on every page; such a row is not data.
    fn is_header_again(&self, cells: &[Cell]) -> bool {
        !self.cols.is_empty()
            && self.cols.iter().all(|(_, i)| {
                let h = self.headers.get(*i).map(String::as_str).unwrap_or("");
                cells.get(*i).map(|c| normalize::clean(&c.text())).unwrap_or_default() == h
            })
    }
}

/// The year a ledger gives itself: in a title row above the header, else the sheet's name,
/// else the file's name.
pub(crate) fn ledger_year(sheet: &Sheet, header_idx: usize) -> Option<(i32, YearFrom)> {
    let title = sheet.rows[..header_idx].iter().flatten().find_map(|c| normalize::year_in(&c.text()));
    title
        .map(|y| (y, YearFrom::Title))
        .or_else(|| normalize::year_in(&sheet.name).map(|y| (y, YearFrom::Sheet)))
        .or_else(|| normalize::year_in(&sheet.file).map(|y| (y, YearFrom::File)))
}

const PROGRESS_EVERY: usize = 500;

/// One pass over the data rows; each good row's writes go to `sink` until a bad row dooms the
/// file (unless bad rows are skipped), while the report goes on to the end.
fn drive(
    sheet: &Sheet,
    opts: &IssueImportOptions,
    imp: &mut Importer,
    sink: &mut dyn FnMut(Planned) -> Result<()>,
    progress: &mut dyn FnMut(ImportProgress),
    cancel: Option<&AtomicBool>,
) -> Result<IssueImportReport> {
    let (mut pass, header_idx) = IssuePass::new(sheet, opts)?;
    let rows = &sheet.rows;
    let total = rows.len().saturating_sub(header_idx + 1) as u32;
    for (n, i) in (header_idx + 1..rows.len()).enumerate() {
        if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Err(CoreError::Cancelled);
        }
        if n % PROGRESS_EVERY == 0 {
            progress(ImportProgress { done: n as u32, total });
        }
        let cells = &rows[i];
        if cells.iter().all(Cell::is_empty) || pass.is_header_again(cells) {
            continue;
        }
        pass.row = sheet.user_row(i);
        pass.row_bad = false;
        pass.left.start_row();
        pass.report.total_rows += 1;
        let planned = imp.row(&mut pass, cells);
        pass.left.end_row(pass.row, pass.row_bad);
        if pass.row_bad {
            pass.report.invalid_rows += 1;
            continue;
        }
        let Some(planned) = planned else { continue };
        pass.report.new_rows += 1;
        pass.count_status(planned.issue.status);
        if pass.report.invalid_rows == 0 || opts.skip_invalid {
            sink(planned)?;
        }
    }
    progress(ImportProgress { done: total, total });
    pass.report.new_departments = imp.new_departments();
    pass.report.left_out = std::mem::take(&mut pass.left.rows);
    pass.report.repeats = std::mem::take(&mut imp.repeats.groups);
    pass.report.repeat_rows = imp.repeats.repeat_rows;
    Ok(pass.report)
}

fn context(store: &Store) -> Result<Ctx> {
    Ok(Ctx {
        cal: Calendar::load(store)?,
        rules: rules::load(store)?,
        actor: store.actor(),
        today: chrono::Local::now().date_naive(),
    })
}

/// Parses and checks every row of a ledger and reports what a commit would do. Writes nothing.
pub fn preview_issues(store: &Store, sheet: &Sheet, opts: &IssueImportOptions) -> Result<IssueImportReport> {
    let ctx = context(store)?;
    let mut imp = store.read(|c| Importer::load(c, ctx))?;
    drive(sheet, opts, &mut imp, &mut |_| Ok(()), &mut |_| {}, None)
}

fn write(w: &mut Writer<'_>, p: Planned) -> Result<()> {
    for d in &p.departments {
        w.insert(d)?;
    }
    w.insert(&p.issue)?;
    for e in &p.events {
        w.insert(e)?;
    }
    Ok(())
}

/// Imports a ledger in one transaction: all of it, or (on a problem, an error or a cancel)
/// nothing. With `skip_invalid`, rows with problems are left out and the rest imported.
pub fn commit_issues(
    store: &Store,
    sheet: &Sheet,
    opts: &IssueImportOptions,
    progress: &mut dyn FnMut(ImportProgress),
    cancel: &AtomicBool,
) -> Result<IssueImportReport> {
    let ctx = context(store)?;
    crate::backup::before_step(store, crate::backup::BackupKind::BeforeImport)?;
    let mut report = store.write(|w| {
        let mut imp = Importer::load(w.conn(), ctx)?;
        let report = drive(sheet, opts, &mut imp, &mut |p| write(w, p), progress, Some(cancel))?;
        require_ledger(&report)?;
        if report.invalid_rows > 0 && !opts.skip_invalid {
            let first = report.problems.iter().find(|p| !p.warning).map(describe).unwrap_or_default();
            return Err(CoreError::ImportProblems { rows: report.invalid_rows, first });
        }
        // A cancel that arrives during the last rows still wins.
        if cancel.load(Ordering::Relaxed) {
            return Err(CoreError::Cancelled);
        }
        Ok(report)
    })?;
    report.committed = true;
    Ok(report)
}

/// As `io::require_table`, for a ledger.
pub fn require_ledger(r: &IssueImportReport) -> Result<()> {
    let mapped = r.mapping.columns.iter().any(Option::is_some);
    super::header::require_table(mapped, r.total_rows, r.mapping.header_row, "问题台账", "问题描述")
}

pub(crate) fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
