//! Reading engagements: the list with filters, a record's engagements (enterprise, cadre,
//! project pages), one engagement with its links named, and the counts the reports quote.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Engagement, EngagementKind, LinkKind};
use crate::error::Result;
use crate::model::list::{page_counted, Filter};
use crate::model::Page;
use crate::store::{entity_from_row, get, Entity, Store};

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct EngagementQuery {
    /// YYYY-MM-DD, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub kind: Option<EngagementKind>,
    /// Engagements this cadre, enterprise, project, community or issue took part in.
    pub target_id: Option<String>,
    /// Engagements a cadre of this department took part in.
    pub department_id: Option<String>,
    /// In the summary, place or outcome.
    pub text: Option<String>,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LinkedName {
    pub id: String,
    pub name: String,
}

/// A row of the engagement list: the record and its links by name.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct EngagementRow {
    pub engagement: Engagement,
    pub cadres: Vec<LinkedName>,
    pub enterprises: Vec<LinkedName>,
    pub projects: Vec<LinkedName>,
    pub communities: Vec<LinkedName>,
    /// The issues raised in it, named by 编号.
    pub issues: Vec<LinkedName>,
}

pub type EngagementView = EngagementRow;

/// The page's engagements as rows, their links named, in two queries whatever the page's size:
/// the links of all of them at once, each with its target's name (a cadre's or enterprise's
/// name, an issue's 编号) joined in, instead of a query per link.
fn rows_of(conn: &Connection, engagements: Vec<Engagement>) -> Result<Vec<EngagementRow>> {
    let mut rows: Vec<EngagementRow> = engagements
        .into_iter()
        .map(|engagement| EngagementRow {
            engagement,
            cadres: vec![],
            enterprises: vec![],
            projects: vec![],
            communities: vec![],
            issues: vec![],
        })
        .collect();
    if rows.is_empty() {
        return Ok(rows);
    }
    let at: HashMap<String, usize> = rows.iter().enumerate().map(|(i, r)| (r.engagement.id.clone(), i)).collect();
    let ids: Vec<Value> = rows.iter().map(|r| Value::Text(r.engagement.id.clone())).collect();
    let sql = format!(
        "SELECT l.engagement_id, l.kind, l.target_id,
                CASE l.kind WHEN 'cadre' THEN c.name WHEN 'enterprise' THEN e.name
                            WHEN 'project' THEN p.name WHEN 'community' THEN d.name ELSE i.no END
           FROM engagement_links l
           LEFT JOIN cadres c ON l.kind = 'cadre' AND c.id = l.target_id
           LEFT JOIN enterprises e ON l.kind = 'enterprise' AND e.id = l.target_id
           LEFT JOIN projects p ON l.kind = 'project' AND p.id = l.target_id
           LEFT JOIN departments d ON l.kind = 'community' AND d.id = l.target_id
           LEFT JOIN issues i ON l.kind = 'issue' AND i.id = l.target_id
          WHERE l.engagement_id IN ({}) AND l.deleted = 0
          ORDER BY l.kind, l.rowid",
        vec!["?"; ids.len()].join(",")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut found = stmt.query(params_from_iter(ids.iter()))?;
    while let Some(r) = found.next()? {
        let engagement_id: String = r.get(0)?;
        let kind: String = r.get(1)?;
        let (Some(&i), Some(kind)) = (at.get(&engagement_id), LinkKind::parse(&kind)) else { continue };
        let named = LinkedName {
            id: r.get(2)?,
            name: r.get::<_, Option<String>>(3)?.unwrap_or_else(|| "(已删除)".to_string()),
        };
        let row = &mut rows[i];
        match kind {
            LinkKind::Cadre => row.cadres.push(named),
            LinkKind::Enterprise => row.enterprises.push(named),
            LinkKind::Project => row.projects.push(named),
            LinkKind::Community => row.communities.push(named),
            LinkKind::Issue => row.issues.push(named),
        }
    }
    Ok(rows)
}

/// How many engagements a query matches, from the per-day counts (migration 0011) when it
/// filters by nothing but the period and kind: a year's total is then a sum of at most a few
/// thousand small rows instead of a count of the year's engagements. Other filters count rows.
fn total_from_days(conn: &Connection, q: &EngagementQuery) -> Result<Option<u32>> {
    let set = |o: &Option<String>| o.as_deref().is_some_and(|s| !s.is_empty());
    if set(&q.target_id) || set(&q.department_id) || set(&q.text) {
        return Ok(None);
    }
    let from = q.from.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "0000-00-00".into());
    let to = q.to.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "9999-99-99".into());
    let n: i64 = match q.kind {
        Some(k) => conn
            .prepare_cached("SELECT coalesce(sum(n), 0) FROM engagement_days WHERE date >= ?1 AND date <= ?2 AND kind = ?3")?
            .query_row(params![from, to, k.as_str()], |r| r.get(0))?,
        None => conn
            .prepare_cached("SELECT coalesce(sum(n), 0) FROM engagement_days WHERE date >= ?1 AND date <= ?2")?
            .query_row(params![from, to], |r| r.get(0))?,
    };
    Ok(Some(n as u32))
}

fn filter_of(q: &EngagementQuery) -> Filter {
    let mut f = Filter::live();
    if let Some(from) = q.from.as_deref().filter(|s| !s.is_empty()) {
        f.raw("date >= ?", from.to_string());
    }
    if let Some(to) = q.to.as_deref().filter(|s| !s.is_empty()) {
        f.raw("date <= ?", to.to_string());
    }
    f.eq("kind", q.kind.map(|k| k.as_str().to_string()));
    if let Some(t) = q.target_id.as_deref().filter(|s| !s.is_empty()) {
        f.raw("id IN (SELECT engagement_id FROM engagement_links WHERE target_id = ? AND deleted = 0)", t.to_string());
    }
    if let Some(d) = q.department_id.as_deref().filter(|s| !s.is_empty()) {
        // From the unit's cadres to their links by index, within the period when there is one:
        // on L a quarter's engagements of one unit come in ~40 ms instead of scanning every
        // cadre link (1.3 s).
        let (from, to) = (q.from.clone().filter(|s| !s.is_empty()), q.to.clone().filter(|s| !s.is_empty()));
        f.raw_n(
            "id IN (SELECT l.engagement_id FROM cadres c JOIN engagement_links l
                      ON l.target_id = c.id AND l.deleted = 0 AND l.date >= ? AND l.date <= ?
                    WHERE c.department_id = ? AND l.kind = 'cadre')",
            vec![
                from.unwrap_or_else(|| "0000-00-00".into()).into(),
                to.unwrap_or_else(|| "9999-99-99".into()).into(),
                d.to_string().into(),
            ],
        );
    }
    f.contains_any(&["summary", "place", "outcome"], q.text.as_deref());
    f
}

/// A page of engagements, newest first.
pub fn list(store: &Store, q: &EngagementQuery) -> Result<Page<EngagementRow>> {
    store.read(|conn| {
        let total = total_from_days(conn, q)?;
        let p = page_counted::<Engagement>(conn, &filter_of(q), "date DESC", true, q.page, q.page_size, total)?;
        let rows = rows_of(conn, p.rows)?;
        Ok(Page {
            rows,
            total: p.total,
            page: p.page,
            page_size: p.page_size,
        })
    })
}

/// A cadre's, enterprise's, project's or issue's engagements, newest first (at most `limit`),
/// and how many there are in all.
pub fn for_target(store: &Store, target_id: &str, limit: u32) -> Result<(Vec<EngagementRow>, u32)> {
    store.read(|conn| {
        let total: u32 = conn
            .prepare_cached(
                "SELECT count(*) FROM engagement_links WHERE target_id = ?1 AND deleted = 0",
            )?
            .query_row([target_id], |r| r.get(0))?;
        let sql = format!(
            "SELECT {} FROM engagements WHERE deleted = 0 AND id IN
               (SELECT engagement_id FROM engagement_links WHERE target_id = ?1 AND deleted = 0
                ORDER BY date DESC LIMIT ?2)
             ORDER BY date DESC, rowid DESC",
            Engagement::TABLE.select_list()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![target_id, limit.min(500)])?;
        let mut found = Vec::new();
        while let Some(r) = rows.next()? {
            found.push(entity_from_row(r)?);
        }
        Ok((rows_of(conn, found)?, total))
    })
}

pub fn get_view(store: &Store, id: &str) -> Result<EngagementView> {
    store.read(|conn| Ok(rows_of(conn, vec![get(conn, id)?])?.remove(0)))
}

/// The counts a report quotes for a period: by kind ("走访调研38次、协调会18次"), by cadre and
/// by department (of the cadres present; an engagement two departments attended counts for
/// each), and how many enterprises were visited.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct EngagementCounts {
    pub total: u32,
    pub by_kind: Vec<(EngagementKind, u32)>,
    pub by_cadre: Vec<(LinkedName, u32)>,
    pub by_department: Vec<(LinkedName, u32)>,
    /// Distinct enterprises any engagement of the period involved.
    pub enterprises: u32,
    /// The period in a report's words, e.g. "开展活动56次,其中走访调研38次、协调会18次,涉及企业20家".
    pub sentence: String,
}

pub fn counts(store: &Store, from: &str, to: &str) -> Result<EngagementCounts> {
    store.read(|conn| {
        let mut by_kind: BTreeMap<String, u32> = BTreeMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT kind, sum(n) FROM engagement_days WHERE date >= ?1 AND date <= ?2 GROUP BY kind HAVING sum(n) > 0",
        )?;
        let mut rows = stmt.query([from, to])?;
        while let Some(r) = rows.next()? {
            by_kind.insert(r.get(0)?, r.get(1)?);
        }
        let total = by_kind.values().sum();
        let mut by_kind: Vec<(EngagementKind, u32)> =
            by_kind.into_iter().filter_map(|(k, n)| EngagementKind::parse(&k).map(|k| (k, n))).collect();
        by_kind.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.as_str().cmp(b.0.as_str())));
        let named = |sql: &str| -> Result<Vec<(LinkedName, u32)>> {
            let mut stmt = conn.prepare_cached(sql)?;
            let mut rows = stmt.query([from, to])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push((LinkedName { id: r.get(0)?, name: r.get(1)? }, r.get(2)?));
            }
            Ok(out)
        };
        let by_cadre = named(
            "SELECT c.id, c.name, count(*) AS n FROM engagement_links l JOIN cadres c ON c.id = l.target_id
             WHERE l.kind = 'cadre' AND l.deleted = 0 AND l.date >= ?1 AND l.date <= ?2
             GROUP BY c.id ORDER BY n DESC, c.name",
        )?;
        let by_department = named(
            "SELECT d.id, d.name, count(DISTINCT l.engagement_id) AS n FROM engagement_links l
               JOIN cadres c ON c.id = l.target_id JOIN departments d ON d.id = c.department_id
             WHERE l.kind = 'cadre' AND l.deleted = 0 AND l.date >= ?1 AND l.date <= ?2
             GROUP BY d.id ORDER BY n DESC, d.name",
        )?;
        let enterprises: u32 = conn
            .prepare_cached(
                "SELECT count(DISTINCT target_id) FROM engagement_links
                 WHERE kind = 'enterprise' AND deleted = 0 AND date >= ?1 AND date <= ?2",
            )?
            .query_row([from, to], |r| r.get(0))?;
        let sentence = sentence(total, &by_kind, enterprises);
        Ok(EngagementCounts { total, by_kind, by_cadre, by_department, enterprises, sentence })
    })
}

fn sentence(total: u32, by_kind: &[(EngagementKind, u32)], enterprises: u32) -> String {
    if total == 0 {
        return "本期无走访和会议记录".to_string();
    }
    let parts: Vec<String> = by_kind
        .iter()
        .map(|(k, n)| format!("{}{n}次", k.zh()))
        .collect();
    let mut s = format!("开展活动{total}次,其中{}", parts.join("、"));
    if enterprises > 0 {
        s.push_str(&format!(",涉及企业{enterprises}家"));
    }
    s
}
