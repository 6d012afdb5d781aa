//! One ledger row → one issue and its timeline. Names are resolved against maps read once per
//! pass, never a query per row: enterprises by USCC or exact name, departments and streets by
//! name, cadres by name. A row already in the database (same 编号 and text, or same date,
//! subject and text) is left out, so importing a ledger twice adds nothing. What the row's
//! status implies is checked and derived in `import_issue_state.rs`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::import::all_live;
use super::import_hotline::{Complaint, Repeats};
use super::import_issue::{fmt_date, IssueField as F, IssuePass};
use super::import_issue_no::Numbers;
use super::import_issue_state::{self as state, Read};
use super::issue_words::{self as words, Limit, StatusWord};
use super::normalize;
use super::sheet::Cell;
use super::values::split_list;
use crate::calendar::Calendar;
use crate::error::Result;
use crate::model::cadre::Cadre;
use crate::model::department::{Department, DepartmentKind};
use crate::model::issue::rules::IssueRules;
use crate::model::issue::{Disposition, Issue, IssueEvent, Source, Status, Tier};
use crate::model::new_id;

/// What every row needs besides its cells.
pub(crate) struct Ctx {
    pub cal: Calendar,
    pub rules: IssueRules,
    pub actor: String,
    pub today: NaiveDate,
}

/// The writes of one good row, in order.
pub(crate) struct Planned {
    /// Departments the row names that are created for it (with `create_missing`).
    pub departments: Vec<Department>,
    pub issue: Issue,
    pub events: Vec<IssueEvent>,
}

fn rank(k: DepartmentKind) -> u8 {
    match k {
        DepartmentKind::Function => 0,
        DepartmentKind::Street => 1,
        DepartmentKind::Company => 2,
        DepartmentKind::Community => 3,
    }
}

pub(crate) struct Importer {
    ctx: Ctx,
    /// Enterprise name / USCC → (id, name, street).
    ents_by_name: HashMap<String, (String, Option<String>)>,
    ents_by_uscc: HashMap<String, (String, String, Option<String>)>,
    /// Department name → id; a name several kinds use resolves to a functional department first.
    depts: HashMap<String, String>,
    streets: HashMap<String, String>,
    /// Cadre name → id, None when several live cadres share the name.
    cadres: HashMap<String, Option<String>>,
    numbers: Numbers,
    /// 工单编号 registered, or seen in this file.
    hotline_nos: HashSet<String>,
    pub repeats: Repeats,
    pending: Vec<Department>,
    created: u32,
}

impl Importer {
    pub fn load(conn: &Connection, ctx: Ctx) -> Result<Importer> {
        let mut ents_by_name = HashMap::new();
        let mut ents_by_uscc = HashMap::new();
        {
            let mut st =
                conn.prepare("SELECT id, name, uscc, street_id FROM enterprises WHERE deleted = 0 ORDER BY rowid")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let (id, name, uscc, street): (String, String, Option<String>, Option<String>) =
                    (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                if let Some(u) = uscc {
                    ents_by_uscc.insert(u, (id.clone(), name.clone(), street.clone()));
                }
                ents_by_name.entry(name).or_insert((id, street));
            }
        }
        let mut all = all_live::<Department>(conn)?;
        all.sort_by_key(|d| rank(d.kind));
        let mut depts = HashMap::new();
        let mut streets = HashMap::new();
        for d in all {
            if d.kind == DepartmentKind::Street {
                streets.entry(d.name.clone()).or_insert_with(|| d.id.clone());
            }
            depts.entry(d.name).or_insert(d.id);
        }
        let mut cadres: HashMap<String, Option<String>> = HashMap::new();
        for c in all_live::<Cadre>(conn)? {
            cadres.entry(c.name).and_modify(|v| *v = None).or_insert(Some(c.id));
        }
        let mut hotline_nos = HashSet::new();
        {
            let mut st = conn.prepare("SELECT hotline_no FROM issues WHERE hotline_no IS NOT NULL AND deleted = 0")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                hotline_nos.insert(r.get(0)?);
            }
        }
        Ok(Importer {
            ctx,
            hotline_nos,
            repeats: Repeats::default(),
            ents_by_name,
            ents_by_uscc,
            depts,
            streets,
            cadres,
            numbers: Numbers::load(conn)?,
            pending: vec![],
            created: 0,
        })
    }

    pub fn new_departments(&self) -> u32 {
        self.created
    }

    fn department(&mut self, pass: &mut IssuePass<'_>, field: F, name: &str) -> Option<String> {
        if let Some(id) = self.depts.get(name) {
            return Some(id.clone());
        }
        pass.missing(name);
        if !pass.opts.create_missing {
            pass.problem(Some(field), format!("未找到单位“{name}”,请先在“部门与街道”中添加,或选择自动新建"));
            return None;
        }
        self.created += 1;
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
        self.depts.insert(name.to_string(), d.id.clone());
        let id = d.id.clone();
        self.pending.push(d);
        Some(id)
    }

    /// A date cell, checked: readable and not after today. A date without its year ("3月7日")
    /// takes the ledger's year (given in the preview, or found in the title or the file name).
    fn date(&self, pass: &mut IssuePass<'_>, cells: &[Cell], f: F) -> Option<NaiveDate> {
        let c = pass.cell(cells, f)?;
        let read = words::date(c).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        let Some(d) = read.or_else(|| self.yearless(pass, f, &c.text())) else {
            // A date without its year has had its problem said by `yearless`.
            if normalize::month_day(&c.text()).is_none() {
                pass.problem(Some(f), format!("日期“{}”无法识别,应为 2026-03-02 或 2026年3月2日", c.text()));
            }
            return None;
        };
        if d > self.ctx.today {
            pass.problem(Some(f), format!("{}“{}”晚于今天", super::import_issue::issue_field_label(f), fmt_date(d)));
            return None;
        }
        Some(d)
    }

    /// "3月7日" on the ledger's year; without a year, a problem asking for one.
    fn yearless(&self, pass: &mut IssuePass<'_>, f: F, text: &str) -> Option<NaiveDate> {
        let (m, d) = normalize::month_day(text)?;
        pass.report.yearless_dates += 1;
        let Some(y) = pass.year() else {
            pass.problem(Some(f), format!("日期“{text}”没有年份,表格标题和文件名中也没有;请在预览中填写年份"));
            return None;
        };
        let day = NaiveDate::from_ymd_opt(y, m, d);
        if day.is_none() {
            pass.problem(Some(f), format!("{y}年没有{m}月{d}日"));
        }
        day
    }

    /// The row's category, and the ledger's word when it is kept aside: a 12345 诉求类型 the
    /// zone's categories lack goes under 其他, its word kept in the registration's note.
    fn category(&self, pass: &mut IssuePass<'_>, cells: &[Cell], hotline: bool) -> (Option<String>, Option<String>) {
        let cats = &self.ctx.rules.categories;
        let list = cats.join("、");
        let Some(raw) = pass.text(cells, F::Category) else {
            pass.problem(Some(F::Category), format!("请填写问题类别(可选:{list})"));
            return (None, None);
        };
        let bare = raw.trim_end_matches("问题").trim_end_matches("方面").trim_end_matches('类');
        if let Some(c) = cats.iter().find(|c| **c == raw || **c == bare) {
            return (Some(c.clone()), None);
        }
        // "融资难" names one category; "融资用工" two, which is not a choice.
        let within: Vec<&String> = cats.iter().filter(|c| raw.contains(c.as_str())).collect();
        if let [one] = within[..] {
            return (Some(one.clone()), None);
        }
        if let Some(other) = cats.iter().find(|c| *c == "其他").filter(|_| hotline) {
            pass.warn(Some(F::Category), format!("诉求类型“{raw}”不在类别列表中,按“{other}”导入,原类型记在办理记录中"));
            return (Some(other.clone()), Some(raw));
        }
        pass.problem(Some(F::Category), format!("问题类别“{raw}”不在类别列表中,应为 {list}(可在设置中添加类别)"));
        (None, None)
    }

    /// The enterprise (by USCC, or exact name) with its street, or the reporter: an unknown
    /// enterprise name is kept as the reporter, with the contact person in brackets.
    fn who(
        &self,
        pass: &mut IssuePass<'_>,
        cells: &[Cell],
    ) -> (Option<(String, String)>, Option<String>, Option<String>) {
        let name = pass.text(cells, F::Enterprise);
        let uscc = pass.text(cells, F::Uscc).map(|u| normalize::uscc(&u)).or_else(|| {
            // A ledger that lists enterprises by code in the name column.
            name.as_ref()
                .map(|n| normalize::uscc(n))
                .filter(|u| u.len() == 18 && u.bytes().all(|b| b.is_ascii_alphanumeric()))
        });
        let person = pass.text(cells, F::Reporter).map(|p| normalize::person(&p));
        let hit = uscc.as_ref().and_then(|u| self.ents_by_uscc.get(u).cloned()).or_else(|| {
            name.as_ref().and_then(|n| self.ents_by_name.get(n).map(|(id, st)| (id.clone(), n.clone(), st.clone())))
        });
        let (enterprise, ent_street, reporter) = match (hit, name) {
            (Some((id, n, st)), _) => (Some((id, n)), st, person),
            (None, Some(n)) => {
                pass.warn(
                    Some(F::Enterprise),
                    format!("企业名录中没有“{n}”,按反映人导入(如是企业,可先导入企业名录再导入台账)"),
                );
                let r = match person {
                    Some(p) if n.chars().count() + p.chars().count() + 2 <= 50 => format!("{n}({p})"),
                    _ => n,
                };
                (None, None, Some(r))
            }
            (None, None) => (None, None, person),
        };
        if enterprise.is_none() && reporter.is_none() {
            pass.problem(Some(F::Enterprise), "请填写企业名称或反映人");
        }
        if reporter.as_ref().is_some_and(|r| r.chars().count() > 50) {
            pass.problem(Some(F::Reporter), "反映人不能超过50个字");
        }
        let street = ent_street.or_else(|| {
            let s = pass.text(cells, F::Street)?;
            let id = self.streets.get(&s).or_else(|| self.streets.get(&format!("{s}街道"))).cloned();
            if id.is_none() {
                pass.warn(Some(F::Street), format!("未找到街道“{s}”,该项未导入"));
            }
            id
        });
        (enterprise, street, reporter)
    }

    /// The cadre who took it, by name (the first, if several are listed).
    fn cadre(&self, pass: &mut IssuePass<'_>, cells: &[Cell]) -> Option<String> {
        let v = pass.text(cells, F::Cadre)?;
        let name = split_list(&v).into_iter().next().map(|n| normalize::person(&n))?;
        match self.cadres.get(&name) {
            Some(Some(id)) => Some(id.clone()),
            Some(None) => {
                pass.warn(Some(F::Cadre), format!("有多位名为“{name}”的干部,联点干部未导入"));
                None
            }
            None => {
                pass.warn(Some(F::Cadre), format!("干部名录中没有“{name}”,联点干部未导入"));
                None
            }
        }
    }

    /// Reads and resolves a row's cells; None when a required one is missing or unreadable
    /// (the problems are in the report).
    fn read(&mut self, pass: &mut IssuePass<'_>, cells: &[Cell]) -> Option<Read> {
        let registered = match self.date(pass, cells, F::RegisteredOn) {
            None if pass.cell(cells, F::RegisteredOn).is_none() => {
                pass.problem(Some(F::RegisteredOn), "请填写登记日期");
                None
            }
            d => d,
        };
        let content = pass.cell(cells, F::Content).map(|c| c.text().trim().to_string()).filter(|t| !t.is_empty());
        match &content {
            None => pass.problem(Some(F::Content), "请填写问题描述"),
            Some(c) if c.chars().count() > 2000 => pass.problem(Some(F::Content), "问题描述不能超过2000个字"),
            _ => {}
        }
        // A 12345 work order: its number kept, its source 12345热线 unless the row says otherwise.
        let hotline_no = pass.text(cells, F::HotlineNo);
        let (category, type_word) = self.category(pass, cells, hotline_no.is_some());
        let source = coded(pass, cells, F::Source, words::source, Source::ALL, Source::zh, "按“其他”导入")
            .unwrap_or(if hotline_no.is_some() { Source::Hotline } else { Source::Other });
        let tier =
            coded(pass, cells, F::Tier, words::tier, Tier::ALL, Tier::zh, "按“常规”导入").unwrap_or(Tier::Regular);
        let disposition =
            coded(pass, cells, F::Disposition, words::disposition, Disposition::ALL, Disposition::zh, "该项未导入");
        let (enterprise, street, reporter) = self.who(pass, cells);
        let phone = phone(pass, cells);
        let taken_by = self.cadre(pass, cells);

        let mut lead_names = pass.text(cells, F::Lead).map(|v| split_list(&v)).unwrap_or_default();
        let lead_named = !lead_names.is_empty();
        let assigned = self.date(pass, cells, F::AssignedOn);
        let limit = pass.cell(cells, F::Deadline).and_then(|c| {
            let l = words::limit(c);
            if l.is_none() && !["长期", "无", "/", "-"].iter().any(|w| c.text().contains(w)) {
                pass.problem(
                    Some(F::Deadline),
                    format!("办理时限“{}”无法识别,应为日期(2026-03-10)或工作日数(7个工作日)", c.text()),
                );
            }
            l
        });
        let resolved = self.date(pass, cells, F::ResolvedOn);
        let closed = self.date(pass, cells, F::ClosedOn);
        let result = pass.cell(cells, F::Result).map(|c| c.text().trim().to_string()).filter(|t| !t.is_empty());
        if result.as_ref().is_some_and(|r| r.chars().count() > 2000) {
            pass.problem(Some(F::Result), "办理结果不能超过2000个字");
        }
        let satisfaction = pass.text(cells, F::Satisfaction).and_then(|v| {
            let s = words::satisfaction(&v);
            if s.is_none() && !["未评价", "未回访", "无", "/", "-"].contains(&v.as_str()) {
                pass.warn(Some(F::Satisfaction), format!("无法识别的满意度“{v}”,该项未导入;应为 满意/基本满意/不满意"));
            }
            s
        });

        let status_text = pass.text(cells, F::Status);
        let status = match status_text.as_deref().map(|t| (t, words::status(t))) {
            Some((_, Some(StatusWord::Is(s)))) => Some(s),
            Some((_, Some(StatusWord::Unfinished))) => {
                Some(if lead_named { Status::InProgress } else { Status::Registered })
            }
            Some((t, None)) => {
                pass.problem(Some(F::Status), format!("无法识别的办理状态“{t}”,应为 {}", words::STATUS_HINT));
                None
            }
            // No status column: what the dates and the department say.
            None if closed.is_some() => Some(Status::Closed),
            None if pass.cell(cells, F::ResolvedOn).is_some() => Some(Status::Resolved),
            None if lead_named => Some(Status::InProgress),
            None => Some(Status::Registered),
        };
        // 办理时限 "长期": tracked long term, not an open issue with a made-up deadline.
        let status = match (status, &limit) {
            (Some(Status::Assigned | Status::InProgress), Some(Limit::LongTerm)) => Some(Status::LongTerm),
            (s, _) => s,
        };
        // The departments of an issue still 待交办 are not imported, so not looked up either.
        let mut lead = None;
        let mut assisting = Vec::new();
        if status != Some(Status::Registered) && lead_named {
            let first = lead_names.remove(0);
            lead = self.department(pass, F::Lead, &first);
            let helpers = pass.text(cells, F::Assisting).map(|v| split_list(&v)).unwrap_or_default();
            for (field, name) in
                lead_names.iter().map(|n| (F::Lead, n)).chain(helpers.iter().map(|n| (F::Assisting, n)))
            {
                if let Some(id) = self.department(pass, field, name) {
                    if Some(&id) != lead.as_ref() && !assisting.contains(&id) {
                        assisting.push(id);
                    }
                }
            }
        }
        Some(Read {
            row: pass.row(),
            ledger_no: pass.text(cells, F::No),
            hotline_no,
            address: pass.text(cells, F::Address),
            type_word,
            registered: registered?,
            content: content?,
            category: category?,
            source,
            tier,
            disposition,
            enterprise,
            reporter,
            phone,
            street,
            taken_by,
            status: status?,
            status_text,
            lead_named,
            lead,
            assisting,
            assigned,
            limit,
            resolved,
            resolved_cell: pass.cell(cells, F::ResolvedOn).is_some(),
            closed,
            result,
            satisfaction,
            notes: pass.text(cells, F::Notes),
        })
    }

    /// The row's issue and timeline, or None when it has a problem or is already imported.
    pub fn row(&mut self, pass: &mut IssuePass<'_>, cells: &[Cell]) -> Option<Planned> {
        let read = self.read(pass, cells);
        let mut settled = read.as_ref().and_then(|r| state::settle(&self.ctx, pass, r));
        let (Some(r), Some(s)) = (read, settled.as_mut()) else { return None };
        if pass.row_bad() {
            return None;
        }
        if let Some(h) = &r.hotline_no {
            if !self.hotline_nos.insert(h.clone()) {
                pass.existing(h, "hotline_no");
                return None;
            }
        }
        s.issue.no = self.numbers.number(pass, &r)?;
        let complaint = (r.source == Source::Hotline).then(|| Complaint {
            row: r.row,
            day: r.registered,
            phone: r.phone.as_deref(),
            address: r.address.as_deref(),
            content: &r.content,
            id: &s.issue.id,
            no: &s.issue.no,
            hotline_no: r.hotline_no.as_deref(),
        });
        let first = complaint.and_then(|c| self.repeats.check(&c)).filter(|_| pass.opts.link_repeats);
        let (issue, events) = state::timeline(&self.ctx, s, &r, first);
        Some(Planned { departments: std::mem::take(&mut self.pending), issue, events })
    }
}

/// A coded column (来源, 层级, 处置方式) read through `parse`; a word it does not know is
/// warned about and `fallback` said of it.
fn coded<T: Copy>(
    pass: &mut IssuePass<'_>,
    cells: &[Cell],
    f: F,
    parse: fn(&str) -> Option<T>,
    all: &[T],
    zh: fn(T) -> &'static str,
    fallback: &str,
) -> Option<T> {
    let v = pass.text(cells, f)?;
    let got = parse(&v);
    if got.is_none() {
        let words: Vec<&str> = all.iter().map(|x| zh(*x)).collect();
        let what = super::import_issue::issue_field_label(f);
        pass.warn(Some(f), format!("无法识别的{what}“{v}”,{fallback};应为 {}", words.join("/")));
    }
    got
}

/// The first phone of the cell, when it is one.
fn phone(pass: &mut IssuePass<'_>, cells: &[Cell]) -> Option<String> {
    let c = pass.cell(cells, F::Phone)?;
    let (p, more) = normalize::first_phone(&c.text());
    if !is_phone(&p) {
        pass.warn(Some(F::Phone), format!("联系电话“{}”格式不对,该项未导入", c.text().trim()));
        return None;
    }
    if more {
        pass.warn(Some(F::Phone), "含多个号码,只导入了第一个");
    }
    Some(p)
}

/// A mobile or a landline (0731-58581234, 58581234转802), as the issue form accepts.
fn is_phone(p: &str) -> bool {
    let main = p.strip_prefix("+86").unwrap_or(p).split(['转', '#']).next().unwrap_or("");
    let digits = main.bytes().filter(u8::is_ascii_digit).count();
    main.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'(' | b')')) && (7..=16).contains(&digits)
}
