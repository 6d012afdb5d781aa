//! Issue tests on temporary database files: every transition (legal and illegal), flags on
//! the working-day calendar, the ledger's filters, and the figures.

mod figures;
mod flags;
mod flow;
mod ledger;
mod machine;
mod upgrade;

use super::*;
use crate::error::CoreError;
use crate::model::liaison::tests::{fixture as base, Fixture as Base};
use crate::Store;

pub(crate) struct Fx {
    pub base: Base,
    pub ent: String,
}

impl std::ops::Deref for Fx {
    type Target = Base;
    fn deref(&self) -> &Base {
        &self.base
    }
}

pub(crate) fn fx() -> Fx {
    let base = base();
    let ent = base.enterprise("湘潭电机股份有限公司", None);
    Fx { base, ent }
}

impl Fx {
    pub fn store(&self) -> &Store {
        &self.base.store
    }

    /// A 常规 融资 issue of the fixture's enterprise registered on `day`.
    pub fn register(&self, day: &str) -> Issue {
        register(
            self.store(),
            &RegisterInput {
                source: Some(Source::Visit),
                enterprise_id: Some(self.ent.clone()),
                category: "融资".into(),
                tier: Some(Tier::Regular),
                content: "企业反映流动资金紧张,希望协调银行授信1800万元".into(),
                registered_on: Some(day.into()),
                ..Default::default()
            },
        )
        .unwrap()
    }

    pub fn act(&self, issue: &Issue, day: &str, action: Action) -> crate::Result<Issue> {
        act(self.store(), &ActInput { id: issue.id.clone(), date: Some(day.into()), action })
    }

    pub fn ok(&self, issue: &Issue, day: &str, action: Action) -> Issue {
        self.act(issue, day, action).unwrap()
    }

    pub fn assign(&self, issue: &Issue, day: &str, days: Option<u32>) -> Issue {
        self.ok(issue, day, assign_to(&self.dept, days))
    }

    /// Registered, assigned, accepted and resolved on the given days.
    pub fn resolved(&self, reg: &str, assigned: &str, resolved: &str) -> Issue {
        let i = self.register(reg);
        let i = self.assign(&i, assigned, None);
        let i = self.ok(&i, assigned, Action::Accept { note: None });
        self.ok(&i, resolved, resolve())
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.base.count(sql)
    }
}

pub(crate) fn assign_to(dept: &str, days: Option<u32>) -> Action {
    Action::Assign {
        lead_department_id: dept.into(),
        assisting: vec![],
        days,
        deadline: None,
        batch_id: None,
        note: None,
    }
}

pub(crate) fn resolve() -> Action {
    Action::Resolve { result: "已协调建设银行授信1800万元".into(), result_kind: ResultKind::Solved, amount_fen: Some(1_800_000_000) }
}

pub(crate) fn feedback(s: Satisfaction) -> Action {
    Action::Feedback { feedback: Some("企业表示感谢".into()), satisfaction: s, days: None }
}

/// The refusal's code and message.
pub(crate) fn refused(r: crate::Result<Issue>) -> (String, String) {
    let e: CoreError = r.unwrap_err();
    (e.code().to_string(), e.to_string())
}

/// The issue's timeline.
pub(crate) fn flow_events(store: &Store, id: &str) -> Vec<IssueEvent> {
    events(store, id).unwrap()
}
