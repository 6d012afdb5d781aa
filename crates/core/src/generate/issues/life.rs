//! An issue lived through, step by step, through the state machine: who acts on which day, and
//! the randomness of real offices (returns, extensions, reminders, ratings, look-backs).

use super::*;

/// An issue being lived through: the record, its events so far, and who acts. Every step goes
/// through the state machine (`model::issue::machine`), as the app's steps do; a step it
/// refuses is a bug here, kept in `failed` and reported by `make`.
pub(super) struct Life<'w> {
    pub(super) w: &'w World,
    pub(super) issue: Issue,
    pub(super) events: Vec<IssueEvent>,
    /// Time part of the next event id.
    pub(super) ms: u64,
    pub(super) operator: String,
    /// The lead department's handler, once assigned.
    pub(super) handler: String,
    /// Day indexes of the fields flow.rs keeps as strings.
    pub(super) assigned: u32,
    pub(super) deadline: Option<u32>,
    /// Times it came back (不满意 or 回头看 反弹).
    pub(super) cycles: u32,
    pub(super) failed: Option<CoreError>,
}

impl Life<'_> {
    pub(super) fn env(&self, day: u32, duplicate: Option<(String, String)>) -> Env<'_> {
        Env { cal: &self.w.cal, rules: &self.w.rules, date: self.w.days.date(day), duplicate }
    }

    /// Stores the machine's events for `day`, by the handler or by the operator.
    pub(super) fn push(&mut self, r: &mut Rng, day: u32, by_handler: bool, events: Vec<Event>) {
        for e in events {
            if e.data.step.kind() == EventKind::Reopen {
                self.cycles += 1;
            }
            self.ms += 1;
            let actor = if by_handler { &self.handler } else { &self.operator };
            self.events.push(IssueEvent::with_id(r.uuid_v7(self.ms), &self.issue.id, &self.w.days.s(day), actor, e));
        }
        self.deadline = self.issue.deadline.as_deref().map(|d| self.w.days.index(day::parse_or_min(d)));
    }

    /// One step through the machine, on `day`.
    pub(super) fn act(&mut self, r: &mut Rng, day: u32, by_handler: bool, action: Action, duplicate: Option<(String, String)>) {
        if self.failed.is_some() {
            return;
        }
        match machine::apply(&self.issue, &action, &self.env(day, duplicate)) {
            Ok((issue, events)) => {
                self.issue = issue;
                self.push(r, day, by_handler, events);
            }
            Err(e) => self.failed = Some(e),
        }
    }

    /// 登记, and 当场办 with `on_spot`'s result.
    pub(super) fn register(&mut self, r: &mut Rng, day: u32, on_spot: Option<(String, ResultKind)>) {
        let by_handler = on_spot.is_some();
        match machine::register(self.issue.clone(), on_spot, &self.env(day, None)) {
            Ok((issue, events)) => {
                self.issue = issue;
                // The register event is the operator's; 当场办 the cadre's who took it.
                let mut events = events.into_iter();
                self.push(r, day, false, events.next().into_iter().collect());
                self.push(r, day, by_handler, events.collect());
            }
            Err(e) => self.failed = Some(e),
        }
    }

    pub(super) fn assign(&mut self, r: &mut Rng, day: u32, lead: &Lead, assisting: Vec<String>, batch: Option<String>) {
        self.handler = lead.1.clone();
        self.assigned = day;
        let action =
            Action::Assign { lead_department_id: lead.0.clone(), assisting, days: None, deadline: None, batch_id: batch, note: None };
        self.act(r, day, false, action, None);
    }

    pub(super) fn accept(&mut self, r: &mut Rng, day: u32) {
        self.act(r, day, true, Action::Accept { note: None }, None);
    }

    pub(super) fn give_back(&mut self, r: &mut Rng, day: u32) {
        let reason = r.pick(tx::RETURN_REASONS).to_string();
        self.act(r, day, true, Action::Return { reason }, None);
    }

    pub(super) fn remind(&mut self, r: &mut Rng, day: u32) {
        let note = Some(r.pick(tx::REMIND_NOTES).to_string());
        self.act(r, day, false, Action::Remind { note }, None);
    }

    pub(super) fn request_extension(&mut self, r: &mut Rng, day: u32, days: u32) {
        let reason = r.pick(tx::EXTENSION_REASONS).to_string();
        self.act(r, day, true, Action::RequestExtension { days, reason }, None);
    }

    pub(super) fn decide_extension(&mut self, r: &mut Rng, day: u32, approve: bool) {
        if self.issue.extension_days.is_some() {
            self.act(r, day, false, Action::DecideExtension { approve, note: None }, None);
        }
    }

    /// The result of a resolution: its kind, text and amount (融资 results carry one).
    pub(super) fn result(r: &mut Rng, cat: &Category, on_spot: bool) -> (ResultKind, String, Option<i64>) {
        let kind = r.weighted(&[(ResultKind::Solved, 85), (ResultKind::Partly, 10), (ResultKind::Explained, 5)]);
        let (result, wan) = match kind {
            ResultKind::Explained => (r.pick(tx::EXPLAINED).to_string(), None),
            _ => {
                let tpl = *r.pick(cat.results);
                fill(r, tpl, "")
            }
        };
        // 当场办 has no amount field (RegisterInput takes the result only).
        let amount = wan.filter(|_| cat.name == "融资" && !on_spot).map(|w| w as i64 * 1_000_000);
        (kind, result, amount)
    }

    pub(super) fn resolve(&mut self, r: &mut Rng, day: u32, cat: &Category) {
        let (result_kind, result, amount_fen) = Self::result(r, cat, false);
        self.act(r, day, true, Action::Resolve { result, result_kind, amount_fen }, None);
    }

    pub(super) fn long_term(&mut self, r: &mut Rng, day: u32) {
        let reason = r.pick(tx::LONG_TERM_REASONS).to_string();
        self.act(r, day, true, Action::LongTerm { reason }, None);
    }

    /// 反馈评价; 不满意 reopens it (returns true).
    pub(super) fn feedback(&mut self, r: &mut Rng, day: u32, s: Satisfaction) -> bool {
        let words = match s {
            Satisfaction::Satisfied => tx::FEEDBACK_SATISFIED,
            Satisfaction::Basic => tx::FEEDBACK_BASIC,
            Satisfaction::Unsatisfied => tx::FEEDBACK_UNSATISFIED,
        };
        let feedback = Some(r.pick(words).to_string());
        self.act(r, day, false, Action::Feedback { feedback, satisfaction: s, days: None }, None);
        s == Satisfaction::Unsatisfied
    }

    pub(super) fn close(&mut self, r: &mut Rng, day: u32) {
        self.act(r, day, false, Action::Close { note: None }, None);
    }

    /// 回头看; a problem that came back reopens the issue (returns true).
    pub(super) fn lookback(&mut self, r: &mut Rng, day: u32, recurred: bool) -> bool {
        let result = if recurred { LookbackResult::Recurred } else { LookbackResult::Held };
        let note = if recurred { "回头看发现问题反弹,企业再次反映" } else { "回头看:问题已解决,未反弹" };
        self.act(r, day, false, Action::Lookback { result, note: Some(note.into()), days: None }, None);
        recurred
    }

    pub(super) fn withdraw(&mut self, r: &mut Rng, day: u32, dup: Option<(String, String)>) {
        let withdraw_kind = if dup.is_some() { WithdrawKind::Duplicate } else { WithdrawKind::Invalid };
        let reason = match &dup {
            Some((_, no)) => format!("与{no}反映的问题重复"),
            None => r.pick(tx::INVALID_REASONS).to_string(),
        };
        let duplicate_of = dup.as_ref().map(|d| d.1.clone());
        self.act(r, day, false, Action::Withdraw(Withdraw { withdraw_kind, duplicate_of, reason }), dup);
    }

    pub(super) fn escalate(&mut self, r: &mut Rng, day: u32) {
        let reason = r.pick(tx::ESCALATE_REASONS).to_string();
        self.act(r, day, false, Action::Escalate { reason }, None);
    }

    /// Working days from assignment to resolution, by tier: most within the limit, a tail
    /// well past it.
    pub(super) fn time_taken(&self, r: &mut Rng) -> u32 {
        let limit = self.w.rules.days_for(self.issue.tier);
        let between = |r: &mut Rng, lo: u32, hi: u32| lo + r.below((hi - lo + 1) as usize) as u32;
        match r.below(100) {
            0..=74 => between(r, limit.div_ceil(5).min(limit), limit),
            75..=91 => between(r, limit + 1, limit * 2 + 3),
            _ => between(r, limit * 2 + 4, limit * 4 + 10),
        }
    }

    /// In progress from `start` until resolved (or today, when stuck), with reminders past the
    /// deadline and extensions asked for before it; then feedback, closing and look-back,
    /// over again when it is reopened.
    pub(super) fn work(&mut self, r: &mut Rng, mut start: u32, fate: Fate, cat: &Category) {
        let w = self.w;
        let (today, days) = (w.today, &w.days);
        loop {
            if fate == Fate::LongTerm && self.cycles == 0 {
                let d = days.add(start, 3 + r.below(20) as u32);
                if d <= today {
                    self.long_term(r, d);
                }
                return;
            }
            // A reopened issue stays open one time in five when it was reopened lately, seldom
            // when that was months ago (an office gets back to it).
            let stuck = if self.cycles == 0 { fate == Fate::Stuck } else { r.chance(if today - start < 60 { 20 } else { 2 }) };
            // Counted from the assignment, or from the day it was reopened.
            let from = if self.cycles == 0 { self.assigned } else { start };
            let mut resolve = if stuck { u32::MAX } else { days.add(from, self.time_taken(r)).max(start) };
            let mut deadline = self.deadline.unwrap_or(u32::MAX);
            // An extension is asked for the day before the deadline, usually granted.
            if resolve > deadline && r.chance(35) {
                let ask = days.add(deadline.saturating_sub(3).max(start), 1).min(deadline);
                if ask <= today && ask >= start {
                    let extra = [5, 10, 15, 20][r.below(4)];
                    self.request_extension(r, ask, extra);
                    let decide = days.add(ask, 1);
                    if decide <= today && decide <= resolve {
                        let approve = r.chance(85);
                        self.decide_extension(r, decide, approve);
                        deadline = self.deadline.unwrap_or(u32::MAX);
                    }
                }
            }
            // 催办: after the deadline, once or a few times.
            if resolve > deadline {
                let mut d = days.add(deadline, 1);
                for _ in 0..1 + r.below(3) {
                    if d > today || d >= resolve {
                        break;
                    }
                    self.remind(r, d);
                    d = days.add(d, 5 + r.below(10) as u32);
                }
            }
            if resolve > today {
                return;
            }
            resolve = resolve.max(start);
            self.resolve(r, resolve, cat);
            match self.after_resolve(r, resolve) {
                Some(again) => start = again,
                None => return,
            }
        }
    }

    /// Feedback, closing and look-back after a resolution; the day it was reopened, if it was.
    pub(super) fn after_resolve(&mut self, r: &mut Rng, resolved: u32) -> Option<u32> {
        let w = self.w;
        let (today, days) = (w.today, &w.days);
        // A few wait for feedback for good (已办结, not yet rated).
        if r.chance(2) {
            return None;
        }
        let fb = days.add(resolved, 1 + r.below(5) as u32);
        if fb > today {
            return None;
        }
        let on_spot = self.issue.lead_department_id.is_none();
        let s = if on_spot || self.cycles > 0 {
            r.weighted(&[(Satisfaction::Satisfied, 90), (Satisfaction::Basic, 10)])
        } else {
            r.weighted(&[(Satisfaction::Satisfied, 88), (Satisfaction::Basic, 9), (Satisfaction::Unsatisfied, 3)])
        };
        if self.feedback(r, fb, s) {
            return Some(fb);
        }
        let closed = days.add(fb, r.below(3) as u32);
        if closed > today {
            return None;
        }
        self.close(r, closed);
        let back = closed + self.w.rules.lookback_days;
        if back <= today && r.chance(40) {
            let recurred = !on_spot && self.cycles == 0 && r.chance(4);
            if self.lookback(r, back, recurred) {
                return Some(back);
            }
        }
        None
    }
}

