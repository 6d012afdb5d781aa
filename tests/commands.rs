//! The app's commands through Tauri's mock runtime: real store on a temp file, real IPC
//! serialization, no window.

mod support;

use serde_json::{json, Value};
use support::Harness;

fn enterprise(name: &str) -> Value {
    json!({"name": name, "tags": []})
}

#[test]
fn first_run_asks_then_remembers_zone_and_operator_and_offers_demo_data() {
    let h = Harness::blank();
    let info = h.ok("zone_info", json!({}));
    assert_eq!(info["onboarded"], false);

    let info = h.onboard(true);
    assert_eq!(info["onboarded"], true);
    assert_eq!(info["zone_name"], "湘潭高新区");
    assert_eq!(info["operator_name"], "张明艳");

    let page = h.ok("enterprises_list", json!({"query": {"page": 1, "page_size": 50, "desc": false}}));
    let total = page["total"].as_u64().unwrap();
    assert!((690..=700).contains(&total), "the S set less its few tombstones: {total}");
    assert_eq!(page["rows"].as_array().unwrap().len(), 50);
    let streets = h.ok("departments_list", json!({"query": {"kind": "street", "page": 1, "page_size": 50}}));
    assert!(streets["rows"].as_array().unwrap().iter().any(|d| d["name"] == "双马街道"));
}

#[test]
fn the_enterprise_list_filters_and_counts_by_statistics_class() {
    let h = Harness::blank();
    h.onboard(false);
    for (name, class) in [("甲工业有限公司", "industry"), ("乙商贸有限公司", "trade"), ("丙小店", "below")] {
        let mut input = enterprise(name);
        input["stat_class"] = json!(class);
        h.ok("enterprise_create", json!({"input": input}));
    }
    h.ok("enterprise_create", json!({"input": enterprise("丁未分类有限公司")}));
    let query = json!({"page": 1, "page_size": 10, "desc": false, "four_above": true});
    assert_eq!(h.ok("enterprises_list", json!({"query": query}))["total"], 2);
    let counts = h.ok("enterprises_stat_counts", json!({"query": query}));
    assert_eq!((counts["total"].as_u64(), counts["four_above"].as_u64()), (Some(4), Some(2)));
    assert_eq!(counts["by_class"][0], json!({"stat_class": "industry", "count": 1}));
    assert_eq!(counts["by_class"][3], json!({"stat_class": null, "count": 1}));
}

#[test]
fn onboarding_without_a_zone_name_points_at_that_field() {
    let h = Harness::blank();
    let err = h
        .call("onboard", json!({"input": {"zone_name": " ", "operator_name": "张明艳", "demo": false}}))
        .unwrap_err();
    assert_eq!(err, json!({"code": "validation", "message": "请填写园区名称", "field": "zone_name"}));
    assert_eq!(h.ok("zone_info", json!({}))["onboarded"], false);
}

#[test]
fn a_missing_name_is_a_field_error_and_nothing_is_saved() {
    let h = Harness::blank();
    h.onboard(false);
    let err = h.call("enterprise_create", json!({"input": enterprise("")})).unwrap_err();
    assert_eq!(err["code"], "validation");
    assert_eq!(err["field"], "name");
    assert_eq!(err["message"], "请填写企业名称");
    assert_eq!(h.ok("enterprises_list", json!({"query": {"page": 1, "page_size": 10, "desc": false}}))["total"], 0);
}

#[test]
fn a_bad_uscc_checksum_saves_with_a_warning_but_a_malformed_one_is_refused() {
    let h = Harness::blank();
    h.onboard(false);
    let mut input = enterprise("湘潭立发釉彩有限公司");
    input["uscc"] = json!("911100001000079555");
    let saved = h.ok("enterprise_create", json!({"input": input}));
    assert_eq!(saved["record"]["uscc"], "911100001000079555");
    assert_eq!(saved["warnings"][0]["field"], "uscc");
    assert!(saved["warnings"][0]["message"].as_str().unwrap().contains("校验位"));

    let warn = h.ok("uscc_check", json!({"code": "911100001000079555"}));
    assert_eq!(warn["field"], "uscc");
    assert_eq!(h.ok("uscc_check", json!({"code": "91350100M000100Y43"})), Value::Null);

    let mut bad = enterprise("湘潭华泰电气有限公司");
    bad["uscc"] = json!("12345");
    let err = h.call("enterprise_create", json!({"input": bad})).unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("validation"), Some("uscc")));
}

#[test]
fn the_same_uscc_twice_is_a_conflict_on_that_field() {
    let h = Harness::blank();
    h.onboard(false);
    let mut a = enterprise("甲公司");
    a["uscc"] = json!("91350100M000100Y43");
    h.ok("enterprise_create", json!({"input": a}));
    let mut b = enterprise("乙公司");
    b["uscc"] = json!("91350100m000100y43"); // lower case is the same code
    let err = h.call("enterprise_create", json!({"input": b})).unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("conflict"), Some("uscc")));
    assert!(err["message"].as_str().unwrap().contains("甲公司"));
}

#[test]
fn update_filter_sort_page_and_delete() {
    let h = Harness::blank();
    h.onboard(false);
    let street = h.ok("department_create", json!({"input": {"name": "双马街道", "kind": "street"}}))["record"].clone();
    for (name, s) in [("丙公司", true), ("甲公司", true), ("乙公司", false)] {
        let mut e = enterprise(name);
        if s {
            e["street_id"] = street["id"].clone();
        }
        h.ok("enterprise_create", json!({"input": e}));
    }
    let page = h.ok(
        "enterprises_list",
        json!({"query": {"street_id": street["id"], "sort": "name", "desc": true, "page": 1, "page_size": 1}}),
    );
    assert_eq!(page["total"], 2);
    assert_eq!(page["rows"][0]["name"], "甲公司"); // 甲 (U+7532) sorts after 丙 (U+4E19)

    let id = page["rows"][0]["id"].as_str().unwrap().to_string();
    let mut edit = enterprise("甲公司");
    edit["contact_phone"] = json!("138 0731 2345");
    let saved = h.ok("enterprise_update", json!({"id": id, "input": edit}));
    assert_eq!(saved["record"]["contact_phone"], "13807312345");
    assert_eq!(saved["record"]["street_id"], Value::Null);

    // The street still has 丙公司, so it cannot be deleted.
    let err = h.call("department_delete", json!({"id": street["id"]})).unwrap_err();
    assert_eq!(err["code"], "conflict");

    h.ok("enterprise_delete", json!({"id": id}));
    let err = h.call("enterprise_get", json!({"id": id})).unwrap_err();
    assert_eq!(err["code"], "not_found");
}

#[test]
fn cadres_need_a_role_and_a_real_mobile() {
    let h = Harness::blank();
    h.onboard(false);
    let err = h.call("cadre_create", json!({"input": {"name": "游志华", "mobile": "1380731"}})).unwrap_err();
    assert_eq!(err["field"], "role");
    let err = h.call("cadre_create", json!({"input": {"name": "游志华", "role": "leader", "mobile": "1380731"}})).unwrap_err();
    assert_eq!(err["field"], "mobile");
    let c = h.ok("cadre_create", json!({"input": {"name": "游志华", "role": "leader", "mobile": "13807312345"}}));
    assert_eq!(c["record"]["active"], true);
    let page = h.ok("cadres_list", json!({"query": {"role": "leader", "page": 1, "page_size": 20, "desc": false}}));
    assert_eq!(page["total"], 1);
}

#[test]
fn a_database_from_a_newer_version_is_reported_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lianxin.db");
    drop(lianxin_core::Store::open(&path).unwrap());
    bump_schema_version(&path);
    let h = Harness::on(dir);
    let err = h.call("zone_info", json!({})).unwrap_err();
    assert_eq!(err["code"], "database_too_new");
    assert!(err["message"].as_str().unwrap().contains("请升级连心"));
}

/// Marks the file as written by a future schema version, as a newer build would: the header's
/// user_version field (offset 60, big-endian). The store was closed, so the WAL is checkpointed.
fn bump_schema_version(path: &std::path::Path) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
}
