//! The log file through Tauri's mock runtime: each command's lines name it, a failure carries
//! its code and message, and the arguments stay out. The logger is global to the process, so
//! this file holds one test.

mod support;

use serde_json::json;
use support::Harness;

#[test]
fn commands_are_logged_by_name_with_their_errors_and_without_their_arguments() {
    let data = tempfile::tempdir().unwrap();
    let logs = lianxin_app::logging::init(data.path(), Some("info")).unwrap();
    assert_eq!(logs, data.path().join("logs"));

    let h = Harness::new(false);
    let input = json!({"name": "湘潭电机股份有限公司", "contact_phone": "13807312345", "tags": []});
    h.ok("enterprise_create", json!({"input": input}));
    assert_eq!(h.err("enterprise_get", json!({"id": "no-such-id"}))["code"], "not_found");

    let mut text = String::new();
    for entry in std::fs::read_dir(&logs).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("lianxin.") && name.ends_with(".log"), "{name}");
        text += &std::fs::read_to_string(&path).unwrap();
    }
    let has = |parts: &[&str]| text.lines().any(|l| parts.iter().all(|p| l.contains(p)));
    assert!(has(&["INFO", "command{name=enterprise_create}", "invoke"]), "{text}");
    assert!(has(&["INFO", "command{name=enterprise_create}", "done", "ms="]), "{text}");
    assert!(has(&["WARN", "command{name=enterprise_get}", "failed", "code=not_found", "error="]), "{text}");
    for secret in ["13807312345", "湘潭电机", "张明艳"] {
        assert!(!text.contains(secret), "{secret} is an argument and must not be logged:\n{text}");
    }
}
