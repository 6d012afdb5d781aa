//! Issues on the data set: the ledger (台账) as the UI asks for it, issue text search through
//! the search box and through the ledger's text filter (each beside a LIKE scan of the issue
//! texts in the same run), and the figures by department and by month.

use std::time::{Duration, Instant};

use lianxin_core::generate::{self, Rng};
use lianxin_core::model::issue::figures::{figures, FiguresQuery, GroupBy};
use lianxin_core::model::issue::ledger::{ledger, LedgerQuery, LedgerSort};
use lianxin_core::model::issue::rules::IssueRules;
use lianxin_core::model::issue::{Flag, Status};
use lianxin_core::search::{self, SearchKind};
use lianxin_core::{CoreError, Store};

use super::liaison::{ids, time};
use super::stats::Samples;
use super::{Bench, Options};
use crate::error::CliError;

/// One pass over every issue row (feedback has no index): what an unindexed filter costs.
fn scan(store: &Store, runs: usize) -> Samples {
    Samples::collect(2, runs, |_| {
        let _: i64 = store
            .read(|c| Ok(c.query_row("SELECT count(*) FROM issues WHERE feedback IS NULL", [], |r| r.get(0))?))
            .unwrap_or(0);
    })
}

/// The ledger queries: a random filter of status, department, category, flag or period (alone
/// or two together), a sort, a page from 1 to 20 of 50 rows, and the total.
fn ledger_queries(store: &Store, o: &Options, today: &str) -> Result<Vec<LedgerQuery>, CliError> {
    let depts = ids(store, "SELECT DISTINCT lead_department_id FROM issues WHERE lead_department_id IS NOT NULL")?;
    let categories = IssueRules::default().categories;
    let sorts = [
        LedgerSort::RegisteredOn,
        LedgerSort::RegisteredOn,
        LedgerSort::Deadline,
        LedgerSort::No,
        LedgerSort::ResolvedOn,
        LedgerSort::Status,
        LedgerSort::Category,
        LedgerSort::Tier,
    ];
    let statuses: [&[Status]; 4] = [Status::OPEN, &[Status::Closed], &[Status::InProgress], &[Status::Resolved, Status::Closed]];
    let months: Vec<String> = (2023..=2026).flat_map(|y| (1..=12).map(move |m| format!("{y}-{m:02}"))).filter(|m| m.as_str() <= "2026-11").collect();
    let mut r = Rng::new(o.seed ^ 0x155E);
    let filter = |r: &mut Rng, q: &mut LedgerQuery, which: usize| match which {
        0 => q.status = r.pick(&statuses).to_vec(),
        1 => q.department_id = Some(r.pick(&depts).clone()),
        2 => q.category = Some(r.pick(&categories).clone()),
        3 => q.flag = vec![*r.pick(Flag::ALL)],
        _ => {
            // A month, a quarter or a year.
            let m = r.pick(&months).clone();
            let (from, to) = match r.below(3) {
                0 => (format!("{m}-01"), format!("{m}-31")),
                1 => (format!("{m}-01"), format!("{}-31", &months[(months.iter().position(|x| *x == m).unwrap_or(0) + 2).min(months.len() - 1)])),
                _ => (format!("{}-01-01", &m[..4]), format!("{}-12-31", &m[..4])),
            };
            q.from = Some(from);
            q.to = Some(to);
        }
    };
    Ok((0..o.runs)
        .map(|_| {
            let mut q = LedgerQuery {
                sort: *r.pick(&sorts),
                desc: r.chance(70),
                page: 1 + r.below(20) as u32,
                page_size: 50,
                today: Some(today.to_string()),
                ..Default::default()
            };
            match r.below(8) {
                0 => {}
                1..=5 => {
                    let which = r.below(5);
                    filter(&mut r, &mut q, which);
                }
                _ => {
                    let a = r.below(5);
                    let b = (a + 1 + r.below(4)) % 5;
                    filter(&mut r, &mut q, a);
                    filter(&mut r, &mut q, b);
                }
            }
            q
        })
        .collect())
}

/// A ledger query in a line: its filters, sort and page.
fn describe(q: &LedgerQuery) -> String {
    let mut parts = vec![];
    if !q.status.is_empty() {
        parts.push(format!("status {:?}", q.status));
    }
    if !q.flag.is_empty() {
        parts.push(format!("flag {:?}", q.flag));
    }
    for (what, v) in [("department", &q.department_id), ("category", &q.category), ("from", &q.from), ("to", &q.to), ("text", &q.text)] {
        if let Some(v) = v {
            parts.push(format!("{what} {v}"));
        }
    }
    let dir = if q.desc { "desc" } else { "asc" };
    format!("{} | sort {:?} {dir}, page {}", parts.join(", "), q.sort, q.page)
}

/// Windows of 3 or 4 Chinese characters from real issue texts, past their opening phrase.
fn text_queries(store: &Store, seed: u64, n: usize) -> Result<Vec<String>, CliError> {
    let texts = ids(store, "SELECT content FROM issues WHERE rowid % 97 = 0 ORDER BY rowid LIMIT 5000")?;
    let mut r = Rng::new(seed);
    let mut out = Vec::new();
    let han = |c: &char| ('\u{4e00}'..='\u{9fff}').contains(c);
    let mut tries = 0;
    while out.len() < n && !texts.is_empty() && tries < n * 100 {
        tries += 1;
        let chars: Vec<char> = r.pick(&texts).chars().collect();
        let len = 3 + r.below(2);
        if chars.len() < len + 8 {
            continue;
        }
        let at = 6 + r.below(chars.len() - len - 6);
        let w = &chars[at..at + len];
        if w.iter().all(han) {
            out.push(w.iter().collect());
        }
    }
    Ok(out)
}

fn like_scan(store: &Store, q: &str) -> i64 {
    store
        .read(|c| {
            Ok(c.query_row("SELECT count(*) FROM issues WHERE deleted = 0 AND content LIKE '%' || ?1 || '%'", [q], |r| r.get(0))?)
        })
        .unwrap_or(0)
}

pub fn run(store: &Store, o: &Options, bench: &mut Bench) -> Result<(), CliError> {
    let n: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM issues", [], |r| r.get(0))?))?;
    if n == 0 {
        return Ok(());
    }
    let on_l = o.size.eq_ignore_ascii_case("L");
    let today = generate::ISSUES_TODAY;
    let full = scan(store, o.runs.min(20));
    let baseline = "full count(*) scan of issues";

    // The ledger. Its first query builds the in-memory ledger index; timed apart.
    let queries = ledger_queries(store, o, today)?;
    let t = Instant::now();
    ledger(store, &LedgerQuery { today: Some(today.into()), ..Default::default() })?;
    let first = t.elapsed();
    bench.add(
        "issue ledger: first query, building the in-memory ledger index",
        "—",
        &Samples::once(first),
        baseline,
        &full,
        None,
    );
    let mut took = vec![Duration::ZERO; queries.len()];
    let (s, _) = time(queries.len(), |i| {
        let t = Instant::now();
        let r = ledger(store, &queries[i]).map(|_| ());
        took[i] = took[i].max(t.elapsed());
        r
    })?;
    let mut order: Vec<usize> = (0..queries.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(took[i]));
    for &i in order.iter().take(if std::env::var_os("BENCH_SLOWEST").is_some() { 25 } else { 1 }) {
        eprintln!("  slow ledger query ({:.1} ms): {}", took[i].as_secs_f64() * 1e3, describe(&queries[i]));
    }
    let ok = s.p95() <= Duration::from_millis(20);
    bench.add("issue ledger: filter + sort + page of 50 + total", "p95 ≤ 20 ms on L", &s, baseline, &full, on_l.then_some(ok));

    // Issue text search: the search box (issues only) and the ledger's text filter.
    let texts = text_queries(store, o.seed ^ 0x7E7, 50)?;
    if !texts.is_empty() {
        let like = Samples::collect(2, o.runs.min(50), |i| {
            like_scan(store, &texts[i % texts.len()]);
        });
        let kinds = [SearchKind::Issue];
        let (s, slow) =
            time(o.runs, |i| search::search(store, &texts[i % texts.len()], Some(&kinds), 8).map(|_| ()))?;
        eprintln!("  slowest issue search: {:?}", texts[slow % texts.len()]);
        let ok = s.p95() <= Duration::from_millis(30) && like.median().as_secs_f64() >= 20.0 * s.median().as_secs_f64();
        let like_what = "LIKE '%…%' scan of issue texts";
        bench.add("issue search: 3–4 Chinese characters (search box)", "p95 ≤ 30 ms, ≥ 20× LIKE on L", &s, like_what, &like, on_l.then_some(ok));
        let lq: Vec<LedgerQuery> = texts
            .iter()
            .map(|t| LedgerQuery { text: Some(t.clone()), page_size: 50, desc: true, today: Some(today.into()), ..Default::default() })
            .collect();
        let (s, slow) = time(o.runs, |i| ledger(store, &lq[i % lq.len()]).map(|_| ()))?;
        eprintln!("  slowest ledger text filter: {:?}", lq[slow % lq.len()].text);
        let ok = s.p95() <= Duration::from_millis(30) && like.median().as_secs_f64() >= 20.0 * s.median().as_secs_f64();
        bench.add("issue ledger text filter: page of 50 + total", "p95 ≤ 30 ms, ≥ 20× LIKE on L", &s, like_what, &like, on_l.then_some(ok));
    }

    // Figures: the dashboard's by-department table over everything, and its 12-month trend.
    let runs = if on_l { 10 } else { o.runs.min(100) };
    let by_dept = FiguresQuery { by: GroupBy::Department, today: Some(today.into()), ..Default::default() };
    let (s, _) = time(runs, |_| figures(store, &by_dept).map(|_| ()))?;
    let target = if on_l { "dashboard ≤ 100 ms on L" } else { "dashboard ≤ 10 ms on S" };
    let limit = Duration::from_millis(if on_l { 100 } else { 10 });
    bench.add("figures by department, all issues", target, &s, baseline, &full, Some(s.median() <= limit));
    let by_month = FiguresQuery {
        by: GroupBy::Month,
        from: Some("2025-12-01".into()),
        to: Some(today.into()),
        today: Some(today.into()),
        ..Default::default()
    };
    let (s, _) = time(runs, |_| figures(store, &by_month).map(|_| ()))?;
    bench.add("figures by month, last 12 months", target, &s, baseline, &full, Some(s.median() <= limit));
    Ok(())
}

/// Copies `tables` (their stored columns, without foreign keys or indexes) into a fresh
/// database in one transaction with INSERT … SELECT: the floor a generator writing the same
/// rows through the one write path is compared against.
pub fn raw_copy_baseline(store: &Store, tables: &[&str]) -> Result<Duration, CliError> {
    let dir = std::env::temp_dir().join(format!("lianxin-bench-raw-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(CoreError::from)?;
    let run = || -> rusqlite::Result<Duration> {
        let mut conn = rusqlite::Connection::open(dir.join("raw.db"))?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
        conn.execute("ATTACH DATABASE ?1 AS src", [store.path().to_string_lossy()])?;
        let mut copies = Vec::new();
        for t in tables {
            let schema: String =
                conn.query_row("SELECT sql FROM src.sqlite_master WHERE type = 'table' AND name = ?1", [t], |r| r.get(0))?;
            let mut plain = String::new();
            let mut rest = schema.as_str();
            while let Some(at) = rest.find("REFERENCES ") {
                plain.push_str(&rest[..at]);
                rest = rest[at..].find(')').map_or("", |end| &rest[at + end + 1..]);
            }
            plain.push_str(rest);
            conn.execute_batch(&plain)?;
            let mut st = conn.prepare(&format!("SELECT name FROM src.pragma_table_info('{t}')"))?;
            let cols: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            copies.push(format!("INSERT INTO main.{t} ({0}) SELECT {0} FROM src.{t}", cols.join(", ")));
        }
        let t = Instant::now();
        let tx = conn.transaction()?;
        for sql in &copies {
            tx.execute_batch(sql)?;
        }
        tx.commit()?;
        Ok(t.elapsed())
    };
    let took = run().map_err(CoreError::from);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(took?)
}
