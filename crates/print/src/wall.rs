//! The data of 连心墙: the zone's leaders and each department's phone and people.
use rusqlite::Connection;
use serde_json::{json, Value};

use crate::error::{PrintError, Result};
use crate::job::Paper;
use crate::Gathered;

fn sql_err(e: rusqlite::Error) -> lianxin_core::CoreError {
    e.into()
}

pub(crate) fn gather(c: &Connection, paper: Paper) -> Result<Gathered> {
    let person = |r: &rusqlite::Row| -> rusqlite::Result<Value> {
        Ok(json!({"name": r.get::<_, String>(0)?, "position": r.get::<_, Option<String>>(1)?,
                  "mobile": r.get::<_, Option<String>>(2)?, "department": r.get::<_, Option<String>>(3)?}))
    };
    let leaders: Vec<Value> = c
        .prepare(
            "SELECT c.name, c.position, c.mobile, d.name FROM cadres c LEFT JOIN departments d ON d.id = c.department_id
             WHERE c.deleted = 0 AND c.active = 1 AND c.role = 'leader' ORDER BY d.sort_order, c.name",
        )
        .and_then(|mut s| s.query_map([], person)?.collect())
        .map_err(sql_err)?;
    let mut records: Vec<(String, Value)> = leaders.iter().map(|l| (format!("领导「{}」", l["name"].as_str().unwrap_or("")), l.clone())).collect();
    let departments: Vec<(String, String, String, Option<String>)> = c
        .prepare(
            "SELECT id, name, kind, phone FROM departments WHERE deleted = 0 AND active = 1 AND kind <> 'community'
             ORDER BY CASE kind WHEN 'function' THEN 0 WHEN 'street' THEN 1 ELSE 2 END, sort_order, name",
        )
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect())
        .map_err(sql_err)?;
    let mut people = c
        .prepare(
            "SELECT name, position, mobile, NULL FROM cadres WHERE deleted = 0 AND active = 1 AND department_id = ?1
             ORDER BY CASE role WHEN 'leader' THEN 0 ELSE 1 END, name",
        )
        .map_err(sql_err)?;
    let mut blocks = Vec::new();
    for (id, name, kind, phone) in departments {
        let members: Vec<Value> = people.query_map([&id], person).and_then(|rows| rows.collect()).map_err(sql_err)?;
        if members.is_empty() && phone.as_deref().unwrap_or("").is_empty() {
            continue;
        }
        let block = json!({"name": name, "kind": kind, "phone": phone, "people": members});
        records.push((format!("部门「{name}」"), block.clone()));
        blocks.push(block);
    }
    if blocks.is_empty() && leaders.is_empty() {
        return Err(PrintError::Empty("还没有部门和干部，连心墙无内容可印".to_string()));
    }
    let count = blocks.len() as u32;
    let paper = match paper {
        Paper::A4 => "a4",
        Paper::A3 => "a3",
    };
    Ok(Gathered { data: json!({"paper": paper, "leaders": leaders, "departments": blocks}), records, notes: vec![], count })
}
