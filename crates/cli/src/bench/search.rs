//! Search on the data set: a 2-character, a 4-character and a pinyin-initials query, each
//! against a LIKE scan of the names for the same text in the same run.

use std::time::{Duration, Instant};

use lianxin_core::generate::Rng;
use lianxin_core::search::{self, pinyin_keys};
use lianxin_core::Store;

use super::stats::Samples;
use super::{Bench, Options};
use crate::error::CliError;

/// Windows of `len` characters taken from real names in the data set, and their initials.
fn sample_queries(store: &Store, seed: u64, len: usize, n: usize) -> Result<(Vec<String>, Vec<String>), CliError> {
    let names: Vec<String> = store.read(|c| {
        let mut st = c.prepare("SELECT name FROM enterprises WHERE deleted = 0 ORDER BY rowid LIMIT 5000")?;
        let v = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(v)
    })?;
    let mut r = Rng::new(seed);
    let mut text = Vec::new();
    let mut initials = Vec::new();
    while text.len() < n {
        let name: Vec<char> = r.pick(&names).chars().collect();
        // Skip the leading place name (two characters) so queries hit brands and trades.
        if name.len() < len + 3 {
            continue;
        }
        let at = 2 + r.below(name.len() - len - 2);
        let window: String = name[at..at + len].iter().collect();
        initials.push(pinyin_keys(&window).1.remove(0));
        text.push(window);
    }
    Ok((text, initials))
}

fn like_scan(store: &Store, q: &str) -> i64 {
    store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM enterprises WHERE deleted = 0 AND name LIKE '%' || ?1 || '%'",
                [q],
                |r| r.get(0),
            )?)
        })
        .unwrap_or(0)
}

pub fn run(store: &Store, o: &Options, bench: &mut Bench) -> Result<(), CliError> {
    // The 1–2 character index is built on the first short query; time that once.
    let t = Instant::now();
    search::search(store, "有限", None, 8)?;
    let build = t.elapsed();
    eprintln!("  short-query index built in {build:?}");

    let (two, _) = sample_queries(store, o.seed ^ 2, 2, 50)?;
    let (four, initials) = sample_queries(store, o.seed ^ 4, 4, 50)?;
    let cases: [(&str, &Vec<String>, &Vec<String>); 3] = [
        ("search: 2 Chinese characters", &two, &two),
        ("search: 4 Chinese characters", &four, &four),
        ("search: pinyin initials of 4 characters", &initials, &four),
    ];
    for (what, queries, like_text) in cases {
        let mut failed = None;
        let s = Samples::collect(5, o.runs, |i| {
            if let Err(e) = search::search(store, &queries[i % queries.len()], None, 8) {
                failed = Some(e);
            }
        });
        if let Some(e) = failed {
            return Err(e.into());
        }
        let like = Samples::collect(2, o.runs.min(50), |i| {
            like_scan(store, &like_text[i % like_text.len()]);
        });
        let ok = s.p95() <= Duration::from_millis(30) && like.median().as_secs_f64() >= 20.0 * s.median().as_secs_f64();
        // The target is set on L; on S a scan of 700 names is already instant.
        let verdict = o.size.eq_ignore_ascii_case("L").then_some(ok);
        bench.add(what, "on L: p95 ≤ 30 ms, ≥ 20× LIKE", &s, "LIKE '%…%' scan of names", &like, verdict);
    }
    Ok(())
}
