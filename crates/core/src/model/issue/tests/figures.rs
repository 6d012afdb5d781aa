//! The figures, reproducing the articles' "收集问题216个,办结179个,办结率82.9%".

use super::*;
use crate::model::department::{self, DepartmentInput, DepartmentKind};
use crate::model::issue::figures::{figures, rate, FiguresQuery, GroupBy};

#[test]
fn rate_rounds_to_one_decimal() {
    assert_eq!(rate(179, 216), Some(82.9));
    assert_eq!(rate(0, 0), None);
    assert_eq!(rate(2, 3), Some(66.7));
}

#[test]
fn collected_216_done_179_is_82_9_percent() {
    let f = fx();
    let other = department::create(
        f.store(),
        &DepartmentInput { name: "自然资源局".into(), kind: Some(DepartmentKind::Function), ..Default::default() },
    )
    .unwrap()
    .record
    .id;
    // 179 done: 150 closed (120 满意, 30 基本满意), 29 resolved and not yet rated; 3 of the
    // closed were resolved after their deadline. 37 still open, 10 of them overdue on 2026-06-30.
    // 4 withdrawn as invalid do not count.
    for n in 0..179 {
        let (reg, due_day) = if n < 3 { ("2026-03-02", "2026-03-20") } else { ("2026-03-02", "2026-03-04") };
        let i = f.register(reg);
        let dept = if n % 2 == 0 { f.dept.clone() } else { other.clone() };
        let i = f.ok(&i, reg, assign_to(&dept, Some(2)));
        let i = f.ok(&i, reg, Action::Accept { note: None });
        let i = f.ok(&i, due_day, resolve());
        if n < 150 {
            let s = if n < 120 { Satisfaction::Satisfied } else { Satisfaction::Basic };
            let i = f.ok(&i, due_day, feedback(s));
            f.ok(&i, due_day, Action::Close { note: None });
        }
    }
    for n in 0..37 {
        let i = f.register("2026-05-04");
        let days = if n < 10 { 5 } else { 60 };
        f.ok(&i, "2026-05-06", assign_to(&f.dept, Some(days)));
    }
    for _ in 0..4 {
        let i = f.register("2026-05-04");
        let w = Withdraw { withdraw_kind: WithdrawKind::Invalid, duplicate_of: None, reason: "非诉求".into() };
        f.ok(&i, "2026-05-04", Action::Withdraw(w));
    }
    let q = FiguresQuery { today: Some("2026-06-30".into()), ..Default::default() };
    let t = figures(f.store(), &q).unwrap().total;
    assert_eq!((t.total, t.done, t.withdrawn, t.closed), (216, 179, 4, 150));
    assert_eq!(t.done_rate, Some(82.9));
    assert_eq!((t.on_time, t.on_time_rate), (176, Some(98.3)));
    assert_eq!((t.evaluated, t.satisfied, t.satisfaction_rate), (150, 150, Some(100.0)));
    assert_eq!((t.open, t.overdue), (37, 10));
    // 176 took 2 working days (03-02 → 03-04), 3 took 14 (→ 03-20): (352 + 42) / 179 = 2.2.
    assert_eq!(t.avg_working_days, Some(2.2));

    let by = figures(f.store(), &FiguresQuery { by: GroupBy::Department, ..q.clone() }).unwrap();
    let labels: Vec<_> = by.rows.iter().map(|r| (r.label.as_str(), r.total, r.done)).collect();
    assert_eq!(labels, [("经发局", 90 + 37, 90), ("自然资源局", 89, 89)]);
    assert_eq!(by.total.total, 216);
    let by_month = figures(f.store(), &FiguresQuery { by: GroupBy::Month, ..q.clone() }).unwrap();
    let months: Vec<_> = by_month.rows.iter().map(|r| (r.label.as_str(), r.total)).collect();
    assert_eq!(months, [("2026-03", 179), ("2026-05", 37)]);
    // A period excludes what was registered outside it.
    let may = figures(f.store(), &FiguresQuery { from: Some("2026-05-01".into()), ..q }).unwrap().total;
    assert_eq!((may.total, may.done, may.done_rate), (37, 0, Some(0.0)));
}

/// 黑灯 also marks an issue reopened twice (反复) before its deadline; the figures' overdue
/// count does not count it, and the ledger it opens does not list it.
#[test]
fn reopened_twice_is_black_not_overdue_and_the_overdue_link_agrees() {
    use crate::model::issue::ledger::{ledger, LedgerQuery};
    let f = fx();
    let mut i = f.register("2026-03-02");
    i = f.ok(&i, "2026-03-02", assign_to(&f.dept, Some(30)));
    i = f.ok(&i, "2026-03-02", Action::Accept { note: None });
    for _ in 0..2 {
        i = f.ok(&i, "2026-03-03", resolve());
        i = f.ok(&i, "2026-03-03", feedback(Satisfaction::Unsatisfied));
    }
    let today = Some("2026-03-04".to_string());
    let t = figures(f.store(), &FiguresQuery { today: today.clone(), ..Default::default() }).unwrap().total;
    assert_eq!((t.open, t.overdue), (1, 0));
    assert_eq!(ledger(f.store(), &t.ledger.overdue).unwrap().total, 0);
    assert_eq!(ledger(f.store(), &t.ledger.open).unwrap().total, 1);
    let flagged = LedgerQuery { flag: vec![Flag::Red, Flag::Black], today, ..Default::default() };
    assert_eq!(ledger(f.store(), &flagged).unwrap().total, 1, "black for 反复, though not overdue");
}
