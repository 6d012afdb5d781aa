//! Enterprise rows: matched to registered enterprises by USCC, else by exact name; streets and
//! communities resolved by name; 联点干部 paired by cadre name; validated by the form's rules
//! (`enterprise::checked`) against maps read once.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use super::header::ImportField as F;
use super::import::{all_live, ConnFn, ExistingChoice, Op, Pass, RowImporter, Sink};
use super::import_lookup::{count_row, lead_liaison};
use super::normalize;
use super::sheet::Cell;
use super::values;
use crate::error::{CoreError, Result};
use crate::model::cadre::{Cadre, CadreRole};
use crate::model::department::{Department, DepartmentKind};
use crate::model::enterprise::{self, Enterprise, EnterpriseInput};
use crate::model::liaison::LiaisonRole;
use crate::model::lookup::Lookup;
use crate::model::new_id;
use crate::store::get_opt;

/// What the rules look up, held in memory for the whole file.
pub(super) struct Maps {
    /// USCC → (id, name) of live enterprises.
    pub(super) by_uscc: HashMap<String, (String, String)>,
    pub(super) by_name: HashMap<String, String>,
    depts: HashMap<String, Department>,
    streets: HashMap<String, String>,
    communities: HashMap<String, String>,
    /// Units (any department that is not a street or community) by name, for a created cadre.
    pub(super) units: HashMap<String, String>,
    /// Cadre name → (id, active) of each live cadre so named.
    pub(super) cadres: HashMap<String, Vec<(String, bool)>>,
    /// Current lead liaisons, (enterprise, cadre).
    pairs: HashSet<(String, String)>,
}

impl Lookup for Maps {
    fn uscc_holder(&self, uscc: &str, except_id: &str) -> Result<Option<String>> {
        Ok(self.by_uscc.get(uscc).filter(|(id, _)| id != except_id).map(|(_, n)| n.clone()))
    }
    fn department(&self, id: &str) -> Result<Option<Department>> {
        Ok(self.depts.get(id).cloned())
    }
}

pub(crate) struct Importer {
    pub(super) maps: Maps,
    /// Rows already seen in this file, by USCC and by name, and the registered records they matched.
    seen_uscc: HashMap<String, u32>,
    seen_name: HashMap<String, u32>,
    seen_existing: HashMap<String, u32>,
    /// Departments and cadres made for rows, written just before the first row that is written.
    pub(super) pending: Vec<Department>,
    pub(super) pending_cadres: Vec<Cadre>,
    today: String,
}

impl Importer {
    pub fn load(conn: &Connection) -> Result<Importer> {
        let mut by_uscc = HashMap::new();
        let mut by_name = HashMap::new();
        {
            let mut st = conn.prepare("SELECT id, name, uscc FROM enterprises WHERE deleted = 0 ORDER BY rowid")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let (id, name, uscc): (String, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
                if let Some(u) = uscc {
                    by_uscc.insert(u, (id.clone(), name.clone()));
                }
                by_name.entry(name).or_insert(id);
            }
        }
        let mut depts = HashMap::new();
        let mut streets = HashMap::new();
        let mut communities = HashMap::new();
        let mut units = HashMap::new();
        for d in all_live::<Department>(conn)? {
            match d.kind {
                DepartmentKind::Street => drop(streets.insert(d.name.clone(), d.id.clone())),
                DepartmentKind::Community => drop(communities.insert(d.name.clone(), d.id.clone())),
                _ => drop(units.insert(d.name.clone(), d.id.clone())),
            }
            depts.insert(d.id.clone(), d);
        }
        let mut cadres: HashMap<String, Vec<(String, bool)>> = HashMap::new();
        for c in all_live::<Cadre>(conn)? {
            cadres.entry(c.name).or_default().push((c.id, c.active));
        }
        let mut pairs = HashSet::new();
        {
            let mut st = conn.prepare(
                "SELECT enterprise_id, cadre_id FROM liaisons
                 WHERE deleted = 0 AND end_date IS NULL AND role = ?1 AND enterprise_id IS NOT NULL",
            )?;
            let mut rows = st.query([LiaisonRole::Lead.as_str()])?;
            while let Some(r) = rows.next()? {
                pairs.insert((r.get(0)?, r.get(1)?));
            }
        }
        Ok(Importer {
            maps: Maps { by_uscc, by_name, depts, streets, communities, units, cadres, pairs },
            seen_uscc: HashMap::new(),
            seen_name: HashMap::new(),
            seen_existing: HashMap::new(),
            pending: vec![],
            pending_cadres: vec![],
            today: chrono::Local::now().date_naive().format("%Y-%m-%d").to_string(),
        })
    }

    pub(super) fn new_dept(&mut self, pass: &mut Pass<'_>, kind: DepartmentKind, name: &str, parent: Option<&str>) -> String {
        pass.report.new_departments += 1;
        let d = Department {
            id: new_id(),
            name: name.to_string(),
            kind,
            parent_id: parent.map(str::to_string),
            phone: None,
            sort_order: 0,
            active: true,
            created_at: String::new(),
            updated_at: String::new(),
        };
        let id = d.id.clone();
        match kind {
            DepartmentKind::Street => drop(self.maps.streets.insert(name.to_string(), id.clone())),
            DepartmentKind::Community => drop(self.maps.communities.insert(name.to_string(), id.clone())),
            _ => drop(self.maps.units.insert(name.to_string(), id.clone())),
        }
        self.maps.depts.insert(id.clone(), d.clone());
        self.pending.push(d);
        id
    }

    /// A street by name, allowing the suffix to be left off (双马 → 双马街道).
    pub(super) fn street(&mut self, pass: &mut Pass<'_>, name: &str) -> Option<String> {
        if let Some(id) = find(&self.maps.streets, name, &["街道", "镇", "乡", "街道办事处"]) {
            return Some(id);
        }
        pass.missing(DepartmentKind::Street, name, None);
        if pass.opts.create_missing {
            Some(self.new_dept(pass, DepartmentKind::Street, name, None))
        } else {
            pass.problem(Some(F::Street), format!("未找到街道“{name}”,请先在“部门与街道”中添加,或选择自动新建"));
            None
        }
    }

    pub(super) fn community(&mut self, pass: &mut Pass<'_>, name: &str, street: Option<&str>) -> Option<String> {
        if let Some(id) = find(&self.maps.communities, name, &["社区", "村", "居委会", "村委会"]) {
            return Some(id);
        }
        let street_name = street.and_then(|s| self.maps.depts.get(s)).map(|d| d.name.clone());
        pass.missing(DepartmentKind::Community, name, street_name.as_deref());
        match (pass.opts.create_missing, street) {
            (true, Some(s)) => Some(self.new_dept(pass, DepartmentKind::Community, name, Some(s))),
            (true, None) => {
                pass.problem(Some(F::Community), format!("社区“{name}”尚未登记;要自动新建,请在同一行填写所属街道"));
                None
            }
            (false, _) => {
                pass.problem(Some(F::Community), format!("未找到社区“{name}”,请先在“部门与街道”中添加,或选择自动新建"));
                None
            }
        }
    }

    /// The unit a created cadre gets: a registered one by name, a new one when the user chose
    /// to create what is missing, else none (said in a warning, so the unit is not lost unseen).
    fn cadre_unit(&mut self, pass: &mut Pass<'_>, unit: Option<&str>, cadre: &str) -> Option<String> {
        let unit = unit?;
        if let Some(id) = self.maps.units.get(unit) {
            return Some(id.clone());
        }
        pass.missing(DepartmentKind::Function, unit, None);
        if pass.opts.create_missing {
            return Some(self.new_dept(pass, DepartmentKind::Function, unit, None));
        }
        pass.warn(Some(F::LiaisonUnit), format!("未找到单位“{unit}”,新建的干部{cadre}暂未填单位;可选择自动新建单位"));
        None
    }

    /// A cadre the file names and the database lacks: created from the name and unit (no
    /// mobile: the cadre list shows it as missing), or left out of the pairing with a warning.
    fn unknown_cadre(&mut self, pass: &mut Pass<'_>, name: &str, unit: Option<&str>) -> Option<String> {
        pass.unknown_cadre(name, unit);
        if !pass.opts.create_cadres {
            let what = if pass.report.kind == super::header::ImportKind::Projects { "项目照常导入,未建立挂钩" } else { "企业照常导入,未建立联点" };
            pass.warn(Some(F::Liaison), format!("未找到干部“{name}”,{what};可在预览中选择新建这些干部"));
            return None;
        }
        let department_id = self.cadre_unit(pass, unit, name);
        let c = Cadre {
            id: new_id(),
            name: name.to_string(),
            department_id,
            position: None,
            role: CadreRole::Cadre,
            mobile: None,
            active: true,
            created_at: String::new(),
            updated_at: String::new(),
        };
        self.maps.cadres.insert(name.to_string(), vec![(c.id.clone(), true)]);
        let id = c.id.clone();
        pass.report.new_cadres += 1;
        self.pending_cadres.push(c);
        Some(id)
    }

    /// The cadres a 联点干部 cell names, each a live, active cadre. A name several cadres
    /// share is fine when one of them already looks after this enterprise (`ent`); otherwise
    /// that pairing is left for the user to make (a warning, the row still imports). A name
    /// nobody has goes to `unknown_cadre`.
    pub(super) fn liaison_cadres(&mut self, pass: &mut Pass<'_>, cell: &str, unit: Option<&str>, ent: Option<&str>) -> Vec<String> {
        let mut out = vec![];
        for name in values::split_list(cell) {
            let name = normalize::person(&name);
            match self.maps.cadres.get(&name).map(Vec::as_slice) {
                None | Some([]) => out.extend(self.unknown_cadre(pass, &name, unit)),
                Some([(id, true)]) => out.push(id.clone()),
                Some([(_, false)]) => pass.problem(Some(F::Liaison), format!("{name}已离岗,不能指派")),
                Some(many) => {
                    let paired = ent.and_then(|e| many.iter().find(|(c, _)| self.maps.pairs.contains(&(e.to_string(), c.clone()))));
                    if paired.is_none() {
                        pass.warn(
                            Some(F::Liaison),
                            format!("有{}位干部同名“{name}”,无法确定是哪一位,未指派;请导入后在系统中指派", many.len()),
                        );
                    }
                }
            }
        }
        out
    }

    pub(super) fn flush(&mut self, sink: &mut Sink<'_>) -> Result<()> {
        for d in self.pending.drain(..) {
            sink(Op::Department(d))?;
        }
        for c in self.pending_cadres.drain(..) {
            sink(Op::InsertCadre(c))?;
        }
        Ok(())
    }
}

/// `name` in `map`, or `name` + one of `suffixes`.
fn find(map: &HashMap<String, String>, name: &str, suffixes: &[&str]) -> Option<String> {
    map.get(name).or_else(|| suffixes.iter().find_map(|s| map.get(&format!("{name}{s}")))).cloned()
}

fn input_of(e: &Enterprise) -> EnterpriseInput {
    EnterpriseInput {
        name: e.name.clone(),
        short_name: e.short_name.clone(),
        uscc: e.uscc.clone(),
        industry: e.industry.clone(),
        scale: e.scale,
        stat_class: e.stat_class,
        ownership: e.ownership,
        address: e.address.clone(),
        street_id: e.street_id.clone(),
        community_id: e.community_id.clone(),
        legal_rep: e.legal_rep.clone(),
        contact_name: e.contact_name.clone(),
        contact_phone: e.contact_phone.clone(),
        tags: e.tags.clone(),
        status: Some(e.status),
        notes: e.notes.clone(),
    }
}

/// Clears the field a validation error named so the next check can find the row's other
/// problems. False when the field is not one it knows (then the loop stops).
fn neutralize(input: &mut EnterpriseInput, field: &str) -> bool {
    match field {
        "name" => input.name = "-".into(),
        "short_name" => input.short_name = None,
        "uscc" => input.uscc = None,
        "industry" => input.industry = None,
        "street_id" => input.street_id = None,
        "community_id" => input.community_id = None,
        "contact_phone" => input.contact_phone = None,
        "notes" => input.notes = None,
        _ => return false,
    }
    true
}

impl RowImporter for Importer {
    fn row(&mut self, pass: &mut Pass<'_>, cells: &[Cell], conn: &ConnFn<'_>, sink: &mut Sink<'_>) -> Result<()> {
        let row = pass.row();
        let name = pass.text(cells, F::Name);
        let uscc = pass.text(cells, F::Uscc).map(|u| normalize::uscc(&u));

        // The same enterprise twice in one file.
        if let Some(u) = &uscc {
            if let Some(first) = self.seen_uscc.insert(u.clone(), row) {
                pass.problem(Some(F::Uscc), format!("与第{first}行的统一社会信用代码相同"));
                return Ok(());
            }
        }
        if let Some(n) = &name {
            if let Some(first) = self.seen_name.insert(n.clone(), row) {
                pass.problem(Some(F::Name), format!("与第{first}行的企业名称相同"));
                return Ok(());
            }
        }

        // A registered enterprise: by USCC, else by exact name.
        let matched = match uscc.as_ref().and_then(|u| self.maps.by_uscc.get(u)) {
            Some((id, n)) => Some((id.clone(), n.clone(), "uscc")),
            None => name.as_ref().and_then(|n| self.maps.by_name.get(n)).map(|id| (id.clone(), name.clone().unwrap_or_default(), "name")),
        };
        let old = match &matched {
            Some((id, shown, by)) => {
                if let Some(first) = self.seen_existing.insert(id.clone(), row) {
                    pass.problem(None, format!("与第{first}行对应同一家已登记企业“{shown}”"));
                    return Ok(());
                }
                pass.existing(shown, by);
                if pass.opts.existing == ExistingChoice::Skip {
                    pass.report.skipped_rows += 1;
                    return Ok(());
                }
                let old: Option<Enterprise> = get_opt(&conn(), id)?;
                Some(old.ok_or_else(|| CoreError::NotFound { what: "企业", id: id.clone() })?)
            }
            None => None,
        };

        // The row's non-empty cells over the registered record (or over nothing).
        let mut input = old.as_ref().map(input_of).unwrap_or_default();
        if let Some(n) = name {
            input.name = n;
        }
        if uscc.is_some() {
            input.uscc = uscc;
        }
        let text = |f| pass.text(cells, f);
        if let Some(v) = text(F::ShortName) {
            input.short_name = Some(v);
        }
        if let Some(v) = text(F::LegalRep) {
            input.legal_rep = Some(normalize::person(&v));
        }
        if let Some(v) = text(F::ContactName) {
            input.contact_name = Some(normalize::person(&v));
        }
        if let Some(v) = text(F::Address) {
            input.address = Some(v);
        }
        if let Some(v) = pass.cell(cells, F::Tags) {
            input.tags = values::split_list(&v.text());
        }
        if let Some(v) = pass.cell(cells, F::Notes) {
            input.notes = Some(v.text().trim().to_string());
        }
        if let Some(v) = pass.cell(cells, F::ContactPhone) {
            let (first, more) = normalize::first_phone(&v.text());
            if more {
                pass.warn(Some(F::ContactPhone), format!("含多个号码,只导入了第一个“{first}”"));
            }
            input.contact_phone = Some(first);
        }
        if let Some(v) = pass.text(cells, F::Industry) {
            match values::industry(&v) {
                Some(code) => input.industry = Some(code.to_string()),
                None => pass.warn(Some(F::Industry), format!("无法识别的行业“{v}”,该项未导入;可填门类字母(如 C)或门类名称(如 制造业)")),
            }
        }
        if let Some(v) = pass.text(cells, F::StatClass) {
            match values::stat_class(&v, input.industry.as_deref()) {
                Some(c) => input.stat_class = Some(c),
                None => pass.warn(Some(F::StatClass), format!("无法识别的统计分类“{v}”,该项未导入;{}", values::STAT_CLASS_HINT)),
            }
        }
        // A 企业规模 column says 大中小微, or (as many rosters do) 规上 / 规下 / 四上 / 限上:
        // the first goes to the size class, the second to the 统计分类.
        if let Some(v) = pass.text(cells, F::Scale) {
            match (values::scale(&v), values::stat_class(&v, input.industry.as_deref())) {
                (Some(s), _) => input.scale = Some(s),
                (None, Some(c)) if pass.text(cells, F::StatClass).is_none() => input.stat_class = Some(c),
                (None, Some(_)) => {}
                (None, None) => pass.warn(
                    Some(F::Scale),
                    format!("无法识别的企业规模“{v}”,该项未导入;应为 大型/中型/小型/微型,或统计分类({})", values::STAT_CLASS_HINT),
                ),
            }
        }
        if let Some(v) = pass.text(cells, F::Ownership) {
            match values::ownership(&v) {
                Some(o) => input.ownership = Some(o),
                None => pass.warn(Some(F::Ownership), format!("无法识别的经济类型“{v}”,该项未导入;应为 国有/民营/外资/港澳台/集体/其他")),
            }
        }
        if let Some(v) = pass.text(cells, F::Status) {
            match values::status(&v) {
                Some(s) => input.status = Some(s),
                None => pass.warn(Some(F::Status), format!("无法识别的状态“{v}”,该项未导入;应为 在营/迁出/注销")),
            }
        }
        if let Some(v) = pass.text(cells, F::Street) {
            input.street_id = self.street(pass, &v);
            if pass.has(F::Community) && pass.text(cells, F::Community).is_none() {
                // A new street without a community: the old community may not belong to it.
                input.community_id = None;
            }
        }
        if let Some(v) = pass.text(cells, F::Community) {
            let street = input.street_id.clone();
            input.community_id = self.community(pass, &v, street.as_deref());
            // A community names its street when the row leaves the street out.
            if !pass.has(F::Street) || pass.text(cells, F::Street).is_none() {
                if let Some(parent) = input.community_id.as_ref().and_then(|c| self.maps.depts.get(c)).and_then(|d| d.parent_id.clone()) {
                    input.street_id = Some(parent);
                }
            }
        }
        let cadres_before = self.pending_cadres.len();
        let cadres = match pass.text(cells, F::Liaison) {
            Some(v) => {
                let unit = pass.text(cells, F::LiaisonUnit);
                self.liaison_cadres(pass, &v, unit.as_deref(), old.as_ref().map(|o| o.id.as_str()))
            }
            None => vec![],
        };
        let since = match pass.cell(cells, F::LiaisonSince) {
            None => self.today.clone(),
            Some(c) => {
                let d = match c {
                    Cell::Date(s) => normalize::date_from_serial(*s).map(|d| d.format("%Y-%m-%d").to_string()),
                    other => normalize::date_text(&other.text()),
                };
                d.unwrap_or_else(|| {
                    pass.problem(Some(F::LiaisonSince), format!("日期“{}”无法识别,应为 2021-12-03 或 2021年12月3日", c.text()));
                    self.today.clone()
                })
            }
        };

        // The form's rules; after a failing field is cleared the check runs again, so one
        // row reports every bad field, not just the first.
        let id = old.as_ref().map(|o| o.id.clone()).unwrap_or_else(new_id);
        let mut record = None;
        for _ in 0..8 {
            match enterprise::checked(&self.maps, &id, &input) {
                Ok((e, warnings)) => {
                    for w in warnings {
                        let f = pass.field_of(&w.field);
                        pass.warn(f, w.message);
                    }
                    record = Some(e);
                    break;
                }
                Err(CoreError::Validation { field, message }) | Err(CoreError::Conflict { field: Some(field), message }) => {
                    let f = pass.field_of(&field);
                    pass.problem(f, message);
                    if !neutralize(&mut input, &field) {
                        break;
                    }
                }
                Err(e) => return Err(e),
            }
        }
        let Some(mut new) = record.filter(|_| !pass.row_bad()) else {
            self.forget_cadres(pass, cadres_before);
            return Ok(());
        };

        let write = !pass.blocked();
        if write {
            self.flush(sink)?;
        }
        if let Some(old) = &old {
            new.created_at = old.created_at.clone();
            new.updated_at = old.updated_at.clone();
        }
        let is_new = old.is_none();
        let op = count_row(pass, old, &new, Op::UpdateEnterprise, Op::InsertEnterprise);
        if is_new {
            if let Some(u) = &new.uscc {
                self.maps.by_uscc.insert(u.clone(), (new.id.clone(), new.name.clone()));
            }
        }
        if let Some(op) = op.filter(|_| write) {
            sink(op)?;
        }
        for cadre in cadres {
            if self.maps.pairs.insert((new.id.clone(), cadre.clone())) {
                pass.report.new_liaisons += 1;
                if write {
                    sink(Op::Liaison(lead_liaison(cadre, Some(new.id.clone()), None, &since)))?;
                }
            }
        }
        Ok(())
    }
}
