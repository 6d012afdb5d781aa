//! 同步 in the real window: a real `lianxin-server` (SQLite, loopback) with one zone and two
//! device tokens; app A records an enterprise and an issue, sets up 同步 with its token and
//! syncs; app B (another data folder) records its own, sets up its token, syncs and shows A's;
//! A, opened again, syncs and shows B's. On the way the two edit one enterprise's phone (B's
//! later edit wins, so A lists its own value as overwritten and restores it) and both register
//! one USCC (A lists the pair and opens the merge on it). One app runs at a time.

use lianxin_core::model::enterprise::{self, EnterpriseInput};
use lianxin_core::Store;

use crate::sync_server::Server;
use crate::webdriver::{Driver, Session};
use crate::{onboard_empty, APP};

/// An enterprise and an issue on it, through the enterprise form and the ledger's 登记问题.
fn record(s: &Session, enterprise: &str, uscc: Option<&str>, issue: &str) {
    s.find("[data-testid=nav-enterprises]").click();
    s.find("[data-testid=ent-table]");
    s.find("[data-testid=ent-new]").click();
    s.find("[data-testid=ent-form]");
    s.find("[data-testid=ent-form-name] input").type_text(enterprise);
    if let Some(uscc) = uscc {
        s.find("[data-testid=ent-form-uscc] input").type_text(uscc);
    }
    s.find("[data-testid=ent-form-save]").click();
    s.gone("[data-testid=ent-form]");
    s.find_text("[data-testid=ent-table]", enterprise);

    s.find("[data-testid=nav-issues]").click();
    s.find("[data-testid=ledger-table]");
    s.find("[data-testid=ledger-new]").click();
    s.find("[data-testid=register-form]");
    s.choose("[data-testid=register-enterprise]", enterprise);
    s.choose("[data-testid=register-category]", "融资");
    s.find("[data-testid=register-content] textarea").type_text(issue);
    s.find("[data-testid=register-save]").click();
    s.find("[data-testid=register-open]");
    s.gone("[data-testid=register-dialog]");
    s.find_text("[data-testid=ledger-table]", issue);
}

/// Opens `name`'s page and types `phone` as its contact phone.
fn edit_phone(s: &Session, name: &str, phone: &str) {
    s.find("[data-testid=nav-enterprises]").click();
    s.find_text("[data-testid=ent-table]", name);
    s.click_text("[data-testid=ent-link]", name);
    s.find_text("[data-testid=ent-detail-name]", name);
    s.find("[data-testid=ent-detail-edit]").click();
    s.find("[data-testid=ent-form]");
    let input = s.find("[data-testid=ent-form-phone] input");
    input.clear();
    input.type_text(phone);
    s.find("[data-testid=ent-form-save]").click();
    s.gone("[data-testid=ent-form]");
}

/// Opens 同步; with `token`, enters the server's address and the token first. Then 立即同步,
/// and waits for the success line.
fn sync(s: &Session, base: &str, token: Option<&str>) {
    s.find("[data-testid=nav-sync]").click();
    s.find("[data-testid=sync-form]");
    if let Some(token) = token {
        let server = s.find("[data-testid=sync-server] input");
        server.clear();
        server.type_text(base);
        s.find("[data-testid=sync-token] input").type_text(token);
    } else {
        s.find_text("[data-testid=sync-status]", base);
    }
    s.gone(".el-message--success");
    s.find("[data-testid=sync-now]").click();
    // The toast comes when the sync has finished (the status line may be an older one).
    s.find_text(".el-message--success", "同步完成");
    s.find_text("[data-testid=sync-last-line]", "同步完成");
    s.find_text("[data-testid=sync-pending]", "没有待上传");
}

fn shows(s: &Session, enterprise: &str, issue: &str) {
    s.find("[data-testid=nav-enterprises]").click();
    s.find_text("[data-testid=ent-table]", enterprise);
    s.find("[data-testid=nav-issues]").click();
    s.find_text("[data-testid=ledger-table]", issue);
}

const ENT_A: &str = "湘潭电机股份有限公司";
const ISSUE_A: &str = "端到端同步:甲方反映流动资金紧张";
const ENT_B: &str = "江麓机电集团有限公司";
const ISSUE_B: &str = "端到端同步:乙方反映用电增容审批慢";
const USCC: &str = "91430300MA4L16JQ9P";
const DUP_A: &str = "江麓机电集团(甲登记)";
const PHONE_A: &str = "0731-58580001";
const PHONE_B: &str = "0731-58589999";

#[test]
#[ignore = "drives the real window: needs a display, tauri-driver and WebKitWebDriver (run by .ci/run)"]
fn two_data_folders_sync_through_a_real_server_in_the_window() {
    let server = Server::start();
    let (token_a, token_b) = (server.token("甲的笔记本"), server.token("乙的笔记本"));
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());

    {
        let driver = Driver::start(a.path());
        let s = driver.session(APP);
        onboard_empty(&s, "雨湖高新区", "甲");
        record(&s, ENT_A, None, ISSUE_A);
        sync(&s, &server.base, Some(&token_a));
        s.quit();
    }
    // With A closed, A's office edits A's enterprise's phone and registers B's enterprise too
    // (same USCC) before hearing of it: both wait to go up.
    {
        let store = Store::open(&a.path().join("lianxin.db")).unwrap();
        let id: String = store.read(|c| Ok(c.query_row("SELECT id FROM enterprises WHERE name = ?1", [ENT_A], |r| r.get(0))?)).unwrap();
        let input = EnterpriseInput { name: ENT_A.into(), contact_phone: Some(PHONE_A.into()), ..Default::default() };
        enterprise::update(&store, &id, &input).unwrap();
        let input = EnterpriseInput { name: DUP_A.into(), uscc: Some(USCC.into()), ..Default::default() };
        enterprise::create(&store, &input).unwrap();
    }
    {
        let driver = Driver::start(b.path());
        let s = driver.session(APP);
        onboard_empty(&s, "雨湖高新区", "乙");
        record(&s, ENT_B, Some(USCC), ISSUE_B);
        sync(&s, &server.base, Some(&token_b));
        shows(&s, ENT_A, ISSUE_A);
        // B edits A's enterprise after A did (below): B's phone wins everywhere.
        edit_phone(&s, ENT_A, PHONE_B);
        sync(&s, &server.base, None);
        s.quit();
    }
    {
        let driver = Driver::start(a.path());
        let s = driver.session(APP);
        s.find("[data-testid=nav-sync]").click();
        s.find_text("[data-testid=sync-pending]", "待上传");
        sync(&s, &server.base, None);
        // A's phone was overwritten by B's later one: listed as this computer's, with both.
        s.find_text("[data-testid=sync-conflicts]", ENT_A);
        s.find_text("[data-testid=sync-conflicts]", PHONE_A);
        s.find_text("[data-testid=sync-conflicts]", PHONE_B);
        s.find_text("[data-testid=sync-conflicts]", "联系电话");
        // Both registered the USCC: both kept, offered for the merge.
        s.find_text("[data-testid=sync-duplicates]", USCC);
        s.find_text("[data-testid=sync-duplicates]", ENT_B);
        s.find_text("[data-testid=sync-duplicates]", DUP_A);
        // The picture for the README: the toast gone, the pointer off the button it clicked.
        s.gone(".el-message--success");
        s.find("[data-testid=SyncView] .page-title").click();
        std::thread::sleep(std::time::Duration::from_millis(600));
        if let Some(dir) = std::env::var_os("LIANXIN_SHOTS") {
            s.screenshot(&std::path::Path::new(&dir).join("sync.png"));
        }
        // 恢复 writes A's phone back as a new edit, waiting to go up.
        s.find("[data-testid=conflict-restore]").click();
        s.find_text("[data-testid=sync-conflicts]", "没有被覆盖的修改");
        s.find_text("[data-testid=sync-pending]", "待上传 1 条");
        // 去合并 opens the existing merge on the pair.
        s.find("[data-testid=duplicate-merge]").click();
        s.find_text("[data-testid=merge-fields]", DUP_A);
        s.find_text("[data-testid=merge-fields]", ENT_B);
        s.click_text(".el-dialog__footer .el-button", "取消");
        s.gone("[data-testid=merge-fields]");

        shows(&s, ENT_B, ISSUE_B);
        shows(&s, ENT_A, ISSUE_A);
        s.quit();
    }
    // The token lives in each data folder, not in its database.
    assert_eq!(std::fs::read_to_string(a.path().join("sync-token")).unwrap().trim(), token_a);
}
