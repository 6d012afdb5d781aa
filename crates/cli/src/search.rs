use lianxin_core::search::{self, SearchKind};
use lianxin_core::Store;

use crate::error::CliError;

/// `lianxin search TEXT`: the app's search box on the command line.
pub fn run(store: &Store, text: &str, kind: Option<&str>, limit: u32, json: bool) -> Result<(), CliError> {
    let kinds: Option<Vec<SearchKind>> = match kind {
        Some("enterprise") => Some(vec![SearchKind::Enterprise]),
        Some("cadre") => Some(vec![SearchKind::Cadre]),
        Some("issue") => Some(vec![SearchKind::Issue]),
        Some("project") => Some(vec![SearchKind::Project]),
        _ => None,
    };
    let r = search::search(store, text, kinds.as_deref(), limit)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    if r.groups.is_empty() {
        println!("没有找到与“{text}”匹配的记录");
    }
    for g in &r.groups {
        let label = match g.kind {
            SearchKind::Enterprise => "企业",
            SearchKind::Cadre => "干部",
            SearchKind::Issue => "问题",
            SearchKind::Project => "项目",
        };
        let more = if g.capped { "+" } else { "" };
        println!("{label}(共 {}{more} 条)", g.total);
        for h in &g.hits {
            println!("  {}\t{}\t{}", h.title, h.subtitle.as_deref().unwrap_or(""), h.id);
        }
    }
    Ok(())
}
