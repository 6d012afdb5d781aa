//! A small W3C WebDriver client over tauri-driver, enough to drive the app's window.

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// tauri-driver, which starts WebKitWebDriver, which starts the app.
pub struct Driver {
    child: Child,
    pub base: String,
}

impl Driver {
    pub fn start(data_dir: &Path) -> Driver {
        let port = free_port();
        let native = free_port();
        let bin = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        // Its own process group, so that dropping the driver also ends the WebKitWebDriver and
        // app processes it started (they would otherwise outlive the test and hold its pipes).
        use std::os::unix::process::CommandExt;
        let child = Command::new(&bin)
            .process_group(0)
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("LIANXIN_DATA_DIR", data_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin} (cargo install tauri-driver): {e}"));
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not come up on {base}");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, base }
    }

    pub fn session(&self, app: &str) -> Session {
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "wry", "tauri:options": {"application": app}}}});
        let v = post(&format!("{}/session", self.base), caps);
        let id = v["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {v}")).to_string();
        Session { url: format!("{}/session/{id}", self.base) }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        std::thread::sleep(Duration::from_millis(300));
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.wait();
    }
}

fn post(url: &str, body: Value) -> Value {
    match ureq::post(url).send_json(body) {
        Ok(r) => r.into_json::<Value>().unwrap()["value"].clone(),
        Err(ureq::Error::Status(code, r)) => {
            let mut s = String::new();
            let _ = r.into_reader().read_to_string(&mut s);
            json!({"error": code, "body": s})
        }
        Err(e) => json!({"error": e.to_string()}),
    }
}

fn get(url: &str) -> Value {
    match ureq::get(url).call() {
        Ok(r) => r.into_json::<Value>().unwrap()["value"].clone(),
        Err(e) => json!({"error": e.to_string()}),
    }
}

pub struct Session {
    url: String,
}

#[derive(Clone)]
pub struct Element {
    url: String,
}

impl Element {
    /// Clicks, retrying for a while when something (a toast, a closing dialog's mask) is
    /// briefly on top, as a person would click again.
    pub fn click(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let v = post(&format!("{}/click", self.url), json!({}));
            if v.get("error").is_none() {
                return;
            }
            let transient = v.to_string().contains("intercepted") || v.to_string().contains("not interactable");
            assert!(transient && Instant::now() < deadline, "click failed: {v}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    pub fn clear(&self) {
        post(&format!("{}/clear", self.url), json!({}));
    }
    pub fn type_text(&self, text: &str) {
        let v = post(&format!("{}/value", self.url), json!({"text": text}));
        assert!(v.get("error").is_none(), "typing failed: {v}");
    }
    /// The element's visible text.
    pub fn text(&self) -> String {
        get(&format!("{}/text", self.url)).as_str().unwrap_or_default().to_string()
    }
    pub fn displayed(&self) -> bool {
        get(&format!("{}/displayed", self.url)).as_bool().unwrap_or(false)
    }
}

impl Session {
    /// A visible element matching `css` right now, without waiting.
    pub fn try_find(&self, css: &str) -> Option<Element> {
        self.find_now(css).filter(Element::displayed)
    }

    fn find_now(&self, css: &str) -> Option<Element> {
        let v = post(&format!("{}/element", self.url), json!({"using": "css selector", "value": css}));
        v.get(ELEMENT_KEY).and_then(Value::as_str).map(|id| Element { url: format!("{}/element/{id}", self.url) })
    }

    /// Waits up to 20 s for a visible element matching `css`.
    pub fn find(&self, css: &str) -> Element {
        self.wait(&format!("a visible {css}"), || self.find_now(css).filter(Element::displayed))
    }

    /// Waits up to 20 s for an element matching `css`, visible or not (file inputs are often
    /// styled away).
    pub fn find_present(&self, css: &str) -> Element {
        self.wait(&format!("an element {css}"), || self.find_now(css))
    }

    /// Waits up to 20 s until an element matching `css` holds text containing `needle`. Reads
    /// the DOM's textContent: WebKitWebDriver's element text leaves out cells of a table that
    /// scrolls sideways, though a person sees them.
    pub fn find_text(&self, css: &str, needle: &str) -> Element {
        let js = format!(
            "const e = document.querySelector({}); return e ? e.textContent : null;",
            serde_json::to_string(css).unwrap()
        );
        self.wait(&format!("{css} containing “{needle}”"), || {
            let v = post(&format!("{}/execute/sync", self.url), json!({"script": js, "args": []}));
            if v.as_str().is_some_and(|t| t.contains(needle)) {
                self.find_now(css)
            } else {
                None
            }
        })
    }

    /// Clicks `button` until an element matching `css` holds `needle`, as a person clicks again
    /// when a click landed while a dialog was still opening.
    pub fn click_until_text(&self, button: &str, css: &str, needle: &str) {
        let js = format!(
            "const e = document.querySelector({}); return e ? e.textContent : null;",
            serde_json::to_string(css).unwrap()
        );
        let shows = || {
            let v = post(&format!("{}/execute/sync", self.url), json!({"script": js, "args": []}));
            v.as_str().is_some_and(|t| t.contains(needle))
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            self.find(button).click();
            let settle = Instant::now() + Duration::from_secs(2);
            while Instant::now() < settle {
                if shows() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(150));
            }
        }
        self.find_text(css, needle);
    }

    /// Clicks the last visible element matching `css` whose text is `needle`, or else contains
    /// it (a select's option in its teleported dropdown, a radio by its label: 满意 must not
    /// pick 不满意), waiting for it as `find` does.
    pub fn click_text(&self, css: &str, needle: &str) {
        let el = self.wait(&format!("a visible {css} with “{needle}”"), || self.text_now(css, needle));
        el.click();
    }

    /// Waits until a visible element matching `css` holds `needle` (among several matching
    /// elements, hidden ones such as a closed select's options do not count).
    pub fn wait_visible_text(&self, css: &str, needle: &str) {
        self.wait(&format!("a visible {css} with “{needle}”"), || self.text_now(css, needle).map(|_| ()));
    }

    /// The element `click_text` would click, right now.
    fn text_now(&self, css: &str, needle: &str) -> Option<Element> {
        let js = format!(
            "const n = {1};
             const m = [...document.querySelectorAll({0})].filter(e => e.offsetParent !== null && e.textContent.includes(n));
             const exact = m.filter(e => e.textContent.trim() === n);
             return exact.length ? exact[exact.length - 1] : m.length ? m[m.length - 1] : null;",
            serde_json::to_string(css).unwrap(),
            serde_json::to_string(needle).unwrap()
        );
        let v = post(&format!("{}/execute/sync", self.url), json!({"script": js, "args": []}));
        v.get(ELEMENT_KEY).and_then(Value::as_str).map(|id| Element { url: format!("{}/element/{id}", self.url) })
    }

    /// Clicks `button` until an element matching `css` shows: a click that lands while a
    /// drawer is still sliding in hits where the button was going to be, not where it is.
    pub fn click_until(&self, button: &str, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(b) = self.try_find(button) {
                // A click on the overlay beside a half-open drawer closes it: wait until the
                // button has stopped moving.
                self.wait_still(button);
                b.click();
            }
            let settle = Instant::now() + Duration::from_secs(2);
            while Instant::now() < settle {
                if self.try_find(css).is_some() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(150));
            }
        }
        self.find(css);
    }

    /// Waits until the element matching `css` is where it was 250 ms ago (a drawer or dialog
    /// done with its opening animation).
    pub fn wait_still(&self, css: &str) {
        let js = format!(
            "const e = document.querySelector({}); if (!e) return null; const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].join(',');",
            serde_json::to_string(css).unwrap()
        );
        let mut last = String::new();
        self.wait(&format!("{css} to stop moving"), || {
            let now = self.script(&js).as_str().unwrap_or_default().to_string();
            let still = !now.is_empty() && now == last;
            last = now;
            std::thread::sleep(Duration::from_millis(250));
            still.then_some(())
        });
    }

    /// Picks `option` in the Element Plus select inside `css`. A click that lands while a
    /// dialog is still zooming in misses the select, so it opens the select again (as a person
    /// would) until the option shows, but never while a dropdown is already open, which a
    /// second click would close.
    pub fn choose(&self, css: &str, option: &str) {
        let wrapper = format!("{css} .el-select__wrapper");
        let open = "return [...document.querySelectorAll('.el-select__popper')].some(e => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().width > 0);";
        let deadline = Instant::now() + Duration::from_secs(20);
        // Only an option of an open dropdown: a select used earlier leaves its (hidden) options
        // in the page, and clicking one of those is "not interactable".
        let pick = format!(
            "const item = [...document.querySelectorAll('.el-select-dropdown__item')].find(e => e.textContent.includes({}) && e.getBoundingClientRect().width > 0 && getComputedStyle(e.closest('.el-select__popper') || e).display !== 'none'); if (!item) return false; item.click(); return true;",
            serde_json::to_string(option).unwrap()
        );
        loop {
            if self.script(&pick).as_bool().unwrap_or(false) {
                return;
            }
            if !self.script(open).as_bool().unwrap_or(false) {
                self.find(&wrapper).click();
            }
            if Instant::now() > deadline {
                let dir = std::env::temp_dir().join("lianxin-e2e-failure.png");
                self.screenshot(&dir);
                panic!("timed out choosing “{option}” in {css} (screenshot: {})", dir.display());
            }
            std::thread::sleep(Duration::from_millis(300));
        }
    }

    /// Types `text` into whatever has the keyboard focus, as a person types without touching
    /// the mouse (WebDriver's special keys, e.g. `\u{E004}` Tab, work too).
    pub fn type_here(&self, text: &str) {
        let v = self.script("return document.activeElement");
        let id = v.get(ELEMENT_KEY).and_then(Value::as_str).unwrap_or_else(|| panic!("nothing has the focus: {v}"));
        let r = post(&format!("{}/element/{id}/value", self.url), json!({"text": text}));
        assert!(r.get("error").is_none(), "typing failed: {r}");
    }

    /// Presses `keys` together (a chord such as Alt+V or Ctrl+Enter) through the keyboard
    /// actions API: the page gets real key events at the focused element.
    pub fn chord(&self, keys: &[&str]) {
        let mut acts: Vec<Value> = keys.iter().map(|k| json!({"type": "keyDown", "value": k})).collect();
        acts.extend(keys.iter().rev().map(|k| json!({"type": "keyUp", "value": k})));
        let r = post(&format!("{}/actions", self.url), json!({"actions": [{"type": "key", "id": "keyboard", "actions": acts}]}));
        assert!(r.get("error").is_none(), "keys failed: {r}");
        let _ = ureq::delete(&format!("{}/actions", self.url)).call();
    }

    /// Whether the focused element is inside an element matching `css`.
    pub fn focus_in(&self, css: &str) -> bool {
        let js = format!("return !!document.activeElement?.closest({})", serde_json::to_string(css).unwrap());
        self.script(&js).as_bool().unwrap_or(false)
    }

    /// Waits until the focus is inside `css`.
    pub fn wait_focus(&self, css: &str) {
        self.wait(&format!("the focus in {css}"), || self.focus_in(css).then_some(()));
    }

    /// Runs `script` in the page and returns what it returns.
    pub fn script(&self, script: &str) -> Value {
        post(&format!("{}/execute/sync", self.url), json!({"script": script, "args": []}))
    }

    pub fn gone(&self, css: &str) {
        self.wait(&format!("{css} to disappear"), || match self.find_now(css) {
            Some(e) if e.displayed() => None,
            _ => Some(()),
        })
    }

    pub fn screenshot(&self, path: &Path) {
        if let Some(s) = get(&format!("{}/screenshot", self.url)).as_str() {
            let _ = std::fs::write(path, base64::Engine::decode(&base64::engine::general_purpose::STANDARD, s).unwrap_or_default());
        }
    }

    fn wait<T>(&self, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(v) = f() {
                return v;
            }
            if Instant::now() > deadline {
                let dir = std::env::temp_dir().join("lianxin-e2e-failure.png");
                self.screenshot(&dir);
                panic!("timed out waiting for {what} (screenshot: {})", dir.display());
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Ends the session, which closes the app.
    pub fn quit(self) {
        let _ = ureq::delete(&self.url).call();
    }
}
