//! A liaison roster (联点企业名单) as offices have it before they have a cadre list: 联点干部
//! nobody has registered, with their units. The user either creates the cadres (mobile to
//! fill in later) or imports the enterprises without those pairings.

use super::import_ledger_dates_tests::sheet_xlsx;
use super::tests::{commit_all, fx, Fx};
use super::*;
use crate::model::cadre::{self, CadreInput, CadreQuery, CadreRole};
use crate::model::liaison;

/// A title merged over the header; 刘建国 is registered, 王芳 and 李强 are not (王芳 twice, the
/// second time with a colleague), and 李强's unit 科技局 is not registered either.
fn roster() -> Vec<u8> {
    let rows: &[&[&str]] = &[
        &["1", "湘潭电机股份有限公司", "王 芳", "经发局"],
        &["2", "湘潭立发釉彩有限公司", "王芳、刘建国", "经发局"],
        &["3", "湘潭钢铁集团有限公司", "李强", "科技局"],
    ];
    sheet_xlsx(Some("2023年联点企业名单"), &["序号", "企业名称", "联点干部", "联点单位"], rows)
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

#[test]
fn a_row_left_out_creates_no_cadre() {
    let f = fx();
    let rows: &[&[&str]] = &[&["", "赵六"], &["甲有限公司", "钱七"]];
    let sheet = read("名单.xlsx", &sheet_xlsx(None, &["企业名称", "联点干部"], rows)).unwrap();
    let o = ImportOptions { create_cadres: true, skip_invalid: true, ..ImportOptions::default() };
    let done = commit_all(&f.store, ImportKind::Enterprises, &sheet, &o).unwrap();
    assert_eq!((done.new_rows, done.invalid_rows, done.new_cadres), (1, 1, 1));
    let names: String = f.value("SELECT group_concat(name) FROM cadres");
    assert_eq!(names, "钱七", "赵六's row was left out, and so was 赵六");
}

/// 企业规模 as real rosters fill it: 大中小微 for some rows, 规上 / 规下 / 四上 / 限上 / 中小微
/// for others, and an 统计分类 column on one; 行业 tells a bare 规上's sector.
fn classes_roster() -> Vec<u8> {
    let rows: &[&[&str]] = &[
        &["甲电机有限公司", "制造业", "规上", ""],
        &["乙建工有限公司", "建筑业", "大型", "资质以上建筑业"],
        &["丙商贸有限公司", "批发和零售业", "限上", ""],
        &["丁科技有限公司", "软件", "规模以上", ""],
        &["戊食品有限公司", "", "四上", ""],
        &["己餐饮店", "住宿和餐饮业", "规下", ""],
        &["庚五金厂", "制造业", "中小微", ""],
        &["辛物流有限公司", "运输", "小型", "非四上"],
    ];
    sheet_xlsx(Some("四上企业、中小企业名单"), &["企业名称", "行业", "企业规模", "统计分类"], rows)
}

#[test]
fn size_and_statistics_class_words_each_go_to_their_field_and_the_list_counts_them() {
    use crate::model::enterprise::{self, EnterpriseQuery, Scale};
    use crate::model::stat_class::StatClass;
    let f = fx();
    let sheet = read("名单.xlsx", &classes_roster()).unwrap();
    let done = commit_all(&f.store, ImportKind::Enterprises, &sheet, &ImportOptions::default()).unwrap();
    assert_eq!((done.new_rows, done.invalid_rows), (8, 0), "{:?}", done.problems);
    let msgs: Vec<String> = done.problems.iter().map(describe).collect();
    assert_eq!(
        msgs,
        vec!["第9行 [企业规模] 无法识别的企业规模“中小微”,该项未导入;应为 大型/中型/小型/微型,或统计分类(应为 规上工业/资质以上建筑业/限上批零住餐/规上服务业/四上/规下)"]
    );
    let got = |n: &str| {
        let e = f.by_name(n);
        (e.scale, e.stat_class)
    };
    assert_eq!(got("甲电机有限公司"), (None, Some(StatClass::Industry)), "规上 of a factory is 规上工业");
    assert_eq!(got("乙建工有限公司"), (Some(Scale::Large), Some(StatClass::Construction)));
    assert_eq!(got("丙商贸有限公司"), (None, Some(StatClass::Trade)));
    assert_eq!(got("丁科技有限公司"), (None, Some(StatClass::Services)));
    assert_eq!(got("戊食品有限公司"), (None, Some(StatClass::FourAbove)), "no industry: just 四上");
    assert_eq!(got("己餐饮店"), (None, Some(StatClass::Below)));
    assert_eq!(got("庚五金厂"), (None, None), "中小微 is no one size: nothing invented");
    assert_eq!(got("辛物流有限公司"), (Some(Scale::Small), Some(StatClass::Below)));

    // The list filters and counts by it.
    let q = |q: EnterpriseQuery| enterprise::list(&f.store, &EnterpriseQuery { page_size: 50, ..q }).unwrap().total;
    assert_eq!(q(EnterpriseQuery { four_above: true, ..Default::default() }), 5);
    assert_eq!(q(EnterpriseQuery { stat_class: Some(StatClass::Below), ..Default::default() }), 2);
    let counts = enterprise::stat_class_counts(&f.store, &EnterpriseQuery { four_above: true, ..Default::default() }).unwrap();
    assert_eq!((counts.total, counts.four_above), (8, 5), "the counts leave the class filter aside");
    let by: Vec<(Option<StatClass>, u32)> = counts.by_class.iter().map(|c| (c.stat_class, c.count)).collect();
    use StatClass::*;
    assert_eq!(
        by,
        vec![(Some(Industry), 1), (Some(Construction), 1), (Some(Trade), 1), (Some(Services), 1), (Some(FourAbove), 1), (Some(Below), 2), (None, 1)]
    );

    // An export writes the class in words, and imports back the same.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("企业.xlsx");
    export_enterprises(&f.store, &EnterpriseQuery::default(), &path, ExportFormat::Xlsx).unwrap();
    let back = read_path(&path).unwrap();
    let g = fx();
    commit_all(&g.store, ImportKind::Enterprises, &back, &ImportOptions::default()).unwrap();
    assert_eq!(g.by_name("丙商贸有限公司").stat_class, Some(StatClass::Trade));
    assert_eq!(g.by_name("乙建工有限公司").scale, Some(Scale::Large));
}
