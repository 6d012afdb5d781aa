//! End-to-end: the real app window, driven through tauri-driver + WebKitWebDriver.
//! Needs a display (xvfb-run), tauri-driver, WebKitWebDriver, and the app built with the
//! `custom-protocol` feature so it serves ui/dist. `.ci/run` does all that:
//!   xvfb-run cargo test --features custom-protocol --test e2e -- --ignored --test-threads 1

mod capture;
mod csp;
mod issue_loop;
mod photos;
mod print_centre;
mod projects;
mod roster_import;
mod sync;
#[path = "../sync_server/mod.rs"]
mod sync_server;
mod webdriver;

use webdriver::{Driver, Session};

const APP: &str = env!("CARGO_BIN_EXE_lianxin-app");

/// Answers the first-run questions as 张明艳 of 湘潭高新区, with the demo data.
fn onboard(s: &Session) {
    s.find("[data-testid=onb-zone] input").type_text("湘潭高新区");
    s.find("[data-testid=onb-operator] input").type_text("张明艳");
    s.find("[data-testid=onb-submit]").click();
}
/// Answers the first-run questions without the demo data, so only what the test imports is there.
fn onboard_empty(s: &Session, zone: &str, operator: &str) {
    s.find("[data-testid=onb-zone] input").type_text(zone);
    s.find("[data-testid=onb-operator] input").type_text(operator);
    s.find("[data-testid=onb-demo]").click();
    s.find("[data-testid=onb-submit]").click();
}
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
        onboard(&s);

        // Demo data is on offer and on by default: the table has the demo enterprises.
        open_enterprises(&s);
        s.find_text("[data-testid=ent-table]", "有限公司");

        // A missing name shows the field's error beside the field, and nothing is saved.
        s.find("[data-testid=ent-new]").click();
        s.find("[data-testid=ent-form]");
        s.click_until_text("[data-testid=ent-form-save]", "[data-testid=err-name]", "请填写企业名称");

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

/// An office's sheet: a merged title row above the header, a lower-case USCC and a phone typed
/// with spaces, as they come from WPS.
fn office_sheet(path: &std::path::Path) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(0, 0, 0, 3, "湘潭高新区联点企业名单(2026年)", &Format::new().set_bold()).unwrap();
    for (c, h) in ["企业名称", "统一社会信用代码", "联系人", "联系电话"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let rows = [
        ["韶山青竹湾茶叶有限公司", "91350100m000100y43", "毛建国", "138 0731 2345"],
        ["湘潭华泰电气有限公司", "", "王立新", "0731-58581234"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(2 + r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(path).unwrap();
}

#[test]
#[ignore = "drives the real window: needs a display, tauri-driver and WebKitWebDriver (run by .ci/run)"]
fn import_a_sheet_through_the_window_then_find_it_by_pinyin_initials() {
    let data = tempfile::tempdir().unwrap();
    let sheet = data.path().join("联点企业名单.xlsx");
    office_sheet(&sheet);

    let driver = Driver::start(data.path());
    let s = driver.session(APP);
    onboard_empty(&s, "韶山示范区", "李芳"); // only the sheet's rows
    open_enterprises(&s);

    s.find("[data-testid=ent-import]").click();
    s.find("[data-testid=import-dialog]");
    // A file input takes the file's path as typed keys, as a person picking it would.
    s.find_present("[data-testid=import-file]").type_text(&sheet.display().to_string());
    s.find_text("[data-testid=import-summary]", "2");
    s.find("[data-testid=import-start]").click();
    s.find("[data-testid=import-result]");
    s.find("[data-testid=import-done]").click();

    // Both rows are in the table, the phone cleaned up.
    s.find_text("[data-testid=ent-table]", "韶山青竹湾茶叶有限公司");
    s.find_text("[data-testid=ent-table]", "13807312345");

    // The global search finds it by pinyin initials and opens it.
    s.find("[data-testid=global-search] input").type_text("qzwcy");
    s.find_text("[data-testid=search-results]", "韶山青竹湾茶叶有限公司");
    s.find("[data-testid=search-hit]").click();
    s.find_text("[data-testid=ent-detail]", "91350100M000100Y43");
    s.quit();
}
