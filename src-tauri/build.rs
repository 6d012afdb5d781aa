fn main() {
    // The package root holds tauri.conf.json; keep the capabilities beside the shell's sources.
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("src-tauri/capabilities/**/*"),
    )
    .expect("tauri build step failed");
}
