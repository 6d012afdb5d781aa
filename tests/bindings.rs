//! The committed TypeScript bindings must match the Rust types and commands.
//! Regenerate with: UPDATE_BINDINGS=1 cargo test --test bindings

use std::path::Path;

#[test]
fn committed_bindings_are_current() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(lianxin_app::BINDINGS_PATH);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        lianxin_app::render_bindings(&committed).unwrap();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    lianxin_app::render_bindings(&fresh).unwrap();
    let want = std::fs::read_to_string(&fresh).unwrap();
    let have = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        want == have,
        "{} is stale: run `UPDATE_BINDINGS=1 cargo test --test bindings` and commit the result",
        lianxin_app::BINDINGS_PATH
    );
}
