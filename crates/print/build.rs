//! The embedded font is not kept in the repository (33 MB): it is taken at build time from
//! Debian's fonts-noto-cjk (which `.ci/setup` installs), face "Noto Sans CJK SC" of each .ttc,
//! written as a plain OpenType file into OUT_DIR for `include_bytes!`. Elsewhere (Windows, macOS
//! builds) set LIANXIN_FONT_DIR to a folder holding NotoSansCJK-Regular.ttc and -Bold.ttc, or
//! NotoSansCJKsc-Regular.otf and -Bold.otf (from github.com/notofonts/noto-cjk, OFL).
use std::path::{Path, PathBuf};

const DEBIAN: &str = "/usr/share/fonts/opentype/noto";
/// The face of the Noto Sans CJK collection that is Simplified Chinese.
const SC_FACE: usize = 2;

fn be16(b: &[u8], at: usize) -> usize {
    u16::from_be_bytes([b[at], b[at + 1]]) as usize
}
fn be32(b: &[u8], at: usize) -> usize {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
}

/// One face of a TrueType/OpenType collection as a standalone font file: its table directory
/// rewritten with new offsets and its tables copied after it.
fn face_of_collection(ttc: &[u8], face: usize) -> Vec<u8> {
    assert_eq!(&ttc[..4], b"ttcf", "not a font collection");
    let start = be32(ttc, 12 + 4 * face);
    let n = be16(ttc, start + 4);
    let mut out = ttc[start..start + 12].to_vec();
    let mut offset = 12 + 16 * n;
    let mut data = Vec::new();
    for i in 0..n {
        let rec = start + 12 + 16 * i;
        let (at, len) = (be32(ttc, rec + 8), be32(ttc, rec + 12));
        out.extend_from_slice(&ttc[rec..rec + 8]);
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(len as u32).to_be_bytes());
        data.extend_from_slice(&ttc[at..at + len]);
        while data.len() % 4 != 0 {
            data.push(0);
        }
        offset = 12 + 16 * n + data.len();
    }
    out.extend_from_slice(&data);
    out
}

fn font(dir: &Path, weight: &str, out: &Path) {
    let otf = dir.join(format!("NotoSansCJKsc-{weight}.otf"));
    let ttc = dir.join(format!("NotoSansCJK-{weight}.ttc"));
    println!("cargo:rerun-if-changed={}", otf.display());
    println!("cargo:rerun-if-changed={}", ttc.display());
    let bytes = if otf.is_file() {
        std::fs::read(&otf).unwrap()
    } else if ttc.is_file() {
        face_of_collection(&std::fs::read(&ttc).unwrap(), SC_FACE)
    } else {
        panic!(
            "连心's print font is missing: neither {} nor {}. On Debian: apt-get install fonts-noto-cjk \
             (.ci/setup does); elsewhere set LIANXIN_FONT_DIR (see crates/print/build.rs)",
            otf.display(),
            ttc.display()
        )
    };
    std::fs::write(out.join(format!("NotoSansCJKsc-{weight}.otf")), bytes).unwrap();
}

fn main() {
    println!("cargo:rerun-if-env-changed=LIANXIN_FONT_DIR");
    let dir = std::env::var_os("LIANXIN_FONT_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(DEBIAN));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    for weight in ["Regular", "Bold"] {
        font(&dir, weight, &out);
    }
}
