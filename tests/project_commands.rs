//! Project commands through Tauri's mock runtime: real store on a temp file, real IPC
//! serialization, no window.

mod support;

use serde_json::{json, Value};
use support::Harness;

fn lights() -> Value {
    json!({
        "name": "双马路段路灯安装", "kind": "livelihood", "category": "lights",
        "budget_fen": 8_000_000, "quantity": 132, "unit": "盏",
        "beneficiaries": 15, "beneficiary_unit": "户",
        "planned_start": "2026-03-01", "planned_finish": "2026-09-30"
    })
}

#[test]
fn create_refuses_bad_input_by_field_then_the_page_gathers_milestones_log_contacts_and_issues() {
    let h = Harness::new(false);
    let mut bad = lights();
    bad["category"] = json!("investment");
    let e = h.err("project_create", json!({"input": bad}));
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("category")));
    assert!(e["message"].as_str().unwrap().contains("不符"));

    let p = h.ok("project_create", json!({"input": lights()}))["record"].clone();
    let id = p["id"].as_str().unwrap().to_string();
    assert_eq!((p["status"].as_str(), p["due_on"].as_str()), (Some("planning"), Some("2026-09-30")));

    h.ok(
        "project_milestone_save",
        json!({"id": null, "input": {"project_id": id, "name": "招标采购", "due_on": "2020-05-29"}}),
    );
    h.ok("project_log_add", json!({"input": {"project_id": id, "content": "完成基础浇筑", "progress": 30}}));
    let cadre = h.ok("cadre_create", json!({"input": {"name": "王建军", "role": "cadre"}}))["record"]["id"].clone();
    h.ok("project_assign_contact", json!({"input": {"project_id": id, "cadre_id": cadre}}));
    let e = h.err("project_assign_contact", json!({"input": {"project_id": id, "cadre_id": cadre}}));
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("conflict"), Some("cadre_id")));
    let issue = h.ok(
        "issue_register",
        json!({"input": {"source": "visit", "category": "土地", "content": "用地红线内两户未完成征拆", "project_id": id}}),
    );
    assert_eq!(issue["project_id"].as_str(), Some(id.as_str()));

    let d = h.ok("project_detail", json!({"id": id}));
    assert_eq!(d["project"]["progress"], 30);
    assert_eq!(d["milestones"][0]["flag"], "black", "long past due and not done");
    assert_eq!(d["flag"], "black");
    assert_eq!(d["logs"][0]["content"], "完成基础浇筑");
    assert_eq!(d["liaisons"][0]["cadre_name"], "王建军");
    assert_eq!(d["issues"][0]["no"], issue["no"]);

    let page = h.ok("project_list", json!({"query": {"flag": "black"}}));
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["contacts"], json!(["王建军"]));
    assert_eq!(h.ok("project_list", json!({"query": {"kind": "key"}}))["total"], 0);

    let e = h.err("project_delete", json!({"id": id}));
    assert_eq!(e["code"], "conflict");
}

#[test]
fn the_demo_set_has_projects() {
    let h = Harness::new(true);
    let page = h.ok("project_list", json!({"query": {"page_size": 100}}));
    assert_eq!(page["total"], 50);
    let rows = page["rows"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["project"]["kind"] == "key" && !r["contacts"].as_array().unwrap().is_empty()));
}
