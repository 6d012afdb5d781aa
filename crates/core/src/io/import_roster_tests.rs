//! A liaison roster (联点企业名单) as offices have it before they have a cadre list: 联点干部
//! nobody has registered, with their units. The user either creates the cadres (mobile to
//! fill in later) or imports the enterprises without those pairings.

use rust_xlsxwriter::{Format, Workbook};

use super::tests::{commit_all, fx, Fx};
use super::*;
use crate::model::cadre::{self, CadreInput, CadreQuery, CadreRole};
use crate::model::liaison;

/// A title merged over the header; 刘建国 is registered, 王芳 and 李强 are not (王芳 twice, the
/// second time with a colleague), and 李强's unit 科技局 is not registered either.
fn roster() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(0, 0, 0, 3, "2023年联点企业名单", &Format::new()).unwrap();
    ws.write_row(1, 0, ["序号", "企业名称", "联点干部", "联点单位"]).unwrap();
    ws.write_row(2, 0, ["1", "湘潭电机股份有限公司", "王 芳", "经发局"]).unwrap();
    ws.write_row(3, 0, ["2", "湘潭立发釉彩有限公司", "王芳、刘建国", "经发局"]).unwrap();
    ws.write_row(4, 0, ["3", "湘潭钢铁集团有限公司", "李强", "科技局"]).unwrap();
    wb.save_to_buffer().unwrap()
}

fn with_liu(f: &Fx) {
    let c = CadreInput { name: "刘建国".into(), role: Some(CadreRole::Cadre), mobile: Some("13807310001".into()), ..Default::default() };
    cadre::create(&f.store, &c).unwrap();
}

fn names_of(f: &Fx, q: &CadreQuery) -> Vec<String> {
    let mut v: Vec<String> = cadre::list(&f.store, q).unwrap().rows.into_iter().map(|c| c.name).collect();
    v.sort();
    v
}

#[test]
fn unknown_cadres_warn_and_the_enterprises_import_without_those_pairings() {
    let f = fx();
    with_liu(&f);
    let sheet = read("名单.xlsx", &roster()).unwrap();
    let r = preview(&f.store, ImportKind::Enterprises, &sheet, &ImportOptions::default()).unwrap();
    assert_eq!((r.new_rows, r.invalid_rows, r.new_cadres), (3, 0, 0), "{:?}", r.problems);
    let unknown: Vec<(&str, Option<&str>, u32)> =
        r.unknown_cadres.iter().map(|c| (c.name.as_str(), c.unit.as_deref(), c.rows)).collect();
    assert_eq!(unknown, vec![("王芳", Some("经发局"), 2), ("李强", Some("科技局"), 1)]);
    assert!(r.problems.iter().all(|p| p.warning));
    assert_eq!(
        describe(&r.problems[0]),
        "第3行 [联点干部] 未找到干部“王芳”,企业照常导入,未建立联点;可在预览中选择新建这些干部"
    );

    let done = commit_all(&f.store, ImportKind::Enterprises, &sheet, &ImportOptions::default()).unwrap();
    assert_eq!((done.new_rows, done.new_liaisons, done.new_cadres), (3, 1, 0));
    assert_eq!(f.enterprises(), 3);
    assert_eq!(f.count("SELECT count(*) FROM cadres"), 1, "nobody invented");
    let e = f.by_name("湘潭立发釉彩有限公司");
    assert_eq!(liaison::for_enterprise(&f.store, &e.id).unwrap().len(), 1, "刘建国 paired");
}

#[test]
fn chosen_to_create_them_the_cadres_come_with_their_units_and_lack_only_a_mobile() {
    let f = fx();
    with_liu(&f);
    let sheet = read("名单.xlsx", &roster()).unwrap();
    let o = ImportOptions { create_cadres: true, ..ImportOptions::default() };
    let r = preview(&f.store, ImportKind::Enterprises, &sheet, &o).unwrap();
    assert_eq!((r.new_rows, r.new_cadres, r.new_liaisons, r.invalid_rows), (3, 2, 4, 0), "{:?}", r.problems);
    let msgs: Vec<String> = r.problems.iter().map(describe).collect();
    assert_eq!(msgs, vec!["第5行 [联点单位] 未找到单位“科技局”,新建的干部李强暂未填单位;可选择自动新建单位"]);
    assert_eq!(f.count("SELECT count(*) FROM cadres"), 1, "a preview writes nothing");

    let done = commit_all(&f.store, ImportKind::Enterprises, &sheet, &o).unwrap();
    assert_eq!((done.new_cadres, done.new_liaisons), (2, 4));
    assert_eq!(f.count("SELECT count(*) FROM cadres"), 3, "王芳 once for her two rows");
    let missing = CadreQuery { missing_mobile: true, page_size: 50, ..Default::default() };
    assert_eq!(names_of(&f, &missing), vec!["李强", "王芳"], "the new cadres show as 缺手机号");
    let wang = cadre::list(&f.store, &CadreQuery { text: Some("王芳".into()), page_size: 5, ..Default::default() }).unwrap().rows;
    let unit: String = f.value(&format!("SELECT name FROM departments WHERE id = '{}'", wang[0].department_id.clone().unwrap()));
    assert_eq!((unit.as_str(), wang[0].role, wang[0].mobile.as_deref()), ("经发局", CadreRole::Cadre, None));
    let e = f.by_name("湘潭电机股份有限公司");
    let ls = liaison::for_enterprise(&f.store, &e.id).unwrap();
    assert_eq!(ls.len(), 1);
    assert_eq!(ls[0].cadre_id, wang[0].id);

    // With units created too, 李强 gets 科技局.
    let g = fx();
    let o = ImportOptions { create_cadres: true, create_missing: true, ..ImportOptions::default() };
    let done = commit_all(&g.store, ImportKind::Enterprises, &sheet, &o).unwrap();
    assert_eq!((done.new_cadres, done.new_departments, done.new_liaisons), (3, 1, 4), "{:?}", done.problems);
    let li = g.value::<String>("SELECT d.name FROM cadres c JOIN departments d ON d.id = c.department_id WHERE c.name = '李强'");
    assert_eq!(li, "科技局");
    // Importing the same roster again adds nobody.
    let again = commit_all(&g.store, ImportKind::Enterprises, &sheet, &o).unwrap();
    assert_eq!((again.new_cadres, again.new_liaisons, again.unknown_cadres.len()), (0, 0, 0));
}
