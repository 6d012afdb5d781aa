//! Support ledger rows (惠企台账) → support outcomes, through the form's rules
//! (`support::checked`). The enterprise is matched as the registry import matches it — by USCC,
//! else exact name — and an enterprise the registry lacks is a problem naming it: an outcome
//! belongs to a registered enterprise, so the office registers it (or imports its roster) first.
//! A row the database already holds (same enterprise, type, date, amount and count) is left out,
//! so importing a ledger again adds nothing.

use std::collections::HashMap;

use rusqlite::Connection;

use super::header::ImportField as F;
use super::import::{all_live, ConnFn, Op, Pass, RowImporter, Sink};
use super::import_enterprise::Importer as Places;
use super::import_issue::ledger_year;
use super::ledger_words::{self as words, LedgerDate, Money};
use super::normalize;
use super::sheet::{Cell, Sheet};
use crate::error::{CoreError, Result};
use crate::model::new_id;
use crate::model::support::{self, Support, SupportInput, SupportKind};

/// What makes two outcomes the same one.
type Key = (String, SupportKind, String, Option<i64>, Option<i64>);

pub(crate) struct Importer {
    places: Places,
    /// Live outcomes, and the rows of this file, by `Key` (0: registered before).
    have: HashMap<Key, u32>,
    year: Option<i32>,
}

fn field_of(model: &str) -> Option<F> {
    Some(match model {
        "enterprise_id" => F::Name,
        "kind" => F::Category,
        "amount_fen" => F::Amount,
        "count" | "unit" => F::Count,
        "status" => F::Status,
        "date" => F::Date,
        "department_id" => F::Department,
        "note" => F::Notes,
        _ => return None,
    })
}

impl Importer {
    pub fn load(conn: &Connection, sheet: &Sheet, header_idx: usize) -> Result<Importer> {
        let have = all_live::<Support>(conn)?
            .into_iter()
            .map(|s| ((s.enterprise_id, s.kind, s.date, s.amount_fen, s.count), 0))
            .collect();
        Ok(Importer { places: Places::load(conn)?, have, year: ledger_year(sheet, header_idx).map(|(y, _)| y) })
    }

    /// The row read into the form's input; problems said on the way.
    fn read(&mut self, pass: &mut Pass<'_>, cells: &[Cell], input: &mut SupportInput) {
        match pass.text(cells, F::Category) {
            None => pass.problem(Some(F::Category), "请填写成效类型"),
            Some(v) => match words::support_kind(&v) {
                Some(k) => input.kind = Some(k),
                None => {
                    let all: Vec<&str> = SupportKind::ALL.iter().map(|k| k.zh()).collect();
                    pass.problem(Some(F::Category), format!("无法识别的成效类型“{v}”,应为 {}", all.join("/")))
                }
            },
        }
        if let Some(c) = pass.cell(cells, F::Amount) {
            let unit = Money::of_header(pass.header_of(F::Amount).unwrap_or(""));
            match words::money(c, unit) {
                Some(fen) => input.amount_fen = Some(fen),
                None => pass.problem(Some(F::Amount), format!("无法识别的金额“{}”,应为数字(单位见表头,默认万元)或如“8万元”", c.text())),
            }
        }
        if let Some(c) = pass.cell(cells, F::Count) {
            let unit = words::unit_of_header(pass.header_of(F::Count).unwrap_or(""));
            match words::quantity(c, unit).filter(|(n, _)| n.fract() == 0.0) {
                Some((n, unit)) => (input.count, input.unit) = (Some(n as i64), unit),
                None => pass.problem(Some(F::Count), format!("无法识别的数量“{}”,应为整数(如 79、79人)", c.text())),
            }
        }
        if let Some(u) = pass.text(cells, F::Unit) {
            input.unit = Some(u);
        }
        if let Some(v) = pass.text(cells, F::Status) {
            match words::support_status(&v) {
                Some(s) => input.status = Some(s),
                None => pass.problem(Some(F::Status), format!("无法识别的状态“{v}”,应为 意向/办理中/已到位(或 已完成、已放款 等)")),
            }
        }
        match pass.cell(cells, F::Date) {
            None => pass.problem(Some(F::Date), "请填写日期"),
            Some(c) => match words::ledger_date(c, self.year, false) {
                LedgerDate::Date(d) => input.date = Some(d),
                LedgerDate::NoYear => pass.problem(Some(F::Date), format!("日期“{}”没有年份,标题或文件名中也没有;请写明年份", c.text())),
                _ => pass.problem(Some(F::Date), format!("无法识别的日期“{}”,应为 2026-03-05 或 2026年3月5日", c.text())),
            },
        }
        if let Some(v) = pass.text(cells, F::Department) {
            input.department_id = self.places.unit(pass, &v);
        }
        if let Some(c) = pass.cell(cells, F::Notes) {
            input.note = Some(c.text().trim().to_string());
        }
    }
}

impl RowImporter for Importer {
    fn row(&mut self, pass: &mut Pass<'_>, cells: &[Cell], conn: &ConnFn<'_>, sink: &mut Sink<'_>) -> Result<()> {
        let name = pass.text(cells, F::Name);
        let uscc = pass.text(cells, F::Uscc).map(|u| normalize::uscc(&u));
        let enterprise = self.places.enterprise(uscc.as_deref(), name.as_deref());
        let mut input = SupportInput::default();
        match (&enterprise, &name, &uscc) {
            (Some((id, _, _)), _, _) => input.enterprise_id = id.clone(),
            (None, None, None) => pass.problem(Some(F::Name), "请填写企业名称或统一社会信用代码"),
            (None, Some(n), _) => pass.problem(Some(F::Name), format!("未找到企业“{n}”,请先在企业名录中登记(或导入企业名单)后再导入")),
            (None, None, Some(u)) => pass.problem(Some(F::Uscc), format!("未找到统一社会信用代码为“{u}”的企业,请先在企业名录中登记")),
        }
        self.read(pass, cells, &mut input);
        if pass.row_bad() {
            return Ok(());
        }
        // A department this file creates is not in the database yet: checked as absent.
        let new_dept = input.department_id.take_if(|d| self.places.is_new(d));
        let mut s = match support::checked(&conn(), &new_id(), &input) {
            Ok(s) => s,
            Err(CoreError::Validation { field, message }) => {
                pass.problem(field_of(&field), message);
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        s.department_id = new_dept.or(s.department_id);
        let key = (s.enterprise_id.clone(), s.kind, s.date.clone(), s.amount_fen, s.count);
        let shown = enterprise.map(|(_, n, _)| n).unwrap_or_default();
        match self.have.get(&key) {
            Some(0) => {
                pass.existing(&shown, "same");
                pass.report.unchanged_rows += 1;
                return Ok(());
            }
            Some(first) => {
                pass.warn(None, format!("与第{first}行是同一条成效(企业、类型、日期、金额和数量相同),未重复导入"));
                pass.report.unchanged_rows += 1;
                return Ok(());
            }
            None => drop(self.have.insert(key, pass.row())),
        }
        pass.report.new_rows += 1;
        if !pass.blocked() {
            self.places.flush(sink)?;
            sink(Op::InsertSupport(Box::new(s)))?;
        }
        Ok(())
    }
}
