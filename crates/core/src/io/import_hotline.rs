//! 12345 hotline exports (工单编号, 来电时间, 来电人, 联系电话, 诉求内容, 诉求地址…) go through the
//! ledger import; what is theirs is here: repeated complaints. The same caller (phone) or the
//! same address with a similar text within `REPEAT_DAYS` is one complaint made again — the
//! "12345反复投诉" the offices are asked about. The preview groups them under the first; the user
//! may link each repeat to it as a duplicate (撤销 as 重复件, its own words kept in the note).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::import::MAX_LISTED;

/// Complaints this many days apart or closer can be one complaint made again.
pub const REPEAT_DAYS: i64 = 90;
/// How alike two texts must be: the Dice coefficient of their character pairs.
const SIMILAR: f64 = 0.5;
/// How many earlier complaints of one caller or address are compared (the latest ones).
const LOOK_BACK: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RepeatBy {
    Phone,
    Address,
}

/// A complaint and the rows that repeat it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RepeatGroup {
    pub first_row: u32,
    /// The first complaint's 工单编号.
    pub first_hotline_no: Option<String>,
    /// The start of its text.
    pub text: String,
    pub by: RepeatBy,
    /// The phone or address they share.
    pub key: String,
    /// The later rows repeating it.
    pub rows: Vec<u32>,
}

/// The issue a repeat is linked to.
pub(crate) struct First {
    pub id: String,
    pub no: String,
    pub row: u32,
    pub hotline_no: Option<String>,
    /// The start of its text, for the preview.
    text: String,
}

struct Seen {
    day: NaiveDate,
    pairs: Vec<u64>,
    /// The first complaint of its group (itself when it is one).
    root: usize,
    first: Option<First>,
    group: Option<usize>,
}

/// One complaint of the file, as `Repeats::check` needs it.
pub(crate) struct Complaint<'a> {
    pub row: u32,
    pub day: NaiveDate,
    pub phone: Option<&'a str>,
    pub address: Option<&'a str>,
    pub content: &'a str,
    pub id: &'a str,
    pub no: &'a str,
    pub hotline_no: Option<&'a str>,
}

#[derive(Default)]
pub(crate) struct Repeats {
    seen: Vec<Seen>,
    by_phone: HashMap<String, Vec<usize>>,
    by_address: HashMap<String, Vec<usize>>,
    pub groups: Vec<RepeatGroup>,
    /// Rows found repeating an earlier one (all of them; `groups` lists at most `MAX_LISTED`).
    pub repeat_rows: u32,
}

/// The text's character pairs, hashed and sorted, punctuation and spaces left out.
fn pairs(text: &str) -> Vec<u64> {
    let cs: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut v: Vec<u64> = cs.windows(2).map(|w| ((w[0] as u64) << 32) | w[1] as u64).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// 2·|A∩B| / (|A|+|B|) over sorted sets.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * both as f64 / (a.len() + b.len()) as f64
}

impl Repeats {
    /// The complaint this one repeats (its group's first), if any; either way it is remembered.
    pub fn check(&mut self, c: &Complaint<'_>) -> Option<&First> {
        let mine = pairs(c.content);
        let keys = [(RepeatBy::Phone, c.phone), (RepeatBy::Address, c.address)];
        let mut hit: Option<(usize, RepeatBy, String)> = None;
        for (by, key) in keys {
            let Some(key) = key.map(str::trim).filter(|k| !k.is_empty()) else { continue };
            let list = match by {
                RepeatBy::Phone => self.by_phone.get(key),
                RepeatBy::Address => self.by_address.get(key),
            };
            let found = list.into_iter().flatten().rev().take(LOOK_BACK).find(|&&i| {
                let s = &self.seen[i];
                (c.day - s.day).num_days().abs() <= REPEAT_DAYS && dice(&mine, &s.pairs) >= SIMILAR
            });
            if let Some(&i) = found {
                hit = Some((self.seen[i].root, by, key.to_string()));
                break;
            }
        }
        let me = self.seen.len();
        let root = hit.as_ref().map_or(me, |h| h.0);
        let first = hit.is_none().then(|| First {
            id: c.id.to_string(),
            no: c.no.to_string(),
            row: c.row,
            hotline_no: c.hotline_no.map(str::to_string),
            text: c.content.chars().take(30).collect(),
        });
        self.seen.push(Seen { day: c.day, pairs: mine, root, first, group: None });
        for (by, key) in keys {
            if let Some(k) = key.map(str::trim).filter(|k| !k.is_empty()) {
                let map = if by == RepeatBy::Phone { &mut self.by_phone } else { &mut self.by_address };
                map.entry(k.to_string()).or_default().push(me);
            }
        }
        let (root, by, key) = hit?;
        self.repeat_rows += 1;
        let group = match self.seen[root].group {
            Some(g) => Some(g),
            None if self.groups.len() < MAX_LISTED => {
                let f = self.seen[root].first.as_ref()?;
                self.groups.push(RepeatGroup {
                    first_row: f.row,
                    first_hotline_no: f.hotline_no.clone(),
                    text: f.text.clone(),
                    by,
                    key,
                    rows: vec![],
                });
                self.seen[root].group = Some(self.groups.len() - 1);
                self.seen[root].group
            }
            None => None,
        };
        if let Some(g) = group {
            self.groups[g].rows.push(c.row);
        }
        self.seen[root].first.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alike_texts_share_most_character_pairs() {
        let a = pairs("小区门口路灯不亮,晚上出行不便");
        let b = pairs("小区门口的路灯还是不亮,晚上出行很不方便");
        let c = pairs("企业用工需要技工");
        assert!(dice(&a, &b) >= SIMILAR, "{}", dice(&a, &b));
        assert!(dice(&a, &c) < 0.2);
    }
}
