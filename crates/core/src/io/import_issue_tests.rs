//! Ledger (台账) import on real .xlsx files written here and a real store on a temp file.

use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::import_issue::IssueField;
use super::*;
use crate::calendar::Calendar;
use crate::model::cadre::{self, CadreInput, CadreRole};
use crate::model::department::{self, DepartmentInput, DepartmentKind};
use crate::model::enterprise::{self, EnterpriseInput};
use crate::model::issue::{
    self, ledger, EventKind, Issue, ResultKind, Satisfaction, Source, Status, Tier,
};
use crate::store::Store;
use crate::uscc;

pub(super) struct Fx {
    pub(super) _dir: tempfile::TempDir,
    pub(super) store: Store,
    pub(super) jingfa: String,
    pub(super) renshe: String,
    pub(super) street: String,
    pub(super) ent: String,
    pub(super) cadre: String,
}

fn code(n: u32) -> String {
    let first = format!("91430300MA4L{n:05}");
    format!("{first}{}", uscc::check_char(&first).unwrap())
}

pub(super) fn fx() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("t.db")).unwrap();
    store.set_actor("台账员").unwrap();
    let dept = |name: &str, kind| {
        department::create(&store, &DepartmentInput { name: name.into(), kind: Some(kind), ..Default::default() })
            .unwrap()
            .record
            .id
    };
    let jingfa = dept("经发局", DepartmentKind::Function);
    let renshe = dept("人社局", DepartmentKind::Function);
    let street = dept("双马街道", DepartmentKind::Street);
    let ent = enterprise::create(
        &store,
        &EnterpriseInput {
            name: "湘潭电机股份有限公司".into(),
            uscc: Some(code(1)),
            street_id: Some(street.clone()),
            ..Default::default()
        },
    )
    .unwrap()
    .record
    .id;
    let cadre = cadre::create(
        &store,
        &CadreInput {
            name: "张三".into(),
            role: Some(CadreRole::Cadre),
            department_id: Some(jingfa.clone()),
            ..Default::default()
        },
    )
    .unwrap()
    .record
    .id;
    Fx { _dir: dir, store, jingfa, renshe, street, ent, cadre }
}

impl Fx {
    pub fn count(&self, sql: &str) -> i64 {
        self.store.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
    }
    pub(super) fn issues(&self) -> i64 {
        self.count("SELECT count(*) FROM issues")
    }
    pub(super) fn changes(&self) -> i64 {
        self.count("SELECT count(*) FROM changes")
    }
    pub(super) fn by_content(&self, start: &str) -> Issue {
        let id: String = self
            .store
            .read(|c| Ok(c.query_row("SELECT id FROM issues WHERE content LIKE ?1 || '%'", [start], |r| r.get(0))?))
            .unwrap_or_else(|e| panic!("no issue {start}: {e}"));
        issue::get_issue(&self.store, &id).unwrap()
    }
    pub(super) fn kinds(&self, i: &Issue) -> Vec<EventKind> {
        issue::events(&self.store, &i.id).unwrap().into_iter().map(|e| e.kind).collect()
    }
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const HEADER: [&str; 20] = [
    "序号", "编号", "反映时间", "问题来源", "企业名称", "反映人", "联系电话", "问题类别", "问题描述", "问题层级", "处置方式", "牵头单位", "配合单位", "交办日期",
    "办理时限", "办理状态", "办结日期", "办理情况", "满意度", "备注",
];

/// A ledger as an office keeps it: a title merged over the header, dates as Excel dates in
/// one column and typed text in others, and the status words offices write.
pub(super) fn ledger_xlsx(rows: &[[&str; 20]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(0, 0, 0, 19, "湘潭高新区“万人助万企”问题台账(2026年)", &Format::new()).unwrap();
    ws.write_row(1, 0, HEADER).unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, v) in row.iter().enumerate() {
            // 反映时间 as real Excel dates, the way a date column usually is.
            if c == 2 && v.len() == 10 && v.as_bytes()[4] == b'-' {
                let (y, m, dd) = (v[..4].parse().unwrap(), v[5..7].parse().unwrap(), v[8..].parse().unwrap());
                ws.write_datetime_with_format(r, c as u16, ExcelDateTime::from_ymd(y, m, dd).unwrap(), &date).unwrap();
            } else if !v.is_empty() {
                ws.write(r, c as u16, *v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// Rows 3–12 of the good ledger, one per status word (and the spot-resolved and unknown-enterprise cases).
pub(super) fn good_rows() -> Vec<[&'static str; 20]> {
    vec![
        ["1", "2026-7", "2026-02-10", "入企走访", "湘潭电机股份有限公司", "李经理", "138 0731 2345", "融资", "流动资金紧张,希望协调银行授信1800万元", "常规", "专项研究", "经发局", "人社局", "2026-02-13", "7个工作日", "已办结", "2026-02-24", "已协调银行授信1800万元", "满意", "首批"],
        ["2", "", "2026-03-02", "12345热线", "湘潭电机股份有限公司", "", "", "用工", "招工难,需要技工", "常规", "", "人社局", "", "2026-03-03", "2026-03-10", "未办结", "", "已对接职业院校", "", ""],
        ["3", "", "2026-03-05", "座谈会", "", "王大爷", "0731-58581234", "民生", "小区路灯不亮", "一般", "", "", "", "", "", "待交办", "", "", "", ""],
        ["4", "", "2026-01-05", "走访", "湘潭电机股份有限公司", "", "", "土地", "厂区用地手续", "重大", "重点督办", "经发局", "", "2026-01-06", "", "已销号", "2026-02-05", "已办理不动产证", "基本满意", ""],
        ["5", "", "2026-04-01", "", "湘潭电机股份有限公司", "", "", "历史遗留", "历史欠款问题", "重大", "", "经发局", "", "2026-04-02", "", "长期跟踪", "", "分年度化解", "", ""],
        ["6", "", "2026-04-10", "连心墙电话", "湘潭电机股份有限公司", "", "", "审批", "环评审批慢", "常规", "", "经发局", "", "2026-04-11", "", "已退回", "", "不属本单位职责", "", ""],
        ["7", "", "2026-04-12", "其他", "湘潭电机股份有限公司", "", "", "其他", "重复反映路灯", "一般", "", "", "", "", "", "已撤销", "", "", "", "重复件"],
        ["8", "", "2026-05-06", "服务窗口", "湘潭电机股份有限公司", "", "", "水电气问题", "用电增容", "常规", "立行立改", "经发局", "", "2026-05-06", "", "待签收", "", "", "", ""],
        ["9", "", "2026-05-08", "走访收集", "银盆岭小区居民", "赵女士", "", "民生", "垃圾清运不及时", "一般", "立行立改", "", "", "", "", "已办结", "2026-05-08", "当场协调环卫清运", "满意", ""],
        ["10", "", "2026-03-02", "走访", code(1).leak(), "", "", "融资", "贷款贴息兑现慢", "常规", "", "经发局", "", "2026-03-02", "2026-03-10", "已办结", "2026-03-12", "部分解决,余款下月兑现", "不满意", ""],
    ]
}

pub(super) fn commit_all(store: &Store, sheet: &Sheet, o: &IssueImportOptions) -> crate::Result<IssueImportReport> {
    commit_issues(store, sheet, o, &mut |_| {}, &AtomicBool::new(false))
}

#[test]
fn an_office_ledger_imports_every_status_with_derived_fields_and_a_timeline() {
    let f = fx();
    let sheet = read("台账.xlsx", &ledger_xlsx(&good_rows())).unwrap();
    let before = (f.issues(), f.changes());
    let r = preview_issues(&f.store, &sheet, &IssueImportOptions::default()).unwrap();
    assert_eq!((f.issues(), f.changes()), before, "a preview writes nothing");
    assert_eq!(r.mapping.header_row, 2, "the header is under the title");
    assert_eq!(r.columns[0].field, None, "序号 is not imported");
    assert_eq!(r.columns[2].field, Some(IssueField::RegisteredOn));
    assert_eq!(r.columns[17].field, Some(IssueField::Result));
    assert_eq!((r.total_rows, r.new_rows, r.invalid_rows), (10, 10, 0), "{:#?}", r.problems);
    let warnings: Vec<String> = r.problems.iter().map(describe).collect();
    assert!(r.problems.iter().all(|p| p.warning), "{warnings:?}");
    assert!(
        warnings.iter().any(|w| w.starts_with("第11行 [企业名称] 企业名录中没有“银盆岭小区居民”,按反映人导入")),
        "{warnings:?}"
    );
    assert!(warnings.iter().any(|w| w.starts_with("第12行 [满意度] 评价为不满意")), "{warnings:?}");

    let done = commit_all(&f.store, &sheet, &IssueImportOptions::default()).unwrap();
    assert!(done.committed);
    assert_eq!(done.new_rows, 10);
    assert_eq!(f.issues(), 10);
    let status_rows = |s: Status| done.statuses.iter().find(|c| c.status == s).map_or(0, |c| c.rows);
    assert_eq!(status_rows(Status::Resolved), 3);
    for s in [
        Status::InProgress,
        Status::Registered,
        Status::Closed,
        Status::LongTerm,
        Status::Returned,
        Status::Withdrawn,
        Status::Assigned,
    ] {
        assert_eq!(status_rows(s), 1, "{s:?}");
    }
    // Every issue and every event went through the one write path.
    let events = f.count("SELECT count(*) FROM issue_events");
    assert_eq!(f.count("SELECT count(*) FROM changes WHERE entity = 'issues'"), 10);
    assert_eq!(f.count("SELECT count(*) FROM changes WHERE entity = 'issue_events'"), events);

    let cal = Calendar::official();
    // 已办结 across the Spring Festival: 7 working days from Friday 13 Feb count the make-up
    // Saturdays 14 and 28 Feb, so the deadline is Monday 2 March; resolved on the 24th after
    // two working days (14th and 24th).
    let a = f.by_content("流动资金紧张");
    assert_eq!(a.status, Status::Resolved);
    assert_eq!(a.no, "2026-00007", "the ledger's 编号 kept, padded");
    assert_eq!(a.enterprise_id.as_deref(), Some(f.ent.as_str()));
    assert_eq!(a.street_id.as_deref(), Some(f.street.as_str()), "the enterprise's street");
    assert_eq!(a.source, Source::Visit);
    assert_eq!(a.reporter_name.as_deref(), Some("李经理"));
    assert_eq!(a.reporter_phone.as_deref(), Some("13807312345"));
    assert_eq!(a.lead_department_id.as_deref(), Some(f.jingfa.as_str()));
    assert_eq!(a.assisting, vec![f.renshe.clone()]);
    assert_eq!(a.assigned_on.as_deref(), Some("2026-02-13"));
    assert_eq!(a.deadline.as_deref(), Some("2026-03-02"));
    assert_eq!(a.resolved_on.as_deref(), Some("2026-02-24"));
    assert_eq!(a.working_days, Some(cal.workdays_between(d("2026-02-13"), d("2026-02-24")) as i32));
    assert_eq!(a.working_days, Some(2));
    assert_eq!(a.on_time, Some(true));
    assert_eq!(a.satisfaction, Some(Satisfaction::Satisfied));
    assert_eq!(a.result_kind, Some(ResultKind::Solved));
    assert_eq!(
        f.kinds(&a),
        vec![EventKind::Register, EventKind::Assign, EventKind::Accept, EventKind::Resolve, EventKind::Feedback]
    );
    let evs = issue::events(&f.store, &a.id).unwrap();
    assert_eq!(evs[0].note.as_deref(), Some("台账导入。备注:首批"));
    assert_eq!(evs[0].on_date, "2026-02-10");
    assert_eq!(evs[0].actor, "台账员");
    assert_eq!(evs[3].on_date, "2026-02-24");

    let b = f.by_content("招工难");
    assert_eq!((b.status, b.source), (Status::InProgress, Source::Hotline), "未办结 with a department is in progress");
    assert_eq!(b.deadline.as_deref(), Some("2026-03-10"));
    assert_eq!((b.resolved_on.as_deref(), b.working_days, b.on_time), (None, None, None));
    assert_eq!(f.kinds(&b), vec![EventKind::Register, EventKind::Assign, EventKind::Accept]);
    assert_eq!(issue::events(&f.store, &b.id).unwrap()[2].note.as_deref(), Some("已对接职业院校"), "progress so far");

    let c = f.by_content("小区路灯");
    assert_eq!((c.status, c.tier, c.lead_department_id.as_deref()), (Status::Registered, Tier::General, None));
    assert_eq!(c.reporter_phone.as_deref(), Some("0731-58581234"));
    assert_eq!(f.kinds(&c), vec![EventKind::Register]);

    // 已销号 without a 销号日期: closed on the day it was resolved; 重大 gets 30 working days by default.
    let e = f.by_content("厂区用地");
    assert_eq!(e.status, Status::Closed);
    assert_eq!(e.closed_on.as_deref(), Some("2026-02-05"));
    assert_eq!(e.lookback_on.as_deref(), Some("2026-05-06"), "回头看 90 days after closing");
    assert_eq!(e.deadline, Some(cal.add_workdays(d("2026-01-06"), 30).format("%Y-%m-%d").to_string()));
    assert_eq!(e.satisfaction, Some(Satisfaction::Basic));
    assert_eq!(
        f.kinds(&e),
        vec![
            EventKind::Register,
            EventKind::Assign,
            EventKind::Accept,
            EventKind::Resolve,
            EventKind::Feedback,
            EventKind::Close
        ]
    );

    let g = f.by_content("历史欠款");
    assert_eq!((g.status, g.source), (Status::LongTerm, Source::Other), "no source: 其他");
    assert_eq!(f.kinds(&g).last(), Some(&EventKind::LongTerm));

    let h = f.by_content("环评审批慢");
    assert_eq!((h.status, h.source), (Status::Returned, Source::WallPhone));
    assert_eq!(
        (h.lead_department_id.as_deref(), h.deadline.as_deref()),
        (None, None),
        "returned: waits to be assigned again"
    );
    assert_eq!(f.kinds(&h), vec![EventKind::Register, EventKind::Assign, EventKind::Return]);
    assert_eq!(issue::events(&f.store, &h.id).unwrap()[2].note.as_deref(), Some("不属本单位职责"));

    let w = f.by_content("重复反映路灯");
    assert_eq!(w.status, Status::Withdrawn);
    assert_eq!(w.withdraw_kind, Some(crate::model::issue::WithdrawKind::Duplicate));

    let k = f.by_content("用电增容");
    assert_eq!((k.status, k.category.as_str()), (Status::Assigned, "水电气"), "水电气问题 is 水电气");
    assert_eq!(k.accepted_on, None);
    assert_eq!(k.deadline, Some(cal.add_workdays(d("2026-05-06"), 7).format("%Y-%m-%d").to_string()));

    // Not in the registry: kept as the reporter, with the contact person.
    let m = f.by_content("垃圾清运");
    assert_eq!(m.enterprise_id, None);
    assert_eq!(m.reporter_name.as_deref(), Some("银盆岭小区居民(赵女士)"));
    assert_eq!((m.status, m.working_days, m.on_time), (Status::Resolved, Some(0), Some(true)), "resolved on the spot");
    assert_eq!(f.kinds(&m), vec![EventKind::Register, EventKind::Resolve, EventKind::Feedback]);

    // Matched by the USCC in the name column; late and only partly solved.
    let n = f.by_content("贷款贴息");
    assert_eq!(n.enterprise_id.as_deref(), Some(f.ent.as_str()));
    assert_eq!((n.on_time, n.result_kind), (Some(false), Some(ResultKind::Partly)));
    assert_eq!(n.satisfaction, Some(Satisfaction::Unsatisfied));

    // The ledger and the figures read the imported issues like any other.
    let page = ledger::ledger(&f.store, &ledger::LedgerQuery { status: vec![Status::Resolved], ..Default::default() })
        .unwrap();
    assert_eq!(page.total, 3);
    let fig = issue::figures::figures(&f.store, &Default::default()).unwrap();
    assert_eq!(
        (fig.total.total, fig.total.done, fig.total.on_time),
        (9, 4, 3),
        "withdrawn left out; 4 done, 3 on time"
    );
    // And the loop goes on from there: the imported in-progress issue can be resolved.
    let after = issue::act(
        &f.store,
        &issue::ActInput {
            id: b.no.clone(),
            date: Some("2026-03-09".into()),
            action: issue::Action::Resolve {
                result: "已招到".into(),
                result_kind: ResultKind::Solved,
                amount_fen: None,
            },
        },
    )
    .unwrap();
    assert_eq!((after.status, after.on_time), (Status::Resolved, Some(true)));
}
