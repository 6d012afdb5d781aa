//! Departments, streets and communities; cadres; enterprises.

use std::collections::HashSet;

use super::names::{self, *};
use super::rng::Rng;
use super::{Progress, Summary};
use crate::error::Result;
use crate::model::cadre::{Cadre, CadreRole};
use crate::model::department::{Department, DepartmentKind};
use crate::model::enterprise::{Enterprise, EnterpriseStatus, Ownership, Scale};
use crate::model::stat_class::StatClass;
use crate::store::Store;

/// A plausible 统计分类 for a generated enterprise, from what was drawn (no draw of its own,
/// so the seed's other data stay as they were): large and medium ones are 四上 in their
/// sector, micro ones 规下, small ones not yet classified.
fn stat_class(scale: Option<Scale>, section: &str) -> Option<StatClass> {
    match scale? {
        Scale::Large | Scale::Medium => Some(StatClass::above_in(Some(section))),
        Scale::Small => None,
        Scale::Micro => Some(StatClass::Below),
    }
}

/// Records per transaction: big enough that commits do not dominate, small enough that
/// progress moves and a reader is never blocked for long.
const CHUNK: usize = 5_000;
/// Ids carry a fixed time base so the same seed gives the same ids.
const ID_EPOCH_MS: u64 = 1_704_067_200_000; // 2024-01-01

pub(super) struct Depts {
    pub functions: Vec<String>,
    /// (street id, its communities' ids)
    pub streets: Vec<(String, String, Vec<String>)>,
}

fn dept(r: &mut Rng, name: String, kind: DepartmentKind, parent: Option<&str>, order: usize) -> Department {
    Department {
        id: r.uuid_v7(ID_EPOCH_MS + order as u64),
        name,
        kind,
        parent_id: parent.map(str::to_string),
        phone: Some(landline(r)),
        sort_order: order as i32,
        active: true,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

pub(super) fn departments(store: &Store, r: &mut Rng, streets: usize, summary: &mut Summary) -> Result<Depts> {
    store.write(|w| {
        let mut out = Depts { functions: vec![], streets: vec![] };
        for (i, n) in FUNCTION_DEPARTMENTS.iter().enumerate() {
            let d = dept(r, n.to_string(), DepartmentKind::Function, None, i);
            w.insert(&d)?;
            out.functions.push(d.id);
        }
        for (i, n) in COMPANIES.iter().enumerate() {
            w.insert(&dept(r, n.to_string(), DepartmentKind::Company, None, i))?;
        }
        summary.departments += FUNCTION_DEPARTMENTS.len() + COMPANIES.len();

        let mut street_names: HashSet<String> = HashSet::new();
        let mut community_names: HashSet<String> = HashSet::new();
        for i in 0..streets {
            let (street_name, communities): (String, Vec<String>) = match STREETS.get(i) {
                Some((s, cs)) => (s.to_string(), cs.iter().map(|c| c.to_string()).collect()),
                None => {
                    let s = unique(r, &mut street_names, |r| format!("{}街道", names::place(r)));
                    let n = 3 + r.below(3);
                    (s, (0..n).map(|_| unique(r, &mut community_names, |r| format!("{}社区", names::place(r)))).collect())
                }
            };
            street_names.insert(street_name.clone());
            community_names.extend(communities.iter().cloned());
            let street = dept(r, street_name.clone(), DepartmentKind::Street, None, i);
            w.insert(&street)?;
            let mut ids = vec![];
            for (j, c) in communities.into_iter().enumerate() {
                let c = dept(r, c, DepartmentKind::Community, Some(&street.id), j);
                w.insert(&c)?;
                ids.push(c.id);
            }
            summary.departments += 1 + ids.len();
            out.streets.push((street.id, street_name, ids));
        }
        Ok(out)
    })
}

/// A name from `make` not yet in `seen`; after a few tries, numbered (新华社区2).
fn unique(r: &mut Rng, seen: &mut HashSet<String>, make: impl Fn(&mut Rng) -> String) -> String {
    for _ in 0..8 {
        let n = make(r);
        if seen.insert(n.clone()) {
            return n;
        }
    }
    let base = make(r);
    let mut i = 2;
    while !seen.insert(format!("{base}{i}")) {
        i += 1;
    }
    format!("{base}{i}")
}

pub(super) fn cadres(
    store: &Store,
    r: &mut Rng,
    depts: &Depts,
    n: usize,
    summary: &mut Summary,
    progress: Progress<'_>,
) -> Result<()> {
    let mut done = 0;
    while done < n {
        let upto = (done + CHUNK).min(n);
        store.write(|w| {
            for i in done..upto {
                // About one in twelve are leaders (包联 key enterprises), one in ten specialists.
                let role = r.weighted(&[(CadreRole::Leader, 8), (CadreRole::Cadre, 82), (CadreRole::Specialist, 10)]);
                let c = Cadre {
                    id: r.uuid_v7(ID_EPOCH_MS + 1_000 + i as u64),
                    name: person_name(r),
                    department_id: Some(r.pick(&depts.functions).clone()),
                    position: Some(r.pick(POSITIONS).to_string()),
                    role,
                    mobile: Some(mobile(r)),
                    active: !r.chance(3),
                    created_at: String::new(),
                    updated_at: String::new(),
                };
                w.insert(&c)?;
            }
            Ok(())
        })?;
        summary.cadres += upto - done;
        done = upto;
        progress("cadres", done, n);
    }
    Ok(())
}

pub(super) fn enterprises(
    store: &Store,
    r: &mut Rng,
    depts: &Depts,
    n: usize,
    summary: &mut Summary,
    progress: Progress<'_>,
) -> Result<()> {
    let mut names_seen = HashSet::with_capacity(n);
    let mut codes_seen = HashSet::with_capacity(n);
    let mut done = 0;
    while done < n {
        let upto = (done + CHUNK).min(n);
        store.write(|w| {
            for i in done..upto {
                let (name, short, section) = loop {
                    let (name, short, section) = enterprise_name(r);
                    if names_seen.insert(name.clone()) {
                        break (name, short, section);
                    }
                };
                // 95% have a USCC; 3% of those fail the check character, as some early codes do.
                let uscc = if r.chance(95) {
                    loop {
                        let valid = !r.chance(3);
                        let code = make_uscc(r, "430300", valid);
                        if codes_seen.insert(code.clone()) {
                            break Some(code);
                        }
                    }
                } else {
                    None
                };
                let (street_id, street_name, communities) = r.pick(&depts.streets);
                let mut tags = vec![];
                if r.chance(30) {
                    tags.push(r.pick(TAGS).to_string());
                }
                let contact_phone = if r.chance(80) { mobile(r) } else { landline(r) };
                let mut e = Enterprise {
                    id: r.uuid_v7(ID_EPOCH_MS + 100_000 + i as u64),
                    name,
                    short_name: Some(short),
                    uscc,
                    industry: Some(section.to_string()),
                    scale: Some(r.weighted(&[(Scale::Large, 3), (Scale::Medium, 12), (Scale::Small, 45), (Scale::Micro, 40)])),
                    stat_class: None,
                    ownership: Some(r.weighted(&[
                        (Ownership::Private, 80),
                        (Ownership::State, 8),
                        (Ownership::Foreign, 5),
                        (Ownership::Hmt, 4),
                        (Ownership::Collective, 2),
                        (Ownership::Other, 1),
                    ])),
                    address: Some(format!(
                        "{}{}路{}号",
                        street_name.trim_end_matches("街道"),
                        r.pick(ROADS),
                        1 + r.below(300)
                    )),
                    street_id: Some(street_id.clone()),
                    community_id: Some(r.pick(communities).clone()),
                    legal_rep: Some(person_name(r)),
                    contact_name: Some(person_name(r)),
                    contact_phone: Some(contact_phone),
                    tags,
                    status: r.weighted(&[
                        (EnterpriseStatus::Operating, 95),
                        (EnterpriseStatus::MovedOut, 3),
                        (EnterpriseStatus::Closed, 2),
                    ]),
                    notes: None,
                    created_at: String::new(),
                    updated_at: String::new(),
                };
                e.stat_class = stat_class(e.scale, section);
                w.insert(&e)?;
                // Half a percent were entered twice by mistake and deleted.
                if r.chance(1) && r.chance(50) {
                    w.tombstone(&e)?;
                    summary.tombstoned += 1;
                }
            }
            Ok(())
        })?;
        summary.enterprises += upto - done;
        done = upto;
        progress("enterprises", done, n);
    }
    Ok(())
}
