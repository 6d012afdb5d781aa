//! One issue walked through the whole closed loop in the real window: registered from the
//! ledger, assigned, accepted, resolved, rated 不满意 (which reopens it), resolved again, rated
//! 满意, and closed; the timeline tells the story and the ledger finds it.

use crate::webdriver::{Driver, Session};
use crate::{onboard, APP};

const TEXT: &str = "端到端测试:小区门口路灯长期不亮";

/// Opens step `kind` on the issue page (a button, or an item under 更多) and waits for its form.
fn open_step(s: &Session, kind: &str) {
    let button = format!("[data-testid=issue-steps] button[data-testid=action-{kind}]");
    s.find("[data-testid=issue-steps]");
    if s.try_find(&button).is_some() {
        s.find(&button).click();
    } else {
        s.find("[data-testid=action-more]").click();
        s.find(&format!("li[data-testid=action-{kind}]")).click();
    }
    s.find(&format!("[data-testid=action-form-{kind}]"));
}

fn submit_until_status(s: &Session, status: &str) {
    s.click_until_text("[data-testid=action-submit]", "[data-testid=issue-status]", status);
    s.gone("[data-testid=action-dialog]");
}

fn resolve(s: &Session, result: &str) {
    open_step(s, "resolve");
    s.find("[data-testid=action-field-result] textarea").type_text(result);
    submit_until_status(s, "已办结");
}

fn rate(s: &Session, satisfaction: &str, then_status: &str) {
    open_step(s, "feedback");
    s.click_text("[data-testid=action-field-satisfaction] label", satisfaction);
    submit_until_status(s, then_status);
}

#[test]
#[ignore = "drives the real window: needs a display, tauri-driver and WebKitWebDriver (run by .ci/run)"]
fn one_issue_through_the_whole_loop_with_a_reopen() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path());
    let s = driver.session(APP);
    onboard(&s);

    // Register a resident's issue from the ledger.
    s.find("[data-testid=nav-issues]").click();
    s.find("[data-testid=ledger-table]");
    s.find("[data-testid=ledger-new]").click();
    s.find("[data-testid=register-form]");
    s.click_text("[data-testid=register-kind] label", "群众");
    s.click_text("[data-testid=register-source] label", "12345热线");
    s.find("[data-testid=register-reporter] input").type_text("王大爷");
    s.choose("[data-testid=register-category]", "民生");
    s.find("[data-testid=register-content] textarea").type_text(TEXT);
    s.find("[data-testid=register-save]").click();
    s.find("[data-testid=register-open]").click();

    // The issue page: waiting to be assigned.
    s.find_text("[data-testid=issue-status]", "待交办");
    s.find_text("[data-testid=issue-content]", TEXT);

    // Assign to a department with the default time limit, then the department accepts it.
    open_step(&s, "assign");
    s.choose("[data-testid=action-field-lead_department_id]", "建设局");
    submit_until_status(&s, "待签收");
    s.find_text("[data-testid=issue-detail]", "建设局");
    open_step(&s, "accept");
    submit_until_status(&s, "办理中");

    // Resolved, but the resident is not satisfied: it goes back to the department.
    resolve(&s, "已更换灯具");
    rate(&s, "不满意", "办理中");
    s.find_text("[data-testid=timeline]", "重新办理");

    // Resolved again, satisfied, closed.
    resolve(&s, "已更换线路并复查,路灯正常");
    rate(&s, "满意", "已办结");
    open_step(&s, "close");
    submit_until_status(&s, "已销号");

    // The timeline holds every step, in order, with who did them.
    for step in ["登记", "交办", "签收", "办结", "反馈评价", "重新办理", "销号", "张明艳"] {
        s.find_text("[data-testid=timeline]", step);
    }
    shot(&s, "issue");

    // The ledger finds it by its text, closed.
    s.find("[data-testid=nav-issues]").click();
    let search = s.find("[data-testid=filter-text] input");
    search.type_text("路灯长期不亮");
    s.find_text("[data-testid=ledger-table]", "端到端测试");
    s.find_text("[data-testid=ledger-table]", "已销号");
    shot(&s, "ledger");

    // 办理统计: a department's 超期 count opens the ledger on exactly those issues (open and
    // past the deadline, which is not the same as 红灯 + 黑灯).
    // Clicked again if the ledger's own address update (the text search) lands after the
    // first click, as a person would.
    for _ in 0..10 {
        s.find("[data-testid=ledger-figures]").click();
        std::thread::sleep(std::time::Duration::from_millis(800));
        if s.try_find("[data-testid=figures-page]").is_some() {
            break;
        }
    }
    s.find("[data-testid=figures-page]");
    s.find("[data-testid=period-all]").click();
    let link = s.find("[data-testid=figures-table] a[data-testid=count-overdue]");
    let n = link.text().trim().to_string();
    assert!(n.parse::<u32>().is_ok_and(|n| n > 0), "an overdue count: {n:?}");
    shot(&s, "figures");
    link.click();
    s.find("[data-testid=filter-overdue].is-checked");
    s.find_text("[data-testid=ledger-pager]", &format!("共 {n} 条"));
    shot(&s, "ledger-overdue");
    if std::env::var_os("LIANXIN_SHOTS").is_some() {
        tour(&s);
    }
    s.quit();
}

/// The list screens and import wizards, for a person to look at (LIANXIN_SHOTS only).
fn tour(s: &Session) {
    for (nav, ready) in [
        ("enterprises", "[data-testid=ent-table]"),
        ("cadres", ".el-table"),
        ("departments", ".el-table"),
        ("liaison", ".el-table"),
    ] {
        s.find(&format!("[data-testid=nav-{nav}]")).click();
        s.find(ready);
        std::thread::sleep(std::time::Duration::from_millis(800));
        shot(s, nav);
    }
    s.find("[data-testid=nav-enterprises]").click();
    s.find("[data-testid=ent-import]").click();
    std::thread::sleep(std::time::Duration::from_millis(800));
    shot(s, "import-wizard");
}

/// With LIANXIN_SHOTS=DIR, a screenshot of the window as the test sees it, to look at.
fn shot(s: &Session, name: &str) {
    if let Some(dir) = std::env::var_os("LIANXIN_SHOTS") {
        s.screenshot(&std::path::Path::new(&dir).join(format!("{name}.png")));
    }
}
