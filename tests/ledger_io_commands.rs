//! The project and support ledgers' import (the import commands with kinds `projects` and
//! `supports`) and the project export, through Tauri's mock runtime on a real store.

mod support;

use std::sync::Mutex;

use serde_json::{json, Value};
use support::Harness;

/// The pending import is one per app process; these tests take turns with it.
static SERIAL: Mutex<()> = Mutex::new(());

fn options(extra: Value) -> Value {
    let mut o = json!({"mapping": null, "existing": "update", "create_missing": false, "skip_invalid": false, "create_cadres": false});
    if let Value::Object(m) = extra {
        for (k, v) in m {
            o[k] = v;
        }
    }
    o
}

const PROJECTS: &str = "2026年民生实事项目台账,,,,,\n\
序号,项目名称,总投资(万元),计划完工,责任单位,状态\n\
1,芙蓉路路灯改造,8万元,2026年3月底前,建设局,谋划\n\
2,湖湘东路人行道修缮,20,尽快,火星局,谋划\n\
合计,,28,,,\n";

fn projects_total(h: &Harness) -> u64 {
    h.ok("project_list", json!({"query": {"page": 1, "page_size": 50, "desc": false}}))["total"].as_u64().unwrap()
}

#[test]
fn a_project_ledger_previews_refuses_a_bad_row_then_imports_the_good_ones_and_exports_back() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let h = Harness::new(false);
    h.ok("department_create", json!({"input": {"name": "建设局", "kind": "function"}}));
    let bytes: Vec<u8> = PROJECTS.as_bytes().to_vec();
    let r = h.ok("import_preview", json!({"kind": "projects", "fileName": "台账.csv", "bytes": bytes, "options": options(json!({}))}));
    assert_eq!(r["mapping"]["header_row"], 2);
    assert_eq!((r["total_rows"].as_u64(), r["new_rows"].as_u64(), r["invalid_rows"].as_u64()), (Some(2), Some(1), Some(1)));
    let problems: Vec<(u64, String)> = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["row"].as_u64().unwrap(), p["column"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(problems, vec![(4, "责任单位".to_string()), (4, "计划完工".to_string())]);
    assert_eq!(r["missing"][0]["name"], "火星局");

    let err = h.call("import_commit", json!({"kind": "projects", "options": options(json!({})), "onProgress": "__CHANNEL__:7"})).unwrap_err();
    assert_eq!(err["code"], "import_problems");
    assert!(err["message"].as_str().unwrap().contains("第4行"), "{err}");
    assert_eq!(projects_total(&h), 0, "all or nothing");
    let done = h.ok("import_commit", json!({"kind": "projects", "options": options(json!({"skip_invalid": true})), "onProgress": "__CHANNEL__:8"}));
    assert_eq!(done["new_rows"], 1);
    assert_eq!(projects_total(&h), 1);

    let path = h.dir().join("项目台账.xlsx");
    let res = h.ok("export_projects", json!({"query": {"page": 1, "page_size": 50, "desc": false}, "path": path.to_str().unwrap(), "format": "xlsx"}));
    assert_eq!(res["rows"], 1);
    let bytes = std::fs::read(&path).unwrap();
    let r = h.ok("import_preview", json!({"kind": "projects", "fileName": "项目台账.xlsx", "bytes": bytes, "options": options(json!({}))}));
    assert_eq!((r["unchanged_rows"].as_u64(), r["new_rows"].as_u64(), r["problems_total"].as_u64()), (Some(1), Some(0), Some(0)), "{r}");
}

#[test]
fn a_support_ledger_names_the_enterprise_it_cannot_find() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let h = Harness::new(false);
    h.ok("enterprise_create", json!({"input": {"name": "湘潭电机股份有限公司"}}));
    let csv = "企业名称,类型,金额(万元),状态,日期\n湘潭电机股份有限公司,授信,1800,已到位,2026-03-01\n查无此企业,贷款,5,已放款,2026-03-02\n";
    let bytes: Vec<u8> = csv.as_bytes().to_vec();
    let r = h.ok("import_preview", json!({"kind": "supports", "fileName": "惠企.csv", "bytes": bytes, "options": options(json!({}))}));
    assert_eq!((r["new_rows"].as_u64(), r["invalid_rows"].as_u64()), (Some(1), Some(1)));
    assert_eq!(r["problems"][0]["row"], 3);
    assert!(r["problems"][0]["message"].as_str().unwrap().contains("查无此企业"), "{r}");
    let done = h.ok("import_commit", json!({"kind": "supports", "options": options(json!({"skip_invalid": true})), "onProgress": "__CHANNEL__:9"}));
    assert_eq!(done["new_rows"], 1);
}
