//! The project list and a project page in the real window: the demo's projects with their
//! flags, one opened with its milestones, a progress entry logged from the page, and photos of
//! the street before and after the works attached, shown side by side and counted in the list.

use crate::photos;
use crate::webdriver::Driver;
use crate::{onboard, APP};

#[test]
#[ignore = "drives the real window: needs a display, tauri-driver and WebKitWebDriver (run by .ci/run)"]
fn the_project_list_opens_a_project_page_that_logs_progress() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path());
    let s = driver.session(APP);
    onboard(&s);

    s.find("[data-testid=nav-projects]").click();
    s.find_text("[data-testid=project-table]", "灯");
    s.find_text("[data-testid=project-pager]", "共 50 条");
    std::thread::sleep(std::time::Duration::from_millis(800));
    shot(&s, "projects");

    // The most urgent first: the first row is late, and its page's header says so.
    s.find("[data-testid=project-table] [data-testid=project-open]").click();
    s.find("[data-testid=project-detail]");
    s.find("[data-testid=project-milestones]");
    s.find(".detail-header [data-testid=flag-dot]");
    s.find("[data-testid=log-content] textarea").type_text("端到端测试:完成路面铺设");
    s.click_until_text("[data-testid=log-add]", "[data-testid=project-logs]", "端到端测试:完成路面铺设");
    std::thread::sleep(std::time::Duration::from_millis(800));
    shot(&s, "project");

    // Two photos of the street, attached by path through the app's own command: the open
    // dialog the panel uses is the system's, which WebDriver cannot drive, and it hands the
    // command the path just as this does.
    let id = s.script("const m = location.hash.match(/projects\\/([^/?#]+)/); return m && m[1];");
    let id = id.as_str().expect("the project page's id in the address").to_string();
    s.script("window.__attached = []; return null;");
    for (name, photo, role) in [("双马路施工前.jpg", photos::before(), "before"), ("双马路施工后.jpg", photos::after(), "after")] {
        let path = data.path().join(name);
        photos::save(&photo, &path);
        let args = serde_json::json!({"ownerKind": "project", "ownerId": id, "path": path.display().to_string(), "role": role});
        s.script(&format!(
            "window.__TAURI_INTERNALS__.invoke('attachment_add', {args})
               .then(() => window.__attached.push('ok'), (e) => window.__attached.push(JSON.stringify(e))); return null;"
        ));
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let done = s.script("return window.__attached;");
        let done = done.as_array().cloned().unwrap_or_default();
        if done.len() == 2 {
            assert!(done.iter().all(|d| d == "ok"), "attaching failed: {done:?}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the photos were not attached: {done:?}");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    // The list shows the project's photo count; its page shows them in their sections.
    s.script("location.hash = '#/projects'; return null;");
    s.find_text("[data-testid=project-photos]", "2");
    s.script(&format!("location.hash = '#/projects/{id}'; return null;"));
    s.find("[data-testid=attachment-section-before] [data-testid=attachment-photo] img");
    s.find("[data-testid=attachment-section-after] [data-testid=attachment-photo] img");
    s.find_text("[data-testid=attachment-section-after]", "双马路施工后.jpg");
    s.script("document.querySelector('[data-testid=attachments]').scrollIntoView({block: 'center'}); return null;");
    std::thread::sleep(std::time::Duration::from_millis(800));
    shot(&s, "project-photos");

    // A click shows the large copy.
    s.find("[data-testid=attachment-section-after] .att-thumb").click();
    s.find(".el-image-viewer__wrapper img");
    s.quit();
}

/// With LIANXIN_SHOTS=DIR, a screenshot of the window as the test sees it, to look at.
fn shot(s: &crate::webdriver::Session, name: &str) {
    if let Some(dir) = std::env::var_os("LIANXIN_SHOTS") {
        s.screenshot(&std::path::Path::new(&dir).join(format!("{name}.png")));
    }
}
