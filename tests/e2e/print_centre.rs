//! A cadre's 连心卡 from the cadre list in three clicks: the cadre's enterprises, 打印连心卡
//! (which lays the cards out in the print centre), and 打印, which writes the PDF into the data
//! folder's prints/ for the system viewer (not opened here: LIANXIN_NO_OPEN). Then 合并重复干部
//! from the same list.

use crate::webdriver::Driver;
use crate::{onboard, APP};

#[test]
#[ignore = "drives the real window: needs a display, tauri-driver and WebKitWebDriver (run by .ci/run)"]
fn a_cadres_cards_are_three_clicks_from_the_cadre_list() {
    let data = tempfile::tempdir().unwrap();
    // The app inherits it through tauri-driver and WebKitWebDriver.
    std::env::set_var("LIANXIN_NO_OPEN", "1");
    let driver = Driver::start(data.path());
    let s = driver.session(APP);
    onboard(&s);
    s.find("[data-testid=nav-cadres]").click();
    s.find("[data-testid=cadre-liaison-count]");

    // Click 1: the first cadre with enterprises.
    let clicked = s.script(
        "const a = [...document.querySelectorAll('[data-testid=cadre-liaison-count]')].find(e => Number(e.textContent.trim()) > 0);
         if (!a) return null; a.click(); return Number(a.textContent.trim());",
    );
    let n = clicked.as_u64().expect("a demo cadre with enterprises");
    // Click 2: 打印连心卡, laid out on arrival in the print centre.
    s.find("[data-testid=cadre-print-cards]:not([disabled])");
    s.click_until("[data-testid=cadre-print-cards]:not([disabled])", "[data-testid=print-centre]");
    s.find("[data-testid=print-page]");
    s.find_text("[data-testid=print-summary]", &format!("{n} 张卡片"));
    let pages = 2 * n.div_ceil(10);
    s.find_text("[data-testid=print-summary]", &format!("共 {pages} 页"));
    if let Some(dir) = std::env::var_os("LIANXIN_SHOTS") {
        std::thread::sleep(std::time::Duration::from_millis(800));
        s.screenshot(&std::path::Path::new(&dir).join("print-centre.png"));
    }
    // Click 3: 打印.
    s.find("[data-testid=print-open]").click();
    let pdf = data.path().join("prints").join("连心卡.pdf");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !pdf.is_file() {
        assert!(std::time::Instant::now() < deadline, "{} was not written", pdf.display());
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    s.find_text(".el-message", "prints");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));

    // 合并重复干部 from the same list: tick two records, see both side by side, merge.
    s.find("[data-testid=nav-cadres]").click();
    s.find("[data-testid=cadre-liaison-count]");
    s.script(
        "const boxes = document.querySelectorAll('[data-testid=cadre-table] .el-table__body .el-checkbox');
         boxes[0].click(); boxes[1].click(); return boxes.length;",
    );
    s.click_until("[data-testid=cadre-merge]:not([disabled])", "[data-testid=cadre-merge-table]");
    if let Some(dir) = std::env::var_os("LIANXIN_SHOTS") {
        std::thread::sleep(std::time::Duration::from_millis(800));
        s.screenshot(&std::path::Path::new(&dir).join("cadre-merge.png"));
    }
    s.find("[data-testid=cadre-merge-submit]").click();
    s.find(".el-message-box__btns .el-button--primary").click();
    s.find_text(".el-message", "已合并");
    s.quit();
}
