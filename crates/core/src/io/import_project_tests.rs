//! The project ledger import on a 民生实事台账 as an office keeps it, and its export back.

use rust_xlsxwriter::{Format, Workbook};

use super::tests::{commit_all, fx, Fx};
use super::*;
use crate::error::CoreError;
use crate::model::cadre::{self, CadreInput, CadreRole};
use crate::model::project::{self, Project, ProjectCategory, ProjectInput, ProjectKind, ProjectQuery, ProjectStatus};

/// A title merged across, a 填报单位 line, a two-row header (投资情况(万元) over 总投资 |
/// 已完成投资, 计划时间 over 开工 | 完工, the rest merged down), a blank row, a 合计 row and a
/// note under the table. `extra` rows go above the 合计.
fn ledger(extra: &[&[&str]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let f = Format::new();
    ws.merge_range(0, 0, 0, 11, "2026年双马街道民生实事项目推进情况表", &f).unwrap();
    ws.merge_range(1, 0, 1, 11, "填报单位:双马街道办事处    填报日期:2026年3月10日", &f).unwrap();
    for (c, h) in [(0, "序号"), (1, "项目名称"), (2, "建设内容"), (7, "责任单位"), (8, "挂钩联系人"), (9, "形象进度"), (10, "状态"), (11, "受益户数")] {
        ws.merge_range(2, c, 3, c, h, &f).unwrap();
    }
    ws.merge_range(2, 3, 2, 4, "投资情况(万元)", &f).unwrap();
    ws.merge_range(2, 5, 2, 6, "计划时间", &f).unwrap();
    ws.write_row(3, 3, ["总投资", "已完成投资", "开工", "完工"]).unwrap();
    let mut rows: Vec<&[&str]> = vec![
        &["1", "芙蓉路路灯改造", "安装路灯132盏", "8万元", "5", "2026-01-10", "2026年3月底前", "经发局", "刘思远", "80%", "在建", "15"],
        &["", "", "", "", "", "", "", "", "", "", "", ""],
        &["2", "银盆岭社区排水管网改造", "改造管网约160米", "1,800", "900", "2025-10-01", "2025-12-31", "经发局", "", "已完工", "", "40户"],
    ];
    rows.extend_from_slice(extra);
    let mut r = 4;
    for row in &rows {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write(r, c as u16, *v).unwrap();
            }
        }
        r += 1;
    }
    ws.write(r, 0, "合计").unwrap();
    ws.write(r, 3, 1808.0).unwrap();
    ws.write(r + 1, 0, "注:金额单位为万元,进度截至3月10日").unwrap();
    wb.save_to_buffer().unwrap()
}

fn projects(f: &Fx) -> Vec<Project> {
    let mut v: Vec<Project> = project::list(&f.store, &ProjectQuery { page_size: 100, ..Default::default() })
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.project)
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

fn with_cadre(f: &Fx) {
    let c = CadreInput { name: "刘思远".into(), role: Some(CadreRole::Leader), mobile: Some("13807310002".into()), ..Default::default() };
    cadre::create(&f.store, &c).unwrap();
}

#[test]
fn an_office_ledger_with_a_two_row_header_imports_with_its_words_read() {
    let f = fx();
    with_cadre(&f);
    let sheet = read("民生实事.xlsx", &ledger(&[])).unwrap();
    let r = preview(&f.store, ImportKind::Projects, &sheet, &ImportOptions::default()).unwrap();
    assert_eq!(r.mapping.header_row, 4, "the lower header row; data starts under it");
    let header = |i: usize| r.columns[i].header.as_str();
    assert_eq!(header(3), "投资情况(万元) 总投资");
    assert_eq!(r.columns[6].field, Some(ImportField::PlannedFinish), "{}", header(6));
    assert_eq!((r.total_rows, r.new_rows, r.invalid_rows), (2, 2, 0), "the 合计 and the note are no rows: {:?}", r.problems);
    let said: Vec<String> = r.problems.iter().map(describe).collect();
    assert!(said.iter().any(|p| p.contains("表下说明“注:金额单位为万元")), "{said:?}");
    assert!(said.iter().any(|p| p.starts_with("第7行 [计划时间 完工]") && p.contains("按计划日期2025-12-31")), "{said:?}");
    assert_eq!(f.count("SELECT count(*) FROM projects"), 0, "a preview writes nothing");

    let done = commit_all(&f.store, ImportKind::Projects, &sheet, &ImportOptions::default()).unwrap();
    assert_eq!((done.new_rows, done.new_liaisons), (2, 1));
    let ps = projects(&f);
    let (light, drain) = (&ps[0], &ps[1]);
    assert_eq!(light.name, "芙蓉路路灯改造");
    assert_eq!((light.kind, light.category, light.year), (ProjectKind::Livelihood, ProjectCategory::Other, Some(2026)));
    assert_eq!((light.budget_fen, light.spent_fen), (Some(8_000_000), Some(5_000_000)), "8万元 and 5 (万元 by default)");
    assert_eq!(light.planned_finish.as_deref(), Some("2026-03-31"), "2026年3月底前");
    assert_eq!((light.status, light.progress), (ProjectStatus::Building, 80));
    assert_eq!(light.actual_start.as_deref(), Some("2026-01-10"), "在建 without an actual start: its plan's, said");
    assert_eq!((light.beneficiaries, light.beneficiary_unit.as_deref()), (Some(15), Some("户")), "the unit from 受益户数");
    assert_eq!(light.content.as_deref(), Some("安装路灯132盏"));
    assert_eq!(drain.budget_fen, Some(1_800_000_000), "1,800 万元");
    assert_eq!((drain.status, drain.progress), (ProjectStatus::Finished, 100), "已完工 in the 进度 column");
    assert_eq!(drain.actual_finish.as_deref(), Some("2025-12-31"));
    assert_eq!(f.count("SELECT count(*) FROM liaisons WHERE project_id IS NOT NULL AND end_date IS NULL"), 1);

    // The same ledger again a month later: the projects are updated, not doubled.
    let again = commit_all(&f.store, ImportKind::Projects, &sheet, &ImportOptions::default()).unwrap();
    assert_eq!((again.new_rows, again.existing_rows, again.new_liaisons), (0, 2, 0));
    assert_eq!(projects(&f).len(), 2);
}

#[test]
fn a_bad_row_is_named_by_row_and_column_and_nothing_is_written() {
    let f = fx();
    with_cadre(&f);
    let bad: &[&str] = &["3", "湖湘东路人行道修缮", "", "20", "", "2026-02-01", "2026年13月底", "火星局", "", "", "", ""];
    let sheet = read("民生实事.xlsx", &ledger(&[bad])).unwrap();
    let r = preview(&f.store, ImportKind::Projects, &sheet, &ImportOptions::default()).unwrap();
    assert_eq!((r.new_rows, r.invalid_rows), (2, 1));
    let errors: Vec<String> = r.problems.iter().filter(|p| !p.warning).map(describe).collect();
    assert!(errors.contains(&"第8行 [计划时间 完工] 无法识别的日期“2026年13月底”,应为 2026-03-31、2026年3月底前 等".to_string()), "{errors:?}");
    assert!(errors.iter().any(|e| e.starts_with("第8行 [责任单位] 未找到单位“火星局”")), "{errors:?}");
    assert_eq!(r.missing.len(), 1);
    assert_eq!(r.left_out.len(), 1);

    match commit_all(&f.store, ImportKind::Projects, &sheet, &ImportOptions::default()) {
        Err(CoreError::ImportProblems { rows: 1, .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(f.count("SELECT count(*) FROM projects"), 0, "all or nothing");
    assert_eq!(f.count("SELECT count(*) FROM liaisons"), 0);

    let skip = ImportOptions { skip_invalid: true, ..Default::default() };
    assert_eq!(commit_all(&f.store, ImportKind::Projects, &sheet, &skip).unwrap().new_rows, 2);
    let create = ImportOptions { create_missing: true, ..Default::default() };
    let r = preview(&f.store, ImportKind::Projects, &sheet, &create).unwrap();
    assert!(r.problems.iter().filter(|p| !p.warning).all(|p| p.row == 8 && p.message.contains("日期")), "{:?}", r.problems);
}

#[test]
fn an_export_imports_back_unchanged() {
    let f = fx();
    with_cadre(&f);
    let dept = f.value::<String>("SELECT id FROM departments WHERE name = '经发局'");
    let lights = ProjectInput {
        name: "芙蓉路路灯改造".into(),
        kind: Some(ProjectKind::Livelihood),
        category: Some(ProjectCategory::Lights),
        year: Some(2026),
        location: Some("芙蓉路".into()),
        street_id: Some(f.street.clone()),
        community_id: Some(f.community.clone()),
        department_id: Some(dept),
        content: Some("更换路灯".into()),
        budget_fen: Some(1_234_500),
        spent_fen: Some(500_000),
        quantity: Some(132.0),
        unit: Some("盏".into()),
        beneficiaries: Some(15),
        beneficiary_unit: Some("户".into()),
        planned_start: Some("2026-01-10".into()),
        planned_finish: Some("2026-03-31".into()),
        actual_start: Some("2026-01-12".into()),
        status: Some(ProjectStatus::Building),
        progress: Some(1),
        note: Some("=夜间施工".into()),
        ..Default::default()
    };
    project::create(&f.store, &lights).unwrap();
    let park = ProjectInput {
        name: "智能制造产业园".into(),
        kind: Some(ProjectKind::Key),
        category: Some(ProjectCategory::Investment),
        budget_fen: Some(180_000_000_000),
        ..Default::default()
    };
    project::create(&f.store, &park).unwrap();
    let before = projects(&f);

    let dir = tempfile::tempdir().unwrap();
    for (file, format) in [("项目台账.xlsx", ExportFormat::Xlsx), ("项目台账.csv", ExportFormat::Csv)] {
        let path = dir.path().join(file);
        assert_eq!(export_projects(&f.store, &ProjectQuery::default(), &path, format).unwrap().rows, 2);
        let sheet = read_path(&path).unwrap();
        let header: Vec<String> = sheet.rows[0].iter().map(|c| c.text()).collect();
        assert_eq!(header, PROJECT_HEADERS);
        let r = preview(&f.store, ImportKind::Projects, &sheet, &ImportOptions::default()).unwrap();
        assert!(r.columns.iter().all(|c| c.field.is_some()), "every exported column is read back: {:?}", r.columns);
        assert_eq!((r.unchanged_rows, r.update_rows, r.new_rows), (2, 0, 0), "{file}: {:?}", r.problems);
        assert!(r.problems.is_empty(), "{:?}", r.problems);

        // Into an empty office, the same projects come out.
        let g = fx();
        let g_dept = "经发局";
        assert!(g.count(&format!("SELECT count(*) FROM departments WHERE name = '{g_dept}'")) == 1);
        with_cadre(&g);
        commit_all(&g.store, ImportKind::Projects, &sheet, &ImportOptions::default()).unwrap();
        let after = projects(&g);
        let strip = |p: &Project| Project { id: String::new(), street_id: None, community_id: None, department_id: None, created_at: String::new(), updated_at: String::new(), ..p.clone() };
        assert_eq!(after.iter().map(strip).collect::<Vec<_>>(), before.iter().map(strip).collect::<Vec<_>>(), "{file}");
    }
}
