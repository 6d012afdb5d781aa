//! 设置 → 备份 through Tauri's mock runtime: list, 立即备份, 恢复 by a listed file name (the
//! current file kept, the store reopened on the restored data), and names that are not a
//! listed copy refused.

mod support;

use serde_json::json;
use support::Harness;

#[test]
fn back_up_now_list_and_restore_a_listed_copy() {
    let h = Harness::new(false);
    assert_eq!(h.ok("backup_list", json!({})), json!([]), "a new database has nothing to copy yet");
    let input = json!({"name": "湘潭电机股份有限公司", "contact_phone": "13807312345", "tags": []});
    h.ok("enterprise_create", json!({"input": input}));
    let now = h.ok("backup_now", json!({}));
    assert_eq!(now["kind"], "manual");
    let name = now["file_name"].as_str().unwrap().to_string();
    assert!(h.dir().join("backups").join(&name).is_file());

    let input = json!({"name": "湘钢集团有限公司", "contact_phone": "13807312346", "tags": []});
    h.ok("enterprise_create", json!({"input": input}));
    let list = h.ok("backup_list", json!({}));
    assert!(list.as_array().unwrap().iter().any(|b| b["file_name"] == name.as_str()), "{list}");

    let kept = h.ok("backup_restore", json!({"fileName": name}));
    assert_eq!(kept["kind"], "before_restore");
    // The reopened store sees the restored data: the second enterprise is gone.
    let page = h.ok("enterprises_list", json!({"query": {}}));
    let names: Vec<&str> = page["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["湘潭电机股份有限公司"]);

    for bad in ["../lianxin.db", "/etc/passwd", "lianxin-20260101-000000-manual.db"] {
        let e = h.err("backup_restore", json!({"fileName": bad}));
        assert_eq!(e["code"], "backup", "{bad}: {e}");
        assert!(e["message"].as_str().unwrap().contains("找不到备份"), "{e}");
    }
}
