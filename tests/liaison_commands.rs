//! Liaison and merge commands through Tauri's mock runtime: real store on a temp file, real IPC
//! serialization, no window.

mod support;

use serde_json::{json, Value};
use support::Harness;

/// The liaison tests' own steps on the shared harness.
impl Harness {
    fn cadre(&self, name: &str, role: &str) -> String {
        let c = self.ok("cadre_create", json!({"input": {"name": name, "role": role}}));
        c["record"]["id"].as_str().unwrap().to_string()
    }

    fn enterprise(&self, name: &str, extra: Value) -> String {
        let mut input = json!({"name": name, "tags": []});
        if let Value::Object(m) = extra {
            for (k, v) in m {
                input[k] = v;
            }
        }
        let e = self.ok("enterprise_create", json!({"input": input}));
        e["record"]["id"].as_str().unwrap().to_string()
    }

    fn assign(&self, cadre: &str, ent: &str, role: &str, start: &str) -> Value {
        self.ok(
            "liaison_assign",
            json!({"input": {"cadre_id": cadre, "enterprise_id": ent, "role": role, "start_date": start}}),
        )
    }
}

#[test]
fn assign_refuses_a_current_duplicate_with_a_conflict_on_the_cadre_field() {
    let h = Harness::new(false);
    let c = h.cadre("游志华", "cadre");
    let e = h.enterprise("湘潭电机股份有限公司", json!({}));
    let l = h.assign(&c, &e, "lead", "2024-03-01");
    assert_eq!((l["role"].as_str(), l["end_date"].clone()), (Some("lead"), Value::Null));

    let err = h
        .call("liaison_assign", json!({"input": {"cadre_id": c, "enterprise_id": e, "role": "lead"}}))
        .unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("conflict"), Some("cadre_id")));
    assert!(err["message"].as_str().unwrap().contains("已是“湘潭电机股份有限公司”的联点干部"));

    let bad = h
        .call("liaison_assign", json!({"input": {"cadre_id": c, "enterprise_id": e, "role": "leader", "start_date": "2024/03/01"}}))
        .unwrap_err();
    assert_eq!(bad["field"], "start_date");
}

#[test]
fn reassign_end_and_the_enterprise_and_cadre_views() {
    let h = Harness::new(false);
    let a = h.cadre("游志华", "cadre");
    let b = h.cadre("李四", "cadre");
    let e = h.enterprise("甲公司", json!({}));
    h.assign(&a, &e, "lead", "2023-01-01");

    let r = h.ok(
        "liaison_reassign",
        json!({"input": {"enterprise_id": e, "cadre_id": b, "date": "2025-01-02", "note": "工作调整"}}),
    );
    assert_eq!(r["ended"][0]["end_date"], "2025-01-02");
    assert_eq!(r["started"]["cadre_id"], b.as_str());

    let rows = h.ok("liaisons_of_enterprise", json!({"enterpriseId": e}));
    let got: Vec<(&str, bool)> =
        rows.as_array().unwrap().iter().map(|r| (r["cadre_name"].as_str().unwrap(), r["current"].as_bool().unwrap())).collect();
    assert_eq!(got, vec![("李四", true), ("游志华", false)]);

    let mine = h.ok("liaisons_of_cadre", json!({"cadreId": b}));
    assert_eq!(mine[0]["enterprise_name"], "甲公司");

    let id = r["started"]["id"].clone();
    let early = h.call("liaison_end", json!({"input": {"id": id, "end_date": "2024-12-31"}})).unwrap_err();
    assert_eq!(early["field"], "end_date");
    let ended = h.ok("liaison_end", json!({"input": {"id": id, "end_date": "2025-03-01", "note": "企业迁出"}}));
    assert_eq!(ended["end_date"], "2025-03-01");
    assert_eq!(h.ok("liaisons_of_cadre", json!({"cadreId": b})), json!([]));
}

#[test]
fn bulk_assign_is_all_or_nothing() {
    let h = Harness::new(false);
    let c = h.cadre("游志华", "cadre");
    let e1 = h.enterprise("甲公司", json!({}));
    let e2 = h.enterprise("乙公司", json!({}));
    h.assign(&c, &e1, "lead", "2024-01-01");

    let err = h
        .call("liaison_bulk_assign", json!({"input": {"cadre_id": c, "enterprise_ids": [e1, e2, "missing"]}}))
        .unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("validation"), Some("enterprise_ids")));
    let q = json!({"query": {"cadre_id": c, "page": 1, "page_size": 50, "desc": false}});
    assert_eq!(h.ok("liaisons_list", q.clone())["total"], 1);

    let out = h.ok("liaison_bulk_assign", json!({"input": {"cadre_id": c, "enterprise_ids": [e1, e2], "role": "lead"}}));
    assert_eq!(out, json!({"assigned": 1, "skipped": 1}));
    assert_eq!(h.ok("liaisons_list", q)["total"], 2);
}

#[test]
fn list_workload_counts_and_leaders() {
    let h = Harness::new(false);
    let boss = h.cadre("王书记", "leader");
    let c = h.cadre("游志华", "cadre");
    let idle = h.cadre("赵六", "cadre");
    let big = h.enterprise("甲大公司", json!({"scale": "large"}));
    let small = h.enterprise("乙小公司", json!({"scale": "small"}));
    h.assign(&boss, &small, "leader", "2024-01-01");
    h.assign(&boss, &big, "leader", "2024-01-01");
    h.assign(&c, &big, "lead", "2024-02-01");

    let page = h.ok(
        "liaisons_list",
        json!({"query": {"text": "甲大", "status": "current", "sort": "cadre", "page": 1, "page_size": 50, "desc": false}}),
    );
    assert_eq!(page["total"], 2);
    assert_eq!(page["rows"][0]["cadre_name"], "游志华"); // 游 U+6E38 before 王 U+738B

    let w = h.ok("liaison_workload", json!({"query": {"page": 1, "page_size": 50, "desc": false}}));
    assert_eq!(w["total"], 3);
    assert_eq!((w["rows"][0]["name"].as_str(), w["rows"][0]["leader"].as_u64()), (Some("王书记"), Some(2)));
    assert_eq!(w["rows"][2]["total"], 0);
    let only_leaders = h.ok("liaison_workload", json!({"query": {"role": "leader", "page": 1, "page_size": 50, "desc": false}}));
    assert_eq!(only_leaders["total"], 1);

    let counts = h.ok("liaison_counts", json!({"cadreIds": [boss, c, idle]}));
    assert_eq!(counts.as_array().unwrap().len(), 2, "cadres with none are left out");

    let leaders = h.ok("liaison_leaders", json!({"query": {}}));
    assert_eq!(leaders[0]["name"], "王书记");
    let names: Vec<&str> = leaders[0]["enterprises"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["甲大公司", "乙小公司"]);
}

#[test]
fn merge_moves_liaisons_and_refuses_merging_into_itself() {
    let h = Harness::new(false);
    let c = h.cadre("游志华", "cadre");
    let keep = h.enterprise("湘潭电机", json!({"contact_name": "王经理"}));
    let gone = h.enterprise("湘潭电机股份有限公司", json!({"uscc": "91350100M000100Y43", "contact_name": "李主任"}));
    h.assign(&c, &gone, "lead", "2024-01-01");

    let err = h.call("enterprise_merge", json!({"plan": {"keep_id": keep, "remove_id": keep, "take_from_removed": []}})).unwrap_err();
    assert_eq!(err, json!({"code": "validation", "message": "不能把企业合并到它自己", "field": "remove_id"}));

    let m = h.ok(
        "enterprise_merge",
        json!({"plan": {"keep_id": keep, "remove_id": gone, "take_from_removed": ["name", "contact_name"]}}),
    );
    assert_eq!(m["record"]["name"], "湘潭电机股份有限公司");
    assert_eq!(m["record"]["uscc"], "91350100M000100Y43");
    assert_eq!(m["record"]["contact_name"], "李主任");
    assert_eq!((m["moved_liaisons"].as_u64(), m["ended_duplicates"].as_u64()), (Some(1), Some(0)));
    assert_eq!(h.call("enterprise_get", json!({"id": gone})).unwrap_err()["code"], "not_found");
    assert_eq!(h.ok("liaisons_of_enterprise", json!({"enterpriseId": keep})).as_array().unwrap().len(), 1);
}

#[test]
fn cadre_merge_moves_the_duplicates_liaisons_to_the_kept_cadre() {
    let h = Harness::new(false);
    let keep = h.cadre("游志华", "cadre");
    let gone = h.cadre("游志华", "cadre");
    let e = h.enterprise("湘潭电机股份有限公司", json!({}));
    h.assign(&gone, &e, "lead", "2024-01-01");

    let err = h.call("cadre_merge", json!({"plan": {"keep_id": keep, "remove_id": keep}})).unwrap_err();
    assert_eq!(err["field"], "remove_id");
    let m = h.ok("cadre_merge", json!({"plan": {"keep_id": keep, "remove_id": gone}}));
    assert_eq!((m["moved_liaisons"].as_u64(), m["ended_duplicates"].as_u64()), (Some(1), Some(0)));
    assert_eq!(h.call("cadre_get", json!({"id": gone})).unwrap_err()["code"], "not_found");
    let of = h.ok("liaisons_of_enterprise", json!({"enterpriseId": e}));
    assert_eq!(of[0]["cadre_id"], keep.as_str());
}

#[test]
fn the_demo_set_comes_with_liaisons() {
    let h = Harness::new(true);
    let current = h.ok("liaisons_list", json!({"query": {"status": "current", "role": "lead", "page": 1, "page_size": 1, "desc": false}}));
    let n = current["total"].as_u64().unwrap();
    assert!((550..=700).contains(&n), "most of the S set's enterprises have a current lead: {n}");
    assert!(!h.ok("liaison_leaders", json!({"query": {}})).as_array().unwrap().is_empty());
}
