//! Project tests on temporary database files: validation, flags, 挂钩联系人 with history,
//! issues on a project, the list's filters, and the generated set.

use super::*;
use crate::error::CoreError;
use crate::model::cadre::CadreRole;
use crate::model::department::{self, DepartmentInput, DepartmentKind};
use crate::model::issue::{self, Flag, RegisterInput, Source};
use crate::model::liaison::tests::{fixture, Fixture};
use crate::model::liaison::{self, assign_to_project, ProjectAssignInput};
use crate::store::Store;

fn street(f: &Fixture, name: &str) -> String {
    let input = DepartmentInput { name: name.into(), kind: Some(DepartmentKind::Street), ..Default::default() };
    department::create(&f.store, &input).unwrap().record.id
}

fn lights(f: &Fixture) -> ProjectInput {
    ProjectInput {
        name: "双马路段路灯安装".into(),
        kind: Some(ProjectKind::Livelihood),
        category: Some(ProjectCategory::Lights),
        department_id: Some(f.dept.clone()),
        budget_fen: Some(8_000_000),
        quantity: Some(132.0),
        unit: Some("盏".into()),
        beneficiaries: Some(15),
        beneficiary_unit: Some("户".into()),
        planned_start: Some("2026-03-01".into()),
        planned_finish: Some("2026-09-30".into()),
        ..Default::default()
    }
}

fn changes(s: &Store) -> i64 {
    s.read(|c| Ok(c.query_row("SELECT count(*) FROM changes", [], |r| r.get(0))?)).unwrap()
}

fn field_of(e: CoreError) -> (String, String) {
    match e {
        CoreError::Validation { field, message } => (field, message),
        other => panic!("not a validation error: {other}"),
    }
}

#[test]
fn validation_names_the_field_in_chinese_and_writes_nothing() {
    let f = fixture();
    let before = changes(&f.store);
    let cases: Vec<(ProjectInput, &str, &str)> = vec![
        (ProjectInput { name: " ".into(), ..lights(&f) }, "name", "请填写项目名称"),
        (ProjectInput { kind: None, ..lights(&f) }, "kind", "请选择项目类型"),
        (ProjectInput { category: Some(ProjectCategory::Investment), ..lights(&f) }, "category", "与项目类型“民生实事”不符"),
        (ProjectInput { unit: None, ..lights(&f) }, "unit", "请填写建设规模的单位"),
        (ProjectInput { quantity: Some(-3.0), ..lights(&f) }, "quantity", "大于0"),
        (ProjectInput { budget_fen: Some(-1), ..lights(&f) }, "budget_fen", "预算不能为负数"),
        (ProjectInput { planned_finish: Some("2026-01-01".into()), ..lights(&f) }, "planned_finish", "不能早于计划开工日期"),
        (ProjectInput { planned_start: Some("2026/3/1".into()), ..lights(&f) }, "planned_start", "格式不对"),
        (ProjectInput { status: Some(ProjectStatus::Building), ..lights(&f) }, "actual_start", "在建项目请填写实际开工日期"),
        (ProjectInput { status: Some(ProjectStatus::Finished), ..lights(&f) }, "actual_finish", "请填写实际完工日期"),
        (ProjectInput { actual_finish: Some("2026-01-02".into()), ..lights(&f) }, "status", "状态应为“完工”或“验收”"),
        (ProjectInput { actual_start: Some("2999-01-01".into()), ..lights(&f) }, "actual_start", "不能晚于今天"),
        (ProjectInput { progress: Some(101), ..lights(&f) }, "progress", "0到100"),
        (ProjectInput { street_id: Some(f.dept.clone()), ..lights(&f) }, "street_id", "不是街道"),
    ];
    for (input, field, words) in cases {
        let (got, message) = field_of(create(&f.store, &input).unwrap_err());
        assert_eq!(got, field, "{message}");
        assert!(message.contains(words), "{field}: {message}");
    }
    assert_eq!(changes(&f.store), before, "a refused project wrote a change");
    let saved = create(&f.store, &ProjectInput { spent_fen: Some(9_000_000), ..lights(&f) }).unwrap();
    assert_eq!(saved.warnings[0].field, "spent_fen");
    assert_eq!(saved.record.status, ProjectStatus::Planning);
    // Nothing done yet: the planned finish is what it owes.
    assert_eq!(saved.record.due_on.as_deref(), Some("2026-09-30"));
}

#[test]
fn a_milestone_past_due_and_not_done_is_red_and_flags_the_project() {
    let f = fixture();
    let p = create(&f.store, &lights(&f)).unwrap().record;
    let m = |name: &str, due: &str, done: Option<&str>| MilestoneInput {
        project_id: p.id.clone(),
        name: name.into(),
        due_on: due.into(),
        done_on: done.map(String::from),
        note: None,
    };
    save_milestone(&f.store, None, &m("方案设计", "2026-04-01", Some("2026-03-28"))).unwrap();
    let late = save_milestone(&f.store, None, &m("招标采购", "2026-05-29", None)).unwrap();
    save_milestone(&f.store, None, &m("主体完工", "2026-08-31", None)).unwrap();
    // Monday 2026-06-01: the tender was due the Friday before.
    let today = Some("2026-06-01".to_string());
    let d = detail(&f.store, &p.id, &today).unwrap();
    let flags: Vec<_> = d.milestones.iter().map(|m| (m.milestone.name.as_str(), m.flag)).collect();
    assert_eq!(flags, [("方案设计", None), ("招标采购", Some(Flag::Red)), ("主体完工", Some(Flag::Green))]);
    assert_eq!((d.project.due_on.as_deref(), d.flag), (Some("2026-05-29"), Some(Flag::Red)));
    // Long overdue is black, as for issues; done clears it.
    let later = detail(&f.store, &p.id, &Some("2026-07-01".into())).unwrap();
    assert_eq!(later.milestones[1].flag, Some(Flag::Black));
    save_milestone(&f.store, Some(&late.id), &m("招标采购", "2026-05-29", Some("2026-06-01"))).unwrap();
    let d = detail(&f.store, &p.id, &today).unwrap();
    assert_eq!((d.project.due_on.as_deref(), d.flag), (Some("2026-08-31"), Some(Flag::Green)));
    // A done-on date in the future is refused.
    let e = save_milestone(&f.store, None, &m("验收", "2026-09-30", Some("2999-01-01"))).unwrap_err();
    assert_eq!(field_of(e).0, "done_on");
    // Finished: nothing is owed, no flag.
    let input = ProjectInput {
        status: Some(ProjectStatus::Finished),
        actual_start: Some("2026-03-02".into()),
        actual_finish: Some("2026-09-20".into()),
        ..lights(&f)
    };
    let done = update(&f.store, &p.id, &input).unwrap().record;
    assert_eq!((done.due_on, done.progress), (None, 100));
    assert_eq!(detail(&f.store, &p.id, &today).unwrap().flag, None);
}

#[test]
fn the_list_flag_filter_agrees_with_the_computed_flags() {
    let f = fixture();
    let dues = ["2026-04-01", "2026-05-25", "2026-05-29", "2026-06-02", "2026-06-30"];
    for (i, due) in dues.iter().enumerate() {
        let p = create(&f.store, &ProjectInput { name: format!("项目{i}"), planned_finish: Some("2026-12-31".into()), ..lights(&f) })
            .unwrap()
            .record;
        let input = MilestoneInput { project_id: p.id, name: "节点".into(), due_on: due.to_string(), ..Default::default() };
        save_milestone(&f.store, None, &input).unwrap();
    }
    let today = Some("2026-06-01".to_string());
    let all = list(&f.store, &ProjectQuery { today: today.clone(), ..Default::default() }).unwrap();
    assert_eq!(all.total, 5);
    // Most urgent first.
    assert_eq!(all.rows[0].project.due_on.as_deref(), Some("2026-04-01"));
    for flag in [Flag::Black, Flag::Red, Flag::Yellow, Flag::Green] {
        let page = list(&f.store, &ProjectQuery { flag: Some(flag), today: today.clone(), ..Default::default() }).unwrap();
        let want = all.rows.iter().filter(|r| r.flag == Some(flag)).count();
        assert!(want > 0, "{flag:?} not covered");
        assert_eq!(page.total as usize, want, "{flag:?}");
        assert!(page.rows.iter().all(|r| r.flag == Some(flag)));
    }
}

#[test]
fn the_list_filters_by_kind_status_street_department_and_text() {
    let f = fixture();
    let s1 = street(&f, "双马街道");
    let s2 = street(&f, "板塘街道");
    create(&f.store, &ProjectInput { street_id: Some(s1.clone()), ..lights(&f) }).unwrap();
    let sewer = ProjectInput {
        name: "新建排污管道".into(),
        category: Some(ProjectCategory::Drainage),
        quantity: Some(160.0),
        unit: Some("米".into()),
        street_id: Some(s2.clone()),
        department_id: None,
        status: Some(ProjectStatus::Building),
        actual_start: Some("2026-03-05".into()),
        ..lights(&f)
    };
    create(&f.store, &sewer).unwrap();
    let key = ProjectInput {
        name: "智能制造标准厂房项目".into(),
        kind: Some(ProjectKind::Key),
        category: Some(ProjectCategory::Investment),
        street_id: Some(s1.clone()),
        ..lights(&f)
    };
    create(&f.store, &key).unwrap();
    let names = |q: ProjectQuery| -> Vec<String> {
        let mut v: Vec<String> = list(&f.store, &q).unwrap().rows.into_iter().map(|r| r.project.name).collect();
        v.sort();
        v
    };
    assert_eq!(names(ProjectQuery { kind: Some(ProjectKind::Key), ..Default::default() }), ["智能制造标准厂房项目"]);
    assert_eq!(names(ProjectQuery { status: Some(ProjectStatus::Building), ..Default::default() }), ["新建排污管道"]);
    assert_eq!(names(ProjectQuery { street_id: Some(s1), ..Default::default() }), ["双马路段路灯安装", "智能制造标准厂房项目"]);
    assert_eq!(names(ProjectQuery { department_id: Some(f.dept.clone()), ..Default::default() }).len(), 2);
    assert_eq!(names(ProjectQuery { category: Some(ProjectCategory::Drainage), ..Default::default() }), ["新建排污管道"]);
    // Two characters scan names; three or more go through the search index, pinyin too.
    assert_eq!(names(ProjectQuery { text: Some("路灯".into()), ..Default::default() }), ["双马路段路灯安装"]);
    assert_eq!(names(ProjectQuery { text: Some("排污管道".into()), ..Default::default() }), ["新建排污管道"]);
    assert_eq!(names(ProjectQuery { text: Some("znzz".into()), ..Default::default() }), ["智能制造标准厂房项目"]);
    // And the search box finds it by initials.
    let hits = crate::search::search(&f.store, "znzz", None, 10).unwrap();
    assert!(hits.groups.iter().any(|g| g.kind == crate::search::SearchKind::Project && g.hits[0].title == "智能制造标准厂房项目"));
}

#[test]
fn a_project_contact_keeps_its_history() {
    let f = fixture();
    let p = create(&f.store, &lights(&f)).unwrap().record;
    let a = f.cadre("王建军", CadreRole::Cadre);
    let b = f.cadre("李红", CadreRole::Cadre);
    let assign = |cadre: &str, date: &str| {
        assign_to_project(
            &f.store,
            &ProjectAssignInput { cadre_id: cadre.into(), project_id: p.id.clone(), date: Some(date.into()), ..Default::default() },
        )
    };
    let first = assign(&a, "2026-03-01").unwrap();
    assert!(first.ended.is_empty());
    let e = assign(&a, "2026-04-01").unwrap_err();
    assert!(e.to_string().contains("已是“双马路段路灯安装”的挂钩联系人"), "{e}");
    let second = assign(&b, "2026-05-10").unwrap();
    assert_eq!(second.ended[0].end_date.as_deref(), Some("2026-05-10"));
    assert_eq!(second.ended[0].note.as_deref(), Some("更换为李红"));
    let rows = liaison::for_project(&f.store, &p.id).unwrap();
    let seen: Vec<_> = rows.iter().map(|l| (l.cadre_name.as_str(), l.current, l.project_name.as_deref())).collect();
    assert_eq!(seen, [("李红", true, Some("双马路段路灯安装")), ("王建军", false, Some("双马路段路灯安装"))]);
    let row = list(&f.store, &ProjectQuery::default()).unwrap().rows.remove(0);
    assert_eq!(row.contacts, ["李红"]);
    // A cadre's enterprises do not list the project.
    assert!(liaison::for_cadre(&f.store, &b).unwrap().is_empty());
    // Nor does the cadre list's 联点企业数 count it (it did, and 打印连心卡 then laid out one
    // card fewer than the count the user clicked).
    assert!(liaison::counts_for_cadres(&f.store, &[b.clone()]).unwrap().is_empty());
    // A start before the current contact's own start cannot end it.
    let e = assign(&a, "2026-05-01").unwrap_err();
    assert_eq!(field_of(e).0, "date");
}

#[test]
fn issues_are_raised_on_a_project_and_keep_it_from_deletion() {
    let f = fixture();
    let s = street(&f, "双马街道");
    let p = create(&f.store, &ProjectInput { street_id: Some(s.clone()), ..lights(&f) }).unwrap().record;
    let input = RegisterInput {
        source: Some(Source::Visit),
        category: "土地".into(),
        content: "项目用地红线内还有两户未完成征拆".into(),
        project_id: Some(p.id.clone()),
        ..Default::default()
    };
    let i = issue::register(&f.store, &input).unwrap();
    assert_eq!((i.project_id.as_deref(), i.street_id.as_deref(), i.enterprise_id.as_deref()), (Some(p.id.as_str()), Some(s.as_str()), None));
    let bad = RegisterInput { project_id: Some("nope".into()), ..input.clone() };
    assert_eq!(field_of(issue::register(&f.store, &bad).unwrap_err()).0, "project_id");
    let d = detail(&f.store, &p.id, &None).unwrap();
    assert_eq!(d.issues.len(), 1);
    assert_eq!(d.issues[0].no, i.no);
    let e = delete(&f.store, &p.id).unwrap_err();
    assert!(e.to_string().contains("还有1个问题"), "{e}");
}

#[test]
fn a_log_entry_moves_the_progress() {
    let f = fixture();
    let p = create(&f.store, &lights(&f)).unwrap().record;
    let log = |content: &str, progress: Option<i32>, date: &str| {
        add_log(&f.store, &LogInput { project_id: p.id.clone(), on_date: Some(date.into()), progress, content: content.into() })
    };
    log("完成基础浇筑", Some(40), "2026-04-10").unwrap();
    log("安装灯杆60根", Some(65), "2026-05-10").unwrap();
    assert_eq!(field_of(log(" ", None, "2026-05-11").unwrap_err()).0, "content");
    assert_eq!(field_of(log("x", Some(120), "2026-05-11").unwrap_err()).0, "progress");
    assert_eq!(field_of(log("x", None, "2999-05-11").unwrap_err()).0, "on_date");
    let d = detail(&f.store, &p.id, &None).unwrap();
    assert_eq!(d.project.progress, 65);
    assert_eq!(d.logs.iter().map(|l| l.content.as_str()).collect::<Vec<_>>(), ["安装灯杆60根", "完成基础浇筑"]);
    assert_eq!(d.logs[0].actor, "测试");
}

#[test]
fn generated_projects_look_like_the_articles() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("g.db")).unwrap();
    store.set_actor("测试").unwrap();
    let counts = crate::generate::Counts { enterprises: 60, cadres: 20, streets: 3, issues: 300, engagements: 0, projects: 50 };
    let s = crate::generate::generate(&store, counts, 7, &mut |_, _, _| {}).unwrap();
    assert_eq!(s.projects, 50);
    assert!(s.milestones >= 150 && s.project_logs > 0 && s.project_issues > 0, "{s:?}");
    let today = Some(crate::generate::ISSUES_TODAY.to_string());
    let page = list(&store, &ProjectQuery { page_size: 50, today: today.clone(), ..Default::default() }).unwrap();
    let count = |flag| page.rows.iter().filter(|r| r.flag == flag).count();
    // A realistic spread: most on time or finished, some due soon, some late.
    assert!(count(Some(Flag::Green)) + count(None) > 25, "{:?}", page.rows.iter().map(|r| r.flag).collect::<Vec<_>>());
    assert!(count(Some(Flag::Red)) + count(Some(Flag::Black)) >= 3);
    assert!(page.rows.iter().any(|r| r.project.kind == ProjectKind::Key && !r.contacts.is_empty()));
    // Every row's due date is what core derives from its milestones.
    for r in &page.rows {
        let d = detail(&store, &r.project.id, &today).unwrap();
        let ms: Vec<Milestone> = d.milestones.into_iter().map(|m| m.milestone).collect();
        assert_eq!(due_on(&d.project, &ms), d.project.due_on, "{}", d.project.name);
        assert!(d.project.progress <= 100);
    }
}
