//! 走访登记: a site visit logged in one go — the enterprise, the cadres (me by default), what
//! was done, and the issues raised there — saved in one transaction, so a visit is never
//! saved without its issues or the other way round.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::write::insert_in;
use super::{Engagement, EngagementKind, EngagementLink, LinkKind};
use crate::error::{CoreError, Result};
use crate::model::cadre::Cadre;
use crate::model::issue::{Issue, RegisterInput, Registrar, Source, Tier};
use crate::model::new_id;
use crate::store::{entity_from_row, get, Entity, Store};

/// One issue row of the capture form.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct CaptureIssue {
    pub content: String,
    pub category: String,
    /// Defaults to 常规.
    pub tier: Option<Tier>,
    /// 当场办结 (一般 only): what was done on the spot.
    pub resolve_on_spot: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct CaptureInput {
    pub enterprise_id: String,
    /// YYYY-MM-DD; defaults to today.
    pub date: Option<String>,
    /// Defaults to 走访调研.
    pub kind: Option<EngagementKind>,
    pub cadre_ids: Vec<String>,
    pub place: Option<String>,
    pub summary: String,
    pub outcome: Option<String>,
    pub issues: Vec<CaptureIssue>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Captured {
    pub engagement: Engagement,
    pub issues: Vec<Issue>,
}

/// A validation error of issue row `i`, under `issues.{i}.{field}` and saying which row.
fn in_row(i: usize, e: CoreError) -> CoreError {
    match e {
        CoreError::Validation { field, message } => CoreError::Validation {
            field: format!("issues.{i}.{field}"),
            message: format!("第{}条问题:{message}", i + 1),
        },
        other => other,
    }
}

pub fn capture(store: &Store, input: &CaptureInput) -> Result<Captured> {
    if input.enterprise_id.trim().is_empty() {
        return Err(CoreError::validation("enterprise_id", "请选择走访的企业"));
    }
    let registrar = Registrar::new(store, &input.date)?;
    let actor = store.actor();
    store.write(|w| {
        let engagement_input = super::EngagementInput {
            date: input.date.clone(),
            kind: Some(input.kind.unwrap_or(EngagementKind::Visit)),
            place: input.place.clone(),
            summary: input.summary.clone(),
            outcome: input.outcome.clone(),
            cadre_ids: input.cadre_ids.clone(),
            enterprise_ids: vec![input.enterprise_id.trim().to_string()],
            ..Default::default()
        };
        let engagement = insert_in(w, &actor, &engagement_input)?;
        let mut issues = Vec::new();
        for (i, row) in input.issues.iter().enumerate() {
            let issue = registrar
                .register_in(
                    w,
                    &RegisterInput {
                        source: Some(Source::Visit),
                        enterprise_id: Some(input.enterprise_id.trim().to_string()),
                        category: row.category.clone(),
                        tier: row.tier,
                        content: row.content.clone(),
                        taken_by: input.cadre_ids.first().cloned(),
                        registered_on: Some(engagement.date.clone()),
                        resolve_on_spot: row.resolve_on_spot.clone(),
                        ..Default::default()
                    },
                )
                .map_err(|e| in_row(i, e))?;
            w.insert(&EngagementLink {
                id: new_id(),
                engagement_id: engagement.id.clone(),
                kind: LinkKind::Issue,
                target_id: issue.id.clone(),
                date: engagement.date.clone(),
                created_at: String::new(),
                updated_at: String::new(),
            })?;
            issues.push(issue.id);
        }
        let issues = issues
            .iter()
            .map(|id| get::<Issue>(w.conn(), id))
            .collect::<Result<Vec<_>>>()?;
        Ok(Captured {
            engagement: get(w.conn(), &engagement.id)?,
            issues,
        })
    })
}

/// The cadre the operator is, when exactly one active cadre has the operator's name: the
/// capture form's default "me".
pub fn my_cadre(store: &Store) -> Result<Option<Cadre>> {
    let actor = store.actor();
    store.read(|conn| {
        let sql = format!(
            "SELECT {} FROM cadres WHERE name = ?1 AND active = 1 AND deleted = 0 LIMIT 2",
            Cadre::TABLE.select_list()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([actor.trim()])?;
        let mut found = Vec::new();
        while let Some(r) = rows.next()? {
            found.push(entity_from_row::<Cadre>(r)?);
        }
        Ok(if found.len() == 1 { found.pop() } else { None })
    })
}
