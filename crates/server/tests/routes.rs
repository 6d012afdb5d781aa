//! Every route's behaviour, against the SQLite backend and a real PostgreSQL.

mod common;

use common::pg::PgCluster;
use common::{change, changes, roomy, Client, TestServer};
use lianxin_protocol::{PushAck, SCHEMA_VERSION};
use lianxin_server::Limits;

#[test]
fn sqlite_backend() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("server.db").display());
    all_checks(&url);
    // A second start on the same file finds it migrated and keeps its tokens.
    let again = TestServer::start(&url, roomy());
    assert!(!again
        .block_on(again.storage.list_tokens())
        .unwrap()
        .is_empty());
}

#[test]
fn postgres_backend() {
    let Some(cluster) = PgCluster::start() else {
        return;
    };
    all_checks(&cluster.database("routes"));
}

fn all_checks(url: &str) {
    let server = TestServer::start(
        url,
        Limits {
            max_body: 64 << 10,
            ..roomy()
        },
    );
    tokens_are_checked_on_every_data_route(&server);
    oversize_body_is_413(&server);
    malformed_requests_are_400_with_a_message(&server);
    a_replayed_push_duplicates_nothing(&server);
    pull_pages_return_exactly_what_was_pushed_in_order(&server);
    other_protocols_and_schemas_get_the_typed_answer(&server);
    health_needs_no_token(&server);
    drop(server);
    rate_limit_is_per_token(url);
}

fn tokens_are_checked_on_every_data_route(server: &TestServer) {
    let own = server.zone("雨湖");
    let other = server.zone("岳塘");
    let revoked = server.token("雨湖", "丢失的笔记本");
    let revoked_id = server
        .block_on(server.storage.list_tokens())
        .unwrap()
        .last()
        .unwrap()
        .id;
    server
        .block_on(server.storage.revoke_token(revoked_id))
        .unwrap();

    assert_eq!(server.client(&own).push(&changes("d1", 1..4)).status, 200);
    let forged = format!("lx1_{}", "0".repeat(64));
    let refused: [(Option<&str>, &str); 4] = [
        (None, "unauthorized"),
        (Some(&forged), "unauthorized"),
        (Some(""), "unauthorized"),
        (Some(&revoked), "revoked"),
    ];
    for (token, code) in refused {
        let client = Client {
            token: token.map(str::to_owned),
            ..server.client("")
        };
        for reply in [client.push(&changes("d1", 10..12)), client.pull(0, 10)] {
            assert_eq!(
                (reply.status, reply.code()),
                (401, code),
                "token {token:?}: {reply:?}"
            );
            assert!(reply.message().contains("令牌"), "{reply:?}");
        }
    }
    let basic =
        server
            .client(&own)
            .send("GET", "/v1/pull", &[("authorization", "Basic eDp5")], None);
    assert_eq!(basic.status, 401, "a Basic header is no token: {basic:?}");
    // Nothing a refused request sent was stored.
    assert_eq!(server.client(&own).pull_all(0, 100).len(), 3);

    // Another zone's token sees none of this zone's changes, and the same change id in two
    // zones is two changes.
    assert!(server.client(&other).pull_all(0, 100).is_empty());
    assert_eq!(server.client(&other).push(&changes("d1", 1..2)).status, 200);
    assert_eq!(server.client(&other).pull_all(0, 100).len(), 1);
    assert_eq!(server.client(&own).pull_all(0, 100).len(), 3);
}

fn oversize_body_is_413(server: &TestServer) {
    let token = server.zone("九华");
    let mut big = change("d1", 1);
    big.fields
        .insert("remark".into(), "很长的备注".repeat(10_000).into());
    let reply = server.client(&token).push(&[big]);
    assert_eq!(
        (reply.status, reply.code()),
        (413, "too_large"),
        "{reply:?}"
    );
    assert!(server.client(&token).pull_all(0, 10).is_empty());
}

fn malformed_requests_are_400_with_a_message(server: &TestServer) {
    let client = server.client(&server.zone("昭山"));
    for body in [
        "{not json",
        r#"{"changes": 5}"#,
        r#"{"changes": [{"entity": "enterprises"}]}"#,
    ] {
        let reply = client.send("POST", "/v1/push", &[], Some(body));
        assert_eq!(
            (reply.status, reply.code()),
            (400, "malformed"),
            "{body}: {reply:?}"
        );
        assert!(
            reply.message().starts_with("同步请求格式有误："),
            "{reply:?}"
        );
    }
    let mut negative = change("d1", 1);
    negative.hlc = -1;
    assert_eq!(client.push(&[negative]).code(), "malformed");
    let reply = client.send(
        "GET",
        "/v1/pull?after=abc",
        &[("lianxin-schema", "8")],
        None,
    );
    assert_eq!(
        (reply.status, reply.code()),
        (400, "malformed"),
        "{reply:?}"
    );
    let reply = client.send("GET", "/v1/pull?after=0", &[], None);
    assert_eq!(
        (reply.status, reply.code()),
        (400, "malformed"),
        "no schema header: {reply:?}"
    );
    assert!(reply.message().contains("lianxin-schema"), "{reply:?}");
}

fn a_replayed_push_duplicates_nothing(server: &TestServer) {
    let client = server.client(&server.zone("易俗河"));
    let page = changes("d1", 1..6);
    let first = client.push(&page);
    let again = client.push(&page);
    assert_eq!(first.status, 200);
    assert_eq!(first.body, again.body, "a replay gets the same ack");
    let ack: PushAck = serde_json::from_value(first.body).unwrap();
    assert_eq!((ack.count, ack.last), (5, Some(page[4].id())));
    // Half old, half new, and one change twice within the page.
    let mut mixed = changes("d1", 3..9);
    mixed.push(change("d1", 8));
    assert_eq!(client.push(&mixed).status, 200);
    let pulled = client.pull_all(0, 100);
    let hlcs: Vec<i64> = pulled.iter().map(|(_, c)| c.hlc).collect();
    assert_eq!(hlcs, (1..9).collect::<Vec<_>>());
    assert_eq!(
        pulled.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        (1..9).collect::<Vec<_>>(),
        "no gaps"
    );
}

fn pull_pages_return_exactly_what_was_pushed_in_order(server: &TestServer) {
    let client = server.client(&server.zone("湘潭经开区"));
    let mut pushed = Vec::new();
    for page in 0..5 {
        let device = if page % 2 == 0 {
            "laptop-a"
        } else {
            "laptop-b"
        };
        let batch = changes(device, page * 100..page * 100 + 57);
        assert_eq!(client.push(&batch).status, 200);
        pushed.extend(batch);
    }
    let pulled = client.pull_all(0, 40);
    assert_eq!(
        pulled.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>(),
        pushed
    );
    assert!(
        pulled.windows(2).all(|w| w[0].0 < w[1].0),
        "sequence numbers increase"
    );
    // Resumable: from any cursor, exactly the rest.
    let (cursor, _) = pulled[123];
    let rest = client.pull_all(cursor, 40);
    assert_eq!(rest, pulled[124..]);
    let end = client.pull(pulled.last().unwrap().0, 40);
    assert_eq!(
        (
            end.body["changes"].as_array().unwrap().len(),
            &end.body["more"]
        ),
        (0, &false.into())
    );
    assert_eq!(end.body["next"], pulled.last().unwrap().0);
}

fn other_protocols_and_schemas_get_the_typed_answer(server: &TestServer) {
    let token = server.zone("韶山");
    for (protocol, code) in [
        (None, "client_too_old"),
        (Some("0"), "client_too_old"),
        (Some("2"), "server_too_old"),
    ] {
        let client = Client {
            protocol: protocol.map(str::to_owned),
            ..server.client(&token)
        };
        for reply in [client.push(&changes("d1", 1..2)), client.pull(0, 10)] {
            assert_eq!(
                (reply.status, reply.code()),
                (426, code),
                "protocol {protocol:?}: {reply:?}"
            );
        }
    }
    let old = Client {
        protocol: Some("0".into()),
        ..server.client(&token)
    }
    .pull(0, 1);
    assert!(old.message().starts_with("请升级连心"), "{old:?}");

    let client = server.client(&token);
    let mut newer = change("d1", 5);
    newer.schema = SCHEMA_VERSION + 1;
    let reply = client.push(&[change("d1", 4), newer.clone()]);
    assert_eq!(
        (reply.status, reply.code()),
        (426, "server_too_old"),
        "{reply:?}"
    );
    assert!(
        client.pull_all(0, 10).is_empty(),
        "a refused page stores nothing"
    );

    // A client one schema behind the zone's data takes the page up to the first change it cannot
    // read, then is told to upgrade.
    let mut older = change("d1", 1);
    older.schema = SCHEMA_VERSION - 1;
    let mut newest = change("d1", 2);
    newest.schema = SCHEMA_VERSION;
    assert_eq!(client.push(&[older, newest]).status, 200);
    let first = client.pull_as(0, 10, SCHEMA_VERSION - 1);
    assert_eq!(first.status, 200, "{first:?}");
    assert_eq!(first.body["changes"].as_array().unwrap().len(), 1);
    assert_eq!(first.body["more"], true);
    let next = first.body["next"].as_i64().unwrap();
    let second = client.pull_as(next, 10, SCHEMA_VERSION - 1);
    assert_eq!(
        (second.status, second.code()),
        (426, "schema_too_new"),
        "{second:?}"
    );
    assert!(second.message().starts_with("请升级连心"), "{second:?}");
}

fn health_needs_no_token(server: &TestServer) {
    let reply = Client {
        token: None,
        protocol: None,
        base: server.base.clone(),
    }
    .send("GET", "/health", &[], None);
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.body["status"], "ok");
    assert_eq!(reply.body["schema"], SCHEMA_VERSION);
}

fn rate_limit_is_per_token(url: &str) {
    let server = TestServer::start(
        url,
        Limits {
            rate_per_second: 0.001,
            burst: 3,
            ..roomy()
        },
    );
    let busy = server.client(&server.zone("限流园区"));
    let quiet = server.client(&server.token("限流园区", "另一台"));
    for _ in 0..3 {
        assert_eq!(busy.pull(0, 1).status, 200);
    }
    let refused = busy.pull(0, 1);
    assert_eq!(
        (refused.status, refused.code()),
        (429, "rate_limited"),
        "{refused:?}"
    );
    assert!(
        refused
            .retry_after
            .as_deref()
            .is_some_and(|s| s.parse::<u64>().unwrap() >= 1),
        "{refused:?}"
    );
    assert_eq!(quiet.pull(0, 1).status, 200, "another token is not slowed");
}
