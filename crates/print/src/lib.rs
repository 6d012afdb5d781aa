//! 连心 print centre: 连心卡 sheets, the 连心墙 poster, 督办单 / 交办单 and 工作通报, made as PDF
//! here rather than by the webview (Tauri has no print API and the webviews print differently).
//!
//! Each document is its data (gathered from core, checked against the font) laid out by a typst
//! template (`templates/`, which an office may replace with its own) in a world that has only the
//! embedded Noto Sans CJK SC, so the same records print the same on every system.
pub mod bulletin;
mod cards;
pub mod error;
mod glyphs;
mod job;
pub mod notice;
mod render;
pub mod settings;
pub mod vcard;
mod wall;
mod world;

use std::path::{Path, PathBuf};

use lianxin_core::model::zone;
use lianxin_core::{day, Store};
use serde::Serialize;
use serde_json::Value;
use specta::Type;

pub use cards::{BACK_ISSUES, BACK_ROWS};
pub use error::{PrintError, Result};
pub use glyphs::MissingGlyph;
pub use job::{CardScope, Job, Paper};
pub use render::{builtin as builtin_template, template_names};
pub use settings::PrintSettings;

/// A document's data before layout.
pub(crate) struct Gathered {
    pub data: Value,
    /// Each record with a label naming it, for the glyph check.
    pub records: Vec<(String, Value)>,
    /// What was left out and why.
    pub notes: Vec<String>,
    /// Cards, departments, issues: what the document counts.
    pub count: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A folder whose NAME.typ files replace the built-in templates.
    pub templates: Option<PathBuf>,
    /// The day printed on documents and counted from; today when empty.
    pub today: Option<String>,
}

/// What a print run made besides the pages.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PrintReport {
    pub pages: u32,
    /// Cards, departments or issues in the document.
    pub count: u32,
    /// Characters the font lacks, each with its record.
    pub missing: Vec<MissingGlyph>,
    /// Plain notes: what was left out and why.
    pub notes: Vec<String>,
}

/// A laid-out document: write it as PDF or look at its pages.
pub struct Printed {
    doc: typst_layout::PagedDocument,
    ident: String,
    tagged: bool,
    pub report: PrintReport,
}

impl Printed {
    pub fn pdf(&self) -> Result<Vec<u8>> {
        render::pdf(&self.doc, &self.ident, self.tagged)
    }

    /// Page `index` (0-based) as SVG.
    pub fn page_svg(&self, index: usize) -> Option<String> {
        render::svg(&self.doc, index)
    }

    /// Writes the PDF to `path` whole or not at all (a temporary file renamed into place).
    pub fn write(&self, path: &Path) -> Result<()> {
        let bytes = self.pdf()?;
        let err = |e: std::io::Error| PrintError::Write { path: path.display().to_string(), message: e.to_string() };
        let tmp = path.with_extension("pdf.part");
        std::fs::write(&tmp, bytes).map_err(err)?;
        std::fs::rename(&tmp, path).map_err(err)
    }
}

/// Cards laid out per run: a batch of thousands is laid out in parts, on every core at once, so
/// progress is real and a cancel takes effect between rounds of parts.
const CARDS_PER_PART: usize = 100;

/// Gathers, checks and lays out `job`.
pub fn print(store: &Store, job: &Job, options: &Options) -> Result<Printed> {
    print_with(store, job, options, &mut |_, _| true)
}

/// As [`print`], calling `progress(done, total)` as parts are laid out; it returns false to
/// cancel, and the run stops with [`PrintError::Cancelled`] before the next part.
pub fn print_with(store: &Store, job: &Job, options: &Options, progress: &mut dyn FnMut(u32, u32) -> bool) -> Result<Printed> {
    let today = day::or_today("today", "打印日期", &options.today)?;
    let print = settings::get(store)?;
    let zone_name = zone::info(store)?.zone_name.unwrap_or_default();
    let gathered = match job {
        Job::Cards { scope } => store.read(|c| Ok(cards::gather(c, scope, &zone_name)))??,
        Job::Wall { paper } => store.read(|c| Ok(wall::gather(c, *paper)))??,
        Job::Supervision { issue_ids } => notice::supervision(store, &notice::issue_ids(store, issue_ids)?)?,
        Job::Assignment { batch_id } => notice::assignment(store, batch_id)?,
        Job::Bulletin { from, to } => {
            let (from, to) = (check_day(from)?, check_day(to)?);
            bulletin::gather(store, &from, &to, &today)?
        }
    };
    let office = if print.office.is_empty() { zone_name.clone() } else { print.office.clone() };
    let mut data = gathered.data;
    let common = serde_json::json!({
        "zone": zone_name, "office": office, "title": print.card_title, "hotline": print.hotline,
        "pledge": print.pledge, "today": today,
    });
    data.as_object_mut().expect("documents' data are objects").insert("office".to_string(), common.clone());
    let mut missing = Vec::new();
    glyphs::check("本区设置", &common, &mut missing);
    for (label, record) in &gathered.records {
        glyphs::check(label, record, &mut missing);
    }
    let doc = layout(job.template(), data, &today, options.templates.as_deref(), progress)?;
    let report = PrintReport { pages: doc.pages().len() as u32, count: gathered.count, missing, notes: gathered.notes };
    Ok(Printed { doc, ident: job.file_name(), tagged: !matches!(job, Job::Cards { .. }), report })
}

/// Lays out `data`, cards in parts of [`CARDS_PER_PART`] whose pages are joined into one
/// document (so the PDF embeds each font subset once).
fn layout(
    template: &str,
    mut data: Value,
    today: &str,
    dir: Option<&Path>,
    progress: &mut dyn FnMut(u32, u32) -> bool,
) -> Result<typst_layout::PagedDocument> {
    let cards = match data.get_mut("cards") {
        Some(Value::Array(cards)) if cards.len() > CARDS_PER_PART => std::mem::take(cards),
        _ => {
            if !progress(0, 1) {
                return Err(PrintError::Cancelled);
            }
            let doc = render::compile(template, &data, today, dir)?;
            progress(1, 1);
            return Ok(doc);
        }
    };
    let total = cards.len() as u32;
    // Parts are independent documents: lay out as many at once as there are cores.
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 4);
    let parts: Vec<Value> = cards
        .chunks(CARDS_PER_PART)
        .map(|part| {
            let mut d = data.clone();
            d["cards"] = Value::Array(part.to_vec());
            d
        })
        .collect();
    let mut pages = ecow::EcoVec::new();
    let mut info = None;
    let mut done = 0;
    for batch in parts.chunks(threads) {
        if !progress(done, total) {
            return Err(PrintError::Cancelled);
        }
        let docs: Vec<Result<typst_layout::PagedDocument>> = std::thread::scope(|s| {
            let running: Vec<_> = batch.iter().map(|d| s.spawn(move || render::compile(template, d, today, dir))).collect();
            running.into_iter().map(|h| h.join().expect("a layout thread panicked")).collect()
        });
        for doc in docs {
            let doc = doc?;
            pages.extend(doc.pages().iter().cloned());
            info.get_or_insert_with(|| typst::model::Document::info(&doc).clone());
        }
        done = (done + (batch.len() * CARDS_PER_PART) as u32).min(total);
    }
    progress(total, total);
    Ok(typst_layout::PagedDocument::new(pages, info.unwrap_or_default()))
}

fn check_day(s: &str) -> Result<String> {
    day::parse(s.trim()).map(|d| d.format("%Y-%m-%d").to_string()).ok_or_else(|| {
        PrintError::Invalid(format!("日期「{s}」看不懂，请写成 2026-03-01 这样"))
    })
}

/// A period as offices name it — 2026-11, 2026-Q3, 2026, or FROM..TO — as its first and last day.
pub fn parse_period(s: &str) -> Result<(String, String)> {
    let s = s.trim();
    let bad = || PrintError::Invalid(format!("时段「{s}」看不懂，可写 2026-11、2026-Q3、2026 或 2026-01-01..2026-03-31"));
    if let Some((a, b)) = s.split_once("..") {
        return Ok((check_day(a).map_err(|_| bad())?, check_day(b).map_err(|_| bad())?));
    }
    let month_end = |y: i32, m: u32| {
        let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        chrono::NaiveDate::from_ymd_opt(next.0, next.1, 1).and_then(|d| d.pred_opt())
    };
    let span = |y: i32, m1: u32, m2: u32| -> Option<(String, String)> {
        let first = chrono::NaiveDate::from_ymd_opt(y, m1, 1)?;
        Some((first.format("%Y-%m-%d").to_string(), month_end(y, m2)?.format("%Y-%m-%d").to_string()))
    };
    let year = |t: &str| t.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
    let found = match s.split_once('-') {
        None => year(s).and_then(|y| span(y, 1, 12)),
        Some((y, q)) if q.starts_with(['Q', 'q']) => {
            let q: u32 = q[1..].parse().ok().filter(|q| (1..=4).contains(q)).ok_or_else(bad)?;
            year(y).and_then(|y| span(y, q * 3 - 2, q * 3))
        }
        Some((y, m)) => {
            let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m)).ok_or_else(bad)?;
            year(y).and_then(|y| span(y, m, m))
        }
    };
    found.ok_or_else(bad)
}
