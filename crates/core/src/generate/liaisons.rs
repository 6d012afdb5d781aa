//! Liaisons, as the articles describe them: most enterprises have one current 联点干部 (one to
//! one, a cadre looking after five or so); each leader 包联 10–30 key enterprises, large and
//! medium first; some enterprises have a 服务专员; a few changed cadre once, the earlier pairing
//! kept as history; enterprises that moved out or closed have only ended liaisons.

use chrono::{Days, NaiveDate};

use super::rng::Rng;
use super::{Progress, Summary};
use crate::error::Result;
use crate::model::liaison::{Liaison, LiaisonRole};
use crate::store::Store;

/// Records per transaction, as for the registry.
const CHUNK: usize = 5_000;
/// Ids carry a fixed time base so the same seed gives the same ids; past the registry's range.
const ID_EPOCH_MS: u64 = 1_704_067_200_000 + 1_000_000;

/// Liaisons start between these days (fixed, so a seed gives the same data whatever today is).
fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 3, 1).expect("valid date")
}
const START_SPAN_DAYS: u64 = 1_580; // to mid 2025
const LAST_DAY_OFFSET: u64 = 1_700; // nothing ends after late 2025

fn day(offset: u64) -> String {
    (first_day() + Days::new(offset.min(LAST_DAY_OFFSET))).format("%Y-%m-%d").to_string()
}

struct Ent {
    id: String,
    scale_rank: i64,
    operating: bool,
}

struct Cad {
    id: String,
    name: String,
    role: String,
}

fn load(store: &Store) -> Result<(Vec<Cad>, Vec<Ent>)> {
    store.read(|c| {
        let mut st = c.prepare("SELECT id, name, role FROM cadres WHERE deleted = 0 AND active = 1 ORDER BY rowid")?;
        let cadres = st
            .query_map([], |r| Ok(Cad { id: r.get(0)?, name: r.get(1)?, role: r.get(2)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st = c.prepare("SELECT id, scale_rank, status FROM enterprises WHERE deleted = 0 ORDER BY rowid")?;
        let ents = st
            .query_map([], |r| {
                Ok(Ent { id: r.get(0)?, scale_rank: r.get(1)?, operating: r.get::<_, String>(2)? == "operating" })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((cadres, ents))
    })
}

struct Maker {
    out: Vec<Liaison>,
}

impl Maker {
    /// A liaison over `(from, to)`, days after `first_day()`; `to` None while current.
    fn push(&mut self, r: &mut Rng, cadre: &str, ent: &str, role: LiaisonRole, (from, to): (u64, Option<u64>), note: Option<String>) {
        let i = self.out.len() as u64;
        self.out.push(Liaison {
            id: r.uuid_v7(ID_EPOCH_MS + i),
            cadre_id: cadre.to_string(),
            enterprise_id: Some(ent.to_string()),
            project_id: None,
            role,
            start_date: day(from),
            end_date: to.map(day),
            note,
            created_at: String::new(),
            updated_at: String::new(),
        });
    }
}

pub(super) fn liaisons(store: &Store, r: &mut Rng, summary: &mut Summary, progress: Progress<'_>) -> Result<()> {
    let (cadres, ents) = load(store)?;
    let of_role = |role: &str| cadres.iter().filter(|c| c.role == role).collect::<Vec<_>>();
    let (leads, leaders, specialists) = (of_role("cadre"), of_role("leader"), of_role("specialist"));
    let mut m = Maker { out: Vec::with_capacity(ents.len() * 6 / 5) };

    for e in &ents {
        // 联点干部: nearly every enterprise; a few changed cadre once.
        if !leads.is_empty() && r.chance(93) {
            let first = r.pick(&leads);
            let from = r.below(START_SPAN_DAYS as usize) as u64;
            if r.chance(5) {
                let next = r.pick(&leads);
                let change = from + 60 + r.below(400) as u64;
                if next.id != first.id && change < LAST_DAY_OFFSET {
                    m.push(r, &first.id, &e.id, LiaisonRole::Lead, (from, Some(change)), Some(format!("更换为{}", next.name)));
                    let to = (!e.operating).then(|| change + 30 + r.below(120) as u64);
                    m.push(r, &next.id, &e.id, LiaisonRole::Lead, (change, to), None);
                    continue;
                }
            }
            // An enterprise that moved out or closed keeps only the ended pairing.
            let to = (!e.operating).then(|| from + 30 + r.below(300) as u64);
            m.push(r, &first.id, &e.id, LiaisonRole::Lead, (from, to), None);
        }
        // 服务专员 for about one in eight.
        if !specialists.is_empty() && e.operating && r.chance(12) {
            let s = r.pick(&specialists);
            let from = r.below(START_SPAN_DAYS as usize) as u64;
            m.push(r, &s.id, &e.id, LiaisonRole::Specialist, (from, None), None);
        }
    }

    // 包联领导: key enterprises, large and medium first, dealt out in turn.
    let mut key: Vec<&Ent> = ents.iter().filter(|e| e.operating).collect();
    key.sort_by_key(|e| e.scale_rank); // stable: rowid order within a scale
    let mut next = 0;
    for l in &leaders {
        if key.is_empty() {
            break;
        }
        let n = (10 + r.below(21)).min(key.len());
        let from = r.below(START_SPAN_DAYS as usize) as u64;
        for _ in 0..n {
            m.push(r, &l.id, &key[next % key.len()].id, LiaisonRole::Leader, (from, None), None);
            next += 1;
        }
    }

    let total = m.out.len();
    for chunk in m.out.chunks(CHUNK) {
        store.write(|w| {
            for l in chunk {
                w.insert(l)?;
            }
            Ok(())
        })?;
        summary.liaisons += chunk.len();
        summary.ended_liaisons += chunk.iter().filter(|l| l.end_date.is_some()).count();
        progress("liaisons", summary.liaisons, total);
    }
    Ok(())
}
