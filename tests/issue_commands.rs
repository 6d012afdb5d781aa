//! Issue commands through Tauri's mock runtime: the loop as the UI sends it, errors as the UI
//! receives them, and the demo set's issues.

mod support;

use serde_json::{json, Value};
use support::Harness;

fn dept(h: &Harness) -> String {
    let d = h.ok("department_create", json!({"input": {"name": "经发局", "kind": "function"}}));
    d["record"]["id"].as_str().unwrap().to_string()
}

fn register(h: &Harness) -> Value {
    h.ok(
        "issue_register",
        json!({"input": {
            "source": "hotline", "reporter_name": "王大爷", "reporter_phone": "13807312345",
            "category": "民生", "tier": "regular", "content": "小区路灯长期不亮,夜间出行不便",
            "registered_on": "2026-03-02"
        }}),
    )
}

fn act(h: &Harness, id: &str, date: &str, action: Value) -> Result<Value, Value> {
    h.call("issue_act", json!({"input": {"id": id, "date": date, "action": action}}))
}

#[test]
fn the_loop_over_ipc_with_errors_the_ui_can_place() {
    let h = Harness::new(false);
    let d = dept(&h);
    let e = h.err("issue_register", json!({"input": {"source": "visit", "category": "民生", "content": " "}}));
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("content")));

    let i = register(&h);
    let id = i["id"].as_str().unwrap();
    assert_eq!((i["no"].as_str(), i["status"].as_str()), (Some("2026-00001"), Some("registered")));
    // An illegal step: code `transition`, the issue's number and status in the message.
    let e = act(&h, id, "2026-03-02", json!({"kind": "close", "note": null})).unwrap_err();
    assert_eq!(e["code"], "transition");
    assert!(e["message"].as_str().unwrap().contains("2026-00001"));

    let assign = json!({"kind": "assign", "lead_department_id": d, "assisting": [], "days": 7,
        "deadline": null, "batch_id": null, "note": "请尽快办理"});
    let i = act(&h, id, "2026-03-02", assign).unwrap();
    assert_eq!(i["deadline"], "2026-03-11");
    act(&h, id, "2026-03-03", json!({"kind": "accept", "note": null})).unwrap();
    let resolve = json!({"kind": "resolve", "result": "已更换路灯", "result_kind": "solved", "amount_fen": null});
    act(&h, id, "2026-03-05", resolve).unwrap();
    let i = act(&h, id, "2026-03-06", json!({"kind": "feedback", "feedback": "亮了", "satisfaction": "satisfied", "days": null}))
        .unwrap();
    assert_eq!(i["satisfaction"], "satisfied");
    let i = act(&h, id, "2026-03-06", json!({"kind": "close", "note": null})).unwrap();
    assert_eq!(i["status"], "closed");

    let detail = h.ok("issue_detail", json!({"id": "2026-00001"}));
    assert_eq!(detail["lead_department"], "经发局");
    let kinds: Vec<&str> = detail["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["register", "assign", "accept", "resolve", "feedback", "close"]);
    assert_eq!(detail["events"][1]["actor"], "张明艳");
    assert_eq!(detail["events"][1]["note"], "请尽快办理");

    let page = h.ok("issue_ledger", json!({"query": {"status": ["closed"], "text": "路灯长期"}}));
    assert_eq!(page["total"], 1);
    let figures = h.ok("issue_figures", json!({"query": {"by": "department"}}));
    assert_eq!(figures["total"]["done_rate"], 100.0);
    assert_eq!(figures["rows"][0]["label"], "经发局");
}

#[test]
fn bulk_steps_report_what_they_skipped() {
    let h = Harness::new(false);
    let d = dept(&h);
    let a = register(&h)["id"].as_str().unwrap().to_string();
    let b = register(&h)["id"].as_str().unwrap().to_string();
    let batch = h.ok("issue_batch_create", json!({"input": {"assigned_on": "2026-03-03"}}));
    assert_eq!(batch["no"], "2026年第1批");
    let assign = json!({"kind": "assign", "lead_department_id": d, "assisting": [], "days": null,
        "deadline": null, "batch_id": batch["id"], "note": null});
    let r = h.ok("issue_act_many", json!({"ids": [a], "date": "2026-03-03", "action": assign.clone()}));
    assert_eq!(r["done"], 1);
    let r = h.ok("issue_act_many", json!({"ids": [a, b], "date": "2026-03-03", "action": assign}));
    assert_eq!(r["done"], 1);
    assert_eq!(r["skipped"][0][0], "2026-00001");
    assert!(r["skipped"][0][1].as_str().unwrap().contains("待签收"));
}

#[test]
fn rules_and_calendar_are_editable() {
    let h = Harness::new(false);
    let mut rules = h.ok("issue_rules", json!({}));
    assert_eq!(rules["categories"].as_array().unwrap().len(), 12);
    rules["days_regular"] = json!(0);
    let e = h.err("issue_rules_save", json!({"rules": rules.clone()}));
    assert_eq!(e["field"], "days_regular");
    rules["days_regular"] = json!(5);
    assert_eq!(h.ok("issue_rules_save", json!({"rules": rules}))["days_regular"], 5);

    let days = h.ok("calendar_year", json!({"year": 2024}));
    let kind = |days: &Value, d: &str| days.as_array().unwrap().iter().find(|x| x["date"] == d).unwrap()["kind"].clone();
    assert_eq!(kind(&days, "2024-10-01"), "holiday");
    assert_eq!(kind(&days, "2024-09-29"), "makeup_workday");
    let days = h.ok("calendar_set_day", json!({"date": "2024-10-14", "kind": "holiday", "name": "补休"}));
    assert_eq!(kind(&days, "2024-10-14"), "holiday");
}

#[test]
fn the_demo_set_comes_with_issues_and_a_due_list() {
    let h = Harness::new(true);
    let page = h.ok("issue_ledger", json!({"query": {"page_size": 5}}));
    assert!(page["total"].as_u64().unwrap() >= 1000, "{}", page["total"]);
    let due = h.ok("issue_due", json!({"mine": false, "limit": 5}));
    assert!(!due.as_array().unwrap().is_empty());
}
