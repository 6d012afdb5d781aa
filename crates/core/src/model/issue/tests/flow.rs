//! Every transition of the loop, and the illegal ones refused without a trace.

use super::*;

#[test]
fn register_validates_and_numbers() {
    let f = fx();
    let e = register(f.store(), &RegisterInput { category: "融资".into(), content: "x".into(), ..Default::default() })
        .unwrap_err();
    assert_eq!(e.field(), Some("source"));
    let base = RegisterInput {
        source: Some(Source::Hotline),
        category: "融资".into(),
        content: "路灯不亮".into(),
        registered_on: Some("2026-03-02".into()),
        ..Default::default()
    };
    let e = register(f.store(), &base).unwrap_err();
    assert_eq!((e.field(), e.to_string().contains("反映人")), (Some("enterprise_id"), true));
    let e = register(f.store(), &RegisterInput { category: "吃饭".into(), reporter_name: Some("张三".into()), ..base.clone() })
        .unwrap_err();
    assert_eq!(e.field(), Some("category"));
    let e = register(
        f.store(),
        &RegisterInput { reporter_name: Some("张三".into()), reporter_phone: Some("12".into()), ..base.clone() },
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("reporter_phone"));
    assert_eq!(f.count("SELECT count(*) FROM issues"), 0);

    let a = register(f.store(), &RegisterInput { reporter_name: Some("张三".into()), ..base.clone() }).unwrap();
    let b = f.register("2026-03-03");
    assert_eq!((a.no.as_str(), b.no.as_str()), ("2026-00001", "2026-00002"));
    assert_eq!((a.status, a.tier, a.registered_by.as_str()), (Status::Registered, Tier::Regular, "测试"));
    assert_eq!(f.register("2025-12-31").no, "2025-00001");
    // Past 99,999 a year the numbers grow a digit and keep counting.
    f.store()
        .read(|c| Ok(c.execute("UPDATE issues SET no = '2025-100000' WHERE no = '2025-00001'", [])?))
        .unwrap();
    assert_eq!(f.register("2025-12-31").no, "2025-100001");
    // Each registration wrote the issue, a change row for it, and a timeline event.
    let ev = events(f.store(), &a.id).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!((ev[0].kind, ev[0].actor.as_str(), ev[0].on_date.as_str()), (EventKind::Register, "测试", "2026-03-02"));
    assert_eq!(f.count(&format!("SELECT count(*) FROM changes WHERE row_id = '{}'", a.id)), 1);
}

#[test]
fn general_issue_resolved_on_the_spot() {
    let f = fx();
    let input = RegisterInput {
        source: Some(Source::WallPhone),
        reporter_name: Some("李阿姨".into()),
        category: "民生".into(),
        tier: Some(Tier::General),
        content: "小区门口井盖松动".into(),
        resolve_on_spot: Some("当场联系社区更换井盖".into()),
        registered_on: Some("2026-03-02".into()),
        ..Default::default()
    };
    let i = register(f.store(), &input).unwrap();
    assert_eq!((i.status, i.working_days, i.on_time), (Status::Resolved, Some(0), Some(true)));
    let kinds: Vec<_> = events(f.store(), &i.id).unwrap().into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EventKind::Register, EventKind::ResolveOnSpot]);
    let e = register(f.store(), &RegisterInput { tier: Some(Tier::Regular), ..input }).unwrap_err();
    assert_eq!(e.field(), Some("resolve_on_spot"));
}

#[test]
fn the_whole_loop_with_a_reopen() {
    let f = fx();
    let i = f.register("2024-09-27"); // a Friday before 国庆
    // 7 working days from Friday 2024-09-27: 9-29 (调休 Sunday), 9-30, then 10-08 .. 10-12.
    let i = f.assign(&i, "2024-09-27", Some(7));
    assert_eq!((i.status, i.deadline.as_deref()), (Status::Assigned, Some("2024-10-12")));
    let i = f.ok(&i, "2024-09-29", Action::Accept { note: Some("已签收".into()) });
    assert_eq!((i.status, i.accepted_on.as_deref()), (Status::InProgress, Some("2024-09-29")));
    let i = f.ok(&i, "2024-10-08", Action::Remind { note: Some("请加快办理".into()) });
    assert_eq!(i.reminders, 1);
    let i = f.ok(&i, "2024-10-09", Action::RequestExtension { days: 3, reason: "银行审批中".into() });
    assert_eq!(i.extension_days, Some(3));
    let i = f.ok(&i, "2024-10-09", Action::DecideExtension { approve: true, note: None });
    // 3 working days after 10-12 (a working Saturday): 10-14, 10-15, 10-16.
    assert_eq!((i.deadline.as_deref(), i.extensions, i.extension_days), (Some("2024-10-16"), 1, None));
    let i = f.ok(&i, "2024-10-15", resolve());
    assert_eq!((i.status, i.on_time, i.amount_fen), (Status::Resolved, Some(true), Some(1_800_000_000)));
    // From 09-27 to 10-15: 09-29, 09-30, 10-08, 10-09, 10-10, 10-11, 10-12, 10-14, 10-15.
    assert_eq!(i.working_days, Some(9));

    // 不满意 reopens it with a new deadline, in the same department.
    let i = f.ok(&i, "2024-10-16", feedback(Satisfaction::Unsatisfied));
    let rating = Some(Satisfaction::Unsatisfied);
    assert_eq!((i.status, i.reopens, i.resolved_on.clone(), i.satisfaction), (Status::InProgress, 1, None, rating));
    assert_eq!((i.deadline.as_deref(), i.assigned_on.as_deref()), (Some("2024-10-25"), Some("2024-09-27")));
    let i = f.ok(&i, "2024-10-21", resolve());
    // The new result awaits a new rating; the days count from the first assignment.
    assert_eq!((i.satisfaction, i.working_days), (None, Some(13)));
    let i = f.ok(&i, "2024-10-22", feedback(Satisfaction::Basic));
    assert_eq!((i.status, i.satisfaction), (Status::Resolved, Some(Satisfaction::Basic)));
    let i = f.ok(&i, "2024-10-22", Action::Close { note: None });
    assert_eq!((i.status, i.closed_on.as_deref(), i.lookback_on.as_deref()), (Status::Closed, Some("2024-10-22"), Some("2025-01-20")));
    let i = f.ok(&i, "2025-01-20", Action::Lookback { result: LookbackResult::Held, note: Some("企业生产正常".into()), days: None });
    assert_eq!((i.status, i.lookback_result), (Status::Closed, Some(LookbackResult::Held)));

    let kinds: Vec<_> = events(f.store(), &i.id).unwrap().into_iter().map(|e| e.kind).collect();
    use EventKind::*;
    assert_eq!(
        kinds,
        [Register, Assign, Accept, Remind, RequestExtension, ApproveExtension, Resolve, Feedback, Reopen, Resolve, Feedback, Close, Lookback]
    );
    let ev = events(f.store(), &i.id).unwrap();
    assert_eq!(ev[8].note.as_deref(), Some("群众(企业)不满意,重新办理"));
}

#[test]
fn return_then_reassign_and_no_accepting_a_returned_issue() {
    let f = fx();
    let i = f.assign(&f.register("2026-03-02"), "2026-03-02", None);
    let (code, _) = refused(f.act(&i, "2026-03-03", Action::Return { reason: " ".into() }));
    assert_eq!(code, "validation");
    let i = f.ok(&i, "2026-03-03", Action::Return { reason: "属市场监管职责".into() });
    assert_eq!((i.status, i.lead_department_id.clone(), i.deadline.clone()), (Status::Returned, None, None));
    let (code, msg) = refused(f.act(&i, "2026-03-03", Action::Accept { note: None }));
    assert_eq!(code, "transition");
    assert!(msg.contains("已退回") && msg.contains("不能签收"), "{msg}");
    let i = f.assign(&i, "2026-03-04", None);
    assert_eq!(i.status, Status::Assigned);
}

#[test]
fn illegal_steps_are_refused_and_change_nothing() {
    let f = fx();
    let i = f.register("2026-03-02");
    let before_changes = f.count("SELECT count(*) FROM changes");
    let before_events = f.count("SELECT count(*) FROM issue_events");
    let cases = [
        (Action::Close { note: None }, "尚未办结,不能销号"),
        (Action::Accept { note: None }, "不能签收"),
        (resolve(), "不能办结"),
        (feedback(Satisfaction::Satisfied), "不能反馈评价"),
        (Action::Reopen { reason: "x".into(), days: None }, "不能重新办理"),
        (Action::Remind { note: None }, "不能催办"),
        (Action::Lookback { result: LookbackResult::Held, note: None, days: None }, "不能回头看"),
        (Action::DecideExtension { approve: true, note: None }, "不能审批延期"),
        (Action::LongTerm { reason: "x".into() }, "不能转长期跟踪"),
    ];
    for (action, words) in cases {
        let (code, msg) = refused(f.act(&i, "2026-03-03", action));
        assert_eq!(code, "transition", "{msg}");
        assert!(msg.contains(&i.no) && msg.contains(words), "{msg} / {words}");
    }
    assert_eq!(f.count("SELECT count(*) FROM changes"), before_changes);
    assert_eq!(f.count("SELECT count(*) FROM issue_events"), before_events);
    assert_eq!(get_issue(f.store(), &i.id).unwrap(), i);

    // Not accepted yet: resolve asks for accepting first.
    let a = f.assign(&i, "2026-03-02", None);
    let (_, msg) = refused(f.act(&a, "2026-03-03", resolve()));
    assert!(msg.contains("先签收"), "{msg}");
    // Resolved but not rated: no closing.
    let r = f.resolved("2026-03-02", "2026-03-02", "2026-03-04");
    let (_, msg) = refused(f.act(&r, "2026-03-05", Action::Close { note: None }));
    assert!(msg.contains("尚未反馈评价"), "{msg}");
    // A bad department is a field error.
    let j = f.register("2026-03-02");
    let e = f.act(&j, "2026-03-02", assign_to("nope", None)).unwrap_err();
    assert_eq!(e.field(), Some("lead_department_id"));
    let e = f.act(&j, "2026-03-02", assign_to(" ", None)).unwrap_err();
    assert_eq!(e.field(), Some("lead_department_id"));
}

#[test]
fn extension_only_before_the_deadline_and_one_at_a_time() {
    let f = fx();
    let i = f.assign(&f.register("2026-03-02"), "2026-03-02", Some(2)); // Mon → deadline Wed 03-04
    assert_eq!(i.deadline.as_deref(), Some("2026-03-04"));
    let (code, msg) = refused(f.act(&i, "2026-03-05", Action::RequestExtension { days: 2, reason: "忙".into() }));
    assert!(code == "transition" && msg.contains("延期须在期限内申请"), "{msg}");
    let i = f.ok(&i, "2026-03-04", Action::RequestExtension { days: 2, reason: "需现场勘查".into() });
    let (_, msg) = refused(f.act(&i, "2026-03-04", Action::RequestExtension { days: 2, reason: "再延".into() }));
    assert!(msg.contains("已有待审批"), "{msg}");
    let i = f.ok(&i, "2026-03-04", Action::DecideExtension { approve: false, note: Some("不同意".into()) });
    assert_eq!((i.deadline.as_deref(), i.extension_days, i.extensions), (Some("2026-03-04"), None, 0));
    // A department that returns the issue takes its pending request with it.
    let i = f.ok(&i, "2026-03-04", Action::RequestExtension { days: 2, reason: "需现场勘查".into() });
    let i = f.ok(&i, "2026-03-04", Action::Return { reason: "不属本单位".into() });
    assert_eq!(i.extension_days, None);
    let (code, _) = refused(f.act(&i, "2026-03-04", Action::DecideExtension { approve: true, note: None }));
    assert_eq!(code, "transition");
}

#[test]
fn escalation_raises_the_tier_up_to_major() {
    let f = fx();
    let i = f.register("2026-03-02");
    let i = f.ok(&i, "2026-03-02", Action::Escalate { reason: "涉及多个部门".into() });
    assert_eq!(i.tier, Tier::Major);
    let (_, msg) = refused(f.act(&i, "2026-03-02", Action::Escalate { reason: "再提".into() }));
    assert!(msg.contains("已是重大问题"), "{msg}");
    // A major issue's default time limit is 30 working days.
    let i = f.assign(&i, "2026-03-02", None);
    assert_eq!(i.deadline.as_deref(), Some("2026-04-14"));
}

#[test]
fn long_term_then_resolved() {
    let f = fx();
    let i = f.ok(&f.assign(&f.register("2026-03-02"), "2026-03-02", None), "2026-03-02", Action::Accept { note: None });
    let i = f.ok(&i, "2026-03-05", Action::LongTerm { reason: "需纳入明年规划".into() });
    assert_eq!(i.status, Status::LongTerm);
    let (_, msg) = refused(f.act(&i, "2026-03-05", Action::Close { note: None }));
    assert!(msg.contains("尚未办结"), "{msg}");
    let i = f.ok(&i, "2026-06-01", resolve());
    assert_eq!(i.status, Status::Resolved);
}

#[test]
fn withdraw_as_duplicate_or_invalid() {
    let f = fx();
    let first = f.register("2026-03-02");
    let dup = f.register("2026-03-03");
    let w = |kind, of: Option<&str>| {
        Action::Withdraw(Withdraw { withdraw_kind: kind, duplicate_of: of.map(String::from), reason: "同一诉求".into() })
    };
    let e = f.act(&dup, "2026-03-03", w(WithdrawKind::Duplicate, None)).unwrap_err();
    assert_eq!(e.field(), Some("duplicate_of"));
    let e = f.act(&dup, "2026-03-03", w(WithdrawKind::Duplicate, Some("2026-99999"))).unwrap_err();
    assert_eq!(e.field(), Some("duplicate_of"));
    let e = f.act(&dup, "2026-03-03", w(WithdrawKind::Duplicate, Some(&dup.no))).unwrap_err();
    assert_eq!(e.field(), Some("duplicate_of"));
    let d = f.ok(&dup, "2026-03-03", w(WithdrawKind::Duplicate, Some(&first.no)));
    assert_eq!((d.status, d.duplicate_of.as_deref()), (Status::Withdrawn, Some(first.id.as_str())));
    let i = f.ok(&f.register("2026-03-03"), "2026-03-03", w(WithdrawKind::Invalid, None));
    assert_eq!(i.withdraw_kind, Some(WithdrawKind::Invalid));
    let (code, _) = refused(f.act(&i, "2026-03-04", assign_to(&f.dept, None)));
    assert_eq!(code, "transition");
}

#[test]
fn lookback_that_finds_the_problem_back_reopens() {
    let f = fx();
    let i = f.resolved("2026-01-05", "2026-01-05", "2026-01-08");
    let i = f.ok(&i, "2026-01-09", feedback(Satisfaction::Satisfied));
    let i = f.ok(&i, "2026-01-09", Action::Close { note: None });
    let i = f.ok(&i, "2026-02-02", Action::ScheduleLookback { date: "2026-03-02".into() });
    assert_eq!(i.lookback_on.as_deref(), Some("2026-03-02"));
    let i = f.ok(&i, "2026-03-02", Action::Lookback { result: LookbackResult::Recurred, note: Some("又停电了".into()), days: Some(5) });
    assert_eq!((i.status, i.reopens, i.closed_on.clone()), (Status::InProgress, 1, None));
    assert_eq!(i.deadline.as_deref(), Some("2026-03-09"));
    // Reopening a closed issue directly works too, and a registered-only issue cannot be.
    let j = f.register("2026-03-02");
    let (code, _) = refused(f.act(&j, "2026-03-02", Action::Reopen { reason: "x".into(), days: None }));
    assert_eq!(code, "transition");
}

#[test]
fn many_at_once_skips_what_does_not_apply() {
    let f = fx();
    let a = f.register("2026-03-02");
    let b = f.register("2026-03-02");
    let c = f.assign(&f.register("2026-03-02"), "2026-03-02", None);
    let batch = create_batch(f.store(), &BatchInput { assigned_on: Some("2026-03-03".into()), ..Default::default() }).unwrap();
    assert_eq!(batch.no, "2026年第1批");
    let action = Action::Assign {
        lead_department_id: f.dept.clone(),
        assisting: vec![],
        days: None,
        deadline: None,
        batch_id: Some(batch.id.clone()),
        note: None,
    };
    let ids = vec![a.id.clone(), b.id.clone(), c.id.clone(), "gone".into()];
    let r = act_many(f.store(), &ids, &Some("2026-03-03".into()), &action).unwrap();
    assert_eq!(r.done, 2);
    assert_eq!(r.skipped.len(), 2);
    assert_eq!(r.skipped[0].0, c.no);
    assert_eq!(r.skipped[1].0, "gone");
    assert_eq!(get_issue(f.store(), &a.id).unwrap().batch_id.as_deref(), Some(batch.id.as_str()));
    // A bad input stops the whole batch with nothing written.
    let d = f.register("2026-03-04");
    let bad = assign_to("", None);
    assert!(act_many(f.store(), &[d.id.clone()], &None, &bad).is_err());
    assert_eq!(get_issue(f.store(), &d.id).unwrap().status, Status::Registered);
}
