//! The mock-runtime harness for command tests: a real store on a temp file, real IPC
//! serialization, no window. Every `*_commands.rs` file uses this one copy.

// Each test file compiles this module on its own and uses only some of it.
#![allow(dead_code)]

use std::path::Path;

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

pub struct Harness {
    dir: tempfile::TempDir,
    _app: tauri::App<tauri::test::MockRuntime>,
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
}

impl Harness {
    /// Onboarded as 张明艳 of 湘潭高新区, with or without the demo set.
    pub fn new(demo: bool) -> Self {
        let h = Self::blank();
        h.onboard(demo);
        h
    }

    /// A first run: an empty database, not onboarded.
    pub fn blank() -> Self {
        Self::on(tempfile::tempdir().unwrap())
    }

    /// The app on `lianxin.db` in `dir`, whatever the test put there; not onboarded.
    pub fn on(dir: tempfile::TempDir) -> Self {
        let state = lianxin_app::AppState::open(dir.path().join(lianxin_app::state::DB_FILE));
        let app = lianxin_app::with_commands(mock_builder()).manage(state).build(mock_context(noop_assets())).unwrap();
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        Harness { dir, _app: app, webview }
    }

    /// The app, for what runs outside a command (the automatic sync).
    pub fn app_handle(&self) -> tauri::AppHandle<tauri::test::MockRuntime> {
        use tauri::Manager;
        self.webview.app_handle().clone()
    }

    /// The data folder: the database's, and a place for files the test writes or reads.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Onboards as 张明艳 of 湘潭高新区; the zone info it returns.
    pub fn onboard(&self, demo: bool) -> Value {
        self.ok("onboard", json!({"input": {"zone_name": "湘潭高新区", "operator_name": "张明艳", "demo": demo}}))
    }

    /// Invokes `cmd` as the webview would; Ok is the JSON result, Err the JSON error.
    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let res = get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                // The origin a bundled frontend has on Linux and macOS.
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        );
        res.map(|body| body.deserialize::<Value>().unwrap())
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    pub fn err(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args) {
            Ok(v) => panic!("{cmd} should have failed, got {v}"),
            Err(e) => e,
        }
    }
}
