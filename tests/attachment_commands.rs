//! Attachment commands through Tauri's mock runtime: a photo and a document attached to a
//! project by path, listed with a thumbnail, shown large, captioned, placed 施工后, counted in
//! the project list, and refused files reported with the user's message and nothing stored.

mod support;

use base64::Engine;
use serde_json::{json, Value};
use support::Harness;

fn project(h: &Harness) -> String {
    let input = json!({"name": "双马路段路灯安装", "kind": "livelihood", "category": "lights"});
    h.ok("project_create", json!({"input": input}))["record"]["id"].as_str().unwrap().to_string()
}

fn photo(h: &Harness, name: &str) -> String {
    let p = h.dir().join(name);
    image::RgbImage::from_fn(1200, 900, |x, y| image::Rgb([(x / 5) as u8, (y / 4) as u8, 90])).save(&p).unwrap();
    p.display().to_string()
}

fn add(h: &Harness, owner: &str, path: &str, role: Value) -> Result<Value, Value> {
    h.call("attachment_add", json!({"ownerKind": "project", "ownerId": owner, "path": path, "role": role}))
}

fn listed(h: &Harness, owner: &str) -> Vec<Value> {
    h.ok("attachments_of", json!({"ownerKind": "project", "ownerId": owner})).as_array().unwrap().clone()
}

#[test]
fn a_photo_and_a_document_are_attached_listed_previewed_edited_and_deleted() {
    let h = Harness::new(false);
    let p = project(&h);
    let shot = photo(&h, "施工前.jpg");
    let added = add(&h, &p, &shot, json!("before")).unwrap();
    let a = &added["attachment"];
    assert_eq!((a["kind"].as_str(), a["role"].as_str(), a["width"].as_i64()), (Some("photo"), Some("before"), Some(1200)));
    let thumb = added["thumb"].as_str().unwrap();
    let b64 = thumb.strip_prefix("data:image/jpeg;base64,").expect("a JPEG data URL");
    let small = image::load_from_memory(&base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap();
    assert_eq!((small.width(), small.height()), (240, 180));

    let doc = h.dir().join("验收报告.pdf");
    std::fs::write(&doc, b"%PDF-1.4\n%%EOF\n").unwrap();
    let d = add(&h, &p, &doc.display().to_string(), Value::Null).unwrap();
    assert_eq!((d["attachment"]["kind"].as_str(), d["thumb"].as_str()), (Some("document"), None));
    assert_eq!(listed(&h, &p).len(), 2);

    let id = a["id"].as_str().unwrap();
    let large = h.ok("attachment_preview", json!({"id": id}));
    assert!(large.as_str().unwrap().starts_with("data:image/jpeg;base64,"));
    let edited = h.ok("attachment_update", json!({"id": id, "edit": {"caption": "路口东侧", "role": "after"}}));
    assert_eq!((edited["caption"].as_str(), edited["role"].as_str()), (Some("路口东侧"), Some("after")));

    // The project list carries the photo count and a thumbnail.
    let rows = h.ok("project_list", json!({"query": {"page_size": 50}}));
    let row = &rows["rows"][0];
    assert_eq!(row["photos"]["count"].as_u64(), Some(1));
    assert!(row["photos"]["thumb"].as_str().unwrap().starts_with("data:image/jpeg"));

    // Opening a document copies it under its own name (not opened here).
    std::env::set_var("LIANXIN_NO_OPEN", "1");
    let opened = h.ok("attachment_open", json!({"id": d["attachment"]["id"]}));
    assert!(opened.as_str().unwrap().ends_with("验收报告.pdf"));
    assert_eq!(std::fs::read(opened.as_str().unwrap()).unwrap(), std::fs::read(&doc).unwrap());

    h.ok("attachment_delete", json!({"id": id}));
    assert_eq!(listed(&h, &p).len(), 1);
    let e = h.err("attachment_preview", json!({"id": id}));
    assert_eq!(e["code"].as_str(), Some("not_found"));
}

#[test]
fn a_missing_folder_or_oversized_file_is_refused_with_its_message_and_nothing_is_stored() {
    let h = Harness::new(false);
    let p = project(&h);
    let big = h.dir().join("航拍原图.jpg");
    std::fs::File::create(&big).unwrap().set_len(31 * 1024 * 1024).unwrap();
    let cases = [
        (h.dir().join("没有这个文件.jpg").display().to_string(), "找不到文件"),
        (h.dir().display().to_string(), "是一个文件夹"),
        (big.display().to_string(), "有 31 MB,超过了附件大小上限 20 MB"),
    ];
    for (path, says) in cases {
        let e = add(&h, &p, &path, Value::Null).unwrap_err();
        assert_eq!(e["code"].as_str(), Some("attachment"), "{e}");
        assert!(e["message"].as_str().unwrap().contains(says), "{e}");
    }
    let e = h.err("attachment_add", json!({"ownerKind": "issue", "ownerId": "nope", "path": photo(&h, "x.jpg"), "role": null}));
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("owner_id")));
    assert!(listed(&h, &p).is_empty());
    assert!(!h.dir().join("attachments").exists() || std::fs::read_dir(h.dir().join("attachments")).unwrap().next().is_none());
}
