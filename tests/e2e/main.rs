//! End-to-end: the real app window, driven through tauri-driver + WebKitWebDriver.
//! Needs a display (xvfb-run), tauri-driver, WebKitWebDriver, and the app built with the
//! `custom-protocol` feature so it serves ui/dist. `.ci/run` does all that:
//!   xvfb-run cargo test --features custom-protocol --test e2e -- --ignored --test-threads 1

mod webdriver;

use webdriver::{Driver, Session};

const APP: &str = env!("CARGO_BIN_EXE_lianxin-app");
const NAME: &str = "湘潭端到端测试釉彩有限公司";

fn open_enterprises(s: &Session) {
    s.find("[data-testid=nav-enterprises]").click();
    s.find("[data-testid=ent-table]");
}

fn search(s: &Session, text: &str) {
    let input = s.find("[data-testid=ent-search] input");
    input.clear();
    input.type_text(text);
}

#[test]
#[ignore = "drives the real window: needs a display, tauri-driver and WebKitWebDriver (run by .ci/run)"]
fn onboarding_create_enterprise_validation_and_persistence_across_restart() {
    let data = tempfile::tempdir().unwrap();

    {
        let driver = Driver::start(data.path());
        let s = driver.session(APP);

        // First run: the welcome form.
        s.find("[data-testid=onb-zone] input").type_text("湘潭高新区");
        s.find("[data-testid=onb-operator] input").type_text("张明艳");
        s.find("[data-testid=onb-submit]").click();

        // Demo data is on offer and on by default: the table has the demo enterprises.
        open_enterprises(&s);
        s.find_text("[data-testid=ent-table]", "有限公司");

        // A missing name shows the field's error beside the field, and nothing is saved.
        s.find("[data-testid=ent-new]").click();
        s.find("[data-testid=ent-form]");
        s.find("[data-testid=ent-form-save]").click();
        s.find_text("[data-testid=err-name]", "请填写企业名称");

        // A USCC whose check character is wrong shows the warning but does not block.
        s.find("[data-testid=ent-form-uscc] input").type_text("911100001000079555");
        s.find_text("[data-testid=uscc-warning]", "校验位");

        s.find("[data-testid=ent-form-name] input").type_text(NAME);
        s.find("[data-testid=ent-form-phone] input").type_text("0731-58581234");
        s.find("[data-testid=ent-form-save]").click();
        s.gone("[data-testid=ent-form]");

        // It is in the table.
        search(&s, "端到端");
        s.find_text("[data-testid=ent-table]", NAME);
        s.quit();
    }

    // Start again on the same data folder: no onboarding, the enterprise is still there.
    let driver = Driver::start(data.path());
    let s = driver.session(APP);
    open_enterprises(&s);
    search(&s, "端到端");
    s.find_text("[data-testid=ent-table]", NAME);
    // Its detail page shows what was typed, the USCC kept despite the warning.
    s.find("[data-testid=ent-link]").click();
    s.find_text("[data-testid=ent-detail]", "911100001000079555");
    s.find_text("[data-testid=ent-detail]", "0731-58581234");
    s.quit();
}
