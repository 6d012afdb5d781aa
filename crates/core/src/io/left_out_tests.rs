//! The rows an import left out, written as an .xlsx with their reasons, fixed by the office and
//! imported again.

use super::tests::{bad_rows_csv, commit_all, fx};
use super::*;

#[test]
fn left_out_rows_go_to_an_xlsx_with_their_row_and_reason_and_import_again_once_fixed() {
    let f = fx();
    let sheet = read("清单.csv", &bad_rows_csv()).unwrap();
    let o = ImportOptions { skip_invalid: true, ..ImportOptions::default() };
    let done = commit_all(&f.store, ImportKind::Enterprises, &sheet, &o).unwrap();
    assert_eq!((done.new_rows, done.invalid_rows), (1, 4));
    let rows: Vec<u32> = done.left_out.iter().map(|l| l.row).collect();
    assert_eq!(rows, vec![4, 5, 6, 7], "every row left out, in order");
    assert_eq!(done.left_out[0].reasons, "企业名称:请填写企业名称");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("未导入的行.xlsx");
    let res = export_left_out(&sheet, done.mapping.header_row, &done.left_out, &path).unwrap();
    assert_eq!(res.rows, 4);
    let back = read_path(&path).unwrap();
    let header: Vec<String> = back.rows[0].iter().map(|c| c.text()).collect();
    assert_eq!(header, vec!["企业名称", "统一社会信用代码", "联系电话", "所属街道", "原行号", "未导入原因"]);
    let texts = |i: usize| back.rows[i].iter().map(|c| c.text()).collect::<Vec<_>>();
    assert_eq!(texts(3)[..5], ["坏电话有限公司".to_string(), String::new(), "12345".into(), String::new(), "6".into()]);
    assert!(texts(4)[5].contains("未找到街道“火星街道”"), "{:?}", texts(4));

    // The office fixes the phone and the street and imports the file again: those two come in.
    let fixed = "企业名称,统一社会信用代码,联系电话,所属街道,原行号,未导入原因\n坏电话有限公司,,13807310009,,6,x\n未知街道有限公司,,,双马街道,7,x\n";
    let again = read("未导入的行.csv", fixed.as_bytes()).unwrap();
    let r = commit_all(&f.store, ImportKind::Enterprises, &again, &ImportOptions::default()).unwrap();
    assert_eq!((r.new_rows, r.invalid_rows), (2, 0), "{:?}", r.problems);
    assert_eq!(f.enterprises(), 3);
}
