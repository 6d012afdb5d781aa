//! 交办批次: issues handed out together under one number ("2026年第3批").

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::day;
use crate::error::Result;
use crate::model::{new_id, text};
use crate::store::{get, ColKind, Entity, Store, Table};

/// 交办批次
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct IssueBatch {
    pub id: String,
    pub no: String,
    pub assigned_on: String,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

static BATCHES: Table = Table {
    name: "issue_batches",
    what: "交办批次",
    cols: &[
        ("no", ColKind::Text),
        ("assigned_on", ColKind::Text),
        ("note", ColKind::Text),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for IssueBatch {
    const TABLE: &'static Table = &BATCHES;
    fn id(&self) -> &str {
        &self.id
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct BatchInput {
    /// Defaults to "YYYY年第N批".
    pub no: Option<String>,
    pub assigned_on: Option<String>,
    pub note: Option<String>,
}

pub fn create_batch(store: &Store, input: &BatchInput) -> Result<IssueBatch> {
    let day = day::or_today("assigned_on", "交办日期", &input.assigned_on)?;
    let note = text::opt(&input.note);
    if let Some(n) = &note {
        text::limit("note", "说明", n, 2000)?;
    }
    store.write(|w| {
        let no = match text::opt(&input.no) {
            Some(n) => {
                text::limit("no", "批次号", &n, 30)?;
                n
            }
            None => {
                let year = &day[..4];
                let n: i64 = w
                    .conn()
                    .prepare_cached("SELECT count(*) FROM issue_batches WHERE substr(assigned_on, 1, 4) = ?1")?
                    .query_row([year], |r| r.get(0))?;
                format!("{year}年第{}批", n + 1)
            }
        };
        let b = IssueBatch {
            id: new_id(),
            no,
            assigned_on: day.clone(),
            note: note.clone(),
            created_at: String::new(),
            updated_at: String::new(),
        };
        w.insert(&b)?;
        get(w.conn(), &b.id)
    })
}

pub fn batches(store: &Store) -> Result<Vec<IssueBatch>> {
    store.read(|c| {
        let t = IssueBatch::TABLE;
        let mut stmt = c.prepare_cached(&format!(
            "SELECT {} FROM {} WHERE deleted = 0 ORDER BY assigned_on DESC, rowid DESC",
            t.select_list(),
            t.name
        ))?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(crate::store::entity_from_row(r)?);
        }
        Ok(out)
    })
}

