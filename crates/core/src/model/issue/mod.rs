//! 问题 / 诉求: the closed loop of DESIGN.md. An issue is registered from a source, assigned to a
//! lead department with a deadline in working days, accepted or returned, supervised (flags,
//! reminders, extensions, escalation), resolved, fed back and rated, closed, and looked back on.
//! `machine` holds the rules of the loop, pure; `flow` takes the steps on the database, writing
//! the issue's new state and its timeline events in one transaction, or nothing.

#[macro_use]
pub mod kinds;
mod action;
mod batch;
pub mod event;
pub mod figures;
pub mod flag;
mod flow;
pub mod machine;
pub mod ledger;
pub(crate) mod ledger_index;
mod query;
mod record;
pub mod rules;
#[cfg(test)]
mod tests;

pub use action::{Action, ActionKind, Withdraw};
pub use batch::{batches, create_batch, BatchInput, IssueBatch};
pub use event::{Event, EventData, Step};
pub use flow::{act, act_many, events, get_issue, register, ActInput, ManyResult, RegisterInput};
pub(crate) use flow::{next_no, Registrar};
pub use machine::{BlockedStep, Steps};
pub use kinds::{vocabularies, Disposition, EventKind, Flag, LookbackResult, ResultKind, Satisfaction, Source, Status, Tier, WithdrawKind};
pub use record::{Draft, Issue, IssueEvent};
