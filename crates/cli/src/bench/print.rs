//! Print centre cases: the zone's 连心卡 (cards of every enterprise with a cadre; on L one
//! street's) and the
//! 工作通报 of the data set's last full quarter, each laid out and written as PDF in memory,
//! beside core's figures for the same quarter (what the bulletin quotes) as the baseline.
use std::time::{Duration, Instant};

use lianxin_core::model::issue::figures::{figures, FiguresQuery, GroupBy};
use lianxin_core::Store;
use lianxin_print::{print, CardScope, Job, Options as PrintOptions};

use super::stats::Samples;
use super::{Bench, Options};
use crate::error::CliError;

const FROM: &str = "2026-07-01";
const TO: &str = "2026-09-30";

pub fn run(store: &Store, o: &Options, bench: &mut Bench) -> Result<(), CliError> {
    let today = Some(lianxin_core::generate::ISSUES_TODAY.to_string());
    let opts = PrintOptions { today: today.clone(), ..PrintOptions::default() };
    let runs = o.runs.clamp(1, 5);
    let q = FiguresQuery { by: GroupBy::Department, from: Some(FROM.into()), to: Some(TO.into()), today, ..Default::default() };
    let baseline = Samples::collect(1, runs, |_| {
        figures(store, &q).expect("figures");
    });

    // A zone's cards; on L (a province, 100,000 enterprises) one street's, as an office prints them.
    let scope = if o.size.eq_ignore_ascii_case("L") {
        let street: String = store.read(|c| {
            Ok(c.query_row(
                "SELECT street_id FROM enterprises WHERE deleted = 0 AND street_id IS NOT NULL GROUP BY street_id ORDER BY count(*) DESC LIMIT 1",
                [],
                |r| r.get(0),
            )?)
        })?;
        CardScope::Street(street)
    } else {
        CardScope::All
    };
    let cards = Job::Cards { scope };
    let mut count = 0;
    let mut pages = 0;
    let mut bytes = 0;
    let s = Samples::collect(1, runs, |_| {
        let p = print(store, &cards, &opts).expect("cards");
        bytes = p.pdf().expect("pdf").len();
        (count, pages) = (p.report.count, p.report.pages);
    });
    let target = if o.size.eq_ignore_ascii_case("S") { "≤ 2 s (700 enterprises)" } else { "—" };
    let ok = o.size.eq_ignore_ascii_case("S").then(|| s.median() <= Duration::from_secs(2));
    let whose = if o.size.eq_ignore_ascii_case("L") { "the biggest street's enterprises" } else { "every enterprise" };
    let what = format!("连心卡 of {whose} with a cadre: {count} cards, {pages} pages, {:.1} MB PDF", bytes as f64 / 1e6);
    bench.add(&what, target, &s, "figures by department for 2026-Q3", &baseline, ok);

    let bulletin = Job::Bulletin { from: FROM.into(), to: TO.into() };
    // The first run builds the ledger's in-memory index, as the app's first ledger view does.
    let t = Instant::now();
    let p = print(store, &bulletin, &opts)?;
    let cold = t.elapsed();
    let pages = p.report.pages;
    let s = Samples::collect(0, runs, |_| {
        let p = print(store, &bulletin, &opts).expect("bulletin");
        p.pdf().expect("pdf");
    });
    let ok = o.size.eq_ignore_ascii_case("L").then(|| s.median() <= Duration::from_secs(2));
    let what = format!("工作通报 of 2026-Q3: {pages} pages (first run, building the ledger index: {:.2} s)", cold.as_secs_f64());
    bench.add(&what, if ok.is_some() { "≤ 2 s on L" } else { "—" }, &s, "figures by department for 2026-Q3", &baseline, ok);
    Ok(())
}
