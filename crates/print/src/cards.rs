//! The data of 连心卡: each enterprise with its current liaison cadres, leader, the cadre's vCard
//! as a QR code, and its latest issues for the back.
use std::collections::HashMap;

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

fn people(c: &Connection) -> Result<HashMap<String, Vec<Person>>> {
    let mut stmt = c.prepare(
        "SELECT l.enterprise_id, l.role, c.name, c.position, c.mobile, d.name
         FROM liaisons l JOIN cadres c ON c.id = l.cadre_id AND c.deleted = 0
         LEFT JOIN departments d ON d.id = c.department_id
         WHERE l.deleted = 0 AND l.end_date IS NULL AND l.enterprise_id IS NOT NULL
         ORDER BY l.enterprise_id, CASE l.role WHEN 'lead' THEN 0 WHEN 'specialist' THEN 1 ELSE 2 END, l.start_date, c.name",
    ).map_err(lianxin_core::CoreError::from)?;
    let mut out: HashMap<String, Vec<Person>> = HashMap::new();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Person { role: r.get(1)?, name: r.get(2)?, position: r.get(3)?, mobile: r.get(4)?, department: r.get(5)? },
            ))
        })
        .map_err(lianxin_core::CoreError::from)?;
    for row in rows {
        let (e, p) = row.map_err(lianxin_core::CoreError::from)?;
        out.entry(e).or_default().push(p);
    }
    Ok(out)
}

fn issues(c: &Connection) -> Result<HashMap<String, Vec<Value>>> {
    let mut stmt = c
        .prepare(&format!(
            "SELECT enterprise_id, registered_on, content, status FROM (
               SELECT enterprise_id, registered_on, content, status,
                      ROW_NUMBER() OVER (PARTITION BY enterprise_id ORDER BY registered_on DESC, no DESC) AS n
               FROM issues WHERE deleted = 0 AND enterprise_id IS NOT NULL AND status <> 'withdrawn')
             WHERE n <= {BACK_ISSUES} ORDER BY enterprise_id, registered_on"
        ))
        .map_err(lianxin_core::CoreError::from)?;
    let mut out: HashMap<String, Vec<Value>> = HashMap::new();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))
        .map_err(lianxin_core::CoreError::from)?;
    for row in rows {
        let (e, date, content, status) = row.map_err(lianxin_core::CoreError::from)?;
        let status = Status::parse(&status).map(Status::zh).unwrap_or("");
        out.entry(e).or_default().push(json!({"date": date, "text": one_line(&content), "status": status}));
    }
    Ok(out)
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
    let mut people = people(c)?;
    let mut issues = issues(c)?;
    let mut cards = Vec::new();
    let mut records = Vec::new();
    let mut without = 0;
    for (id, name, address, street) in enterprises {
        let Some(people) = people.remove(&id) else {
            without += 1;
            continue;
        };
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
            "issues": issues.remove(&id).unwrap_or_default(),
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
