//! Engagements and support outcomes, as the articles count them: visits to enterprises (most of
//! them, and every visit-sourced issue came from one, linked both ways), phone call-backs,
//! 座谈会 and 银企对接会 with several enterprises, 协调会 and 调度会 on problems; and the
//! support the office got done (授信、融资、奖补、留抵退税、用工…) in realistic amounts.
//! Dates run to the data set's today, thicker in recent months.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::rng::Rng;
use super::{Progress, Summary};
use crate::error::Result;
use crate::model::engagement::{Engagement, EngagementKind, EngagementLink, LinkKind};
use crate::model::support::{Support, SupportKind, SupportStatus};
use crate::store::Store;

const CHUNK: usize = 5_000;
/// Past the issues' and liaisons' id ranges.
const ID_EPOCH_MS: u64 = 1_704_067_200_000 + 50_000_000;

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).expect("valid date")
}

/// A day up to `today`, recent ones likelier: the later of two draws half the time.
fn some_day(r: &mut Rng, today: NaiveDate) -> String {
    let span = (today - first_day()).num_days().max(0) as usize + 1;
    let mut d = r.below(span);
    if r.chance(50) {
        d = d.max(r.below(span));
    }
    (first_day() + Days::new(d as u64))
        .format("%Y-%m-%d")
        .to_string()
}

struct World {
    /// (id, department id)
    cadres: Vec<(String, Option<String>)>,
    enterprises: Vec<String>,
    /// The current 联点干部 of an enterprise.
    lead_of: HashMap<String, String>,
    functions: Vec<String>,
    communities: Vec<String>,
    /// Visit-sourced issues: (id, enterprise id, registered on, taken by).
    visit_issues: Vec<(String, String, String, Option<String>)>,
}

fn load(store: &Store) -> Result<World> {
    store.read(|c| {
        let strings = |sql: &str| -> Result<Vec<String>> {
            let mut st = c.prepare(sql)?;
            let v = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(v)
        };
        let mut st = c.prepare("SELECT id, department_id FROM cadres WHERE deleted = 0 AND active = 1 ORDER BY rowid")?;
        let cadres = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st = c.prepare(
            "SELECT enterprise_id, cadre_id FROM liaisons WHERE deleted = 0 AND end_date IS NULL AND role = 'lead' ORDER BY rowid",
        )?;
        let lead_of = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<HashMap<_, _>>>()?;
        let mut st = c.prepare(
            "SELECT id, enterprise_id, registered_on, taken_by FROM issues
             WHERE deleted = 0 AND source = 'visit' AND enterprise_id IS NOT NULL ORDER BY rowid",
        )?;
        let visit_issues =
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(World {
            cadres,
            enterprises: strings("SELECT id FROM enterprises WHERE deleted = 0 AND status = 'operating' ORDER BY rowid")?,
            lead_of,
            functions: strings("SELECT id FROM departments WHERE deleted = 0 AND kind = 'function' ORDER BY rowid")?,
            communities: strings("SELECT id FROM departments WHERE deleted = 0 AND kind = 'community' ORDER BY rowid")?,
            visit_issues,
        })
    })
}

const KINDS: &[(EngagementKind, u32)] = &[
    (EngagementKind::Visit, 62),
    (EngagementKind::PhoneCall, 10),
    (EngagementKind::Coordination, 8),
    (EngagementKind::Forum, 6),
    (EngagementKind::Dispatch, 5),
    (EngagementKind::PolicyBriefing, 4),
    (EngagementKind::BankMeeting, 3),
    (EngagementKind::JobFair, 1),
    (EngagementKind::Other, 1),
];

fn summary_of(r: &mut Rng, kind: EngagementKind) -> (String, Option<String>) {
    let pick = |r: &mut Rng, xs: &[&str]| xs[r.below(xs.len())].to_string();
    match kind {
        EngagementKind::Visit => (
            pick(
                r,
                &[
                    "走访企业,了解生产经营、订单和用工情况",
                    "深入车间调研,听取企业对营商环境的意见建议",
                    "上门走访,宣传惠企政策,收集企业困难诉求",
                    "走访在建项目现场,了解施工进度和要素保障需求",
                    "节前走访,了解企业复工复产和安全生产情况",
                ],
            ),
            r.chance(40).then(|| {
                pick(
                    r,
                    &[
                        "现场解决问题1个",
                        "收集问题诉求并登记交办",
                        "企业对服务表示满意",
                    ],
                )
            }),
        ),
        EngagementKind::PhoneCall => (
            "电话回访企业,了解问题办理情况和满意度".into(),
            r.chance(60).then(|| "企业表示满意".into()),
        ),
        EngagementKind::Coordination => (
            pick(
                r,
                &[
                    "召开解难题协调会,协调企业用地和报建问题",
                    "召开协调会,协调供电线路迁改",
                    "组织部门现场协调企业排污管网接入",
                ],
            ),
            r.chance(70).then(|| {
                pick(
                    r,
                    &[
                        "明确责任单位和办结时限",
                        "问题已协调解决",
                        "形成会议纪要,限期办结",
                    ],
                )
            }),
        ),
        EngagementKind::Forum => (
            "召开企业座谈会,听取企业家意见建议".into(),
            r.chance(50).then(|| "收集意见建议若干条".into()),
        ),
        EngagementKind::Dispatch => (
            "召开重点项目专题调度会".into(),
            r.chance(60).then(|| "明确项目推进节点".into()),
        ),
        EngagementKind::PolicyBriefing => {
            ("举办惠企政策宣讲会,解读留抵退税、稳岗补贴政策".into(), None)
        }
        EngagementKind::BankMeeting => (
            "组织召开银企对接会,推介园区贷等金融产品".into(),
            r.chance(80).then(|| "达成融资意向".into()),
        ),
        EngagementKind::JobFair => (
            "举办园区专场招聘会".into(),
            r.chance(80).then(|| "达成就业意向".into()),
        ),
        EngagementKind::Other => ("开展安全生产联合检查".into(), None),
    }
}

struct Out {
    engagements: Vec<Engagement>,
    links: Vec<EngagementLink>,
}

impl Out {
    fn engagement(&mut self, r: &mut Rng, date: String, kind: EngagementKind) -> String {
        let (summary, outcome) = summary_of(r, kind);
        let id = r.uuid_v7(ID_EPOCH_MS + self.engagements.len() as u64);
        self.engagements.push(Engagement {
            id: id.clone(),
            date,
            kind,
            place: None,
            summary,
            outcome,
            recorded_by: "系统生成".into(),
            created_at: String::new(),
            updated_at: String::new(),
        });
        id
    }

    fn link(&mut self, r: &mut Rng, engagement: usize, kind: LinkKind, target: &str) {
        let e = &self.engagements[engagement];
        if self
            .links
            .iter()
            .rev()
            .take(12)
            .any(|l| l.engagement_id == e.id && l.target_id == target)
        {
            return;
        }
        let id = r.uuid_v7(ID_EPOCH_MS + 10_000_000 + self.links.len() as u64);
        self.links.push(EngagementLink {
            id,
            engagement_id: e.id.clone(),
            kind,
            target_id: target.to_string(),
            date: e.date.clone(),
            created_at: String::new(),
            updated_at: String::new(),
        });
    }
}

pub(super) fn engagements(
    store: &Store,
    r: &mut Rng,
    n: usize,
    today: NaiveDate,
    summary: &mut Summary,
    progress: Progress<'_>,
) -> Result<()> {
    let w = load(store)?;
    if w.cadres.is_empty() || w.enterprises.is_empty() {
        return Ok(());
    }
    let mut out = Out {
        engagements: Vec::with_capacity(n),
        links: Vec::with_capacity(n * 3),
    };
    // The visits that raised the visit-sourced issues, most of them.
    for (issue, ent, date, taken_by) in &w.visit_issues {
        if out.engagements.len() >= n / 2 || !r.chance(70) {
            continue;
        }
        out.engagement(r, date.clone(), EngagementKind::Visit);
        let i = out.engagements.len() - 1;
        let cadre = taken_by
            .clone()
            .or_else(|| w.lead_of.get(ent).cloned())
            .unwrap_or_else(|| r.pick(&w.cadres).0.clone());
        out.link(r, i, LinkKind::Cadre, &cadre);
        out.link(r, i, LinkKind::Enterprise, ent);
        out.link(r, i, LinkKind::Issue, issue);
    }
    while out.engagements.len() < n {
        let kind = r.weighted(KINDS);
        let date = some_day(r, today);
        out.engagement(r, date, kind);
        let i = out.engagements.len() - 1;
        let (ents, cadres) = match kind {
            EngagementKind::Visit | EngagementKind::PhoneCall => (1, 1),
            EngagementKind::BankMeeting
            | EngagementKind::Forum
            | EngagementKind::PolicyBriefing => (3 + r.below(8), 2 + r.below(3)),
            EngagementKind::JobFair => (5 + r.below(10), 2),
            _ => (r.below(3), 2 + r.below(3)),
        };
        let first = r.pick(&w.enterprises).clone();
        let lead = w.lead_of.get(&first).cloned();
        for k in 0..ents {
            let e = if k == 0 {
                first.clone()
            } else {
                r.pick(&w.enterprises).clone()
            };
            out.link(r, i, LinkKind::Enterprise, &e);
        }
        for k in 0..cadres {
            let c = match (&lead, k) {
                (Some(l), 0) => l.clone(),
                _ => r.pick(&w.cadres).0.clone(),
            };
            out.link(r, i, LinkKind::Cadre, &c);
        }
        if !w.communities.is_empty() && r.chance(5) {
            let c = r.pick(&w.communities).clone();
            out.link(r, i, LinkKind::Community, &c);
        }
    }
    write_all(store, &out.engagements, "engagements", progress)?;
    write_all(store, &out.links, "engagement links", progress)?;
    summary.engagements = out.engagements.len();
    summary.engagement_links = out.links.len();

    let supports = make_supports(r, &w, n / 8, today);
    write_all(store, &supports, "supports", progress)?;
    summary.supports = supports.len();
    Ok(())
}

fn write_all<T: crate::store::Entity>(
    store: &Store,
    rows: &[T],
    what: &str,
    progress: Progress<'_>,
) -> Result<()> {
    let mut done = 0;
    for chunk in rows.chunks(CHUNK) {
        store.write(|w| chunk.iter().try_for_each(|row| w.insert(row)))?;
        done += chunk.len();
        progress(what, done, rows.len());
    }
    Ok(())
}

/// Amount ranges in 万元 and count ranges with their unit, per kind.
fn support_shape(r: &mut Rng, kind: SupportKind) -> (Option<i64>, Option<(i64, &'static str)>) {
    let wan =
        |r: &mut Rng, lo: usize, hi: usize| Some((lo + r.below(hi - lo + 1)) as i64 * 10_000 * 100);
    match kind {
        SupportKind::Credit => (wan(r, 200, 5000), None),
        SupportKind::Financing => (wan(r, 100, 3000), None),
        SupportKind::Funds => (wan(r, 10, 500), None),
        SupportKind::Award => (wan(r, 5, 200), None),
        SupportKind::TaxRefund => (wan(r, 10, 2000), None),
        SupportKind::SocialDeferral => (wan(r, 1, 80), Some((5 + r.below(46) as i64, "人"))),
        SupportKind::Hiring => (None, Some((3 + r.below(78) as i64, "人"))),
        SupportKind::PolicyApplication => (wan(r, 5, 150), Some((1 + r.below(10) as i64, "项"))),
        SupportKind::Other => (wan(r, 1, 50), None),
    }
}

fn make_supports(r: &mut Rng, w: &World, n: usize, today: NaiveDate) -> Vec<Support> {
    const KINDS: &[(SupportKind, u32)] = &[
        (SupportKind::Financing, 22),
        (SupportKind::Credit, 14),
        (SupportKind::Award, 16),
        (SupportKind::Funds, 12),
        (SupportKind::Hiring, 12),
        (SupportKind::PolicyApplication, 10),
        (SupportKind::TaxRefund, 8),
        (SupportKind::SocialDeferral, 4),
        (SupportKind::Other, 2),
    ];
    const STATUS: &[(SupportStatus, u32)] = &[
        (SupportStatus::Done, 60),
        (SupportStatus::InProgress, 20),
        (SupportStatus::Intent, 20),
    ];
    (0..n)
        .map(|i| {
            let kind = r.weighted(KINDS);
            let (amount_fen, count) = support_shape(r, kind);
            Support {
                id: r.uuid_v7(ID_EPOCH_MS + 30_000_000 + i as u64),
                enterprise_id: r.pick(&w.enterprises).clone(),
                kind,
                amount_fen,
                count: count.map(|c| c.0),
                unit: count.map(|c| c.1.to_string()),
                status: r.weighted(STATUS),
                date: some_day(r, today),
                department_id: (!w.functions.is_empty()).then(|| r.pick(&w.functions).clone()),
                issue_id: None,
                engagement_id: None,
                note: None,
                created_at: String::new(),
                updated_at: String::new(),
            }
        })
        .collect()
}
