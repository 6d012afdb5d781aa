//! One issue made: who raises it, about what, registered how, then lived through (`Life`).

use super::*;

/// What the issue is about and who raised it, before its life.
struct Draft {
    street: usize,
    cat: &'static Category,
    text_dept: Option<&'static str>,
}

pub(super) struct Maker<'w> {
    pub(super) w: &'w World,
    /// The last issue of each enterprise: (id, 编号, category index, content), for duplicates.
    pub(super) last: HashMap<usize, (String, String, usize, String)>,
    pub(super) summary_events: usize,
}

impl<'w> Maker<'w> {
    fn lead_for(&self, r: &mut Rng, d: &Draft) -> Lead {
        let street = &self.w.streets[d.street];
        let name = d.text_dept.unwrap_or_else(|| *r.pick(d.cat.depts));
        if name == "街道" {
            return (street.id.clone(), street.handler.clone());
        }
        match self.w.depts.get(name) {
            Some(l) => l.clone(),
            None => r.pick(&self.w.any_dept).clone(),
        }
    }

    fn assisting(&self, r: &mut Rng, d: &Draft, lead: &Lead) -> Vec<String> {
        if !r.chance(15) {
            return vec![];
        }
        let other = if r.chance(50) {
            self.w.streets[d.street].id.clone()
        } else {
            self.lead_for(r, &Draft { text_dept: None, ..*d }).0
        };
        if other == lead.0 {
            vec![]
        } else {
            vec![other]
        }
    }

    /// One issue registered on `day` with `no`, and its timeline.
    pub(super) fn make(&mut self, r: &mut Rng, day: u32, no: String, ms: u64) -> Result<(Issue, Vec<IssueEvent>)> {
        let w = self.w;
        let workday = w.days.is_workday(day);
        let resident = w.ents.is_empty() || r.chance(20);
        let ent = (!resident).then(|| *r.pick(&w.ent_pick) as usize);
        let street = match ent {
            Some(e) => w.ents[e].street,
            None => r.below(w.streets.len()),
        };
        let source = if !workday {
            *r.pick(&[Source::Hotline, Source::WallPhone])
        } else if resident {
            r.weighted(&[(Source::Visit, 20), (Source::Window, 10), (Source::Hotline, 40), (Source::WallPhone, 20), (Source::Forum, 5), (Source::Other, 5)])
        } else {
            r.weighted(&[(Source::Visit, 50), (Source::Window, 10), (Source::Hotline, 8), (Source::WallPhone, 7), (Source::Forum, 20), (Source::Other, 5)])
        };
        let age = w.today - day;
        // Open for good (past its deadline, chased): one in eight of the last few weeks', a few
        // in a hundred of a quarter ago's, a handful in a thousand of older ones — an office
        // closes most of what it takes, so a living ledger's open issues are mostly recent.
        let stuck_permille = 2 + (60.0 * (-(age as f64) / 30.0).exp()) as usize;
        let mut cat = weighted_category(r, resident);
        let long_term_pct = match cat.name {
            "历史遗留" => 12,
            "土地" => 6,
            "基础设施" => 4,
            _ => 1,
        };
        let fate = if r.chance(2) {
            Fate::Withdrawn
        } else if r.chance(long_term_pct) {
            Fate::LongTerm
        } else if r.below(1000) < stuck_permille {
            Fate::Stuck
        } else {
            Fate::Done
        };
        // A duplicate repeats an earlier issue of the same enterprise.
        let dup = match (fate, ent) {
            (Fate::Withdrawn, Some(e)) if r.chance(70) => self.last.get(&e).cloned(),
            _ => None,
        };
        let communities = &w.streets[street].communities;
        let community = if communities.is_empty() { "园区".to_string() } else { r.pick(communities).clone() };
        let (content, text_dept) = match &dup {
            Some((_, _, c, content)) => {
                cat = &CATEGORIES[*c];
                (content.clone(), None)
            }
            None => {
                let (tpl, dept) = problem(r, cat, resident);
                let (body, _) = fill(r, tpl, &community);
                let lead = r.pick(if resident { tx::RES_LEAD[source as usize] } else { tx::ENT_LEAD[source as usize] });
                let tail = r.pick(if resident { tx::RES_TAIL } else { tx::ENT_TAIL });
                (format!("{lead}{body}{tail}"), dept)
            }
        };
        let tier = r.weighted(&[(Tier::General, 40), (Tier::Regular, 50), (Tier::Major, 10)]);
        let disposition = match tier {
            Tier::General => r.weighted(&[(Some(Disposition::Immediate), 70), (None, 30)]),
            Tier::Regular => r.weighted(&[(Some(Disposition::Immediate), 40), (Some(Disposition::Study), 5), (Some(Disposition::Key), 5), (None, 50)]),
            Tier::Major => r.weighted(&[(Some(Disposition::Key), 50), (Some(Disposition::Study), 25), (Some(Disposition::Immediate), 5), (None, 20)]),
        };
        let taken_by = match (source, ent) {
            (Source::Hotline, _) => None,
            (_, Some(e)) if r.chance(80) => w.ents[e].lead.or_else(|| (!w.cadres.is_empty()).then(|| r.below(w.cadres.len()))),
            _ => (!w.cadres.is_empty() && r.chance(70)).then(|| r.below(w.cadres.len())),
        };
        let operator = match source {
            Source::Hotline | Source::WallPhone | Source::Window => r.pick(&w.central).clone(),
            _ => w.streets[street].operator.clone(),
        };
        let (reporter_name, reporter_phone) = if resident { (Some(person_name(r)), Some(mobile(r))) } else { (None, None) };
        // A hotline issue keeps the platform's work-order number (made from its 编号, no draw).
        let hotline_no = (source == Source::Hotline).then(|| format!("GD{}", no.replace('-', "")));
        let issue = Issue::draft(IssueDraft {
            id: r.uuid_v7(ms),
            no,
            source,
            enterprise_id: ent.map(|e| w.ents[e].id.clone()),
            reporter_name,
            reporter_phone,
            street_id: Some(w.streets[street].id.clone()),
            category: cat.name.to_string(),
            tier,
            disposition,
            content,
            taken_by: taken_by.map(|c| w.cadres[c].0.clone()),
            registered_on: w.days.s(day),
            registered_by: operator.clone(),
            hotline_no,
            project_id: None,
        });
        let mut life = Life {
            w,
            issue,
            events: Vec::with_capacity(8),
            ms,
            operator,
            handler: taken_by.map(|c| w.cadres[c].1.clone()).unwrap_or_default(),
            assigned: day,
            deadline: None,
            cycles: 0,
            failed: None,
        };
        let draft = Draft { street, cat, text_dept };
        self.live(r, &mut life, &draft, day, fate, dup.map(|d| (d.0, d.1)));
        if let Some(e) = ent {
            let i = &life.issue;
            let c = CATEGORIES.iter().position(|c| c.name == i.category).unwrap_or(0);
            self.last.insert(e, (i.id.clone(), i.no.clone(), c, i.content.clone()));
        }
        if let Some(e) = life.failed {
            return Err(e);
        }
        self.summary_events += life.events.len();
        Ok((life.issue, life.events))
    }

    fn live(&self, r: &mut Rng, life: &mut Life<'_>, d: &Draft, reg: u32, fate: Fate, dup: Option<(String, String)>) {
        let w = self.w;
        let days = &w.days;
        let today = w.today;
        // 当场办: a 一般 issue the cadre who took it settles there and then.
        let i = &life.issue;
        if fate == Fate::Done && i.tier == Tier::General && i.taken_by.is_some() && r.chance(40) {
            let (kind, result, _) = Life::result(r, d.cat, true);
            life.register(r, reg, Some((result, kind)));
            life.after_resolve(r, reg);
            return;
        }
        life.register(r, reg, None);
        if life.issue.tier == Tier::Regular && r.chance(2) {
            life.escalate(r, reg);
        }
        if fate == Fate::Withdrawn {
            let mut at = reg;
            if r.chance(30) {
                at = days.add(reg, r.below(2) as u32);
                if at > today {
                    return;
                }
                let lead = self.lead_for(r, d);
                life.assign(r, at, &lead, vec![], None);
            }
            let gone = days.add(at, 1 + r.below(3) as u32);
            if gone <= today {
                life.withdraw(r, gone, dup);
            }
            return;
        }
        // Visits and forums are mostly handed out in the next 交办批次.
        let batched = matches!(life.issue.source, Source::Visit | Source::Forum) && r.chance(70);
        let next_batch = w.batches.get(w.batches.partition_point(|(b, _)| *b < reg));
        let (mut at, batch) = match next_batch {
            Some((b, id)) if batched && *b <= reg + 15 => (*b, Some(id.clone())),
            _ => (days.add(reg, r.below(3) as u32), None),
        };
        if at > today || (fate == Fate::Stuck && batch.is_none() && r.chance(10)) {
            return; // 待交办
        }
        let lead = self.lead_for(r, d);
        let helpers = self.assisting(r, d, &lead);
        life.assign(r, at, &lead, helpers, batch);
        // 退回 by a department that says it is not theirs, then assigned elsewhere.
        if r.chance(3) {
            let back = days.add(at, 1);
            if back > today {
                return;
            }
            life.give_back(r, back);
            if fate == Fate::Stuck && r.chance(30) {
                return;
            }
            at = days.add(back, 1 + r.below(2) as u32);
            if at > today {
                return;
            }
            let lead = match r.pick(&w.any_dept).clone() {
                l if l.0 == lead.0 => (w.streets[d.street].id.clone(), w.streets[d.street].handler.clone()),
                l => l,
            };
            life.assign(r, at, &lead, vec![], None);
        }
        let accept = days.add(at, r.below(2) as u32);
        if accept > today {
            return;
        }
        if fate == Fate::Stuck && r.chance(15) {
            // Never signed for: 待签收, chased after the deadline.
            let due = life.deadline.unwrap_or(u32::MAX);
            if due < today {
                life.remind(r, days.add(due, 1).min(today));
            }
            return;
        }
        life.accept(r, accept);
        life.work(r, accept, fate, d.cat);
    }
}

