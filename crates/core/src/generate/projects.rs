//! Projects like the articles': 民生实事 (132盏路灯, 160米排污管道 for 15户, 道路提质, 老旧小区改造,
//! 养老服务中心…) and 重点项目 each with its 挂钩联系人, with milestones, progress logs and a
//! realistic spread of flags against the data set's today: most on time or finished, some
//! milestones due within days, some late. Key projects' land and approval issues are put on
//! them. Dates follow the seed and the data set's today (the benchmarks' fixed day, or the day a
//! demo is made).

use chrono::{Datelike, Days, NaiveDate};

use super::names::place;
use super::rng::Rng;
use super::{Progress, Summary};
use crate::error::Result;
use crate::model::issue::Issue;
use crate::model::liaison::{Liaison, LiaisonRole};
use crate::model::project::{due_on, Milestone, Project, ProjectCategory as C, ProjectKind, ProjectLog, ProjectStatus as S};
use crate::store::{entity_from_row, Entity, Store};

const CHUNK: usize = 500;
/// Ids carry a fixed time base so the same seed gives the same ids; past the liaisons' range.
const ID_EPOCH_MS: u64 = 1_704_067_200_000 + 2_000_000;

/// (category, name pattern with {p} for a place, unit, quantity range, cost per unit in yuan,
/// beneficiaries' unit and how many per unit of quantity ×100).
type Template = (C, &'static str, &'static str, (u32, u32), u32, &'static str, u32);
const LIVELIHOOD: &[Template] = &[
    (C::Lights, "{p}路段路灯安装", "盏", (40, 180), 600, "户", 150),
    (C::Lights, "{p}片区亮化提质", "盏", (60, 260), 800, "户", 120),
    (C::Drainage, "{p}组排污管道新建", "米", (120, 900), 450, "户", 10),
    (C::Drainage, "{p}片区雨污分流改造", "米", (300, 2_400), 900, "户", 8),
    (C::Roads, "{p}路道路提质改造", "米", (400, 3_000), 1_800, "人", 300),
    (C::Roads, "{p}组通组公路硬化", "米", (500, 2_000), 700, "户", 5),
    (C::Housing, "{p}小区老旧小区改造", "户", (80, 640), 18_000, "户", 100),
    (C::ElderlyCare, "{p}社区养老服务中心建设", "张床位", (20, 80), 40_000, "人", 400),
    (C::Education, "{p}小学校舍提质改造", "平方米", (800, 4_000), 2_200, "人", 40),
    (C::Health, "{p}社区卫生服务站标准化建设", "平方米", (200, 600), 3_000, "人", 1_500),
    (C::Insurance, "{p}片区城乡居民医保参保扩面", "人", (2_000, 9_000), 20, "人", 100),
    (C::Other, "{p}农贸市场提质改造", "个", (1, 2), 1_200_000, "户", 80_000),
    (C::Other, "{p}智慧停车场建设", "个车位", (80, 400), 9_000, "人", 500),
];
const KEY: &[Template] = &[
    (C::Investment, "{p}新材料产业园项目", "亩", (60, 400), 1_500_000, "人", 300),
    (C::Investment, "年产{n}万吨{p}精细化工项目", "亩", (40, 200), 1_800_000, "人", 200),
    (C::Investment, "{p}智能制造标准厂房项目", "平方米", (20_000, 120_000), 2_600, "人", 1),
    (C::Construction, "{p}大道延伸工程", "米", (800, 4_000), 26_000, "人", 200),
    (C::Construction, "{p}污水处理厂扩建工程", "吨/日", (10_000, 50_000), 1_400, "人", 5),
    (C::Construction, "{p}人才公寓建设项目", "套", (200, 800), 280_000, "人", 200),
];
const MILESTONES: &[&str] = &["立项审批", "方案设计", "招标采购", "开工建设", "主体完工", "竣工验收"];

fn days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 { d + Days::new(n as u64) } else { d - Days::new((-n) as u64) }
}
fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

struct Refs {
    /// (street id, its communities)
    streets: Vec<(String, Vec<String>)>,
    departments: Vec<String>,
    cadres: Vec<(String, String)>,
}

fn load(store: &Store) -> Result<Refs> {
    store.read(|c| {
        let ids = |sql: &str| -> Result<Vec<(String, Option<String>)>> {
            let mut st = c.prepare(sql)?;
            let v = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            Ok(v)
        };
        let streets: Vec<(String, Vec<String>)> = ids("SELECT id, NULL FROM departments WHERE kind = 'street' AND deleted = 0 ORDER BY rowid")?
            .into_iter()
            .map(|(s, _)| (s, vec![]))
            .collect();
        let mut streets = streets;
        for (cid, parent) in ids("SELECT id, parent_id FROM departments WHERE kind = 'community' AND deleted = 0 ORDER BY rowid")? {
            if let Some(s) = streets.iter_mut().find(|(s, _)| Some(s) == parent.as_ref()) {
                s.1.push(cid);
            }
        }
        let departments = ids("SELECT id, NULL FROM departments WHERE kind = 'function' AND deleted = 0 ORDER BY rowid")?
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        let cadres = ids("SELECT id, name FROM cadres WHERE deleted = 0 AND active = 1 AND role IN ('cadre', 'leader') ORDER BY rowid")?
            .into_iter()
            .map(|(id, n)| (id, n.unwrap_or_default()))
            .collect();
        Ok(Refs { streets, departments, cadres })
    })
}

/// A project and what hangs on it.
struct Made {
    project: Project,
    milestones: Vec<Milestone>,
    logs: Vec<ProjectLog>,
    liaisons: Vec<Liaison>,
}

struct Ids(u64);
impl Ids {
    fn next(&mut self, r: &mut Rng) -> String {
        self.0 += 1;
        r.uuid_v7(ID_EPOCH_MS + self.0)
    }
}

fn make(r: &mut Rng, ids: &mut Ids, refs: &Refs, today: NaiveDate) -> Made {
    let key = r.chance(30);
    let t = *r.pick(if key { KEY } else { LIVELIHOOD });
    let (category, pattern, unit, (lo, hi), per_unit, b_unit, b_per) = t;
    let street = (!refs.streets.is_empty()).then(|| r.pick(&refs.streets).clone());
    let community = street.as_ref().and_then(|(_, cs)| (!cs.is_empty()).then(|| r.pick(cs).clone()));
    let name = pattern.replace("{p}", &place(r)).replace("{n}", &(2 + r.below(18)).to_string());
    let quantity = (lo + r.below((hi - lo + 1) as usize) as u32) as f64;
    let budget_fen = (quantity * per_unit as f64 * (80 + r.below(40)) as f64) as i64; // ×100 fen, ±20%
    let beneficiaries = ((quantity * b_per as f64) / 100.0).max(1.0) as i32;

    // Planned over 3–18 months, starting from early 2024 to a month after today.
    let span = (today - NaiveDate::from_ymd_opt(2024, 1, 1).expect("date")).num_days() + 30;
    let planned_start = days(NaiveDate::from_ymd_opt(2024, 1, 1).expect("date"), r.below(span as usize) as i64);
    let length = 90 + r.below(450) as i64;
    let planned_finish = days(planned_start, length);
    let started = planned_start <= today;
    let status = if !started {
        S::Planning
    } else if planned_finish < today && r.chance(if (today - planned_finish).num_days() > 90 { 93 } else { 60 }) {
        if r.chance(55) { S::Accepted } else { S::Finished }
    } else if r.chance(6) {
        S::Paused
    } else if r.chance(4) {
        S::Planning // approval still pending though the planned start has passed
    } else {
        S::Building
    };
    let actual_start = matches!(status, S::Building | S::Finished | S::Accepted | S::Paused)
        .then(|| days(planned_start, r.below(40) as i64 - 10).min(today));
    let actual_finish = status.is_done().then(|| {
        let late = r.below(60) as i64 - 20;
        days(planned_finish, late).min(today).max(actual_start.unwrap_or(planned_start))
    });
    let elapsed = |d: NaiveDate| ((d - planned_start).num_days() * 100 / length.max(1)).clamp(0, 100) as i32;
    let progress = match status {
        S::Planning => 0,
        S::Finished | S::Accepted => 100,
        _ => (elapsed(today) - r.below(25) as i32).clamp(5, 95),
    };

    let pid = ids.next(r);
    let n = 3 + r.below(3);
    let mut milestones = Vec::with_capacity(n);
    let mut missed = false;
    for (i, m) in MILESTONES.iter().skip(MILESTONES.len() - n).enumerate() {
        let due = days(planned_start, length * (i as i64 + 1) / n as i64);
        // Done when finished; otherwise in order: past ones mostly done (nearly all when long
        // past), and once one is missed the later ones wait for it (the red ones).
        let likely = if status == S::Paused { 50 } else if (today - due).num_days() > 60 { 95 } else { 75 };
        let done = status.is_done() || (!missed && due <= today && r.chance(likely));
        missed |= !done;
        let done_on = done.then(|| days(due, r.below(20) as i64 - 12).min(actual_finish.unwrap_or(today)).min(today));
        milestones.push(Milestone {
            id: ids.next(r),
            project_id: pid.clone(),
            name: m.to_string(),
            due_on: fmt(due),
            done_on: done_on.map(fmt),
            note: (!done && due < today).then(|| "受征拆进度影响滞后".to_string()).filter(|_| r.chance(40)),
            created_at: String::new(),
            updated_at: String::new(),
        });
    }

    let mut logs = Vec::new();
    if let Some(start) = actual_start {
        let end = actual_finish.unwrap_or(today);
        let entries = 2 + r.below(4);
        for i in 0..entries {
            let d = days(start, (end - start).num_days() * (i as i64 + 1) / entries as i64);
            let p = if i + 1 == entries { progress } else { (progress * (i as i32 + 1) / entries as i32).max(1) };
            let content = match (i + 1 == entries, status) {
                (true, S::Finished | S::Accepted) => "项目完工,已组织验收".to_string(),
                (true, S::Paused) => "因资金未到位暂停施工,正在协调".to_string(),
                _ => format!("完成{}{unit},现场施工有序推进", (quantity * p as f64 / 100.0).round()),
            };
            logs.push(ProjectLog {
                id: ids.next(r),
                project_id: pid.clone(),
                on_date: fmt(d),
                progress: Some(p),
                content,
                actor: "项目办".into(),
                created_at: String::new(),
                updated_at: String::new(),
            });
        }
    }

    let mut liaisons = Vec::new();
    if !refs.cadres.is_empty() && (key || r.chance(40)) {
        let first = r.pick(&refs.cadres).clone();
        let from = days(planned_start, -30);
        let mut push = |r: &mut Rng, cadre: &str, start: NaiveDate, end: Option<NaiveDate>, note: Option<String>| {
            liaisons.push(Liaison {
                id: ids.next(r),
                cadre_id: cadre.to_string(),
                enterprise_id: None,
                project_id: Some(pid.clone()),
                role: LiaisonRole::Lead,
                start_date: fmt(start.min(today)),
                end_date: end.map(fmt),
                note,
                created_at: String::new(),
                updated_at: String::new(),
            })
        };
        let change = days(from, 120 + r.below(200) as i64);
        let next = r.pick(&refs.cadres).clone();
        if r.chance(15) && change < today && next.0 != first.0 {
            push(r, &first.0, from, Some(change), Some(format!("更换为{}", next.1)));
            push(r, &next.0, change, None, None);
        } else {
            push(r, &first.0, from, None, None);
        }
    }

    let mut project = Project {
        id: pid,
        name,
        kind: if key { ProjectKind::Key } else { ProjectKind::Livelihood },
        category,
        year: Some(planned_start.year()),
        location: street.as_ref().map(|_| format!("{}路与{}路交汇处", place(r), place(r))).filter(|_| r.chance(60)),
        street_id: street.map(|s| s.0),
        community_id: community.filter(|_| !key),
        department_id: (!refs.departments.is_empty()).then(|| r.pick(&refs.departments).clone()),
        content: Some(format!("建设规模{quantity}{unit},惠及{beneficiaries}{b_unit}")),
        budget_fen: Some(budget_fen),
        spent_fen: Some(budget_fen * progress as i64 / 100).filter(|_| status != S::Planning),
        quantity: Some(quantity),
        unit: Some(unit.to_string()),
        beneficiaries: Some(beneficiaries),
        beneficiary_unit: Some(b_unit.to_string()),
        planned_start: Some(fmt(planned_start)),
        planned_finish: Some(fmt(planned_finish)),
        actual_start: actual_start.map(fmt),
        actual_finish: actual_finish.map(fmt),
        status,
        progress,
        due_on: None,
        note: (status == S::Paused).then(|| "资金未到位".to_string()),
        created_at: String::new(),
        updated_at: String::new(),
    };
    project.due_on = due_on(&project, &milestones);
    Made { project, milestones, logs, liaisons }
}

/// Key projects take land, approval and infrastructure issues of their street (or any), up to
/// three each: a 重点项目's land or approval problem is an issue on the project.
fn raise_issues(store: &Store, r: &mut Rng, keys: &[(String, Option<String>)], summary: &mut Summary) -> Result<()> {
    let candidates: Vec<Issue> = store.read(|c| {
        let sql = format!(
            "SELECT {} FROM issues WHERE deleted = 0 AND project_id IS NULL AND category IN ('土地', '审批', '基础设施', '水电气')
             ORDER BY rowid",
            Issue::TABLE.select_list()
        );
        let mut st = c.prepare(&sql)?;
        let mut rows = st.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(entity_from_row(row)?);
        }
        Ok(out)
    })?;
    let mut next = 0;
    for chunk in keys.chunks(CHUNK) {
        store.write(|w| {
            for (pid, _) in chunk {
                if next >= candidates.len() || !r.chance(60) {
                    continue;
                }
                for _ in 0..1 + r.below(3) {
                    let Some(old) = candidates.get(next) else { break };
                    next += 1;
                    w.update(old, &Issue { project_id: Some(pid.clone()), ..old.clone() })?;
                    summary.project_issues += 1;
                }
            }
            Ok(())
        })?;
    }
    Ok(())
}

pub(super) fn projects(store: &Store, r: &mut Rng, n: usize, today: NaiveDate, summary: &mut Summary, progress: Progress<'_>) -> Result<()> {
    let refs = load(store)?;
    let mut ids = Ids(0);
    let mut keys = Vec::new();
    let mut done = 0;
    while done < n {
        let batch: Vec<Made> = (0..CHUNK.min(n - done)).map(|_| make(r, &mut ids, &refs, today)).collect();
        store.write(|w| {
            for m in &batch {
                w.insert(&m.project)?;
                for x in &m.milestones {
                    w.insert(x)?;
                }
                for x in &m.logs {
                    w.insert(x)?;
                }
                for x in &m.liaisons {
                    w.insert(x)?;
                }
            }
            Ok(())
        })?;
        for m in &batch {
            summary.milestones += m.milestones.len();
            summary.project_logs += m.logs.len();
            summary.liaisons += m.liaisons.len();
            summary.ended_liaisons += m.liaisons.iter().filter(|l| l.end_date.is_some()).count();
            if m.project.kind == ProjectKind::Key {
                keys.push((m.project.id.clone(), m.project.street_id.clone()));
            }
        }
        done += batch.len();
        summary.projects = done;
        progress("projects", done, n);
    }
    raise_issues(store, r, &keys, summary)
}
