//! The mock-runtime harness for command tests: a real store on a temp file, real IPC
//! serialization, no window. (Older command test files still carry their own copy.)

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

pub struct Harness {
    _dir: tempfile::TempDir,
    _app: tauri::App<tauri::test::MockRuntime>,
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
}

impl Harness {
    /// Onboarded as 张明艳 of 湘潭高新区, with or without the demo set.
    pub fn new(demo: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let state = lianxin_app::AppState::open(dir.path().join("lianxin.db"));
        let app = lianxin_app::with_commands(mock_builder()).manage(state).build(mock_context(noop_assets())).unwrap();
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        let h = Harness { _dir: dir, _app: app, webview };
        h.ok("onboard", json!({"input": {"zone_name": "湘潭高新区", "operator_name": "张明艳", "demo": demo}}));
        h
    }

    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let res = get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
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
