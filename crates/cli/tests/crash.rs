//! Crash safety: the `lianxin` process is killed (SIGKILL) at random moments while it imports
//! enterprises (200 rows in one transaction, after its 导入前 backup), imports one cadre (an
//! ordinary write: a department and a cadre) or saves a setting, and after every kill the file
//! is opened again and checked:
//! - `PRAGMA integrity_check` is "ok" and the FTS index passes its own integrity-check;
//! - every write whose process exited 0 (acknowledged) is there;
//! - an import is all there or not at all (never part of a file);
//! - every live enterprise and cadre has its search document and its change row, and no
//!   document is left without its row.
//!
//! The promise holds under the store's `synchronous = NORMAL` in WAL mode for a process that
//! dies (killed, crashed, closed): a commit is in the WAL before the call returns. A power cut
//! or an OS crash can lose the last commits before a checkpoint (never corrupt the file): that
//! is not tested here (it needs a machine to switch off).
//!
//! Bounded for CI: `LIANXIN_CRASH_KILLS` kills (default 100; a run of 1,000 is in
//! docs/RELIABILITY.md), seed printed, `LIANXIN_CRASH_SEED` repeats a run.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

const BATCH: usize = 200;

fn lianxin(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lianxin"));
    c.arg("--db").arg(db).stdout(Stdio::null()).stderr(Stdio::piped());
    c
}

/// xorshift64*: enough randomness for kill times, and repeatable from the printed seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn seed() -> u64 {
    std::env::var("LIANXIN_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    })
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Op {
    Import(usize),
    Cadre(usize),
    Setting(usize),
}

impl Op {
    fn command(self, db: &Path, dir: &Path) -> Command {
        let mut c = lianxin(db);
        match self {
            Op::Import(k) => {
                let f = dir.join(format!("batch{k}.csv"));
                let mut text = String::from("企业名称,联系电话\n");
                for i in 0..BATCH {
                    text += &format!("崩溃测试{k:04}号企业{i:03},0731-5{k:04}{i:03}\n");
                }
                std::fs::write(&f, text).unwrap();
                c.args(["import", "enterprises"]).arg(f);
            }
            Op::Cadre(k) => {
                let f = dir.join(format!("cadre{k}.csv"));
                std::fs::write(&f, format!("姓名,单位,手机\n崩溃干部{k},崩溃测试局,139{k:08}\n")).unwrap();
                c.args(["import", "cadres", "--create-missing"]).arg(f);
            }
            Op::Setting(k) => {
                c.args(["print-settings", "--hotline", &format!("0731-9{k:07}")]);
            }
        }
        c
    }
}

/// What one run left: per op, whether it was acknowledged (exited 0) or killed.
struct Ledger {
    done: Vec<(Op, bool)>,
}

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn check(db: &Path, ledger: &Ledger, seed: u64) {
    let c = Connection::open(db).unwrap();
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok", "seed {seed}");
    c.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')", []).unwrap_or_else(|e| panic!("seed {seed}: FTS {e}"));
    let mut last_acked_setting = None;
    for &(op, acked) in &ledger.done {
        match op {
            Op::Import(k) => {
                let n = count(&c, &format!("SELECT count(*) FROM enterprises WHERE name LIKE '崩溃测试{k:04}号企业%'"));
                assert!(n == 0 || n == BATCH as i64, "seed {seed}: import {k} is partial ({n} rows)");
                assert!(!acked || n == BATCH as i64, "seed {seed}: acknowledged import {k} is missing");
            }
            Op::Cadre(k) => {
                let n = count(&c, &format!("SELECT count(*) FROM cadres WHERE name = '崩溃干部{k}'"));
                assert!(n <= 1 && (!acked || n == 1), "seed {seed}: cadre {k}: {n} rows, acknowledged {acked}");
            }
            Op::Setting(k) if acked => last_acked_setting = Some(k),
            Op::Setting(_) => {}
        }
    }
    if let Some(k) = last_acked_setting {
        // The newest value saved is the last acknowledged one or one attempted after it.
        let value: String = c
            .query_row("SELECT value FROM settings WHERE value LIKE '%0731-9%'", [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("seed {seed}: acknowledged setting missing: {e}"));
        let at = value.find("0731-9").unwrap() + 6;
        let saved: usize = value[at..at + 7].parse().unwrap();
        assert!(saved >= k, "seed {seed}: setting {saved} older than acknowledged {k}");
    }
    for (table, kind) in [("enterprises", "enterprise"), ("cadres", "cadre")] {
        let rows = count(&c, &format!("SELECT count(*) FROM {table} WHERE deleted = 0"));
        let docs = count(&c, &format!("SELECT count(*) FROM search_docs WHERE kind = '{kind}'"));
        let matched = count(
            &c,
            &format!("SELECT count(*) FROM {table} t JOIN search_docs d ON d.ref_id = t.id WHERE t.deleted = 0"),
        );
        assert_eq!((docs, matched), (rows, rows), "seed {seed}: {table} and their search documents");
        let unlogged = count(
            &c,
            &format!("SELECT count(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.entity = '{table}' AND c.row_id = t.id)"),
        );
        assert_eq!(unlogged, 0, "seed {seed}: {table} rows without their change row");
    }
}

/// How long an op takes when left alone, so kills land across its whole run.
fn duration_of(op: Op, db: &Path, dir: &Path) -> Duration {
    let t = Instant::now();
    let out = op.command(db, dir).output().unwrap();
    assert!(out.status.success(), "{op:?}: {}", String::from_utf8_lossy(&out.stderr));
    t.elapsed()
}

#[test]
fn killed_at_random_moments_the_database_keeps_every_acknowledged_write_and_no_partial_one() {
    let kills_wanted: usize = std::env::var("LIANXIN_CRASH_KILLS").ok().and_then(|s| s.parse().ok()).unwrap_or(100);
    let seed = seed();
    eprintln!("crash test seed {seed} (LIANXIN_CRASH_SEED={seed} repeats it)");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let db: PathBuf = dir.path().join("crash.db");
    let demo = lianxin(&db).args(["demo", "--enterprises", "100", "--cadres", "20", "--issues", "100", "--streets", "2"]).output().unwrap();
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));

    let mut ledger = Ledger { done: vec![] };
    let mut k = 0;
    let mut next = |rng: &mut Rng| {
        k += 1;
        match rng.below(4) {
            0 | 1 => Op::Import(k),
            2 => Op::Cadre(k),
            _ => Op::Setting(k),
        }
    };
    let spans = [Op::Import(0), Op::Cadre(0), Op::Setting(0)].map(|op| {
        let d = duration_of(op, &db, dir.path());
        ledger.done.push((op, true));
        d
    });
    let (mut kills, mut acked, mut runs) = (0usize, 0usize, 0usize);
    while kills < kills_wanted && runs < kills_wanted * 4 {
        runs += 1;
        let op = next(&mut rng);
        let span = match op {
            Op::Import(_) => spans[0],
            Op::Cadre(_) => spans[1],
            Op::Setting(_) => spans[2],
        };
        let delay = Duration::from_micros(rng.below(span.as_micros() as u64 * 6 / 5));
        let mut child = op.command(&db, dir.path()).spawn().unwrap();
        std::thread::sleep(delay);
        let killed = match child.try_wait().unwrap() {
            Some(_) => false,
            None => {
                child.kill().unwrap(); // SIGKILL
                true
            }
        };
        let out = child.wait_with_output().unwrap();
        if killed {
            kills += 1;
            ledger.done.push((op, false));
            check(&db, &ledger, seed);
        } else {
            assert!(out.status.success(), "seed {seed}: {op:?} failed: {}", String::from_utf8_lossy(&out.stderr));
            acked += 1;
            ledger.done.push((op, true));
        }
    }
    check(&db, &ledger, seed);
    eprintln!("crash test seed {seed}: {kills} kills, {acked} acknowledged runs, {runs} runs; nothing lost, nothing partial");
    assert!(kills >= kills_wanted, "seed {seed}: only {kills} kills in {runs} runs");

    // The file still works for the app's own reads: search finds an acknowledged import.
    let last = ledger.done.iter().rev().find_map(|(op, acked)| match op {
        Op::Import(k) if *acked => Some(*k),
        _ => None,
    });
    if let Some(k) = last {
        let out = lianxin(&db).stdout(Stdio::piped()).args(["search", &format!("崩溃测试{k:04}号企业007"), "--json"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("崩溃测试{k:04}号企业007")), "seed {seed}");
    }
}

#[test]
fn demo_killed_midway_leaves_nothing_half_filled_and_a_second_demo_says_why_in_chinese() {
    let seed = seed();
    eprintln!("demo kill seed {seed}");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let args = ["demo", "--enterprises", "300", "--cadres", "40", "--issues", "600", "--streets", "2", "--json"];
    let t = Instant::now();
    let probe = dir.path().join("probe.db");
    assert!(lianxin(&probe).args(args).output().unwrap().status.success());
    let span = t.elapsed();
    let mut kills = 0;
    for i in 0..40 {
        if kills == 12 {
            break;
        }
        let db = dir.path().join(format!("killed{i}.db"));
        let mut child = lianxin(&db).args(args).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(span.as_micros() as u64)));
        if child.try_wait().unwrap().is_some() {
            continue; // finished before the kill: not a kill
        }
        child.kill().unwrap();
        child.wait().unwrap();
        kills += 1;
        // Either no file, or a file with nothing in it: never a part of the set. A demo run
        // on it then makes the whole set.
        if db.exists() {
            // Killed while the empty target was being created: no tables yet, also nothing.
            let c = Connection::open(&db).unwrap();
            if count(&c, "SELECT count(*) FROM sqlite_master WHERE name = 'changes'") == 1 {
                let n = count(&c, "SELECT count(*) FROM changes");
                assert_eq!(n, 0, "seed {seed}: a killed demo left {n} changes");
            }
        }
        if i % 4 == 0 {
            let out = lianxin(&db).args(args).output().unwrap();
            assert!(out.status.success(), "seed {seed}: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    eprintln!("demo kill seed {seed}: {kills} kills");
    assert!(kills >= 5, "seed {seed}: only {kills} kills");
    let out = lianxin(&db).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let c = Connection::open(&db).unwrap();
    assert_eq!(count(&c, "SELECT count(*) FROM enterprises"), 300);
    assert_eq!(count(&c, "SELECT count(*) FROM issues"), 600);
    drop(c);
    let again = lianxin(&db).args(args).output().unwrap();
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("已有数据") && !err.contains("UNIQUE"), "{err}");
}
