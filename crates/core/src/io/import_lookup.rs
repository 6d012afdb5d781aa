//! What the project and support importers look up through the registry import's maps (read
//! once per file): units by name, enterprises by USCC or name, and the cadres and departments
//! a row creates, so the three importers resolve names one way.

use super::header::{ImportField as F, ImportKind};
use super::header_ledgers::{self, NotData};
use super::import::{Op, Pass};
use super::import_enterprise::Importer;
use super::sheet::Cell;
use crate::model::department::DepartmentKind;

/// What a ledger's pass says beyond the registry's.
impl Pass<'_> {
    fn ledger(&self) -> bool {
        matches!(self.report.kind, ImportKind::Projects | ImportKind::Supports)
    }

    /// A ledger's 合计 row sums its records (skipped); a note under the table is said, not
    /// imported.
    pub(super) fn not_ledger_data(&mut self, cells: &[Cell]) -> bool {
        if !self.ledger() {
            return false;
        }
        match header_ledgers::not_data(cells) {
            Some(NotData::Total) => true,
            Some(NotData::Note(text)) => {
                self.warn(None, format!("表下说明“{text}”不是数据行,未导入"));
                true
            }
            None => false,
        }
    }

    /// A ledger's column the importer does not know is said at the header, not dropped unseen.
    pub(super) fn warn_unread_columns(&mut self) {
        if !self.ledger() {
            return;
        }
        let unread: Vec<String> = self
            .report
            .columns
            .iter()
            .filter(|c| c.field.is_none() && !c.header.is_empty() && c.header != "序号")
            .map(|c| c.header.clone())
            .collect();
        if !unread.is_empty() {
            self.warn(None, format!("以下列未导入:{};如需导入,请在列对应中为其选择字段", unread.join("、")));
        }
    }
}

/// What the project and support importers look up through the registry's maps.
impl Importer {
    /// A row left out creates nobody: the cadres it named after the first `kept` pending ones
    /// are met again on a good row.
    pub(super) fn forget_cadres(&mut self, pass: &mut Pass<'_>, kept: usize) {
        for c in self.pending_cadres.drain(kept..) {
            self.maps.cadres.remove(&c.name);
            pass.report.new_cadres -= 1;
        }
    }

    pub(super) fn pending_cadres(&self) -> usize {
        self.pending_cadres.len()
    }

    /// A unit (责任单位, 帮办单位) by name: registered, created when the user chose to, else a
    /// problem naming it.
    pub(super) fn unit(&mut self, pass: &mut Pass<'_>, name: &str) -> Option<String> {
        if let Some(id) = self.maps.units.get(name) {
            return Some(id.clone());
        }
        pass.missing(DepartmentKind::Function, name, None);
        if pass.opts.create_missing {
            return Some(self.new_dept(pass, DepartmentKind::Function, name, None));
        }
        pass.problem(Some(F::Department), format!("未找到单位“{name}”,请先在“部门与街道”中添加,或选择自动新建"));
        None
    }

    /// A department this pass creates (not in the database until the row is written).
    pub(super) fn is_new(&self, id: &str) -> bool {
        self.pending.iter().any(|d| d.id == id)
    }

    /// A registered enterprise by USCC, else by exact name: (id, name, how it matched).
    pub(super) fn enterprise(&self, uscc: Option<&str>, name: Option<&str>) -> Option<(String, String, &'static str)> {
        match uscc.and_then(|u| self.maps.by_uscc.get(u)) {
            Some((id, n)) => Some((id.clone(), n.clone(), "uscc")),
            None => name.and_then(|n| self.maps.by_name.get(n).map(|id| (id.clone(), n.to_string(), "name"))),
        }
    }
}


/// A row's record against the registered one it matched (its timestamps already copied over):
/// counted as unchanged, updated or new, with the write it asks for (none when unchanged).
pub(super) fn count_row<T: PartialEq + Clone>(
    pass: &mut Pass<'_>,
    old: Option<T>,
    new: &T,
    update: impl FnOnce(Box<(T, T)>) -> Op,
    insert: impl FnOnce(T) -> Op,
) -> Option<Op> {
    match old {
        Some(old) if old == *new => {
            pass.report.unchanged_rows += 1;
            None
        }
        Some(old) => {
            pass.report.update_rows += 1;
            Some(update(Box::new((old, new.clone()))))
        }
        None => {
            pass.report.new_rows += 1;
            Some(insert(new.clone()))
        }
    }
}

/// A 联点/挂钩 pairing the import makes (of an enterprise or a project), from `since`.
pub(super) fn lead_liaison(cadre_id: String, enterprise_id: Option<String>, project_id: Option<String>, since: &str) -> crate::model::liaison::Liaison {
    crate::model::liaison::Liaison {
        id: crate::model::new_id(),
        cadre_id,
        enterprise_id,
        project_id,
        role: crate::model::liaison::LiaisonRole::Lead,
        start_date: since.to_string(),
        end_date: None,
        note: Some("导入".into()),
        created_at: String::new(),
        updated_at: String::new(),
    }
}
