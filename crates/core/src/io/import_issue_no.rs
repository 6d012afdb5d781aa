//! The 编号 of imported issues, and recognising rows imported before. A ledger's own number is
//! kept when it is free (app-shaped ones padded: 2026-3 → 2026-00003); a bare 序号 typed under
//! 编号 is not a number, and one shaped "YYYY-…" otherwise would upset the app's numbering
//! (which continues from the year's highest YYYY-NNNNN), so those get the next number of the
//! year, the ledger's kept in the timeline. A row whose 编号 and text, or whose date, subject
//! and text, match a registered issue is one imported before and is left out.
//!
//! Everything is read once per pass; 编号 and texts are held as 64-bit hashes, so a province's
//! million issues cost some 30 MB for the length of an import.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use rusqlite::Connection;

use super::import_issue::{fmt_date, IssueField as F, IssuePass};
use super::import_issue_state::Read;
use crate::error::Result;

fn hash(parts: &[&str]) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// The signature by which a re-imported row is recognised: date, subject, text.
fn signature(day: &str, subject: &str, content: &str) -> u64 {
    hash(&[day, subject, content])
}

/// `YYYY-NNNNN`, the shape the app numbers issues in, and its sequence number.
fn app_no(no: &str) -> Option<(&str, u32)> {
    let (y, n) = no.split_once('-')?;
    (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && n.len() == 5 && n.bytes().all(|b| b.is_ascii_digit()))
        .then(|| (y, n.parse().unwrap_or(0)))
}

/// A bare row count (1, 2, 3 …) rather than a number an office gave the issue.
fn is_sequence(n: &str) -> bool {
    !n.is_empty() && n.len() <= 5 && n.bytes().all(|b| b.is_ascii_digit())
}

/// The ledger's number, when it can be kept (see the module's notes).
fn keepable(raw: &str) -> Option<String> {
    let n: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if is_sequence(&n) || n.chars().count() > 30 {
        return None;
    }
    match n.split_once('-') {
        Some((y, rest)) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
            let seq: u32 = rest.parse().ok().filter(|_| rest.len() <= 5 && rest.bytes().all(|b| b.is_ascii_digit()))?;
            (seq > 0).then(|| format!("{y}-{seq:05}"))
        }
        _ => Some(n),
    }
}

pub(crate) struct Numbers {
    /// Each registered issue's 编号 (deleted ones too: a number is never reused) → its signature.
    nos: HashMap<u64, u64>,
    /// The signatures of the live registered issues.
    sigs: HashSet<u64>,
    /// The numbers taken, registered or given in this file.
    used: HashSet<u64>,
    /// The highest app-shaped sequence number of each year.
    last: HashMap<String, u32>,
    /// In this file: 编号 and signature → first row.
    seen_no: HashMap<String, u32>,
    seen_sig: HashMap<u64, u32>,
}

impl Numbers {
    pub fn load(conn: &Connection) -> Result<Numbers> {
        let mut nos = HashMap::new();
        let mut sigs = HashSet::new();
        let mut last: HashMap<String, u32> = HashMap::new();
        let mut st = conn.prepare(
            "SELECT i.no, i.deleted, i.registered_on, coalesce(e.name, i.reporter_name, ''), i.content
             FROM issues i LEFT JOIN enterprises e ON e.id = i.enterprise_id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (no, deleted, day, subject, content): (String, bool, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            let sig = signature(&day, &subject, &content);
            if !deleted {
                sigs.insert(sig);
            }
            if let Some((y, n)) = app_no(&no) {
                let l = last.entry(y.to_string()).or_default();
                *l = (*l).max(n);
            }
            nos.insert(hash(&[&no]), sig);
        }
        let used = nos.keys().copied().collect();
        Ok(Numbers { nos, sigs, used, last, seen_no: HashMap::new(), seen_sig: HashMap::new() })
    }

    /// The issue's 编号: the ledger's when it can be kept and is free, else the next of the
    /// year. None when the row was imported before (it is then listed as existing).
    pub fn number(&mut self, pass: &mut IssuePass<'_>, r: &Read) -> Option<String> {
        let day = fmt_date(r.registered);
        let sig = signature(&day, r.subject(), &r.content);
        let wanted = r.ledger_no.as_deref().and_then(keepable);
        if let Some(no) = &wanted {
            if self.nos.get(&hash(&[no])) == Some(&sig) {
                pass.existing(no, "no");
                return None;
            }
        }
        if self.sigs.contains(&sig) {
            let what: String = r.ledger_no.clone().unwrap_or_else(|| r.content.chars().take(20).collect());
            pass.existing(&what, "content");
            return None;
        }
        if let Some(first) = self.seen_sig.insert(sig, r.row) {
            pass.warn(None, format!("与第{first}行的登记日期、企业(反映人)和问题描述都相同,请确认不是重复登记"));
        }
        let year = &day[..4];
        let no = match (&wanted, &r.ledger_no) {
            (Some(no), _) if !self.used.contains(&hash(&[no])) => no.clone(),
            (Some(no), _) => {
                let why = match self.seen_no.get(no) {
                    Some(first) => format!("与第{first}行的编号相同"),
                    None => "已被另一个问题使用".to_string(),
                };
                self.renumber(pass, year, &format!("编号“{no}”{why}"))
            }
            (None, Some(raw)) if !is_sequence(raw) => {
                self.renumber(pass, year, &format!("编号“{raw}”与本系统的编号格式(年份-五位序号)冲突"))
            }
            (None, _) => self.allocate(year),
        };
        self.used.insert(hash(&[&no]));
        if let Some((y, n)) = app_no(&no) {
            let l = self.last.entry(y.to_string()).or_default();
            *l = (*l).max(n);
        }
        if let Some(n) = wanted.or_else(|| r.ledger_no.clone()) {
            self.seen_no.entry(n).or_insert(r.row);
        }
        Some(no)
    }

    fn renumber(&mut self, pass: &mut IssuePass<'_>, year: &str, why: &str) -> String {
        let new = self.allocate(year);
        pass.report.renumbered_rows += 1;
        pass.warn(Some(F::No), format!("{why},改用新编号 {new},原编号记在办理记录中"));
        new
    }

    /// The next free 编号 of `year`.
    fn allocate(&mut self, year: &str) -> String {
        let last = self.last.entry(year.to_string()).or_default();
        loop {
            *last += 1;
            let no = format!("{year}-{:05}", *last);
            if !self.used.contains(&hash(&[&no])) {
                return no;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_ledger_numbers_are_kept() {
        assert_eq!(keepable("2026-3").as_deref(), Some("2026-00003"));
        assert_eq!(keepable("2026-00012").as_deref(), Some("2026-00012"));
        assert_eq!(keepable("XT-2026-015").as_deref(), Some("XT-2026-015"));
        assert_eq!(keepable("高新〔2026〕12号").as_deref(), Some("高新〔2026〕12号"));
        assert_eq!(keepable("12"), None, "a 序号");
        assert_eq!(keepable("2026-A1"), None);
        assert_eq!(keepable("2026-123456"), None);
        assert_eq!(keepable("2026-0"), None);
        assert_eq!(app_no("2026-00012"), Some(("2026", 12)));
        assert_eq!(app_no("2026-12"), None);
    }
}
