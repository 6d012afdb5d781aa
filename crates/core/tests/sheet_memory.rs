//! Issue 14: a 2 KB .xlsx whose one cell sits at the far corner (A1:XFD1048576) aborted the
//! process allocating 549,755,813,888 bytes; one at AAA100000 took 3.9 GB. This binary counts
//! every allocation and asserts the peak while such files are read.
//!
//! The bound promised (docs/RELIABILITY.md): reading a sheet holds at most 16 million cell
//! slots (512 MiB) plus 256 MiB of copied text, whatever the file claims, so any .xlsx under
//! 50 MB is read in under 1 GB besides calamine's shared-string table; past that, a Chinese
//! error names the cell. The files here must stay far below it (64 MiB).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use lianxin_core::io::sheet;
use rust_xlsxwriter::Workbook;

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The tests measure one at a time: the counter is process-wide.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const LIMIT: usize = 64 << 20;

/// A workbook with a header at A1 and one cell at (row, col); rust_xlsxwriter writes the
/// dimension A1:<that cell>, as the tester's file had.
fn corner_file(row: u32, col: u16) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "企业名称").unwrap();
    ws.write(row, col, "远处").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert!(bytes.len() < 8_000, "a small file: {} bytes", bytes.len());
    bytes
}

/// Peak bytes allocated above the start while `f` runs.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = NOW.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed) - base)
}

#[test]
fn a_cell_at_the_far_corner_is_read_without_the_rectangle() {
    let _one = ONE_AT_A_TIME.lock().unwrap();
    let bytes = corner_file(1_048_575, 16_383);
    let (s, peak) = peak_of(|| sheet::read("远角.xlsx", &bytes).unwrap());
    eprintln!("XFD1048576: {} bytes file, peak {:.1} MiB", bytes.len(), peak as f64 / 1048576.0);
    assert!(peak < LIMIT, "reading took {peak} bytes at its peak");
    assert_eq!(s.rows.len(), 1_048_576);
    assert_eq!(s.rows[0][0].text(), "企业名称");
    assert_eq!(s.rows[1_048_575].len(), 16_384);
    assert_eq!(s.rows[1_048_575][16_383].text(), "远处");
}

#[test]
fn a_cell_at_aaa100000_is_cheap() {
    let _one = ONE_AT_A_TIME.lock().unwrap();
    let bytes = corner_file(99_999, 702);
    let (s, peak) = peak_of(|| sheet::read("AAA.xlsx", &bytes).unwrap());
    eprintln!("AAA100000: {} bytes file, peak {:.1} MiB", bytes.len(), peak as f64 / 1048576.0);
    assert!(peak < LIMIT, "reading took {peak} bytes at its peak");
    assert_eq!(s.rows.len(), 100_000);
    assert_eq!(s.user_row(99_999), 100_000);
    assert_eq!(s.rows[99_999][702].text(), "远处");
}

#[test]
fn the_far_corner_file_imports_as_a_clear_problem_not_an_abort() {
    let _one = ONE_AT_A_TIME.lock().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = lianxin_core::Store::open(&dir.path().join("t.db")).unwrap();
    let bytes = corner_file(1_048_575, 16_383);
    let s = sheet::read("远角.xlsx", &bytes).unwrap();
    let opts = lianxin_core::io::ImportOptions::default();
    let (report, peak) = peak_of(|| lianxin_core::io::preview(&store, lianxin_core::io::ImportKind::Enterprises, &s, &opts));
    let report = report.unwrap();
    eprintln!("XFD1048576 preview: peak {:.1} MiB", peak as f64 / 1048576.0);
    assert!(peak < 4 * LIMIT, "the preview took {peak} bytes at its peak");
    assert_eq!(report.new_rows, 0);
}
