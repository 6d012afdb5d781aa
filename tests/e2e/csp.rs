//! The window's content security policy, tried from inside the page the way injected markup
//! would try it: a remote image, an <object>, a <base> pointing elsewhere and a remote script are
//! each refused, and the browser says which directive refused it.

use crate::webdriver::Driver;
use crate::APP;

#[test]
#[ignore = "drives the real window: needs a display, tauri-driver and WebKitWebDriver (run by .ci/run)"]
fn injected_remote_content_is_refused_by_the_csp() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path());
    let s = driver.session(APP);
    s.find("[data-testid=onb-zone]");
    s.script(
        "window.__violations = [];
         document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.effectiveDirective || e.violatedDirective));
         const box = document.createElement('div');
         box.innerHTML = '<img src=\"http://203.0.113.7/x.png\"><object data=\"http://203.0.113.7/x.swf\"></object>';
         document.body.appendChild(box);
         const base = document.createElement('base'); base.href = 'http://203.0.113.7/'; document.head.appendChild(base);
         const script = document.createElement('script'); script.src = 'http://203.0.113.7/x.js'; document.head.appendChild(script);
         return true;",
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let seen = loop {
        let v = s.script("return window.__violations.join(' ');");
        let seen = v.as_str().unwrap_or_default().to_string();
        let all = ["img-src", "object-src", "base-uri", "script-src"].iter().all(|d| seen.contains(d));
        if all || std::time::Instant::now() > deadline {
            break seen;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    for directive in ["img-src", "object-src", "base-uri", "script-src"] {
        assert!(seen.contains(directive), "{directive} did not refuse injected content; violations seen: {seen}");
    }
    s.quit();
}
