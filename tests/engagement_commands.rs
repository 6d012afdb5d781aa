//! Engagement and support commands through Tauri's mock runtime: real store on a temp file,
//! real IPC serialization, no window.

mod support;

use serde_json::json;
use support::Harness;

#[test]
fn capture_saves_a_visit_with_its_issues_and_a_bad_row_names_itself() {
    let h = Harness::new(false);
    // The operator (张明艳) is also a cadre: the capture form's "me".
    let me = h.ok("cadre_create", json!({"input": {"name": "张明艳", "role": "cadre"}}))["record"]["id"].as_str().unwrap().to_string();
    assert_eq!(h.ok("my_cadre", json!({}))["id"], me.as_str());
    let ent = h.ok("enterprise_create", json!({"input": {"name": "湘潭电机股份有限公司", "tags": []}}))["record"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let input = |third: &str| {
        json!({"input": {
            "enterprise_id": ent, "cadre_ids": [me], "summary": "走访生产车间",
            "issues": [
                {"content": "路灯不亮", "category": "基础设施", "tier": "general", "resolve_on_spot": "当场更换"},
                {"content": "授信", "category": "融资"},
                {"content": third, "category": "用工"}
            ]
        }})
    };
    let err = h.call("engagement_capture", input("  ")).unwrap_err();
    assert_eq!(err["field"], "issues.2.content");
    assert_eq!(err["message"], "第3条问题:请填写问题内容");
    assert_eq!(h.ok("engagements_list", json!({"query": {}}))["total"], 0, "nothing saved");

    let c = h.ok("engagement_capture", input("招工难"));
    assert_eq!(c["issues"].as_array().unwrap().len(), 3);
    assert_eq!(c["engagement"]["kind"], "visit");
    let (rows, total) = {
        let v = h.ok("engagements_of", json!({"targetId": ent, "limit": 10}));
        (v[0].clone(), v[1].clone())
    };
    assert_eq!(total, 1);
    assert_eq!(rows[0]["issues"].as_array().unwrap().len(), 3);
    let counts = h.ok("engagement_counts", json!({"from": "2000-01-01", "to": "2999-12-31"}));
    assert_eq!(counts["sentence"], "开展活动1次,其中走访调研1次,涉及企业1家");

    // A support outcome with money and its totals; amounts travel as numbers.
    let s = h.ok("support_create", json!({"input": {"enterprise_id": ent, "kind": "credit", "amount_fen": 1_800_000_000_i64}}));
    assert_eq!(s["amount_fen"], 1_800_000_000_i64);
    let t = h.ok("support_totals", json!({"from": "2000-01-01", "to": "2999-12-31", "status": null, "by": "kind"}));
    assert_eq!(t["sentence"], "授信1笔1800万元");
}
