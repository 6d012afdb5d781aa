//! Cadre rows: matched to registered cadres by mobile (rows without one: by name within the unit);
//! units resolved by name; validated by the form's rules (`cadre::checked`) against maps.

use std::collections::HashMap;

use rusqlite::Connection;

use super::header::ImportField as F;
use super::import::{all_live, ConnFn, ExistingChoice, Op, Pass, RowImporter, Sink};
use super::normalize;
use super::sheet::Cell;
use super::values;
use crate::error::{CoreError, Result};
use crate::model::cadre::{self, Cadre, CadreInput, CadreRole};
use crate::model::department::{Department, DepartmentKind};
use crate::model::lookup::Lookup;
use crate::model::new_id;
use crate::store::get_opt;

struct Maps {
    depts: HashMap<String, Department>,
    /// Unit name → id; a name used by several kinds resolves to a functional department first.
    dept_by_name: HashMap<String, String>,
    /// Mobile → id, for mobiles only one live cadre has.
    by_mobile: HashMap<String, Option<String>>,
    /// (name, unit id or "") → id, for pairs only one live cadre has, used for rows without a mobile.
    by_name: HashMap<(String, String), Option<String>>,
}

impl Lookup for Maps {
    fn uscc_holder(&self, _: &str, _: &str) -> Result<Option<String>> {
        Ok(None)
    }
    fn department(&self, id: &str) -> Result<Option<Department>> {
        Ok(self.depts.get(id).cloned())
    }
}

pub(crate) struct Importer {
    maps: Maps,
    seen_mobile: HashMap<String, u32>,
    seen_name: HashMap<(String, String), u32>,
    seen_existing: HashMap<String, u32>,
    pending: Vec<Department>,
}

fn rank(k: DepartmentKind) -> u8 {
    match k {
        DepartmentKind::Function => 0,
        DepartmentKind::Company => 1,
        DepartmentKind::Street => 2,
        DepartmentKind::Community => 3,
    }
}

impl Importer {
    pub fn load(conn: &Connection) -> Result<Importer> {
        let mut all = all_live::<Department>(conn)?;
        all.sort_by_key(|d| rank(d.kind));
        let mut dept_by_name = HashMap::new();
        for d in &all {
            dept_by_name.entry(d.name.clone()).or_insert_with(|| d.id.clone());
        }
        let depts = all.into_iter().map(|d| (d.id.clone(), d)).collect();
        let mut by_mobile: HashMap<String, Option<String>> = HashMap::new();
        let mut by_name: HashMap<(String, String), Option<String>> = HashMap::new();
        for c in all_live::<Cadre>(conn)? {
            if let Some(m) = &c.mobile {
                // A mobile two cadres share identifies neither.
                by_mobile.entry(m.clone()).and_modify(|v| *v = None).or_insert_with(|| Some(c.id.clone()));
            }
            let key = (c.name.clone(), c.department_id.clone().unwrap_or_default());
            by_name.entry(key).and_modify(|v| *v = None).or_insert_with(|| Some(c.id.clone()));
        }
        Ok(Importer {
            maps: Maps { depts, dept_by_name, by_mobile, by_name },
            seen_mobile: HashMap::new(),
            seen_name: HashMap::new(),
            seen_existing: HashMap::new(),
            pending: vec![],
        })
    }

    fn department(&mut self, pass: &mut Pass<'_>, name: &str) -> Option<String> {
        if let Some(id) = self.maps.dept_by_name.get(name) {
            return Some(id.clone());
        }
        pass.missing(DepartmentKind::Function, name, None);
        if !pass.opts.create_missing {
            pass.problem(Some(F::Department), format!("未找到单位“{name}”,请先在“部门与街道”中添加,或选择自动新建"));
            return None;
        }
        pass.report.new_departments += 1;
        let d = Department {
            id: new_id(),
            name: name.to_string(),
            kind: DepartmentKind::Function,
            parent_id: None,
            phone: None,
            sort_order: 0,
            active: true,
            created_at: String::new(),
            updated_at: String::new(),
        };
        let id = d.id.clone();
        self.maps.dept_by_name.insert(name.to_string(), id.clone());
        self.maps.depts.insert(id.clone(), d.clone());
        self.pending.push(d);
        Some(id)
    }
}

fn input_of(c: &Cadre) -> CadreInput {
    CadreInput {
        name: c.name.clone(),
        department_id: c.department_id.clone(),
        position: c.position.clone(),
        role: Some(c.role),
        mobile: c.mobile.clone(),
        active: Some(c.active),
    }
}

fn neutralize(input: &mut CadreInput, field: &str) -> bool {
    match field {
        "name" => input.name = "-".into(),
        "department_id" => input.department_id = None,
        "role" => input.role = Some(CadreRole::Cadre),
        "mobile" => input.mobile = None,
        _ => return false,
    }
    true
}

impl RowImporter for Importer {
    fn row(&mut self, pass: &mut Pass<'_>, cells: &[Cell], conn: &ConnFn<'_>, sink: &mut Sink<'_>) -> Result<()> {
        let row = pass.row();
        let name = pass.text(cells, F::Name).map(|n| normalize::person(&n));
        let mobile = pass.cell(cells, F::Mobile).map(|c| normalize::first_phone(&c.text()));
        if let Some((_, true)) = &mobile {
            pass.warn(Some(F::Mobile), "含多个号码,只导入了第一个");
        }
        let mobile = mobile.map(|(m, _)| m);
        let dept = match pass.text(cells, F::Department) {
            Some(d) => self.department(pass, &d),
            None => None,
        };

        if let Some(m) = &mobile {
            if let Some(first) = self.seen_mobile.insert(m.clone(), row) {
                pass.problem(Some(F::Mobile), format!("与第{first}行的手机号码相同"));
                return Ok(());
            }
        }
        // A cadre is known by mobile; only without one by name within the unit (namesakes
        // are common, and two 王敏 with their own mobiles are two people).
        let name_key = name.clone().filter(|_| mobile.is_none()).map(|n| (n, dept.clone().unwrap_or_default()));
        if let Some(k) = &name_key {
            if let Some(first) = self.seen_name.insert(k.clone(), row) {
                pass.problem(Some(F::Name), format!("与第{first}行的姓名和单位相同"));
                return Ok(());
            }
        }

        let matched = match mobile.as_ref().and_then(|m| self.maps.by_mobile.get(m)).cloned().flatten() {
            Some(id) => Some((id, "mobile")),
            None => name_key.as_ref().and_then(|k| self.maps.by_name.get(k)).cloned().flatten().map(|id| (id, "name")),
        };
        let old = match matched {
            Some((id, by)) => {
                if let Some(first) = self.seen_existing.insert(id.clone(), row) {
                    pass.problem(None, format!("与第{first}行对应同一位已登记干部"));
                    return Ok(());
                }
                let old: Cadre = get_opt(&conn(), &id)?.ok_or_else(|| CoreError::NotFound { what: "干部", id: id.clone() })?;
                pass.existing(&old.name, by);
                if pass.opts.existing == ExistingChoice::Skip {
                    pass.report.skipped_rows += 1;
                    return Ok(());
                }
                Some(old)
            }
            None => None,
        };

        let mut input = old.as_ref().map(input_of).unwrap_or_default();
        if let Some(n) = name {
            input.name = n;
        }
        if dept.is_some() {
            input.department_id = dept;
        }
        if mobile.is_some() {
            input.mobile = mobile;
        }
        if let Some(p) = pass.text(cells, F::Position) {
            input.position = Some(p);
        }
        if let Some(v) = pass.text(cells, F::Role) {
            match values::role(&v) {
                Some(r) => input.role = Some(r),
                None => pass.warn(Some(F::Role), format!("无法识别的角色“{v}”,按联点干部导入;应为 领导/联点干部/专员")),
            }
        }
        // Lists of cadres seldom say; a new one is a liaison cadre unless told otherwise.
        input.role.get_or_insert(CadreRole::Cadre);
        if let Some(v) = pass.text(cells, F::Active) {
            match values::yes_no(&v) {
                Some(a) => input.active = Some(a),
                None => pass.warn(Some(F::Active), format!("无法识别的在岗情况“{v}”,该项未导入;应为 是/否")),
            }
        }

        let id = old.as_ref().map(|o| o.id.clone()).unwrap_or_else(new_id);
        let mut record = None;
        for _ in 0..6 {
            match cadre::checked(&self.maps, &id, &input) {
                Ok(c) => {
                    record = Some(c);
                    break;
                }
                Err(CoreError::Validation { field, message }) => {
                    let f = pass.field_of(&field);
                    pass.problem(f, message);
                    if !neutralize(&mut input, &field) {
                        break;
                    }
                }
                Err(e) => return Err(e),
            }
        }
        let Some(mut new) = record.filter(|_| !pass.row_bad()) else { return Ok(()) };
        let write = !pass.blocked();
        if write {
            for d in self.pending.drain(..) {
                sink(Op::Department(d))?;
            }
        }
        match old {
            Some(old) => {
                new.created_at = old.created_at.clone();
                new.updated_at = old.updated_at.clone();
                if new == old {
                    pass.report.unchanged_rows += 1;
                } else {
                    pass.report.update_rows += 1;
                    if write {
                        sink(Op::UpdateCadre(Box::new((old, new))))?;
                    }
                }
            }
            None => {
                pass.report.new_rows += 1;
                if write {
                    sink(Op::InsertCadre(new))?;
                }
            }
        }
        Ok(())
    }
}
