//! The ledger's in-memory index: for every live issue the columns the ledger filters and sorts
//! on, packed small (dates as YYYYMMDD numbers, ids and names as numbers), so the total and the
//! page of any filter in any order take one pass over memory.
//!
//! Why: on L (1,000,000 issues) no set of SQLite indexes serves every filter with every sort.
//! A broad filter (已销号: 810,000 issues) counted through its index takes 30 ms, and sorted by
//! another column either fetches and sorts every match (8 s) or walks the sort's index, which
//! is fast until the filter runs against the order (open issues by 办结日期: they all sort
//! last, 1 s). A pass over 1,000,000 packed rows takes a few milliseconds whatever the query.
//!
//! Built from the table on the first ledger query (about a second on L), kept current by the
//! write path after each commit (the issues a transaction touched are read again), dropped
//! after a bulk write and built again when next needed: the pattern of the 1–2 character
//! search index. The SQL query stays for what this does not cover (a 1–2 character text
//! filter) and is what the tests check this against.

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use rusqlite::{Connection, Row};

use super::flag::FlagBounds;
use super::kinds::{Disposition, Flag, Source, Status, Tier};
use super::query::{LedgerQuery, LedgerSort, Without};
use crate::error::Result;
use crate::model::list::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::store::{Derived, Store, Written};

/// A touched issue set larger than this drops the index instead (rebuilt on the next query).
pub const MAX_INCREMENTAL: usize = 20_000;

/// "YYYY-MM-DD" as YYYYMMDD, which orders as the text does; None when it is not that shape.
fn day(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + (c - b'0') as u32))
    };
    Some(digits(0..4)? * 10_000 + digits(5..7)? * 100 + digits(8..10)?)
}

/// Strings (ids, categories, operators) as numbers; 0 is "none".
#[derive(Default)]
struct Names {
    of: HashMap<Box<str>, u32>,
    all: Vec<Box<str>>,
}

impl Names {
    fn get_or_add(&mut self, s: Option<&str>) -> u32 {
        let Some(s) = s else { return 0 };
        if let Some(&n) = self.of.get(s) {
            return n;
        }
        self.all.push(s.into());
        let n = self.all.len() as u32;
        self.of.insert(s.into(), n);
        n
    }
    /// The number of a string the index holds; None for one it does not (nothing matches).
    fn find(&self, s: &str) -> Option<u32> {
        self.of.get(s).copied()
    }
}

fn position<T: PartialEq + Copy>(all: &[T], v: Option<T>) -> u8 {
    v.and_then(|v| all.iter().position(|x| *x == v)).map_or(0, |i| i as u8 + 1)
}

/// One issue's ledger columns.
struct Fact {
    rowid: i64,
    /// Its search document (`search_docs.id`), which a text filter's matches are.
    doc: i64,
    /// The first 16 bytes of 编号, big-endian: its order, for numbers no longer than that.
    no_key: u128,
    /// The whole number when it is longer (an imported ledger's own).
    long_no: Option<Box<str>>,
    registered: u32,
    deadline: u32,
    resolved: u32,
    /// Position in the kinds' ALL lists, plus one (0 = none).
    status: u8,
    source: u8,
    tier: u8,
    disposition: u8,
    reopens: u32,
    category: u32,
    department: u32,
    cadre: u32,
    enterprise: u32,
    street: u32,
    batch: u32,
    by: u32,
}

const COLUMNS: &str = "i.rowid, no, registered_on, deadline, resolved_on, status, source, tier, disposition, reopens,
    category, lead_department_id, taken_by, enterprise_id, street_id, batch_id, registered_by, deleted, d.id";
const FROM: &str = "issues i LEFT JOIN search_docs d ON d.ref_id = i.id";

/// The ledger index as the store's derived data: built on the first ledger query, then kept
/// current after each commit by reading again the issues it wrote (a write of more than
/// `MAX_INCREMENTAL` issues drops it instead; the next query rebuilds).
#[derive(Default)]
pub struct LedgerDerived(Mutex<Option<LedgerIndex>>);

/// Runs `f` with the store's ledger index, building it first if needed.
pub(crate) fn with_ledger_index<T>(store: &Store, f: impl FnOnce(&LedgerIndex) -> T) -> Result<T> {
    let Some(d) = store.derived::<LedgerDerived>() else {
        // A store opened without it (an upgrade test): a one-off index.
        return Ok(f(&store.read(LedgerIndex::build)?));
    };
    let mut ledger = d.0.lock().unwrap_or_else(|e| e.into_inner());
    if ledger.is_none() {
        *ledger = Some(store.read(LedgerIndex::build)?);
    }
    Ok(f(ledger.as_ref().expect("just built")))
}

impl Derived for LedgerDerived {
    fn after_commit(&self, conn: &Connection, written: &Written<'_>) {
        let (issues, complete) = written.of("issues");
        if issues.is_empty() && complete {
            return;
        }
        let mut ledger = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(ix) = ledger.as_mut() {
            let keep = complete && issues.len() <= MAX_INCREMENTAL && ix.refresh(conn, issues).is_ok();
            if !keep {
                *ledger = None; // rebuilt on the next ledger query
            }
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub struct LedgerIndex {
    facts: Vec<Option<Fact>>,
    at: HashMap<i64, usize>,
    names: Names,
    /// Categories apart, numbered densely, so a sort by category ranks them in an array.
    categories: Names,
    /// False when a stored value does not fit the packing (a date not YYYY-MM-DD): the
    /// ledger then asks SQLite.
    exact: bool,
    /// Numbers longer than 16 bytes (an imported ledger's own), which `no_key` cannot order.
    long_numbers: usize,
}

impl LedgerIndex {
    pub fn build(conn: &Connection) -> Result<LedgerIndex> {
        let mut ix = LedgerIndex {
            facts: Vec::new(),
            at: HashMap::new(),
            names: Names::default(),
            categories: Names::default(),
            exact: true,
            long_numbers: 0,
        };
        let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM {FROM} WHERE i.deleted = 0"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            ix.put(r)?;
        }
        Ok(ix)
    }

    /// Reads the issues with these ids again after a write.
    pub fn refresh(&mut self, conn: &Connection, ids: &[String]) -> Result<()> {
        let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE i.id = ?1"))?;
        for id in ids {
            let mut rows = stmt.query([id])?;
            if let Some(r) = rows.next()? {
                self.put(r)?;
            }
        }
        Ok(())
    }

    fn put(&mut self, r: &Row<'_>) -> Result<()> {
        let rowid: i64 = r.get(0)?;
        let slot = self.at.get(&rowid).copied();
        if let Some(old) = slot.and_then(|i| self.facts[i].take()) {
            self.long_numbers -= old.long_no.is_some() as usize;
        }
        if r.get::<_, i64>(17)? != 0 {
            return Ok(());
        }
        // Borrowed texts: a million rows allocate nothing but the names they add.
        let text = |i: usize| -> rusqlite::Result<Option<&str>> {
            r.get_ref(i)?
                .as_str_or_null()
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
        };
        let mut exact = true;
        let mut date = |i: usize| -> rusqlite::Result<u32> {
            Ok(match text(i)?.map(day) {
                None => 0,
                Some(Some(d)) => d,
                Some(None) => {
                    exact = false;
                    0
                }
            })
        };
        let (registered, deadline, resolved) = (date(2)?, date(3)?, date(4)?);
        self.exact &= exact;
        let no = text(1)?.unwrap_or_default();
        let mut key = [0u8; 16];
        let n = no.len().min(16);
        key[..n].copy_from_slice(&no.as_bytes()[..n]);
        let long_no = (no.len() > 16).then(|| Box::from(no));
        self.long_numbers += long_no.is_some() as usize;
        let category = self.categories.get_or_add(text(10)?);
        let names = &mut self.names;
        let mut name = |i: usize| -> rusqlite::Result<u32> { Ok(names.get_or_add(text(i)?)) };
        let fact = Fact {
            rowid,
            doc: r.get::<_, Option<i64>>(18)?.unwrap_or(0),
            no_key: u128::from_be_bytes(key),
            long_no,
            registered,
            deadline,
            resolved,
            status: position(Status::ALL, text(5)?.and_then(Status::parse)),
            source: position(Source::ALL, text(6)?.and_then(Source::parse)),
            tier: position(Tier::ALL, text(7)?.and_then(Tier::parse)),
            disposition: position(Disposition::ALL, text(8)?.and_then(Disposition::parse)),
            reopens: r.get(9)?,
            category,
            department: name(11)?,
            cadre: name(12)?,
            enterprise: name(13)?,
            street: name(14)?,
            batch: name(15)?,
            by: name(16)?,
        };
        match slot {
            Some(i) => self.facts[i] = Some(fact),
            None => {
                self.at.insert(rowid, self.facts.len());
                self.facts.push(Some(fact));
            }
        }
        Ok(())
    }

    /// The total and the rowids of the page `q` asks for, in the ledger's order (as
    /// `ledger::order` sorts); None when the index cannot answer exactly (SQLite then does).
    /// `text` is the set of search documents a text filter matched, when there is one.
    pub fn page(&self, q: &LedgerQuery, bounds: &FlagBounds, actor: &str, text: Option<&HashSet<i64>>) -> Option<(u32, Vec<i64>)> {
        if !self.exact {
            return None;
        }
        let m = Matcher::new(self, q, bounds, actor, text)?;
        let page = q.page.max(1) as usize;
        let size = if q.page_size == 0 { DEFAULT_PAGE_SIZE } else { q.page_size.min(MAX_PAGE_SIZE) } as usize;
        let (from, upto) = ((page - 1) * size, page * size);
        // Walked in the direction of the sort (rowids mostly follow registration), so that
        // after the first page's worth nearly every row loses to the kept ones at once.
        let hits: Box<dyn Iterator<Item = &Fact>> = if q.desc {
            Box::new(self.facts.iter().rev().flatten().filter(|f| m.admits(f)))
        } else {
            Box::new(self.facts.iter().flatten().filter(|f| m.admits(f)))
        };
        let (total, keys) = match q.sort {
            // Texts order by their bytes, as SQLite's BINARY collation.
            LedgerSort::No if self.long_numbers > 0 => {
                let whole = |f: &Fact| -> Vec<u8> {
                    f.long_no.as_deref().map_or_else(|| f.no_key.to_be_bytes().into_iter().take_while(|b| *b != 0).collect(), |n| n.as_bytes().to_vec())
                };
                top(hits.map(|f| (whole(f), f.rowid)), q.desc, from, upto)
            }
            LedgerSort::No => top(hits.map(|f| (f.no_key, f.rowid)), q.desc, from, upto),
            sort => {
                let key = self.sort_key(sort);
                top(hits.map(|f| (key(f), f.rowid)), q.desc, from, upto)
            }
        };
        Some((total, keys))
    }

    /// The sort's order as one number (with the registration date after status, category
    /// and tier, as `ledger::order`); texts order by their bytes, as SQLite's BINARY does.
    fn sort_key(&self, sort: LedgerSort) -> Box<dyn Fn(&Fact) -> u64 + '_> {
        fn ranks(tags: Vec<&str>) -> Vec<u64> {
            let mut sorted = tags.clone();
            sorted.sort_unstable();
            tags.iter().map(|t| sorted.iter().position(|s| s == t).unwrap_or(0) as u64 + 1).collect()
        }
        let then_day = |rank: u64, f: &Fact| rank << 32 | f.registered as u64;
        match sort {
            LedgerSort::RegisteredOn => Box::new(|f| f.registered as u64),
            LedgerSort::Deadline => Box::new(|f| f.deadline as u64),
            LedgerSort::ResolvedOn => Box::new(|f| f.resolved as u64),
            LedgerSort::Status => {
                let r = ranks(Status::ALL.iter().map(|s| s.as_str()).collect());
                Box::new(move |f| then_day(if f.status == 0 { 0 } else { r[f.status as usize - 1] }, f))
            }
            LedgerSort::Tier => {
                let r = ranks(Tier::ALL.iter().map(|s| s.as_str()).collect());
                Box::new(move |f| then_day(if f.tier == 0 { 0 } else { r[f.tier as usize - 1] }, f))
            }
            LedgerSort::Category => {
                let r = ranks(self.categories.all.iter().map(|c| &**c).collect());
                Box::new(move |f| then_day(if f.category == 0 { 0 } else { r[f.category as usize - 1] }, f))
            }
            LedgerSort::No => unreachable!("numbers sort by no_key"),
        }
    }
}

/// How many `hits` there are, and the rowids of rows `from..upto` of them in (key, rowid)
/// order, ascending or descending: one pass keeping the best `upto` in a heap.
fn top<K: Ord>(hits: impl Iterator<Item = (K, i64)>, desc: bool, from: usize, upto: usize) -> (u32, Vec<i64>) {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    // The heap's top is the worst row kept: the largest ascending, the smallest descending.
    fn keep<T: Ord>(hits: impl Iterator<Item = T>, upto: usize) -> (u32, Vec<T>) {
        let mut heap = BinaryHeap::with_capacity(upto + 1);
        let mut total = 0u32;
        for h in hits {
            total += 1;
            if heap.len() < upto {
                heap.push(h);
            } else if heap.peek().is_some_and(|worst| h < *worst) {
                heap.pop();
                heap.push(h);
            }
        }
        (total, heap.into_sorted_vec())
    }
    let page = |rows: Vec<i64>| rows.into_iter().skip(from).collect();
    if desc {
        let (total, kept) = keep(hits.map(Reverse), upto);
        (total, page(kept.into_iter().map(|Reverse((_, id))| id).collect()))
    } else {
        let (total, kept) = keep(hits, upto);
        (total, page(kept.into_iter().map(|(_, id)| id).collect()))
    }
}

/// A column read off a fact, and the value it must equal.
type Equal = (fn(&Fact) -> u32, u32);

/// A ledger query's filter compiled against the index.
struct Matcher<'a> {
    statuses: Vec<u8>,
    overdue: bool,
    flags: Vec<Flag>,
    bounds: (u32, u32, u32, u32),
    equal: Vec<Equal>,
    from: u32,
    to: u32,
    text: Option<&'a HashSet<i64>>,
}

impl<'a> Matcher<'a> {
    /// None when the query names something the index cannot compare exactly.
    fn new(ix: &LedgerIndex, q: &LedgerQuery, b: &FlagBounds, actor: &str, text: Option<&'a HashSet<i64>>) -> Option<Matcher<'a>> {
        let o = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let mut equal: Vec<Equal> = Vec::new();
        // A value the index has never seen matches nothing: u32::MAX is no fact's number.
        let mut name = |get: fn(&Fact) -> u32, v: Option<String>| {
            if let Some(v) = v {
                equal.push((get, ix.names.find(&v).unwrap_or(u32::MAX)));
            }
        };
        name(|f| f.department, o(&q.department_id));
        name(|f| f.cadre, o(&q.cadre_id));
        name(|f| f.enterprise, o(&q.enterprise_id));
        name(|f| f.street, o(&q.street_id));
        name(|f| f.batch, o(&q.batch_id));
        if q.mine {
            name(|f| f.by, Some(actor.to_string()));
        }
        // 0 is "none" in every names column.
        match q.without {
            Some(Without::LeadDepartment) => equal.push((|f| f.department, 0)),
            Some(Without::Cadre) => equal.push((|f| f.cadre, 0)),
            Some(Without::Street) => equal.push((|f| f.street, 0)),
            None => {}
        }
        if let Some(c) = o(&q.category) {
            equal.push((|f| f.category, ix.categories.find(&c).unwrap_or(u32::MAX)));
        }
        if let Some(s) = q.source {
            equal.push((|f| f.source as u32, position(Source::ALL, Some(s)) as u32));
        }
        if let Some(t) = q.tier {
            equal.push((|f| f.tier as u32, position(Tier::ALL, Some(t)) as u32));
        }
        if let Some(d) = q.disposition {
            equal.push((|f| f.disposition as u32, position(Disposition::ALL, Some(d)) as u32));
        }
        let bound = |s: Option<String>, none: u32| match s {
            None => Some(none),
            Some(s) => day(&s),
        };
        Some(Matcher {
            statuses: q.status.iter().map(|s| position(Status::ALL, Some(*s))).collect(),
            overdue: q.overdue,
            flags: q.flag.clone(),
            bounds: (day(&b.today)?, day(&b.yellow_until)?, day(&b.black_before)?, b.black_reopens),
            equal,
            from: bound(o(&q.from), 0)?,
            to: bound(o(&q.to), u32::MAX)?,
            text,
        })
    }

    fn is_open(&self, f: &Fact) -> bool {
        f.status != 0 && Status::ALL[f.status as usize - 1].is_open()
    }

    /// `FlagBounds::of` on packed dates.
    fn flag(&self, f: &Fact) -> Option<Flag> {
        if !self.is_open(f) || f.deadline == 0 {
            return None;
        }
        let (today, yellow_until, black_before, black_reopens) = self.bounds;
        Some(if f.reopens >= black_reopens || f.deadline < black_before {
            Flag::Black
        } else if f.deadline < today {
            Flag::Red
        } else if f.deadline <= yellow_until {
            Flag::Yellow
        } else {
            Flag::Green
        })
    }

    fn admits(&self, f: &Fact) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&f.status))
            && f.registered >= self.from
            && f.registered <= self.to
            && self.equal.iter().all(|(get, v)| get(f) == *v)
            && (self.flags.is_empty() || self.flag(f).is_some_and(|g| self.flags.contains(&g)))
            && (!self.overdue || self.is_open(f) && f.deadline != 0 && f.deadline < self.bounds.0)
            && self.text.is_none_or(|t| t.contains(&f.doc))
    }
}

#[cfg(test)]
#[path = "ledger_index_tests.rs"]
mod tests;
