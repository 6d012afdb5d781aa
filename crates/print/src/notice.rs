//! The data of 督办单 (one issue per page) and 交办单 (an assignment batch, a page per lead
//! department): what an office stamps and sends.
use lianxin_core::model::issue::ledger::{detail, IssueDetail};
use lianxin_core::Store;
use rusqlite::OptionalExtension;
use serde_json::{json, Value};

use crate::error::{PrintError, Result};
use crate::Gathered;

fn issue_json(d: &IssueDetail) -> Value {
    let i = &d.issue;
    let history: Vec<Value> = d
        .events
        .iter()
        .map(|e| json!({"date": e.on_date, "step": e.kind.zh(), "actor": e.actor, "note": e.note}))
        .collect();
    json!({
        "no": i.no,
        "source": i.source.zh(),
        "registered_on": i.registered_on,
        "who": d.enterprise_name.clone().or(i.reporter_name.clone()),
        "phone": i.reporter_phone,
        "street": d.street_name,
        "category": i.category,
        "tier": i.tier.zh(),
        "content": i.content,
        "lead": d.lead_department,
        "assisting": d.assisting_names,
        "assigned_on": i.assigned_on,
        "deadline": i.deadline,
        "status": i.status.zh(),
        "flag": d.flag.map(|f| f.zh()),
        "flag_tag": d.flag.map(|f| f.as_str()),
        "reminders": i.reminders,
        "days_so_far": d.days_so_far,
        "batch": d.batch_no,
        "history": history,
    })
}

/// Resolves issue numbers (2026-00012) or ids to ids.
pub fn issue_ids(store: &Store, keys: &[String]) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for key in keys {
        let found: Option<String> = store.read(|c| {
            Ok(c.query_row("SELECT id FROM issues WHERE deleted = 0 AND (id = ?1 OR no = ?1)", [key], |r| r.get(0))
                .optional()?)
        })?;
        ids.push(found.ok_or_else(|| PrintError::Invalid(format!("没有编号为 {key} 的问题")))?);
    }
    Ok(ids)
}

pub(crate) fn supervision(store: &Store, ids: &[String]) -> Result<Gathered> {
    if ids.is_empty() {
        return Err(PrintError::Empty("没有选择要督办的问题".to_string()));
    }
    let mut issues = Vec::new();
    let mut records = Vec::new();
    for id in ids {
        let d = detail(store, id)?;
        let v = issue_json(&d);
        records.push((format!("问题 {}", d.issue.no), v.clone()));
        issues.push(v);
    }
    let count = issues.len() as u32;
    Ok(Gathered { data: json!({"issues": issues}), records, notes: vec![], count })
}

/// Resolves a batch number (交办批次号) or id to its id and number.
pub fn batch(store: &Store, key: &str) -> Result<(String, String, String)> {
    store
        .read(|c| {
            Ok(c.query_row(
                "SELECT id, no, assigned_on FROM issue_batches WHERE deleted = 0 AND (id = ?1 OR no = ?1)",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
        })?
        .ok_or_else(|| PrintError::Invalid(format!("没有批次号为 {key} 的交办批次")))
}

pub(crate) fn assignment(store: &Store, batch_key: &str) -> Result<Gathered> {
    let (id, no, assigned_on) = batch(store, batch_key)?;
    let ids: Vec<String> = store.read(|c| {
        let mut s = c.prepare("SELECT id FROM issues WHERE deleted = 0 AND batch_id = ?1 ORDER BY no")?;
        let ids = s.query_map([&id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    })?;
    if ids.is_empty() {
        return Err(PrintError::Empty(format!("交办批次 {no} 里没有问题")));
    }
    // One page per lead department: each gets the sheet of what it leads.
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    let mut records = Vec::new();
    for issue_id in &ids {
        let d = detail(store, issue_id)?;
        let v = issue_json(&d);
        records.push((format!("问题 {}", d.issue.no), v.clone()));
        let lead = d.lead_department.clone().unwrap_or_else(|| "（未定牵头单位）".to_string());
        match groups.iter_mut().find(|(l, _)| *l == lead) {
            Some((_, list)) => list.push(v),
            None => groups.push((lead, vec![v])),
        }
    }
    let departments: Vec<Value> = groups.into_iter().map(|(name, issues)| json!({"name": name, "issues": issues})).collect();
    let count = ids.len() as u32;
    Ok(Gathered {
        data: json!({"batch": no, "assigned_on": assigned_on, "departments": departments}),
        records,
        notes: vec![],
        count,
    })
}
