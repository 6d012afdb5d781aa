//! What a province's deployment needs of the PostgreSQL backend: several server processes on
//! one database, and surviving a database restart.

mod common;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use common::pg::PgCluster;
use common::{changes, roomy, TestServer};
use lianxin_server::Limits;

const DEVICES: i64 = 4;
const PAGES: i64 = 15;
const PAGE: i64 = 40;

#[test]
fn two_instances_on_one_database_lose_and_duplicate_nothing() {
    let Some(cluster) = PgCluster::start() else {
        return;
    };
    let url = cluster.database("province");
    // Both start (and migrate) at once.
    let (a, b) = thread::scope(|s| {
        let a = s.spawn(|| TestServer::start(&url, roomy()));
        let b = s.spawn(|| TestServer::start(&url, roomy()));
        (a.join().unwrap(), b.join().unwrap())
    });
    let token = a.zone("省级园区");
    let (ca, cb) = (a.client(&token), b.client(&token));
    let done = AtomicBool::new(false);

    let watched = thread::scope(|s| {
        // A reader pulling through instance b while the pushes run: a cursor must never step over
        // a change that becomes visible later.
        let reader = s.spawn(|| {
            let (mut cursor, mut seen) = (0, Vec::new());
            loop {
                let finished = done.load(Ordering::SeqCst);
                let got = cb.pull_all(cursor, 25);
                if let Some((last, _)) = got.last() {
                    cursor = *last;
                }
                seen.extend(got.into_iter().map(|(seq, c)| (seq, c.id())));
                thread::sleep(Duration::from_millis(5));
                if finished {
                    return seen;
                }
            }
        });
        let pushers: Vec<_> = (0..DEVICES)
            .map(|d| {
                let (ca, cb) = (&ca, &cb);
                s.spawn(move || {
                    let device = format!("laptop-{d}");
                    for p in 0..PAGES {
                        let page = changes(&device, p * PAGE..(p + 1) * PAGE);
                        // Each page goes to both instances, as a client retrying on another
                        // instance behind the proxy would send it.
                        let (first, second) = if (d + p) % 2 == 0 { (ca, cb) } else { (cb, ca) };
                        assert_eq!(first.push(&page).status, 200);
                        assert_eq!(second.push(&page).status, 200);
                    }
                })
            })
            .collect();
        // The reader stops once the pushers have, failed or not; then a pusher's failure is the
        // test's.
        let pushed: Vec<_> = pushers.into_iter().map(|p| p.join()).collect();
        done.store(true, Ordering::SeqCst);
        let seen = reader.join().unwrap();
        pushed
            .into_iter()
            .for_each(|r| r.unwrap_or_else(|e| std::panic::resume_unwind(e)));
        seen
    });

    let all = ca.pull_all(0, 500);
    let total = (DEVICES * PAGES * PAGE) as usize;
    assert_eq!(all.len(), total, "every change once");
    let ids: HashSet<_> = all.iter().map(|(_, c)| c.id()).collect();
    assert_eq!(ids.len(), total, "no duplicates");
    assert_eq!(
        all.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        (1..=total as i64).collect::<Vec<_>>()
    );
    let watched_ids: Vec<_> = watched.iter().map(|(_, id)| id.clone()).collect();
    let all_ids: Vec<_> = all.iter().map(|(_, c)| c.id()).collect();
    assert_eq!(
        watched_ids, all_ids,
        "the concurrent reader saw every change once, in order"
    );
}

#[test]
fn the_server_recovers_when_postgres_restarts() {
    let Some(cluster) = PgCluster::start() else {
        return;
    };
    let server = TestServer::start(&cluster.database("restart"), roomy());
    let client = server.client(&server.zone("雨湖"));
    assert_eq!(client.push(&changes("d1", 0..10)).status, 200);

    // Restarted between two requests: the pool's connections died; the next request works.
    cluster.restart();
    let reply = client.push(&changes("d1", 10..20));
    assert_eq!(
        reply.status, 200,
        "first request after a restart: {reply:?}"
    );

    // Down: a typed 503 the client can retry on, and health says so.
    cluster.stop();
    let down = client.push(&changes("d1", 20..30));
    assert_eq!((down.status, down.code()), (503, "unavailable"), "{down:?}");
    assert!(down.message().contains("暂时不可用"), "{down:?}");
    let health = common::Client {
        token: None,
        ..client.clone()
    }
    .send("GET", "/health", &[], None);
    assert_eq!(
        (health.status, health.body["status"].as_str()),
        (503, Some("storage_unavailable"))
    );

    cluster.start_again();
    assert_eq!(
        client.push(&changes("d1", 20..30)).status,
        200,
        "the retry after the outage"
    );
    let all = client.pull_all(0, 100);
    assert_eq!(
        all.iter().map(|(_, c)| c.hlc).collect::<Vec<_>>(),
        (0..30).collect::<Vec<_>>()
    );
}

#[test]
fn a_request_stuck_on_the_database_times_out_and_the_retry_completes() {
    let Some(cluster) = PgCluster::start() else {
        return;
    };
    let url = cluster.database("stuck");
    let server = TestServer::start(
        &url,
        Limits {
            timeout: Duration::from_secs(1),
            ..roomy()
        },
    );
    let client = server.client(&server.zone("雨湖"));
    // Another session holds the zone's row lock, so the push cannot finish.
    let blocker = server.block_on(async {
        let (blocker, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        blocker
            .batch_execute("BEGIN; SELECT last_seq FROM zones FOR UPDATE")
            .await
            .unwrap();
        blocker
    });
    let stuck = client.push(&changes("d1", 0..5));
    assert_eq!((stuck.status, stuck.code()), (503, "timeout"), "{stuck:?}");
    assert!(stuck.message().contains("超时"), "{stuck:?}");
    server.block_on(blocker.batch_execute("ROLLBACK")).unwrap();

    // The client retries (here through another instance, with no tight timeout).
    let other = TestServer::start(&url, roomy());
    let retry = common::Client {
        base: other.base.clone(),
        ..client.clone()
    };
    assert_eq!(retry.push(&changes("d1", 0..5)).status, 200);
    let all = retry.pull_all(0, 100);
    assert_eq!(
        all.iter().map(|(_, c)| c.hlc).collect::<Vec<_>>(),
        (0..5).collect::<Vec<_>>()
    );
}
