//! Import and export on real files built in the tests (rust_xlsxwriter, GBK via encoding_rs)
//! and a real store on a temp file.

use std::sync::atomic::AtomicBool;

use rust_xlsxwriter::{Format, Workbook};

use super::*;
use crate::error::CoreError;
use crate::model::cadre::{self, CadreInput, CadreQuery, CadreRole};
use crate::model::department::{self, DepartmentInput, DepartmentKind};
use crate::model::enterprise::{self, EnterpriseInput, EnterpriseQuery, Ownership, Scale};
use crate::model::liaison;
use crate::store::Store;
use crate::uscc;

pub(super) struct Fx {
    _dir: tempfile::TempDir,
    pub store: Store,
    pub street: String,
    pub community: String,
}

pub(super) fn fx() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("t.db")).unwrap();
    let dept = |name: &str, kind, parent: Option<&str>| {
        department::create(
            &store,
            &DepartmentInput { name: name.into(), kind: Some(kind), parent_id: parent.map(Into::into), ..Default::default() },
        )
        .unwrap()
        .record
        .id
    };
    let street = dept("双马街道", DepartmentKind::Street, None);
    let community = dept("银盆岭社区", DepartmentKind::Community, Some(&street));
    dept("经发局", DepartmentKind::Function, None);
    Fx { _dir: dir, store, street, community }
}

impl Fx {
    pub fn value<T: rusqlite::types::FromSql>(&self, sql: &str) -> T {
        self.store.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
    }
    pub fn count(&self, sql: &str) -> i64 {
        self.value(sql)
    }
    pub fn enterprises(&self) -> i64 {
        self.count("SELECT count(*) FROM enterprises WHERE deleted = 0")
    }
    fn changes(&self) -> i64 {
        self.count("SELECT count(*) FROM changes")
    }
    pub fn by_name(&self, name: &str) -> enterprise::Enterprise {
        let q = EnterpriseQuery { text: Some(name.into()), page_size: 10, ..Default::default() };
        let page = enterprise::list(&self.store, &q).unwrap();
        page.rows.into_iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no {name}"))
    }
}

/// A valid USCC numbered `n`.
fn code(n: u32) -> String {
    let first = format!("91430300MA4L{n:05}");
    format!("{first}{}", uscc::check_char(&first).unwrap())
}

fn opts() -> ImportOptions {
    ImportOptions::default()
}

pub(super) fn commit_all(store: &Store, kind: ImportKind, sheet: &Sheet, o: &ImportOptions) -> crate::error::Result<ImportReport> {
    commit(store, kind, sheet, o, &mut |_| {}, &AtomicBool::new(false))
}

/// The office's list: a title merged over the header, the street merged down two rows, and
/// the habits of Excel users (full-width digits, spaces in phones, lower-case codes).
fn office_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let plain = Format::new();
    ws.merge_range(0, 0, 0, 7, "湘潭高新区联点企业名单", &plain).unwrap();
    ws.write_row(1, 0, ["序号", "企业名称", "统一社会信用代码", "所属街道", "所属社区", "联系电话", "行业", "企业规模"]).unwrap();
    ws.write_row(2, 0, ["1", "湘潭电机股份有限公司", &code(1).to_lowercase(), "", "银盆岭", "138 0731 2345", "制造业", "大型"]).unwrap();
    ws.merge_range(2, 3, 3, 3, "双马街道", &plain).unwrap();
    ws.write_row(3, 0, ["2", "湘潭立发釉彩有限公司", "", "", "", "0731-58581234", "C", "小型企业"]).unwrap();
    ws.write(3, 5, "0731-58581234").unwrap();
    ws.write_row(4, 0, ["3", "ＸＴ软件有限公司", &code(3), "双马", "", "１３９０７３１２３４５", "软件", "微"]).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn preview_of_an_office_xlsx_writes_nothing_and_commit_writes_it_all() {
    let f = fx();
    let sheet = read("名单.xlsx", &office_xlsx()).unwrap();
    let before = f.changes();
    let r = preview(&f.store, ImportKind::Enterprises, &sheet, &opts()).unwrap();
    assert_eq!(f.changes(), before, "a preview writes nothing");
    assert_eq!(f.enterprises(), 0);
    assert_eq!(r.mapping.header_row, 2, "the header is under the title");
    assert_eq!(r.columns[1].field, Some(ImportField::Name));
    assert_eq!(r.columns[0].field, None, "序号 is not imported");
    assert_eq!((r.total_rows, r.new_rows, r.invalid_rows), (3, 3, 0), "{:?}", r.problems);
    assert!(r.problems.is_empty(), "{:?}", r.problems);

    let done = commit_all(&f.store, ImportKind::Enterprises, &sheet, &opts()).unwrap();
    assert!(done.committed);
    assert_eq!(done.new_rows, 3);
    assert_eq!(f.enterprises(), 3);
    let e = f.by_name("湘潭电机股份有限公司");
    assert_eq!(e.uscc.as_deref(), Some(code(1).as_str()), "upper-cased");
    assert_eq!(e.contact_phone.as_deref(), Some("13807312345"), "spaces dropped");
    assert_eq!(e.street_id.as_deref(), Some(f.street.as_str()));
    assert_eq!(e.community_id.as_deref(), Some(f.community.as_str()), "银盆岭 finds 银盆岭社区");
    assert_eq!((e.industry.as_deref(), e.scale), (Some("C"), Some(Scale::Large)));
    let e = f.by_name("湘潭立发釉彩有限公司");
    assert_eq!(e.street_id.as_deref(), Some(f.street.as_str()), "the merged street fills down");
    assert_eq!(e.scale, Some(Scale::Small));
    let e = f.by_name("XT软件有限公司");
    assert_eq!(e.contact_phone.as_deref(), Some("13907312345"), "full-width digits folded");
    assert_eq!((e.industry.as_deref(), e.scale), (Some("I"), Some(Scale::Micro)));
    assert_eq!(e.street_id.as_deref(), Some(f.street.as_str()), "双马 finds 双马街道");
    // Every row went through the one write path.
    assert_eq!(f.changes(), before + 3);
}

/// Rows 3–7 of this sheet (row 1 is a title, row 2 the header): one good, then each bad in one way.
pub(super) fn bad_rows_csv() -> Vec<u8> {
    let text = format!(
        "企业问题清单,,,\n企业名称,统一社会信用代码,联系电话,所属街道\n好企业有限公司,{},13807312345,双马街道\n,{},,\n坏代码有限公司,12345,,\n坏电话有限公司,,12345,\n未知街道有限公司,,,火星街道\n",
        code(10),
        code(11)
    );
    text.into_bytes()
}

#[test]
fn bad_rows_are_reported_by_excel_row_column_and_message_and_block_the_commit() {
    let f = fx();
    let sheet = read("清单.csv", &bad_rows_csv()).unwrap();
    let r = preview(&f.store, ImportKind::Enterprises, &sheet, &opts()).unwrap();
    assert_eq!((r.total_rows, r.new_rows, r.invalid_rows), (5, 1, 4));
    let got: Vec<(u32, Option<&str>, &str)> =
        r.problems.iter().map(|p| (p.row, p.column.as_deref(), p.message.as_str())).collect();
    assert_eq!(got[0], (4, Some("企业名称"), "请填写企业名称"));
    assert_eq!(got[1].0, 5);
    assert_eq!(got[1].1, Some("统一社会信用代码"));
    assert!(got[1].2.contains("18位"), "{}", got[1].2);
    assert_eq!(got[2].0, 6);
    assert_eq!(got[2].1, Some("联系电话"));
    assert!(got[2].2.contains("格式不对"), "{}", got[2].2);
    assert_eq!(got[3], (7, Some("所属街道"), "未找到街道“火星街道”,请先在“部门与街道”中添加,或选择自动新建"));
    assert_eq!(r.missing.len(), 1);
    assert_eq!((r.missing[0].kind, r.missing[0].name.as_str()), (DepartmentKind::Street, "火星街道"));
    assert_eq!(describe(&r.problems[0]), "第4行 [企业名称] 请填写企业名称");

    // All or nothing: the good row is not written either.
    let before = f.changes();
    match commit_all(&f.store, ImportKind::Enterprises, &sheet, &opts()) {
        Err(CoreError::ImportProblems { rows, first }) => {
            assert_eq!(rows, 4);
            assert_eq!(first, "第4行 [企业名称] 请填写企业名称");
        }
        other => panic!("expected the problems to stop the import: {other:?}"),
    }
    assert_eq!((f.enterprises(), f.changes()), (0, before));

    // Skipping bad rows imports the good one; creating missing streets rescues row 7.
    let o = ImportOptions { skip_invalid: true, create_missing: true, ..opts() };
    let done = commit_all(&f.store, ImportKind::Enterprises, &sheet, &o).unwrap();
    assert_eq!((done.new_rows, done.invalid_rows, done.new_departments), (2, 3, 1));
    assert_eq!(f.enterprises(), 2);
    let e = f.by_name("未知街道有限公司");
    let street = department::get_one(&f.store, e.street_id.as_deref().unwrap()).unwrap();
    assert_eq!((street.name.as_str(), street.kind), ("火星街道", DepartmentKind::Street));
}

#[test]
fn a_row_reports_every_bad_field_and_checksum_problems_only_warn() {
    let f = fx();
    let mut bad_check = code(5);
    bad_check.pop();
    bad_check.push(if code(5).ends_with('0') { '1' } else { '0' });
    let csv = format!("企业名称,联系电话,统一社会信用代码,规模\n,abc,123,\n校验位有限公司,,{bad_check},巨型\n");
    let sheet = read("x.csv", csv.as_bytes()).unwrap();
    let r = preview(&f.store, ImportKind::Enterprises, &sheet, &opts()).unwrap();
    let row2: Vec<&str> = r.problems.iter().filter(|p| p.row == 2).map(|p| p.column.as_deref().unwrap()).collect();
    assert_eq!(row2, vec!["企业名称", "统一社会信用代码", "联系电话"]);
    let row3: Vec<&ImportProblem> = r.problems.iter().filter(|p| p.row == 3).collect();
    assert!(row3.iter().all(|p| p.warning), "{row3:?}");
    assert_eq!(row3.len(), 2, "the scale word and the check character");
    assert_eq!((r.new_rows, r.invalid_rows, r.warnings_total), (1, 1, 2));
}

#[test]
fn a_gbk_csv_imports() {
    let f = fx();
    let text = format!("企业名称,信用代码,法人,经济类型,地址\n湘潭华泰电气有限公司,{},张  三,港澳台商投资,湘潭市岳塘区\n", code(20));
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let sheet = read("名单.csv", &gbk).unwrap();
    commit_all(&f.store, ImportKind::Enterprises, &sheet, &opts()).unwrap();
    let e = f.by_name("湘潭华泰电气有限公司");
    assert_eq!(e.legal_rep.as_deref(), Some("张三"));
    assert_eq!(e.ownership, Some(Ownership::Hmt));
    assert_eq!(e.address.as_deref(), Some("湘潭市岳塘区"));
}

#[test]
fn rows_matching_registered_enterprises_update_or_skip() {
    let f = fx();
    let by_code = enterprise::create(
        &f.store,
        &EnterpriseInput { name: "旧名称有限公司".into(), uscc: Some(code(30)), address: Some("旧地址".into()), ..Default::default() },
    )
    .unwrap()
    .record;
    let by_name = enterprise::create(&f.store, &EnterpriseInput { name: "同名有限公司".into(), ..Default::default() }).unwrap().record;
    let csv = format!("企业名称,统一社会信用代码,联系人\n新名称有限公司,{},李四\n同名有限公司,,王五\n全新有限公司,,赵六\n", code(30));
    let sheet = read("x.csv", csv.as_bytes()).unwrap();

    let r = preview(&f.store, ImportKind::Enterprises, &sheet, &opts()).unwrap();
    assert_eq!((r.existing_rows, r.update_rows, r.new_rows), (2, 2, 1));
    assert_eq!(r.existing[0].matched_by, "uscc");
    assert_eq!(r.existing[1].matched_by, "name");

    let skip = ImportOptions { existing: ExistingChoice::Skip, ..opts() };
    let done = commit_all(&f.store, ImportKind::Enterprises, &sheet, &skip).unwrap();
    assert_eq!((done.skipped_rows, done.new_rows), (2, 1));
    assert_eq!(enterprise::get_one(&f.store, &by_code.id).unwrap().name, "旧名称有限公司");

    // Again with update: the new row is now registered too and unchanged.
    let done = commit_all(&f.store, ImportKind::Enterprises, &sheet, &opts()).unwrap();
    assert_eq!((done.update_rows, done.unchanged_rows, done.new_rows), (2, 1, 0));
    let e = enterprise::get_one(&f.store, &by_code.id).unwrap();
    assert_eq!(e.name, "新名称有限公司");
    assert_eq!(e.contact_name.as_deref(), Some("李四"));
    assert_eq!(e.address.as_deref(), Some("旧地址"), "a column the file lacks is kept");
    assert_eq!(enterprise::get_one(&f.store, &by_name.id).unwrap().contact_name.as_deref(), Some("王五"));
    assert_eq!(f.enterprises(), 3);
}

#[test]
fn duplicates_within_the_file_are_problems() {
    let f = fx();
    let csv = format!("企业名称,统一社会信用代码\n甲有限公司,{c}\n乙有限公司,{c}\n甲有限公司,\n", c = code(40));
    let r = preview(&f.store, ImportKind::Enterprises, &read("x.csv", csv.as_bytes()).unwrap(), &opts()).unwrap();
    let msgs: Vec<String> = r.problems.iter().map(describe).collect();
    assert_eq!(msgs, vec!["第3行 [统一社会信用代码] 与第2行的统一社会信用代码相同", "第4行 [企业名称] 与第2行的企业名称相同"]);
}

#[test]
fn cancel_rolls_everything_back() {
    let f = fx();
    let mut csv = String::from("企业名称\n");
    for i in 0..1200 {
        csv.push_str(&format!("企业{i:04}有限公司\n"));
    }
    let sheet = read("x.csv", csv.as_bytes()).unwrap();
    let cancel = AtomicBool::new(false);
    let mut seen = vec![];
    let res = commit(&f.store, ImportKind::Enterprises, &sheet, &opts(), &mut |p| {
        seen.push(p.done);
        if p.done >= 500 {
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }, &cancel);
    assert!(matches!(res, Err(CoreError::Cancelled)), "{res:?}");
    assert_eq!(seen, vec![0, 500]);
    assert_eq!(f.enterprises(), 0, "rows written before the cancel are rolled back");
    assert_eq!(CoreError::Cancelled.to_string(), "已取消,未导入任何数据");
}

#[test]
fn liaison_column_pairs_cadres_with_a_date() {
    let f = fx();
    cadre::create(&f.store, &CadreInput { name: "刘建国".into(), role: Some(CadreRole::Cadre), ..Default::default() }).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_row(0, 0, ["企业名称", "联点干部", "联点时间"]).unwrap();
    ws.write_row(1, 0, ["甲有限公司", "刘 建国", "2021年12月3日"]).unwrap();
    ws.write_row(2, 0, ["乙有限公司", "刘建国", ""]).unwrap();
    let date = Format::new().set_num_format("yyyy/m/d");
    ws.write_datetime_with_format(2, 2, rust_xlsxwriter::ExcelDateTime::from_ymd(2022, 1, 5).unwrap(), &date).unwrap();
    ws.write_row(3, 0, ["丙有限公司", "查无此人", "2021.13.1"]).unwrap();
    let sheet = read("x.xlsx", &wb.save_to_buffer().unwrap()).unwrap();
    let r = preview(&f.store, ImportKind::Enterprises, &sheet, &opts()).unwrap();
    let msgs: Vec<String> = r.problems.iter().map(describe).collect();
    assert_eq!(
        msgs,
        vec![
            "第4行 [联点干部] 未找到干部“查无此人”,企业照常导入,未建立联点;可在预览中选择新建这些干部",
            "第4行 [联点时间] 日期“2021.13.1”无法识别,应为 2021-12-03 或 2021年12月3日",
        ]
    );
    assert_eq!(r.problems.iter().map(|p| p.warning).collect::<Vec<_>>(), vec![true, false], "the unknown cadre only warns");
    let o = ImportOptions { skip_invalid: true, ..opts() };
    let done = commit_all(&f.store, ImportKind::Enterprises, &sheet, &o).unwrap();
    assert_eq!(done.new_liaisons, 2);
    let starts: Vec<String> = f
        .store
        .read(|c| {
            let mut st = c.prepare("SELECT start_date FROM liaisons ORDER BY start_date")?;
            let v = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(v)
        })
        .unwrap();
    assert_eq!(starts, vec!["2021-12-03", "2022-01-05"]);
    let e = f.by_name("甲有限公司");
    assert_eq!(liaison::for_enterprise(&f.store, &e.id).unwrap().len(), 1);
}

#[test]
fn cadres_import_with_units_by_name() {
    let f = fx();
    let csv = "姓名,单位/部门,职务,角色,手机\n张  三,经发局,科长,联点干部,138 0731 0001\n李四,新设局,副局长,包联领导,13807310002\n王五,经发局,,,12345\n";
    let sheet = read("干部.csv", csv.as_bytes()).unwrap();
    let r = preview(&f.store, ImportKind::Cadres, &sheet, &opts()).unwrap();
    let msgs: Vec<String> = r.problems.iter().map(describe).collect();
    assert_eq!(msgs[0], "第3行 [单位/部门] 未找到单位“新设局”,请先在“部门与街道”中添加,或选择自动新建");
    assert!(msgs[1].starts_with("第4行 [手机] 手机号码“12345”格式不对"), "{msgs:?}");
    let o = ImportOptions { create_missing: true, skip_invalid: true, ..opts() };
    let done = commit_all(&f.store, ImportKind::Cadres, &sheet, &o).unwrap();
    assert_eq!((done.new_rows, done.new_departments, done.invalid_rows), (2, 1, 1));
    let page = cadre::list(&f.store, &CadreQuery { page_size: 10, ..Default::default() }).unwrap();
    let zhang = page.rows.iter().find(|c| c.name == "张三").unwrap();
    assert_eq!((zhang.mobile.as_deref(), zhang.role), (Some("13807310001"), CadreRole::Cadre));
    let li = page.rows.iter().find(|c| c.name == "李四").unwrap();
    assert_eq!(li.role, CadreRole::Leader);
    // The same file again matches by mobile and changes nothing.
    let again = commit_all(&f.store, ImportKind::Cadres, &sheet, &o).unwrap();
    assert_eq!((again.unchanged_rows, again.new_rows), (2, 0));
}

#[test]
fn a_mapping_can_be_overridden() {
    let f = fx();
    // Headers the detector does not know: the user says column 2 is the name.
    let csv = "编号,公司\n1,甲有限公司\n";
    let sheet = read("x.csv", csv.as_bytes()).unwrap();
    let r = preview(&f.store, ImportKind::Enterprises, &sheet, &opts()).unwrap();
    assert!(r.mapping.columns.iter().all(Option::is_none));
    assert_eq!(r.invalid_rows, 1, "without a name column every row lacks a name");
    let o = ImportOptions { mapping: Some(ImportMapping { header_row: 1, columns: vec![None, Some(ImportField::Name)] }), ..opts() };
    let r = commit_all(&f.store, ImportKind::Enterprises, &sheet, &o).unwrap();
    assert_eq!(r.new_rows, 1);
    f.by_name("甲有限公司");
}

#[test]
fn export_round_trips_through_xlsx_and_csv() {
    let f = fx();
    let sheet = read("名单.xlsx", &office_xlsx()).unwrap();
    commit_all(&f.store, ImportKind::Enterprises, &sheet, &opts()).unwrap();
    let dir = tempfile::tempdir().unwrap();

    // Filtered as on screen: only the large ones.
    let q = EnterpriseQuery { scale: Some(Scale::Large), ..Default::default() };
    let x = dir.path().join("企业名录.xlsx");
    let res = export_enterprises(&f.store, &q, &x, ExportFormat::Xlsx).unwrap();
    assert_eq!(res.rows, 1);
    let back = read_path(&x).unwrap();
    assert_eq!(back.name, "企业名录");
    let header: Vec<String> = back.rows[0].iter().map(|c| c.text()).collect();
    assert_eq!(header, export::ENTERPRISE_HEADERS);
    assert_eq!(back.rows.len(), 2);
    assert_eq!(back.rows[1][0].text(), "湘潭电机股份有限公司");
    assert_eq!(back.rows[1][6].text(), "双马街道");
    assert_eq!(back.rows[1][8].text(), "制造业");
    assert!(matches!(back.rows[1][17], sheet::Cell::Date(_)), "timestamps are dates: {:?}", back.rows[1][17]);

    // Everything, as CSV with a BOM.
    let c = dir.path().join("企业名录.csv");
    let res = export_enterprises(&f.store, &EnterpriseQuery::default(), &c, ExportFormat::Csv).unwrap();
    assert_eq!(res.rows, 3);
    let bytes = std::fs::read(&c).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel and WPS");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("企业名称,简称,统一社会信用代码"));
    assert!(text.contains("\t13807312345"), "long digit strings stay text in Excel");
    assert!(!dir.path().join(".企业名录.csv.part").exists());

    // Both import back into an empty database as the same enterprises.
    for file in [&x, &c] {
        let g = fx();
        let s = read_path(file).unwrap();
        let r = commit_all(&g.store, ImportKind::Enterprises, &s, &opts()).unwrap();
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let e = g.by_name("湘潭电机股份有限公司");
        let orig = f.by_name("湘潭电机股份有限公司");
        assert_eq!(
            (&e.uscc, &e.contact_phone, &e.industry, e.scale, &e.address),
            (&orig.uscc, &orig.contact_phone, &orig.industry, orig.scale, &orig.address)
        );
        if file == &c {
            assert_eq!(g.enterprises(), 3);
            assert!(g.by_name("XT软件有限公司").street_id.is_some());
        }
    }

    // Cadres too.
    cadre::create(&f.store, &CadreInput { name: "张三".into(), role: Some(CadreRole::Leader), mobile: Some("13807310001".into()), ..Default::default() }).unwrap();
    let k = dir.path().join("干部名录.xlsx");
    assert_eq!(export_cadres(&f.store, &CadreQuery::default(), &k, ExportFormat::Xlsx).unwrap().rows, 1);
    let back = read_path(&k).unwrap();
    assert_eq!(back.rows[1].iter().take(6).map(|c| c.text()).collect::<Vec<_>>(), vec!["张三", "", "", "领导", "13807310001", "是"]);
}

#[test]
fn an_export_to_a_folder_that_does_not_exist_fails_cleanly() {
    let f = fx();
    let res = export_enterprises(&f.store, &EnterpriseQuery::default(), std::path::Path::new("/nonexistent/x.csv"), ExportFormat::Csv);
    assert!(res.is_err());
}
