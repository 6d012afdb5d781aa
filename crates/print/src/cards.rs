//! The data of 连心卡: each enterprise with its current liaison cadres, leader, the cadre's vCard
//! as a QR code, and its latest issues for the back.
use lianxin_core::model::issue::kinds::Status;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};
use serde_json::{json, Value};

use crate::error::{PrintError, Result};
use crate::job::CardScope;
use crate::vcard::{qr_svg, vcard, Contact};
use crate::Gathered;

/// Issues listed on a card's back; the rest of its rows are left blank for handwriting.
pub const BACK_ISSUES: usize = 5;
pub const BACK_ROWS: usize = 7;

struct Person {
    role: String,
    name: String,
    position: Option<String>,
    mobile: Option<String>,
    department: Option<String>,
}

fn scope_sql(scope: &CardScope) -> (&'static str, Vec<SqlValue>) {
    let (sql, arg) = match scope {
        CardScope::All => ("", None),
        CardScope::Enterprise(id) => ("AND e.id = ?1", Some(id)),
        CardScope::Cadre(id) => ("AND EXISTS (SELECT 1 FROM liaisons l WHERE l.enterprise_id = e.id AND l.deleted = 0 AND l.end_date IS NULL AND l.cadre_id = ?1)", Some(id)),
        CardScope::Department(id) => ("AND EXISTS (SELECT 1 FROM liaisons l JOIN cadres c ON c.id = l.cadre_id WHERE l.enterprise_id = e.id AND l.deleted = 0 AND l.end_date IS NULL AND c.deleted = 0 AND c.department_id = ?1)", Some(id)),
        CardScope::Street(id) => ("AND e.street_id = ?1", Some(id)),
    };
    (sql, arg.map(|a| vec![SqlValue::Text(a.clone())]).unwrap_or_default())
}

/// The enterprise's current liaisons, cadres first (by index: a province's cards of one street
/// do not read every liaison).
fn people(c: &Connection, enterprise: &str) -> Result<Vec<Person>> {
    let mut stmt = c
        .prepare_cached(
            "SELECT l.role, c.name, c.position, c.mobile, d.name
             FROM liaisons l JOIN cadres c ON c.id = l.cadre_id AND c.deleted = 0
             LEFT JOIN departments d ON d.id = c.department_id
             WHERE l.enterprise_id = ?1 AND l.deleted = 0 AND l.end_date IS NULL
             ORDER BY CASE l.role WHEN 'lead' THEN 0 WHEN 'specialist' THEN 1 ELSE 2 END, l.start_date, c.name",
        )
        .map_err(lianxin_core::CoreError::from)?;
    let rows = stmt
        .query_map([enterprise], |r| {
            Ok(Person { role: r.get(0)?, name: r.get(1)?, position: r.get(2)?, mobile: r.get(3)?, department: r.get(4)? })
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(lianxin_core::CoreError::from)?;
    Ok(rows)
}

/// The enterprise's latest issues, oldest first, for the card's back.
fn issues(c: &Connection, enterprise: &str) -> Result<Vec<Value>> {
    let mut stmt = c
        .prepare_cached(&format!(
            "SELECT registered_on, content, status FROM issues
             WHERE enterprise_id = ?1 AND deleted = 0 AND status <> 'withdrawn'
             ORDER BY registered_on DESC, no DESC LIMIT {BACK_ISSUES}"
        ))
        .map_err(lianxin_core::CoreError::from)?;
    let mut rows: Vec<Value> = stmt
        .query_map([enterprise], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(lianxin_core::CoreError::from)?
        .into_iter()
        .map(|(date, content, status)| {
            let status = Status::parse(&status).map(Status::zh).unwrap_or("");
            json!({"date": date, "text": one_line(&content), "status": status})
        })
        .collect();
    rows.reverse();
    Ok(rows)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn person_json(p: &Person) -> Value {
    json!({"name": p.name, "position": p.position, "mobile": p.mobile, "department": p.department})
}

pub(crate) fn gather(c: &Connection, scope: &CardScope, zone: &str) -> Result<Gathered> {
    let (filter, args) = scope_sql(scope);
    let mut stmt = c
        .prepare(&format!(
            "SELECT e.id, e.name, e.address, s.name FROM enterprises e
             LEFT JOIN departments s ON s.id = e.street_id
             WHERE e.deleted = 0 AND e.status = 'operating' {filter}
             ORDER BY s.sort_order, s.name, e.name"
        ))
        .map_err(lianxin_core::CoreError::from)?;
    let enterprises: Vec<(String, String, Option<String>, Option<String>)> = stmt
        .query_map(params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .and_then(|rows| rows.collect())
        .map_err(lianxin_core::CoreError::from)?;
    let mut cards = Vec::new();
    let mut records = Vec::new();
    let mut without = 0;
    for (id, name, address, street) in enterprises {
        let people = people(c, &id)?;
        if people.is_empty() {
            without += 1;
            continue;
        }
        let (leaders, cadres): (Vec<_>, Vec<_>) = people.into_iter().partition(|p| p.role == "leader");
        let contact = cadres.first().or(leaders.first()).expect("an entry has at least one person");
        let card = vcard(&Contact {
            name: &contact.name,
            mobile: contact.mobile.as_deref(),
            org: zone,
            department: contact.department.as_deref(),
            title: contact.position.as_deref(),
            note: None,
        });
        let card = json!({
            "enterprise": name,
            "address": address,
            "street": street,
            "cadres": cadres.iter().map(person_json).collect::<Vec<_>>(),
            "leaders": leaders.iter().map(person_json).collect::<Vec<_>>(),
            "qr": qr_svg(&card),
            "issues": issues(c, &id)?,
        });
        records.push((format!("企业「{name}」的连心卡"), card.clone()));
        cards.push(card);
    }
    if cards.is_empty() {
        return Err(PrintError::Empty(match scope {
            CardScope::Enterprise(_) => "这家企业没有在任的联点干部，无法制作连心卡".to_string(),
            _ => "所选范围内没有配有联点干部的在营企业，没有可打印的连心卡".to_string(),
        }));
    }
    let mut notes = Vec::new();
    if without > 0 {
        notes.push(format!("{without} 家企业没有在任的联点干部，未制卡"));
    }
    let count = records.len() as u32;
    Ok(Gathered { data: json!({"cards": cards, "back_rows": BACK_ROWS}), records, notes, count })
}
