//! The support ledger's list and its totals for a period by kind, department or street.

use std::collections::BTreeMap;

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{yuan_words, Support, SupportKind, SupportStatus};
use crate::error::Result;
use crate::model::list::{page, Filter};
use crate::model::Page;
use crate::store::Store;

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct SupportQuery {
    pub enterprise_id: Option<String>,
    pub kind: Option<SupportKind>,
    pub status: Option<SupportStatus>,
    pub department_id: Option<String>,
    /// YYYY-MM-DD, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct SupportRow {
    pub support: Support,
    pub enterprise_name: String,
    pub department_name: Option<String>,
}

pub fn list(store: &Store, q: &SupportQuery) -> Result<Page<SupportRow>> {
    let mut f = Filter::live();
    f.eq(
        "enterprise_id",
        q.enterprise_id.clone().filter(|s| !s.is_empty()),
    );
    f.eq("kind", q.kind.map(|k| k.as_str().to_string()));
    f.eq("status", q.status.map(|k| k.as_str().to_string()));
    f.eq(
        "department_id",
        q.department_id.clone().filter(|s| !s.is_empty()),
    );
    if let Some(from) = q.from.clone().filter(|s| !s.is_empty()) {
        f.raw("date >= ?", from);
    }
    if let Some(to) = q.to.clone().filter(|s| !s.is_empty()) {
        f.raw("date <= ?", to);
    }
    store.read(|conn| {
        let p = page::<Support>(conn, &f, "date DESC", true, q.page, q.page_size)?;
        let mut ent = conn.prepare_cached("SELECT name FROM enterprises WHERE id = ?1")?;
        let mut dep = conn.prepare_cached("SELECT name FROM departments WHERE id = ?1")?;
        let mut rows = Vec::with_capacity(p.rows.len());
        for s in p.rows {
            let enterprise_name = ent
                .query_row([&s.enterprise_id], |r| r.get(0))
                .unwrap_or_default();
            let department_name = match &s.department_id {
                Some(d) => dep.query_row([d], |r| r.get(0)).ok(),
                None => None,
            };
            rows.push(SupportRow {
                support: s,
                enterprise_name,
                department_name,
            });
        }
        Ok(Page {
            rows,
            total: p.total,
            page: p.page,
            page_size: p.page_size,
        })
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TotalsBy {
    Kind,
    /// The helping department.
    Department,
    /// The enterprise's street.
    Street,
}

/// One line of the totals: a kind, a department or a street.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct SupportTotal {
    /// The kind's tag, or the department's id (empty for none).
    pub key: String,
    pub name: String,
    /// How many records (笔).
    pub items: u32,
    pub enterprises: u32,
    #[specta(type = f64)]
    pub amount_fen: i64,
    /// Counts by unit, e.g. [("人", 79)].
    #[specta(type = Vec<(String, f64)>)]
    pub counts: Vec<(String, i64)>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct SupportTotals {
    pub rows: Vec<SupportTotal>,
    /// Totals by kind in a report's words: "授信3笔1800万元、用工对接79人".
    pub sentence: String,
}

/// Totals for a period (and one status, or all), grouped by kind, department or street.
pub fn totals(
    store: &Store,
    from: &str,
    to: &str,
    status: Option<SupportStatus>,
    by: TotalsBy,
) -> Result<SupportTotals> {
    let (key, name, join) = match by {
        TotalsBy::Kind => ("s.kind", "s.kind", ""),
        TotalsBy::Department => {
            ("coalesce(s.department_id, '')", "coalesce(d.name, '未指定单位')", "LEFT JOIN departments d ON d.id = s.department_id")
        }
        TotalsBy::Street => (
            "coalesce(e.street_id, '')",
            "coalesce(d.name, '未分街道')",
            "JOIN enterprises e ON e.id = s.enterprise_id LEFT JOIN departments d ON d.id = e.street_id",
        ),
    };
    let sql = format!(
        "SELECT {key}, {name}, count(*), count(DISTINCT s.enterprise_id), coalesce(sum(s.amount_fen), 0)
         FROM supports s {join}
         WHERE s.deleted = 0 AND s.date >= ?1 AND s.date <= ?2 AND (?3 IS NULL OR s.status = ?3)
         GROUP BY 1 ORDER BY 5 DESC, 3 DESC"
    );
    let units_sql = format!(
        "SELECT {key}, s.unit, sum(s.count) FROM supports s {join}
         WHERE s.deleted = 0 AND s.date >= ?1 AND s.date <= ?2 AND (?3 IS NULL OR s.status = ?3) AND s.count IS NOT NULL
         GROUP BY 1, 2 ORDER BY 3 DESC"
    );
    let args = [
        SqlValue::from(from.to_string()),
        SqlValue::from(to.to_string()),
        match status {
            Some(s) => SqlValue::from(s.as_str().to_string()),
            None => SqlValue::Null,
        },
    ];
    store.read(|conn| {
        let mut units: BTreeMap<String, Vec<(String, i64)>> = BTreeMap::new();
        let mut stmt = conn.prepare_cached(&units_sql)?;
        let mut rows = stmt.query(params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            units.entry(r.get(0)?).or_default().push((
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                r.get(2)?,
            ));
        }
        let mut out = Vec::new();
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            let key: String = r.get(0)?;
            let mut name: String = r.get(1)?;
            if by == TotalsBy::Kind {
                name = SupportKind::parse(&key)
                    .map(|k| k.zh().to_string())
                    .unwrap_or(name);
            }
            out.push(SupportTotal {
                counts: units.remove(&key).unwrap_or_default(),
                key,
                name,
                items: r.get(2)?,
                enterprises: r.get(3)?,
                amount_fen: r.get(4)?,
            });
        }
        let sentence = sentence(&out);
        Ok(SupportTotals {
            rows: out,
            sentence,
        })
    })
}

fn sentence(rows: &[SupportTotal]) -> String {
    if rows.is_empty() {
        return "本期无惠企成效记录".to_string();
    }
    let parts: Vec<String> = rows
        .iter()
        .map(|t| {
            let mut s = format!("{}{}笔", t.name, t.items);
            if t.amount_fen > 0 {
                s.push_str(&yuan_words(t.amount_fen));
            }
            for (unit, n) in t.counts.iter().filter(|(u, _)| u != "笔") {
                s.push_str(&format!("、{n}{unit}"));
            }
            s
        })
        .collect();
    parts.join(";")
}
