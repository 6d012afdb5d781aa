//! The print centre's commands through Tauri's mock runtime: lay out, preview a page as SVG,
//! write the PDF, and the settings printed on the documents.

mod support;

use std::sync::Mutex;

use serde_json::json;
use support::Harness;

/// The laid-out document is one per app process; these tests take turns with it.
static SERIAL: Mutex<()> = Mutex::new(());

#[test]
fn cards_are_laid_out_previewed_and_saved_as_a_pdf() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let h = Harness::new(true);
    let saved = h.ok(
        "print_settings_save",
        json!({"settings": {"card_title": "助企连心卡", "hotline": "0731-12345678", "pledge": "有求必应", "office": ""}}),
    );
    assert_eq!(saved["hotline"], "0731-12345678");
    let ent = h.ok("enterprises_list", json!({"query": {"page": 1, "page_size": 1, "desc": false}}))["rows"][0]["id"].clone();
    let preview = h.ok("print_make", json!({"job": {"kind": "wall", "paper": "a3"}, "onProgress": "__CHANNEL__:1"}));
    assert_eq!(preview["file_name"], "连心墙-A3.pdf");
    assert!(preview["report"]["pages"].as_u64().unwrap() >= 1);
    let svg = h.ok("print_page", json!({"index": 0}));
    assert!(svg.as_str().unwrap().starts_with("<svg"), "{}", &svg.to_string()[..80]);
    assert_eq!(h.err("print_page", json!({"index": 99}))["code"], "not_found");

    let all = h.ok("print_make", json!({"job": {"kind": "cards", "scope": {"by": "all"}}, "onProgress": "__CHANNEL__:2"}));
    assert!(all["report"]["count"].as_u64().unwrap() > 200);
    let path = h.dir().join("卡片.pdf");
    h.ok("print_save", json!({"path": path.display().to_string()}));
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));

    let one = h.call("print_make", json!({"job": {"kind": "cards", "scope": {"by": "enterprise", "id": ent}}, "onProgress": "__CHANNEL__:3"}));
    match one {
        Ok(p) => assert_eq!(p["report"]["count"], 1),
        Err(e) => assert_eq!(e["code"], "empty", "{e}"),
    }
}

#[test]
fn a_choice_that_matches_nothing_is_said_in_chinese() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let h = Harness::new(false);
    let e = h.err("print_make", json!({"job": {"kind": "cards", "scope": {"by": "all"}}, "onProgress": "__CHANNEL__:4"}));
    assert_eq!(e["code"], "empty");
    assert!(e["message"].as_str().unwrap().contains("联点干部"), "{e}");
    let e = h.err("print_make", json!({"job": {"kind": "bulletin", "from": "2026-13-01", "to": "2026-12-31"}, "onProgress": "__CHANNEL__:5"}));
    assert_eq!(e["code"], "validation");
    assert!(e["message"].as_str().unwrap().contains("看不懂"), "{e}");
}
