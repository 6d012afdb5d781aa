//! The two-phase import. `preview` parses and validates every row with the forms' own rules
//! and reports what would happen; `commit` does the same pass inside ONE write transaction and
//! writes as it goes: any problem (unless the user chose to skip bad rows), any error, or a
//! cancel rolls the whole file back. Lookups use maps built once per pass, never a query per row.

use std::cell::{Ref, RefCell};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::header::{self, ImportColumn, ImportField, ImportKind, ImportMapping};
pub use super::import_report::{ExistingRow, ImportProblem, MissingDepartment, UnknownCadre};
use super::sheet::{Cell, Sheet};
use super::left_out::{LeftOut, LeftOutRows};
use super::{import_cadre, import_enterprise, import_project, import_support, normalize};
use crate::error::{CoreError, Result};
use crate::model::cadre::Cadre;
use crate::model::department::{Department, DepartmentKind};
use crate::model::enterprise::Enterprise;
use crate::model::liaison::Liaison;
use crate::model::project::{self, Project};
use crate::model::support::Support;
use crate::store::{entity_from_row, Entity, Store, Writer};

/// What to do with a row that matches a record already registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExistingChoice {
    /// Overwrite its fields with the row's non-empty cells.
    #[default]
    Update,
    Skip,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ImportOptions {
    /// None: detect the header row and map columns automatically. A mapping with no columns
    /// maps its header row automatically.
    pub mapping: Option<ImportMapping>,
    pub existing: ExistingChoice,
    /// Create streets, communities and departments the file names but the database lacks.
    pub create_missing: bool,
    /// Import the good rows and leave rows with problems out, instead of refusing the file.
    pub skip_invalid: bool,
    /// A 联点干部 the database lacks: true creates the cadre from the file's name and unit
    /// (mobile to fill in later); false imports the enterprise without that pairing, with a
    /// warning. The preview lists such cadres either way (`ImportReport::unknown_cadres`).
    pub create_cadres: bool,
}

/// What a pass over the file found (preview) or did (commit).
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ImportReport {
    pub kind: ImportKind,
    pub sheet: String,
    pub mapping: ImportMapping,
    pub columns: Vec<ImportColumn>,
    /// The fields this kind can map a column to.
    pub fields: Vec<ImportField>,
    /// Data rows below the header (empty rows not counted).
    pub total_rows: u32,
    pub new_rows: u32,
    pub update_rows: u32,
    /// Rows matching a record that they would not change.
    pub unchanged_rows: u32,
    /// Rows matching a record, left alone because the user chose to skip those.
    pub skipped_rows: u32,
    /// Rows with at least one problem (not counting warnings).
    pub invalid_rows: u32,
    /// Rows matching a registered record, however they are handled.
    pub existing_rows: u32,
    pub new_departments: u32,
    pub new_liaisons: u32,
    /// Cadres created for unknown 联点干部 (when `create_cadres`).
    pub new_cadres: u32,
    /// The first problems, in row order (at most `MAX_LISTED`).
    pub problems: Vec<ImportProblem>,
    pub problems_total: u32,
    pub warnings_total: u32,
    /// The first rows that match registered records (at most `MAX_LISTED`).
    pub existing: Vec<ExistingRow>,
    pub missing: Vec<MissingDepartment>,
    /// 联点干部 the database lacks, in the order the file first names them.
    pub unknown_cadres: Vec<UnknownCadre>,
    /// Every row with a problem, which an import leaves out (`export_left_out` writes them).
    pub left_out: Vec<LeftOut>,
    /// True once written (commit); false for a preview.
    pub committed: bool,
}

/// Sent while a commit runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
}

/// How many problems and existing rows a report lists; the totals count all of them.
pub const MAX_LISTED: usize = 500;
const PROGRESS_EVERY: usize = 500;

/// A write the pass asks for.
pub(crate) enum Op {
    Department(Department),
    InsertEnterprise(Enterprise),
    UpdateEnterprise(Box<(Enterprise, Enterprise)>),
    InsertCadre(Cadre),
    UpdateCadre(Box<(Cadre, Cadre)>),
    Liaison(Liaison),
    InsertProject(Box<Project>),
    UpdateProject(Box<(Project, Project)>),
    InsertSupport(Box<Support>),
}

pub(crate) type Sink<'s> = dyn FnMut(Op) -> Result<()> + 's;

/// The connection, borrowed for one read at a time: during a commit it is the writer's, which
/// the sink borrows mutably between reads.
pub(crate) type ConnFn<'a> = dyn Fn() -> Ref<'a, Connection> + 'a;

/// The state of one pass: the mapping, the report being built, and the current row.
pub(crate) struct Pass<'a> {
    pub sheet: &'a Sheet,
    pub opts: &'a ImportOptions,
    cols: Vec<(ImportField, usize)>,
    headers: Vec<String>,
    pub report: ImportReport,
    missing_at: HashMap<(&'static str, String), usize>,
    unknown_at: HashMap<String, usize>,
    left: LeftOutRows,
    row: u32,
    row_bad: bool,
}

impl<'a> Pass<'a> {
    fn new(kind: ImportKind, sheet: &'a Sheet, opts: &'a ImportOptions, with_liaison: bool) -> Result<(Self, usize)> {
        let mapping = match &opts.mapping {
            // A header row without columns: the user moved the header, map that row afresh.
            Some(m) if m.columns.is_empty() => header::detect_at(sheet, kind, m.header_row)?,
            Some(m) => m.clone(),
            None => header::detect(sheet, kind),
        };
        let header_idx = header::header_index(sheet, &mapping)?;
        let columns = header::columns(sheet, kind, &mapping);
        let fields = header::fields(kind, with_liaison);
        let cols = mapping
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.filter(|f| fields.contains(f)).map(|f| (f, i)))
            .collect();
        let headers = columns.iter().map(|c| c.header.clone()).collect();
        let report = ImportReport {
            kind,
            sheet: sheet.name.clone(),
            mapping,
            columns,
            fields,
            total_rows: 0,
            new_rows: 0,
            update_rows: 0,
            unchanged_rows: 0,
            skipped_rows: 0,
            invalid_rows: 0,
            existing_rows: 0,
            new_departments: 0,
            new_liaisons: 0,
            new_cadres: 0,
            problems: vec![],
            problems_total: 0,
            warnings_total: 0,
            existing: vec![],
            missing: vec![],
            unknown_cadres: vec![],
            left_out: vec![],
            committed: false,
        };
        let mut pass = Pass { sheet, opts, cols, headers, report, missing_at: HashMap::new(), unknown_at: HashMap::new(), left: LeftOutRows::default(), row: 0, row_bad: false };
        // Said once at the header, not only as "请填写…" on every row.
        pass.row = pass.report.mapping.header_row;
        if !pass.has(ImportField::Name) {
            let what = header::label(kind, ImportField::Name);
            pass.problem(None, format!("没有对应“{what}”的列,请在列对应中为该列选择“{what}”"));
        }
        pass.warn_unread_columns();
        Ok((pass, header_idx))
    }

    pub fn has(&self, f: ImportField) -> bool {
        self.cols.iter().any(|(x, _)| *x == f)
    }

    fn col(&self, f: ImportField) -> Option<usize> {
        self.cols.iter().find(|(x, _)| *x == f).map(|(_, i)| *i)
    }

    /// The field's cell in `cells`, unless unmapped or empty.
    pub fn cell<'c>(&self, cells: &'c [Cell], f: ImportField) -> Option<&'c Cell> {
        self.col(f).and_then(|i| cells.get(i)).filter(|c| !c.is_empty())
    }

    /// The field's cell as cleaned text (half-width, trimmed), unless unmapped or empty.
    pub fn text(&self, cells: &[Cell], f: ImportField) -> Option<String> {
        self.cell(cells, f).map(|c| normalize::clean(&c.text())).filter(|t| !t.is_empty())
    }

    /// The header of the field's column, as the file writes it (a ledger's money column says
    /// its unit there: 总投资(万元), 金额(元)).
    pub fn header_of(&self, f: ImportField) -> Option<&str> {
        self.col(f).and_then(|i| self.headers.get(i)).map(String::as_str)
    }

    fn column(&self, f: Option<ImportField>) -> Option<String> {
        let i = self.col(f?)?;
        Some(match self.headers.get(i).filter(|h| !h.is_empty()) {
            Some(h) => h.clone(),
            None => format!("第{}列", i + 1),
        })
    }

    fn push(&mut self, field: Option<ImportField>, message: String, warning: bool) {
        if warning {
            self.report.warnings_total += 1;
        } else {
            self.report.problems_total += 1;
            self.row_bad = true;
            let column = self.column(field);
            self.left.problem(column.as_deref(), &message);
        }
        if self.report.problems.len() < MAX_LISTED {
            let column = self.column(field);
            let message = normalize::shorten_quotes(message);
            self.report.problems.push(ImportProblem { row: self.row, column, field, message, warning });
        }
    }

    /// A problem that keeps the current row out.
    pub fn problem(&mut self, field: Option<ImportField>, message: impl Into<String>) {
        self.push(field, message.into(), false);
    }

    pub fn warn(&mut self, field: Option<ImportField>, message: impl Into<String>) {
        self.push(field, message.into(), true);
    }

    pub fn row(&self) -> u32 {
        self.row
    }

    pub fn row_bad(&self) -> bool {
        self.row_bad
    }

    /// Rows are no longer written once a bad row has doomed the file (the report still goes on).
    pub fn blocked(&self) -> bool {
        self.report.invalid_rows > 0 && !self.opts.skip_invalid
    }

    pub fn existing(&mut self, name: &str, matched_by: &str) {
        self.report.existing_rows += 1;
        if self.report.existing.len() < MAX_LISTED {
            self.report.existing.push(ExistingRow { row: self.row, name: name.to_string(), matched_by: matched_by.into() });
        }
    }

    pub fn missing(&mut self, kind: DepartmentKind, name: &str, parent: Option<&str>) {
        let key = (kind.as_str(), name.to_string());
        match self.missing_at.get(&key) {
            Some(&i) => self.report.missing[i].rows += 1,
            None => {
                self.missing_at.insert(key, self.report.missing.len());
                self.report.missing.push(MissingDepartment {
                    kind,
                    name: name.to_string(),
                    parent: parent.map(str::to_string),
                    rows: 1,
                });
            }
        }
    }

    pub fn unknown_cadre(&mut self, name: &str, unit: Option<&str>) {
        match self.unknown_at.get(name) {
            Some(&i) => self.report.unknown_cadres[i].rows += 1,
            None => {
                self.unknown_at.insert(name.to_string(), self.report.unknown_cadres.len());
                self.report.unknown_cadres.push(UnknownCadre { name: name.to_string(), unit: unit.map(str::to_string), rows: 1 });
            }
        }
    }

    /// The model's field name in a validation error, as the import field and column it came from.
    pub fn field_of(&self, model_field: &str) -> Option<ImportField> {
        use ImportField as F;
        Some(match model_field {
            "name" => F::Name,
            "short_name" => F::ShortName,
            "uscc" => F::Uscc,
            "industry" => F::Industry,
            "stat_class" => F::StatClass,
            "street_id" => F::Street,
            "community_id" => F::Community,
            "contact_phone" => F::ContactPhone,
            "notes" => F::Notes,
            "department_id" => F::Department,
            "position" => F::Position,
            "role" => F::Role,
            "mobile" => F::Mobile,
            _ => return None,
        })
    }

    fn is_header_again(&self, cells: &[Cell]) -> bool {
        // Sheets printed in pages repeat the header; such a row is not data.
        self.cols.iter().all(|(_, i)| {
            let h = self.headers.get(*i).map(String::as_str).unwrap_or("");
            cells.get(*i).map(|c| normalize::clean(&c.text())).unwrap_or_default() == h
        }) && !self.cols.is_empty()
    }
}

/// Turns each data row into writes. One per kind.
pub(crate) trait RowImporter {
    fn row(&mut self, pass: &mut Pass<'_>, cells: &[Cell], conn: &ConnFn<'_>, sink: &mut Sink<'_>) -> Result<()>;
}

fn drive(
    pass: &mut Pass<'_>,
    header_idx: usize,
    imp: &mut dyn RowImporter,
    conn: &ConnFn<'_>,
    sink: &mut Sink<'_>,
    progress: &mut dyn FnMut(ImportProgress),
    cancel: Option<&AtomicBool>,
) -> Result<()> {
    let rows = &pass.sheet.rows;
    let total = rows.len().saturating_sub(header_idx + 1);
    for (n, i) in (header_idx + 1..rows.len()).enumerate() {
        if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Err(CoreError::Cancelled);
        }
        let cells = &rows[i];
        if n % PROGRESS_EVERY == 0 {
            progress(ImportProgress { done: n as u32, total: total as u32 });
        }
        if cells.iter().all(Cell::is_empty) || pass.is_header_again(cells) {
            continue;
        }
        pass.row = pass.sheet.user_row(i);
        if pass.not_ledger_data(cells) {
            continue;
        }
        pass.row_bad = false;
        pass.left.start_row();
        pass.report.total_rows += 1;
        imp.row(pass, cells, conn, sink)?;
        if pass.row_bad {
            pass.report.invalid_rows += 1;
        }
        pass.left.end_row(pass.row, pass.row_bad);
    }
    progress(ImportProgress { done: total as u32, total: total as u32 });
    pass.report.left_out = std::mem::take(&mut pass.left.rows);
    Ok(())
}

/// Live rows of `T`, read once for a pass's maps.
pub(crate) fn all_live<T: Entity>(conn: &Connection) -> Result<Vec<T>> {
    let t = T::TABLE;
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {} WHERE deleted = 0", t.select_list(), t.name))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(entity_from_row(r)?);
    }
    Ok(out)
}

fn apply(w: &mut Writer<'_>, op: Op) -> Result<()> {
    match op {
        Op::Department(d) => w.insert(&d),
        Op::InsertEnterprise(e) => w.insert(&e),
        Op::UpdateEnterprise(b) => w.update(&b.0, &b.1).map(drop),
        Op::InsertCadre(c) => w.insert(&c),
        Op::UpdateCadre(b) => w.update(&b.0, &b.1).map(drop),
        Op::Liaison(l) => w.insert(&l),
        Op::InsertProject(p) => w.insert(&*p),
        Op::UpdateProject(b) => {
            // Its milestones may owe an earlier date than the ledger's plan.
            let (old, mut new) = *b;
            new.due_on = project::due_on(&new, &project::milestones_of(w.conn(), &new.id)?);
            w.update(&old, &new).map(drop)
        }
        Op::InsertSupport(s) => w.insert(&*s),
    }
}

/// One pass over `sheet` on `conn`, writes going to `sink`.
fn pass_over(
    conn: &ConnFn<'_>,
    kind: ImportKind,
    sheet: &Sheet,
    opts: &ImportOptions,
    sink: &mut Sink<'_>,
    progress: &mut dyn FnMut(ImportProgress),
    cancel: Option<&AtomicBool>,
) -> Result<ImportReport> {
    let (mut pass, header_idx) = Pass::new(kind, sheet, opts, true)?;
    match kind {
        ImportKind::Enterprises => {
            let mut imp = import_enterprise::Importer::load(&conn())?;
            drive(&mut pass, header_idx, &mut imp, conn, sink, progress, cancel)?;
        }
        ImportKind::Cadres => {
            let mut imp = import_cadre::Importer::load(&conn())?;
            drive(&mut pass, header_idx, &mut imp, conn, sink, progress, cancel)?;
        }
        ImportKind::Projects => {
            let mut imp = import_project::Importer::load(&conn(), sheet, header_idx)?;
            drive(&mut pass, header_idx, &mut imp, conn, sink, progress, cancel)?;
        }
        ImportKind::Supports => {
            let mut imp = import_support::Importer::load(&conn(), sheet, header_idx)?;
            drive(&mut pass, header_idx, &mut imp, conn, sink, progress, cancel)?;
        }
    }
    Ok(pass.report)
}

/// Parses and validates every row and reports what a commit would do. Writes nothing.
pub fn preview(store: &Store, kind: ImportKind, sheet: &Sheet, opts: &ImportOptions) -> Result<ImportReport> {
    store.read(|c| {
        let cell = RefCell::new(c);
        let conn = || Ref::map(cell.borrow(), |c| *c);
        pass_over(&conn, kind, sheet, opts, &mut |_| Ok(()), &mut |_| {}, None)
    })
}

/// Imports `sheet` in one transaction: all of it, or (on a problem, error or cancel) nothing.
pub fn commit(
    store: &Store,
    kind: ImportKind,
    sheet: &Sheet,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(ImportProgress),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    crate::backup::before_step(store, crate::backup::BackupKind::BeforeImport)?;
    let mut report = store.write(|w| {
        let w = RefCell::new(w);
        let conn = || Ref::map(w.borrow(), |w| w.conn());
        let mut sink = |op: Op| apply(&mut w.borrow_mut(), op);
        let report = pass_over(&conn, kind, sheet, opts, &mut sink, progress, Some(cancel))?;
        require_table(&report)?;
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

/// A file that is not the list asked for (no column mapped, or no rows under the header) is an
/// error, not "0 rows imported". A commit checks it; a preview does not, since its mapping is
/// where the user maps columns the detector did not know (the CLI's dry run checks it too).
pub fn require_table(r: &ImportReport) -> Result<()> {
    let (what, example) = match r.kind {
        ImportKind::Enterprises => ("企业名单", "企业名称"),
        ImportKind::Cadres => ("干部名单", "姓名"),
        ImportKind::Projects => ("项目台账", "项目名称"),
        ImportKind::Supports => ("惠企台账", "企业名称"),
    };
    header::require_table(r.mapping.columns.iter().any(Option::is_some), r.total_rows, r.mapping.header_row, what, example)
}

/// `第N行 [列名] 消息`, as the CLI prints problems.
pub fn describe(p: &ImportProblem) -> String {
    match &p.column {
        Some(c) => format!("第{}行 [{}] {}", p.row, c, p.message),
        None => format!("第{}行 {}", p.row, p.message),
    }
}
