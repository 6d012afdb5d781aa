//! Import and export commands through Tauri's mock runtime: real store on a temp file, real IPC
//! serialization (file bytes as the webview sends them, a progress channel), no window.

mod support;

use std::sync::Mutex;

use serde_json::{json, Value};
use support::Harness;

/// The pending import is one per app process; these tests take turns with it.
static SERIAL: Mutex<()> = Mutex::new(());

/// How many enterprises the list shows.
impl Harness {
    fn total(&self) -> u64 {
        self.ok("enterprises_list", json!({"query": {"page": 1, "page_size": 10, "desc": false}}))["total"].as_u64().unwrap()
    }
}

fn options(extra: Value) -> Value {
    let mut o = json!({"mapping": null, "existing": "update", "create_missing": false, "skip_invalid": false});
    if let Value::Object(m) = extra {
        for (k, v) in m {
            o[k] = v;
        }
    }
    o
}

const CSV: &str = "湘潭高新区联点企业名单,,\n企业名称,联系电话,所属街道\n湘潭电机股份有限公司,138 0731 2345,双马街道\n坏电话有限公司,12345,\n";

#[test]
fn preview_recheck_and_commit_a_file_sent_as_bytes() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let h = Harness::new(false);
    h.ok("department_create", json!({"input": {"name": "双马街道", "kind": "street"}}));
    let bytes: Vec<u8> = CSV.as_bytes().to_vec();

    let r = h.ok(
        "import_preview",
        json!({"kind": "enterprises", "fileName": "名单.csv", "bytes": bytes, "options": options(json!({}))}),
    );
    assert_eq!(r["mapping"]["header_row"], 2);
    assert_eq!((r["total_rows"].as_u64(), r["new_rows"].as_u64(), r["invalid_rows"].as_u64()), (Some(2), Some(1), Some(1)));
    assert_eq!(r["problems"][0]["row"], 4);
    assert_eq!(r["problems"][0]["column"], "联系电话");
    assert_eq!(r["committed"], false);
    assert_eq!(h.total(), 0, "a preview writes nothing");

    // The user maps the third column away and checks again, without sending the file again.
    let mapping = json!({"header_row": 2, "columns": ["name", "contact_phone", null]});
    let r = h.ok("import_recheck", json!({"kind": "enterprises", "options": options(json!({"mapping": mapping}))}));
    assert_eq!(r["columns"][2]["field"], Value::Null);
    assert_eq!(r["columns"][2]["header"], "所属街道");

    let err = h
        .call("import_commit", json!({"kind": "enterprises", "options": options(json!({})), "onProgress": "__CHANNEL__:7"}))
        .unwrap_err();
    assert_eq!(err["code"], "import_problems");
    assert!(err["message"].as_str().unwrap().contains("第4行 [联系电话]"), "{err}");
    assert_eq!(h.total(), 0, "all or nothing");

    let done = h.ok(
        "import_commit",
        json!({"kind": "enterprises", "options": options(json!({"skip_invalid": true})), "onProgress": "__CHANNEL__:8"}),
    );
    assert_eq!((done["new_rows"].as_u64(), done["committed"].as_bool()), (Some(1), Some(true)));
    assert_eq!(h.total(), 1);

    // The row left out goes to an .xlsx the office can fix: the file's columns, its row, why.
    assert_eq!(done["left_out"], json!([{"row": 4, "reasons": "联系电话:联系电话“12345”格式不对,应为手机号码或座机号码(如 0731-58581234)"}]));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("未导入的行.xlsx");
    let args = json!({"headerRow": 2, "leftOut": done["left_out"], "path": path.to_str().unwrap()});
    assert_eq!(h.ok("import_left_out_export", args)["rows"], 1);
    assert!(path.exists());

    // The file is used up.
    let err = h.call("import_recheck", json!({"kind": "enterprises", "options": options(json!({}))})).unwrap_err();
    assert_eq!(err["code"], "no_file");
    assert_eq!(h.ok("import_cancel", json!({})), Value::Null);
}

#[test]
fn an_unreadable_file_is_a_clear_error() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let h = Harness::new(false);
    let err = h
        .call("import_preview", json!({"kind": "cadres", "fileName": "x.xlsx", "bytes": [80, 75, 3, 4, 1, 2], "options": options(json!({}))}))
        .unwrap_err();
    assert_eq!(err["code"], "bad_file");
    assert!(err["message"].as_str().unwrap().contains("无法识别"), "{err}");
}

#[test]
fn export_the_filtered_list_then_import_it_back() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let h = Harness::new(true);
    let streets = h.ok("departments_list", json!({"query": {"kind": "street", "page": 1, "page_size": 50}}));
    let street = streets["rows"].as_array().unwrap().iter().find(|d| d["name"] == "双马街道").unwrap()["id"].clone();
    let query = json!({"street_id": street, "page": 3, "page_size": 20, "desc": false});
    let on_screen = h.ok("enterprises_list", json!({"query": query}))["total"].as_u64().unwrap();

    let xlsx = h.dir().join("企业名录_2026-11-21.xlsx");
    let res = h.ok("export_enterprises", json!({"query": query, "path": xlsx.to_str().unwrap(), "format": "xlsx"}));
    assert_eq!(res["rows"].as_u64(), Some(on_screen), "every page, not the one on screen");
    let csv = h.dir().join("干部名录.csv");
    let res = h.ok("export_cadres", json!({"query": {"page": 1, "page_size": 50, "desc": false}, "path": csv.to_str().unwrap(), "format": "csv"}));
    assert_eq!(res["rows"].as_u64(), Some(150));
    assert!(std::fs::read(&csv).unwrap().starts_with(b"\xEF\xBB\xBF"));

    let bytes = std::fs::read(&xlsx).unwrap();
    let r = h.ok(
        "import_preview",
        json!({"kind": "enterprises", "fileName": "企业名录.xlsx", "bytes": bytes, "options": options(json!({"existing": "skip"}))}),
    );
    assert_eq!(r["existing_rows"].as_u64(), Some(on_screen), "every row is already registered");
    assert_eq!(r["skipped_rows"].as_u64(), Some(on_screen));
    assert_eq!(r["existing"][0]["matched_by"].as_str().map(|m| m == "uscc" || m == "name"), Some(true));

    let err = h
        .call("export_enterprises", json!({"query": query, "path": "/nonexistent/dir/x.xlsx", "format": "xlsx"}))
        .unwrap_err();
    assert_eq!(err["code"], "export");
}
