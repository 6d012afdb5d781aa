//! A schema-4 database, whose timeline particulars hold Chinese words, upgrades to stable tags:
//! its events read as typed particulars, its change rows carry the same, and every issue's row
//! is still the replay of its timeline.

use super::*;
use crate::model::issue::machine;

/// One issue's life as build 4 wrote it: registered, assigned in a batch, accepted, resolved,
/// rated 不满意 and so reopened, then another issue withdrawn as its duplicate.
const V4: &str = r#"
INSERT INTO departments (id, name, kind, created_at, updated_at) VALUES ('d1', '经发局', 'function', 'x', 'x');
INSERT INTO issue_batches (id, no, assigned_on, created_at, updated_at) VALUES ('b1', '2026年第1批', '2026-03-02', 'x', 'x');
INSERT INTO issues (id, no, source, category, tier, content, reporter_name, registered_on, registered_by, status,
  lead_department_id, batch_id, assigned_on, deadline, accepted_on, reopens, satisfaction, feedback, created_at, updated_at)
VALUES ('i1', '2026-00001', 'visit', '融资', 'major', '企业反映流动资金紧张', '王', '2026-03-02', '张', 'in_progress',
  'd1', 'b1', '2026-03-02', '2026-04-20', '2026-03-03', 1, 'unsatisfied', '还没到位', 'x', 'x');
INSERT INTO issues (id, no, source, category, tier, content, reporter_name, registered_on, registered_by, status,
  withdraw_kind, duplicate_of, created_at, updated_at)
VALUES ('i2', '2026-00002', 'hotline', '融资', 'regular', '同上', '王', '2026-03-04', '张', 'withdrawn', 'duplicate', 'i1', 'x', 'x');
INSERT INTO issue_events (id, issue_id, kind, on_date, actor, note, data, created_at, updated_at) VALUES
  ('e1', 'i1', 'register', '2026-03-02', '张', NULL, '{"source":"走访收集","tier":"常规"}', 'a', 'a'),
  ('e2', 'i1', 'escalate', '2026-03-02', '张', '涉及多部门', '{"from":"常规","to":"重大"}', 'b', 'b'),
  ('e3', 'i1', 'assign', '2026-03-02', '张', NULL, '{"department":"d1","assisting":[],"deadline":"2026-04-14"}', 'c', 'c'),
  ('e4', 'i1', 'accept', '2026-03-03', '李', NULL, '{"department":"d1"}', 'd', 'd'),
  ('e5', 'i1', 'resolve', '2026-03-10', '李', '已协调', '{"result_kind":"部分解决","amount_fen":null,"working_days":6}', 'e', 'e'),
  ('e6', 'i1', 'feedback', '2026-03-11', '张', '还没到位', '{"satisfaction":"不满意"}', 'f', 'f'),
  ('e7', 'i1', 'reopen', '2026-03-11', '张', '群众(企业)不满意,重新办理', '{"deadline":"2026-04-20","reopens":1}', 'g', 'g'),
  ('e8', 'i2', 'register', '2026-03-04', '张', NULL, '{"source":"12345热线","tier":"常规"}', 'h', 'h'),
  ('e9', 'i2', 'withdraw', '2026-03-05', '张', '与2026-00001反映的问题重复', '{"withdraw_kind":"重复件","duplicate_of":"2026-00001"}', 'i', 'i');
INSERT INTO changes (entity, row_id, fields, hlc, actor, device)
  SELECT 'issue_events', id, json_object('kind', kind, 'data', data), rowid, actor, 'dev' FROM issue_events;
"#;

#[test]
fn a_schema_4_timeline_upgrades_to_tags_and_still_replays_to_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.db");
    {
        let old = Store::open_at_version(&path, 4).unwrap();
        assert_eq!(old.schema_version().unwrap(), 4);
        old.read(|c| Ok(c.execute_batch(V4)?)).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert!(store.schema_version().unwrap() >= 5);
    let events = events(&store, "i1").unwrap();
    assert_eq!(events[0].data.step, Step::Register { source: Source::Visit, tier: Tier::Regular, ledger_row: None, ledger_no: None });
    assert_eq!(events[1].data.step, Step::Escalate { from: Tier::Regular, to: Tier::Major });
    assert!(matches!(&events[2].data.step, Step::Assign { batch_id: Some(b), .. } if b == "b1"));
    assert!(matches!(events[4].data.step, Step::Resolve { result_kind: ResultKind::Partly, working_days: 6, .. }));
    assert_eq!(events[5].data.step, Step::Feedback { satisfaction: Satisfaction::Unsatisfied });
    let row = get_issue(&store, "i1").unwrap();
    let log: Vec<_> = events.iter().map(|e| (e.on_date.clone(), e.event())).collect();
    assert_eq!(machine::replay(&row, log.iter().map(|(d, e)| (d.as_str(), e))), row);

    let dup = &super::flow_events(&store, "i2")[1];
    assert!(matches!(&dup.data.step, Step::Withdraw { withdraw_kind: Some(WithdrawKind::Duplicate), duplicate_id: Some(i), .. } if i == "i1"));
    let i2 = get_issue(&store, "i2").unwrap();
    let log: Vec<_> = super::flow_events(&store, "i2").iter().map(|e| (e.on_date.clone(), e.event())).collect();
    assert_eq!(machine::replay(&i2, log.iter().map(|(d, e)| (d.as_str(), e))), i2);

    // The change log carries the new form, as an object.
    let logged: String = store
        .read(|c| Ok(c.query_row("SELECT json_extract(fields, '$.data') FROM changes WHERE row_id = 'e6'", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(serde_json::from_str::<EventData>(&logged).unwrap().step, Step::Feedback { satisfaction: Satisfaction::Unsatisfied });
}
