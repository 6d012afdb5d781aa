//! Project ledger rows (民生实事台账, 重点项目台账) → projects, through the project form's rules
//! (`project::checked`). Names resolve through the registry import's maps (`import_lookup.rs`):
//! 责任单位 and streets as the registry import treats them (unknown → a problem naming it, or
//! created when the user chose that), 挂钩联系人 as its 联点干部 (unknown → a warning, or created).
//!
//! Matching: a row is the registered project of the same name (and year, when both have one);
//! it updates that project with its non-empty cells, as the registry import does, so importing
//! a ledger again after a month's progress updates the projects instead of doubling them.

use std::collections::HashMap;

use rusqlite::Connection;

use super::header::ImportField as F;
use super::import::{all_live, ConnFn, ExistingChoice, Op, Pass, RowImporter, Sink};
use super::import_enterprise::Importer as Places;
use super::import_lookup::{count_row, lead_liaison};
use super::import_issue::ledger_year;
use super::ledger_words::{self as words, LedgerDate, Money};
use super::sheet::{Cell, Sheet};
use crate::error::{CoreError, Result};
use crate::model::liaison::LiaisonRole;
use crate::model::new_id;
use crate::model::project::{self, Project, ProjectCategory, ProjectInput, ProjectKind, ProjectStatus};

pub(crate) struct Importer {
    places: Places,
    /// Live projects by name.
    by_name: HashMap<String, Vec<Project>>,
    /// Project → its current 挂钩联系人 (one per project, as `liaison::assign_to_project` keeps it).
    contacts: HashMap<String, String>,
    seen: HashMap<(String, Option<i32>), u32>,
    /// What the title, sheet or file name says: the kind of ledger and its year.
    kind: Option<ProjectKind>,
    year: Option<i32>,
    today: String,
}

fn input_of(p: &Project) -> ProjectInput {
    ProjectInput {
        name: p.name.clone(),
        kind: Some(p.kind),
        category: Some(p.category),
        year: p.year,
        location: p.location.clone(),
        street_id: p.street_id.clone(),
        community_id: p.community_id.clone(),
        department_id: p.department_id.clone(),
        content: p.content.clone(),
        budget_fen: p.budget_fen,
        spent_fen: p.spent_fen,
        quantity: p.quantity,
        unit: p.unit.clone(),
        beneficiaries: p.beneficiaries,
        beneficiary_unit: p.beneficiary_unit.clone(),
        planned_start: p.planned_start.clone(),
        planned_finish: p.planned_finish.clone(),
        actual_start: p.actual_start.clone(),
        actual_finish: p.actual_finish.clone(),
        status: Some(p.status),
        progress: Some(p.progress),
        note: p.note.clone(),
    }
}

/// The form's field a validation error names, as the import field (and so the column).
fn field_of(model: &str) -> Option<F> {
    Some(match model {
        "name" => F::Name,
        "kind" => F::ProjectKind,
        "category" => F::Category,
        "year" => F::Year,
        "location" => F::Location,
        "street_id" => F::Street,
        "community_id" => F::Community,
        "department_id" => F::Department,
        "content" => F::Content,
        "budget_fen" => F::Budget,
        "spent_fen" => F::Spent,
        "quantity" | "unit" => F::Quantity,
        "beneficiaries" | "beneficiary_unit" => F::Beneficiaries,
        "planned_start" => F::PlannedStart,
        "planned_finish" => F::PlannedFinish,
        "actual_start" => F::ActualStart,
        "actual_finish" => F::ActualFinish,
        "status" => F::Status,
        "progress" => F::Progress,
        "note" => F::Notes,
        _ => return None,
    })
}

/// Clears the field a validation error named, so the next check finds the row's other problems.
fn neutralize(i: &mut ProjectInput, model: &str) -> bool {
    match model {
        "name" => i.name = "-".into(),
        "kind" | "category" => {
            i.kind = Some(ProjectKind::Livelihood);
            i.category = Some(ProjectCategory::Other);
        }
        "year" => i.year = None,
        "location" => i.location = None,
        "street_id" | "community_id" => (i.street_id, i.community_id) = (None, None),
        "department_id" => i.department_id = None,
        "content" => i.content = None,
        "budget_fen" | "spent_fen" => (i.budget_fen, i.spent_fen) = (None, None),
        "quantity" | "unit" => (i.quantity, i.unit) = (None, None),
        "beneficiaries" | "beneficiary_unit" => (i.beneficiaries, i.beneficiary_unit) = (None, None),
        "planned_start" | "planned_finish" => (i.planned_start, i.planned_finish) = (None, None),
        "actual_start" | "actual_finish" | "status" => {
            (i.actual_start, i.actual_finish) = (None, None);
            i.status = Some(ProjectStatus::Planning);
        }
        "progress" => i.progress = None,
        "note" => i.note = None,
        _ => return false,
    }
    true
}

/// Appends `part` to the note (what the ledger says that has no field of its own).
fn add_note(input: &mut ProjectInput, part: String) {
    input.note = Some(match input.note.take() {
        // Imported again: the note already says it.
        Some(n) if n.contains(&part) => n,
        Some(n) if !n.is_empty() => format!("{n};{part}"),
        _ => part,
    });
}

impl Importer {
    pub fn load(conn: &Connection, sheet: &Sheet, header_idx: usize) -> Result<Importer> {
        let mut by_name: HashMap<String, Vec<Project>> = HashMap::new();
        for p in all_live::<Project>(conn)? {
            by_name.entry(p.name.clone()).or_default().push(p);
        }
        let mut contacts = HashMap::new();
        let mut st = conn.prepare(
            "SELECT project_id, cadre_id FROM liaisons WHERE deleted = 0 AND end_date IS NULL AND project_id IS NOT NULL AND role = ?1",
        )?;
        let mut rows = st.query([LiaisonRole::Lead.as_str()])?;
        while let Some(r) = rows.next()? {
            contacts.insert(r.get(0)?, r.get(1)?);
        }
        let title: Vec<String> = sheet.rows[..header_idx].iter().flatten().map(Cell::text).collect();
        let kind = title.iter().chain([&sheet.name, &sheet.file]).find_map(|t| words::project_kind(t));
        Ok(Importer {
            places: Places::load(conn)?,
            by_name,
            contacts,
            seen: HashMap::new(),
            kind,
            year: ledger_year(sheet, header_idx).map(|(y, _)| y),
            today: chrono::Local::now().date_naive().format("%Y-%m-%d").to_string(),
        })
    }

    /// A date column: the ledger's words read, a 长期 plan kept in the note, the rest problems.
    fn date(&self, pass: &mut Pass<'_>, cells: &[Cell], f: F, input: &mut ProjectInput) -> Option<Option<String>> {
        let cell = pass.cell(cells, f)?;
        let raw = cell.text();
        let finish = matches!(f, F::PlannedFinish | F::ActualFinish);
        match words::ledger_date(cell, input.year.or(self.year), finish) {
            LedgerDate::Date(d) => Some(Some(d)),
            LedgerDate::LongTerm if f == F::PlannedFinish => {
                add_note(input, format!("完成时限:{}", raw.trim()));
                Some(None)
            }
            LedgerDate::NoYear => {
                pass.problem(Some(f), format!("日期“{raw}”没有年份,表头上方的标题或文件名中也没有;请写明年份(如 2026年3月底前)"));
                None
            }
            _ => {
                pass.problem(Some(f), format!("无法识别的日期“{raw}”,应为 2026-03-31、2026年3月底前 等"));
                None
            }
        }
    }

    fn money(&self, pass: &mut Pass<'_>, cells: &[Cell], f: F) -> Option<Option<i64>> {
        let cell = pass.cell(cells, f)?;
        let unit = Money::of_header(pass.header_of(f).unwrap_or(""));
        match words::money(cell, unit) {
            Some(fen) => Some(Some(fen)),
            None => {
                pass.problem(Some(f), format!("无法识别的金额“{}”,应为数字(单位见表头,默认万元)或如“8万元”", cell.text()));
                None
            }
        }
    }

    /// The row's cells over `input` (the registered project's fields, or nothing).
    fn read(&mut self, pass: &mut Pass<'_>, cells: &[Cell], input: &mut ProjectInput, new: bool) {
        if let Some(v) = pass.text(cells, F::Year) {
            match v.trim_end_matches('年').parse::<i32>() {
                Ok(y) => input.year = Some(y),
                Err(_) => pass.problem(Some(F::Year), format!("年度“{v}”不对,应为四位年份")),
            }
        } else if new {
            input.year = self.year;
        }
        let kind_cell = pass.text(cells, F::ProjectKind);
        if let Some(v) = &kind_cell {
            match words::project_kind(v) {
                Some(k) => input.kind = Some(k),
                None => pass.warn(Some(F::ProjectKind), format!("无法识别的项目性质“{v}”,应为 民生实事/重点项目")),
            }
        }
        if let Some(v) = pass.text(cells, F::Category) {
            match words::project_category(&v) {
                Some(c) => {
                    input.category = Some(c);
                    // A category names its kind; a 项目性质 cell saying otherwise is the form's problem.
                    if kind_cell.is_none() {
                        input.kind = Some(c.kind());
                    }
                }
                None if input.kind.or(self.kind) == Some(ProjectKind::Key) => {
                    pass.problem(Some(F::Category), format!("无法识别的类别“{v}”,重点项目的类别应为 产业投资/基础设施建设"))
                }
                None => {
                    pass.warn(Some(F::Category), format!("无法识别的类别“{v}”,记为“其他”,原文写入备注"));
                    input.category = Some(ProjectCategory::Other);
                    add_note(input, format!("类别:{v}"));
                }
            }
        }
        if input.kind.is_none() {
            input.kind = self.kind;
        }
        if input.category.is_none() && input.kind == Some(ProjectKind::Livelihood) {
            input.category = Some(ProjectCategory::Other);
        }
        if input.kind.is_none() {
            pass.problem(Some(F::ProjectKind), "无法判断是民生实事还是重点项目;请加“项目性质”列,或在标题、文件名中写明");
        } else if input.category.is_none() {
            pass.problem(Some(F::Category), "重点项目请填写类别(产业投资/基础设施建设)");
        }
        for (f, slot) in [(F::Location, &mut input.location), (F::Content, &mut input.content)] {
            if let Some(v) = pass.text(cells, f) {
                *slot = Some(v);
            }
        }
        if let Some(v) = pass.cell(cells, F::Notes) {
            add_note(input, v.text().trim().to_string());
        }
        if let Some(v) = pass.text(cells, F::Street) {
            input.street_id = self.places.street(pass, &v);
        }
        if let Some(v) = pass.text(cells, F::Community) {
            let street = input.street_id.clone();
            input.community_id = self.places.community(pass, &v, street.as_deref());
        }
        if let Some(v) = pass.text(cells, F::Department) {
            input.department_id = self.places.unit(pass, &v);
        }
        if let Some(v) = self.money(pass, cells, F::Budget) {
            input.budget_fen = v;
        }
        if let Some(v) = self.money(pass, cells, F::Spent) {
            input.spent_fen = v;
        }
        if let Some(c) = pass.cell(cells, F::Quantity) {
            match words::quantity(c, None) {
                Some((q, unit)) => (input.quantity, input.unit) = (Some(q), unit),
                None => pass.problem(Some(F::Quantity), format!("无法识别的建设规模“{}”,应为数量和单位(如 132盏、约160米)", c.text())),
            }
        }
        if let Some(c) = pass.cell(cells, F::Beneficiaries) {
            let unit = words::unit_of_header(pass.header_of(F::Beneficiaries).unwrap_or(""));
            match words::quantity(c, unit).filter(|(n, _)| n.fract() == 0.0 && *n <= i32::MAX as f64) {
                Some((n, unit)) => (input.beneficiaries, input.beneficiary_unit) = (Some(n as i32), unit),
                None => pass.problem(Some(F::Beneficiaries), format!("无法识别的受益数量“{}”,应为整数和单位(如 15户)", c.text())),
            }
        }
        for f in [F::PlannedStart, F::PlannedFinish, F::ActualStart, F::ActualFinish] {
            if let Some(d) = self.date(pass, cells, f, input) {
                match f {
                    F::PlannedStart => input.planned_start = d,
                    F::PlannedFinish => input.planned_finish = d,
                    F::ActualStart => input.actual_start = d,
                    _ => input.actual_finish = d,
                }
            }
        }
        self.status(pass, cells, input, new);
    }

    /// 状态 and 进度: a percent is the progress; words are a status (已完工) or, when they say
    /// something else (主体完工,正在装修), kept in the note.
    fn status(&self, pass: &mut Pass<'_>, cells: &[Cell], input: &mut ProjectInput, new: bool) {
        let mut status = None;
        if let Some(v) = pass.text(cells, F::Status) {
            match words::project_status(&v) {
                Some(s) => status = Some(s),
                None => pass.warn(Some(F::Status), format!("无法识别的状态“{v}”,未导入;应为 谋划/在建/完工/验收/暂停")),
            }
        }
        if let Some(c) = pass.cell(cells, F::Progress) {
            match words::percent(c) {
                Some(p) => input.progress = Some(p),
                None => {
                    let v = c.text().trim().to_string();
                    match words::project_status(&v) {
                        Some(s) if status.is_none() => status = Some(s),
                        _ => add_note(input, format!("进度:{v}")),
                    }
                }
            }
        }
        // Without a status word, the row's own dates say how far it got.
        let status = status.or(if new || input.actual_finish.is_some() {
            Some(if input.actual_finish.is_some() {
                ProjectStatus::Finished
            } else if input.actual_start.is_some() {
                ProjectStatus::Building
            } else {
                ProjectStatus::Planning
            })
        } else {
            None
        });
        let Some(status) = status else { return };
        input.status = Some(status);
        if status.is_done() && input.progress.is_some_and(|p| p < 100) && pass.cell(cells, F::Progress).is_none() {
            input.progress = Some(100);
        }
        // A ledger says 已完工 or 在建 without the actual date the form asks for: its plan's
        // date stands in when that day has passed, said in a warning and in the note.
        let stand_in = |pass: &mut Pass<'_>, input: &mut ProjectInput, planned: Option<String>, from: F, what: &str| -> Option<String> {
            let d = planned.filter(|d| *d <= self.today)?;
            pass.warn(Some(from), format!("未填{what},按计划日期{d}记入"));
            add_note(input, format!("{what}按计划日期记"));
            Some(d)
        };
        if status.is_done() && input.actual_finish.is_none() {
            let planned = input.planned_finish.clone();
            input.actual_finish = stand_in(pass, input, planned, F::PlannedFinish, "实际完工日期");
        }
        let started = status == ProjectStatus::Building || (status.is_done() && input.planned_start.is_some());
        if started && input.actual_start.is_none() {
            let planned = input.planned_start.clone();
            input.actual_start = stand_in(pass, input, planned, F::PlannedStart, "实际开工日期");
        }
    }

    /// The form's rules, once per failing field. Departments this file creates are not in the
    /// database yet, so they are checked as absent and put back after.
    fn checked(&self, pass: &mut Pass<'_>, conn: &ConnFn<'_>, id: &str, mut input: ProjectInput) -> Result<Option<Project>> {
        let new_ids = [&mut input.street_id, &mut input.community_id, &mut input.department_id]
            .map(|slot| slot.take_if(|d| self.places.is_new(d)));
        for _ in 0..8 {
            match project::checked(&conn(), id, &input) {
                Ok((mut p, warnings)) => {
                    for w in warnings {
                        pass.warn(field_of(&w.field), w.message);
                    }
                    let [s, c, d] = new_ids;
                    p.street_id = s.or(p.street_id);
                    p.community_id = c.or(p.community_id);
                    p.department_id = d.or(p.department_id);
                    return Ok(Some(p));
                }
                Err(CoreError::Validation { field, message }) => {
                    pass.problem(field_of(&field), message);
                    if !neutralize(&mut input, &field) {
                        break;
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }
}

impl RowImporter for Importer {
    fn row(&mut self, pass: &mut Pass<'_>, cells: &[Cell], conn: &ConnFn<'_>, sink: &mut Sink<'_>) -> Result<()> {
        let row = pass.row();
        let Some(name) = pass.text(cells, F::Name) else {
            pass.problem(Some(F::Name), "请填写项目名称");
            return Ok(());
        };
        let year = pass.text(cells, F::Year).and_then(|y| y.trim_end_matches('年').parse().ok()).or(self.year);
        if let Some(first) = self.seen.insert((name.clone(), year), row) {
            pass.problem(Some(F::Name), format!("与第{first}行的项目名称相同"));
            return Ok(());
        }
        let old = self
            .by_name
            .get(&name)
            .and_then(|ps| ps.iter().find(|p| p.year.is_none() || year.is_none() || p.year == year))
            .cloned();
        if old.is_some() {
            pass.existing(&name, "name");
            if pass.opts.existing == ExistingChoice::Skip {
                pass.report.skipped_rows += 1;
                return Ok(());
            }
        }
        let mut input = old.as_ref().map(input_of).unwrap_or_default();
        input.name = name;
        self.read(pass, cells, &mut input, old.is_none());
        let cadres_before = self.places.pending_cadres();
        let cadres = match pass.text(cells, F::Liaison) {
            Some(v) => self.places.liaison_cadres(pass, &v, None, None),
            None => vec![],
        };
        let id = old.as_ref().map(|o| o.id.clone()).unwrap_or_else(new_id);
        let record = self.checked(pass, conn, &id, input)?;
        let Some(mut new) = record.filter(|_| !pass.row_bad()) else {
            self.places.forget_cadres(pass, cadres_before);
            return Ok(());
        };
        let write = !pass.blocked();
        if write {
            self.places.flush(sink)?;
        }
        if let Some(old) = &old {
            new.created_at = old.created_at.clone();
            new.updated_at = old.updated_at.clone();
            new.due_on = old.due_on.clone();
        } else {
            new.due_on = project::due_on(&new, &[]);
        }
        if let Some(op) = count_row(pass, old, &new, Op::UpdateProject, |p| Op::InsertProject(Box::new(p))).filter(|_| write) {
            sink(op)?;
        }
        // One current contact per project: a different one already there is changed on the
        // project's page (which ends the old one), not by a ledger.
        for (n, cadre) in cadres.into_iter().enumerate() {
            match self.contacts.get(&new.id) {
                Some(c) if *c == cadre => {}
                Some(_) if n == 0 => pass.warn(Some(F::Liaison), "项目已有另一位挂钩联系人,未更换;如需更换请在项目页操作"),
                Some(_) => pass.warn(Some(F::Liaison), "每个项目一位挂钩联系人,只导入了第一位"),
                None => {
                    self.contacts.insert(new.id.clone(), cadre.clone());
                    pass.report.new_liaisons += 1;
                    if write {
                        sink(Op::Liaison(lead_liaison(cadre, None, Some(new.id.clone()), &self.today)))?;
                    }
                }
            }
        }
        Ok(())
    }
}
