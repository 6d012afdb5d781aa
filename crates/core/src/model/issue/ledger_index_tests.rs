//! The ledger index answers every query as SQLite does, before and after writes.
use super::*;
use crate::generate::{self, Counts, Rng};
use crate::model::issue::ledger::{bounds, ledger, ledger_sql};
use crate::model::issue::{act, register, ActInput, Action, RegisterInput, ResultKind};
use crate::Store;

fn ids(store: &Store, sql: &str) -> Vec<String> {
    store
        .read(|c| {
            let mut st = c.prepare(sql)?;
            let v = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            Ok(v)
        })
        .unwrap()
}

fn random_query(r: &mut Rng, pools: &[Vec<String>; 7]) -> LedgerQuery {
    let [depts, cats, cadres, ents, streets, texts, batches] = pools;
    let sorts = [
        LedgerSort::RegisteredOn,
        LedgerSort::No,
        LedgerSort::Deadline,
        LedgerSort::ResolvedOn,
        LedgerSort::Status,
        LedgerSort::Category,
        LedgerSort::Tier,
    ];
    let mut q = LedgerQuery {
        sort: *r.pick(&sorts),
        desc: r.chance(50),
        page: 1 + r.below(4) as u32,
        page_size: *r.pick(&[0, 7, 20, 50]),
        today: Some(generate::ISSUES_TODAY.into()),
        mine: r.chance(5),
        ..Default::default()
    };
    for _ in 0..r.below(4) {
        match r.below(16) {
            0 => q.status = (0..1 + r.below(3)).map(|_| *r.pick(Status::ALL)).collect(),
            1 => q.flag = (0..1 + r.below(2)).map(|_| *r.pick(Flag::ALL)).collect(),
            2 => q.department_id = Some(r.pick(depts).clone()),
            3 => q.category = Some(r.pick(cats).clone()),
            4 => q.source = Some(*r.pick(Source::ALL)),
            5 => q.tier = Some(*r.pick(Tier::ALL)),
            6 => q.disposition = Some(*r.pick(Disposition::ALL)),
            7 => q.from = Some(format!("{}-{:02}-01", 2023 + r.below(4), 1 + r.below(12))),
            8 => q.to = Some(format!("{}-{:02}-31", 2023 + r.below(4), 1 + r.below(12))),
            9 => q.cadre_id = Some(r.pick(cadres).clone()),
            10 => q.enterprise_id = Some(r.pick(ents).clone()),
            11 => q.street_id = Some(r.pick(streets).clone()),
            12 => q.batch_id = Some(r.pick(batches).clone()),
            13 => q.overdue = true,
            14 => q.without = Some(*r.pick(&[Without::LeadDepartment, Without::Cadre, Without::Street])),
            _ => q.text = Some(r.pick(texts).clone()),
        }
    }
    q
}

fn same(store: &Store, q: &LedgerQuery) {
    let b = bounds(store, &q.today).unwrap();
    let fast = ledger(store, q).unwrap();
    let slow = ledger_sql(store, q, &b).unwrap();
    let keys = |p: &crate::model::Page<super::super::ledger::LedgerRow>| p.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!((fast.total, fast.page, fast.page_size), (slow.total, slow.page, slow.page_size), "{q:?}");
    assert_eq!(keys(&fast), keys(&slow), "{q:?}");
    if q.text.is_none() {
        let direct = with_ledger_index(&store, |ix| ix.page(q, &b, &store.actor(), None)).unwrap();
        assert_eq!(direct.map(|d| d.0), Some(slow.total), "the index answered {q:?}");
    }
}

/// Random filters, sorts and pages give the very page and total SQLite gives, before and
/// after writes the index learns of after commit.
#[test]
fn the_index_answers_as_sqlite_does() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("l.db")).unwrap();
    let counts = Counts { enterprises: 300, cadres: 60, streets: 5, issues: 2_000, engagements: 0, projects: 0 };
    generate::generate(&store, counts, 11, &mut |_, _, _| {}).unwrap();
    let operator = ids(&store, "SELECT registered_by FROM issues GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").remove(0);
    store.set_actor(&operator).unwrap();
    let mut texts: Vec<String> = ids(&store, "SELECT content FROM issues WHERE rowid % 50 = 0")
        .iter()
        .map(|c| c.chars().skip(6).take(3 + c.len() % 2).collect())
        .collect();
    texts.push("重复的诉求内容".into()); // matches nothing
    let pools = [
        ids(&store, "SELECT DISTINCT lead_department_id FROM issues WHERE lead_department_id IS NOT NULL"),
        ids(&store, "SELECT DISTINCT category FROM issues"),
        ids(&store, "SELECT DISTINCT taken_by FROM issues WHERE taken_by IS NOT NULL"),
        ids(&store, "SELECT DISTINCT enterprise_id FROM issues WHERE enterprise_id IS NOT NULL LIMIT 50"),
        ids(&store, "SELECT DISTINCT street_id FROM issues"),
        texts,
        ids(&store, "SELECT id FROM issue_batches"),
    ];
    let mut r = Rng::new(3);
    for _ in 0..400 {
        same(&store, &random_query(&mut r, &pools));
    }
    // Writes after the index was built: a new issue, steps on open ones, a tombstone.
    let open = ids(&store, "SELECT id FROM issues WHERE status = 'in_progress' LIMIT 5");
    for id in &open {
        let resolve = Action::Resolve { result: "已解决".into(), result_kind: ResultKind::Solved, amount_fen: None };
        act(&store, &ActInput { id: id.clone(), date: Some("2026-11-20".into()), action: resolve }).unwrap();
    }
    register(
        &store,
        &RegisterInput {
            source: Some(Source::Hotline),
            reporter_name: Some("王伟".into()),
            street_id: Some(pools[4][0].clone()),
            category: "民生".into(),
            content: "社区路灯损坏,夜间出行不便".into(),
            registered_on: Some("2026-11-20".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let gone = crate::model::issue::get_issue(&store, &open[0]).unwrap();
    store.write(|w| w.tombstone(&gone)).unwrap();
    // An imported ledger's own number, longer than the packed key.
    let old = crate::model::issue::get_issue(&store, &open[1]).unwrap();
    let renamed = crate::model::issue::Issue { no: "湘潭高新区2024第0001号".into(), ..old.clone() };
    store.write(|w| w.update(&old, &renamed)).unwrap();
    for desc in [false, true] {
        same(&store, &LedgerQuery { sort: LedgerSort::No, desc, page: 1, ..Default::default() });
    }
    for _ in 0..200 {
        same(&store, &random_query(&mut r, &pools));
    }
    same(&store, &LedgerQuery { text: Some("路灯损坏".into()), sort: LedgerSort::RegisteredOn, desc: true, ..Default::default() });
}
