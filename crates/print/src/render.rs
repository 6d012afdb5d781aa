//! Compiling a template with its data into pages, and the pages into PDF or SVG.
use std::path::Path;

use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::error::{PrintError, Result};
use crate::world::PrintWorld;

/// The templates, embedded; an office may put its own `NAME.typ` (and `common.typ`) in a
/// templates folder to change the layout without a new build.
const TEMPLATES: &[(&str, &str)] = &[
    ("common", include_str!("../templates/common.typ")),
    ("cards", include_str!("../templates/cards.typ")),
    ("wall", include_str!("../templates/wall.typ")),
    ("supervision", include_str!("../templates/supervision.typ")),
    ("assignment", include_str!("../templates/assignment.typ")),
    ("bulletin", include_str!("../templates/bulletin.typ")),
];

/// The embedded text of template `name` (for `lianxin templates` to copy out).
pub fn builtin(name: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

pub fn template_names() -> impl Iterator<Item = &'static str> {
    TEMPLATES.iter().map(|(n, _)| *n)
}

fn load(name: &str, dir: Option<&Path>) -> Result<String> {
    if let Some(path) = dir.map(|d| d.join(format!("{name}.typ"))).filter(|p| p.is_file()) {
        return std::fs::read_to_string(&path).map_err(|e| PrintError::Template {
            template: path.display().to_string(),
            message: e.to_string(),
        });
    }
    builtin(name).map(str::to_string).ok_or_else(|| PrintError::Invalid(format!("没有名为 {name} 的模板")))
}

/// Lays out template `name` over `data`.
pub(crate) fn compile(name: &str, data: &serde_json::Value, today: &str, dir: Option<&Path>) -> Result<PagedDocument> {
    let texts = [("/main.typ", load(name, dir)?), ("/common.typ", load("common", dir)?)];
    let bytes = serde_json::to_vec(data).expect("JSON values serialise");
    let mut ymd = today.split('-').map(|p| p.parse::<u32>().unwrap_or(1));
    let date = (ymd.next().unwrap_or(2026) as i32, ymd.next().unwrap_or(1) as u8, ymd.next().unwrap_or(1) as u8);
    let world = PrintWorld::new(&texts, bytes, date);
    typst::compile::<PagedDocument>(&world).output.map_err(|errors| PrintError::Template {
        template: name.to_string(),
        message: errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("；"),
    })
}

/// The same pages give the same bytes: a fixed identifier and no timestamp. `tagged` adds the
/// structure tree screen readers use; it doubles a card batch's size, so cards go without.
pub(crate) fn pdf(doc: &PagedDocument, ident: &str, tagged: bool) -> Result<Vec<u8>> {
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some("连心 Lianxin".to_string())),
        tagged,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(doc, &options).map_err(|errors| PrintError::Template {
        template: ident.to_string(),
        message: errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("；"),
    })
}

/// Page `index` (0-based) as SVG, for the print centre's preview.
pub(crate) fn svg(doc: &PagedDocument, index: usize) -> Option<String> {
    doc.pages().get(index).map(|page| typst_svg::svg(page, &typst_svg::SvgOptions::default()))
}
