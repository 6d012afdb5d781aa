//! A liaison roster (联点企业名单) whose 联点干部 nobody has registered yet, imported in the
//! window: the preview lists the unknown cadres, the user chooses to create them, and the
//! enterprise comes in with its liaison while the cadre list marks the cadre as lacking a mobile.

use crate::webdriver::{Driver, Session};
use crate::{onboard_empty, APP};

const ENTERPRISE: &str = "湘潭联点测试电机有限公司";

/// The roster as an office keeps it: a merged title, 联点干部 and 联点单位 named in words.
fn roster(path: &std::path::Path) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(0, 0, 0, 2, "2026年联点企业名单", &Format::new().set_bold()).unwrap();
    for (c, h) in ["企业名称", "联点干部", "联点单位"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.write_string(2, 0, ENTERPRISE).unwrap();
    ws.write_string(2, 1, "王 芳").unwrap();
    ws.write_string(2, 2, "经发局").unwrap();
    wb.save(path).unwrap();
}

fn tick(s: &Session, testid: &str) {
    s.find(&format!("[data-testid={testid}]")).click();
}

#[test]
#[ignore = "drives the real window: needs a display, tauri-driver and WebKitWebDriver (run by .ci/run)"]
fn a_roster_with_unknown_cadres_imports_with_the_cadres_created_and_marked_without_a_mobile() {
    let data = tempfile::tempdir().unwrap();
    let sheet = data.path().join("联点企业名单.xlsx");
    roster(&sheet);

    let driver = Driver::start(data.path());
    let s = driver.session(APP);
    onboard_empty(&s, "湘潭高新区", "张明艳"); // no cadres, no units
    s.find("[data-testid=nav-enterprises]").click();
    s.find("[data-testid=ent-table]");

    s.find("[data-testid=ent-import]").click();
    s.find("[data-testid=import-dialog]");
    s.find_present("[data-testid=import-file]").type_text(&sheet.display().to_string());
    // The preview names the cadre nobody has registered, with the unit the roster gives.
    s.find_text("[data-testid=import-unknown-cadres]", "王芳 · 经发局");
    tick(&s, "import-create-cadres");
    s.find_text("[data-testid=import-summary]", "新建干部 1 名");
    tick(&s, "import-create-missing");
    s.find_text("[data-testid=import-summary]", "新建单位 1 个");
    s.find("[data-testid=import-start]").click();
    s.find("[data-testid=import-result]");
    s.find("[data-testid=import-done]").click();

    // The enterprise is in the table, and its page shows 王芳 as its liaison.
    s.find_text("[data-testid=ent-table]", ENTERPRISE);
    s.find("[data-testid=ent-link]").click();
    s.find_text("[data-testid=ent-liaisons]", "王芳");

    // The cadre list shows her as lacking a mobile, and the 缺手机号 filter finds her.
    s.find("[data-testid=nav-cadres]").click();
    s.find_text("[data-testid=cadre-table]", "王芳");
    s.find_text("[data-testid=cadre-missing-mobile]", "缺手机号");
    tick(&s, "cadre-filter-missing-mobile");
    s.find_text("[data-testid=cadre-table]", "王芳");
    s.find_text("[data-testid=cadre-table]", "经发局");
    s.quit();
}
