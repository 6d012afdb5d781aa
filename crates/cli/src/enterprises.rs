use clap::Subcommand;
use lianxin_core::model::department;
use lianxin_core::model::enterprise::{self, EnterpriseQuery, EnterpriseSort};
use lianxin_core::model::stat_class::StatClass;
use lianxin_core::Store;

use crate::error::CliError;

#[derive(Subcommand)]
pub enum EnterprisesCmd {
    /// List enterprises, filtered, sorted and paged as in the app's table.
    List {
        /// Substring of name, short name, USCC, contact or phone.
        #[arg(long)]
        text: Option<String>,
        /// Street name (exact), e.g. 双马街道.
        #[arg(long)]
        street: Option<String>,
        /// Industry section letter (GB/T 4754), e.g. C.
        #[arg(long)]
        industry: Option<String>,
        /// 统计分类: industry (规上工业), construction, trade (限上批零住餐), services, four_above, below (规下).
        #[arg(long, value_parser = ["industry", "construction", "trade", "services", "four_above", "below"])]
        stat_class: Option<String>,
        /// Only 四上 enterprises (any of the four "above" classes); also prints the counts by class.
        #[arg(long)]
        four_above: bool,
        #[arg(long, default_value = "name", value_parser = ["name", "street", "scale", "updated_at", "created_at"])]
        sort: String,
        #[arg(long)]
        desc: bool,
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, default_value_t = 50)]
        page_size: u32,
    },
}

pub fn run(store: &Store, cmd: EnterprisesCmd, json: bool) -> Result<(), CliError> {
    match cmd {
        EnterprisesCmd::List { text, street, industry, stat_class, four_above, sort, desc, page, page_size } => {
            let depts = department::all(store)?;
            let street_id = match street {
                Some(name) => Some(
                    depts
                        .iter()
                        .find(|d| d.name == name)
                        .map(|d| d.id.clone())
                        .ok_or_else(|| lianxin_core::CoreError::validation("street", format!("没有名为“{name}”的街道")))?,
                ),
                None => None,
            };
            let sort = serde_json::from_value::<EnterpriseSort>(serde_json::Value::String(sort))?;
            let stat_class = stat_class.and_then(|c| StatClass::parse(&c));
            let q = EnterpriseQuery {
                text,
                street_id,
                industry,
                stat_class,
                four_above,
                sort: Some(sort),
                desc,
                page,
                page_size,
                ..Default::default()
            };
            let result = enterprise::list(store, &q)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&result)?);
                return Ok(());
            }
            let street_name = |id: &Option<String>| {
                id.as_ref().and_then(|id| depts.iter().find(|d| &d.id == id)).map(|d| d.name.as_str()).unwrap_or("")
            };
            for e in &result.rows {
                println!(
                    "{}\t{}\t{}\t{}",
                    e.name,
                    e.uscc.as_deref().unwrap_or(""),
                    street_name(&e.street_id),
                    e.contact_phone.as_deref().unwrap_or("")
                );
            }
            println!("共 {} 家,第 {} 页,每页 {} 家", result.total, result.page, result.page_size);
            let counts = enterprise::stat_class_counts(store, &q)?;
            let parts: Vec<String> = counts
                .by_class
                .iter()
                .map(|c| format!("{} {}", c.stat_class.map(StatClass::zh).unwrap_or("未分类"), c.count))
                .collect();
            println!("统计分类:四上 {};{}", counts.four_above, parts.join("、"));
        }
    }
    Ok(())
}
