//! The project list and a project page in the real window: the demo's projects with their
//! flags, one opened with its milestones, and a progress entry logged from the page.

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
    s.quit();
}

/// With LIANXIN_SHOTS=DIR, a screenshot of the window as the test sees it, to look at.
fn shot(s: &crate::webdriver::Session, name: &str) {
    if let Some(dir) = std::env::var_os("LIANXIN_SHOTS") {
        s.screenshot(&std::path::Path::new(&dir).join(format!("{name}.png")));
    }
}
