//! The blob routes and the server's answers to hostile requests, against the SQLite backend and
//! a real PostgreSQL: files checked against their hash, stored once, per zone; every data route
//! refusing a missing, forged or revoked token; paths that are no hash refused before anything
//! is read; huge and slow bodies answered without waiting for them; token guessing throttled.

mod common;

use std::time::{Duration, Instant};

use common::pg::PgCluster;
use common::{changes, raw_http, roomy, Client, TestServer};
use lianxin_protocol::{BLOB_SHA_HEADER, PREVIEW_OF_HEADER, PROTOCOL_VERSION};
use lianxin_server::Limits;
use sha2::{Digest, Sha256};

const MAX_BLOB: usize = 64 << 10;

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn file(seed: u8, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

fn put(client: &Client, bytes: &[u8], preview_of: Option<&str>) -> common::Raw {
    let mut headers = vec![];
    if let Some(p) = preview_of {
        headers.push((PREVIEW_OF_HEADER, p));
    }
    client.bytes(
        "PUT",
        &format!("/v1/blobs/{}", sha(bytes)),
        &headers,
        Some(bytes),
    )
}

fn missing(client: &Client, hashes: &[&str]) -> Vec<String> {
    let body = serde_json::json!({ "hashes": hashes }).to_string();
    let reply = client.send("POST", "/v1/blobs/missing", &[], Some(&body));
    assert_eq!(reply.status, 200, "{reply:?}");
    serde_json::from_value(reply.body["missing"].clone()).unwrap()
}

#[test]
fn sqlite_backend() {
    let dir = tempfile::tempdir().unwrap();
    all_checks(&format!(
        "sqlite://{}",
        dir.path().join("server.db").display()
    ));
}

#[test]
fn postgres_backend() {
    let Some(cluster) = PgCluster::start() else {
        return;
    };
    all_checks(&cluster.database("blobs"));
}

fn all_checks(url: &str) {
    let server = TestServer::start(
        url,
        Limits {
            max_body: 64 << 10,
            max_blob: MAX_BLOB,
            ..roomy()
        },
    );
    an_upload_is_stored_once_and_served_back(&server);
    a_body_that_is_not_its_hash_is_400_and_not_stored(&server);
    a_file_over_the_blob_limit_is_413_and_not_stored(&server);
    a_photo_copy_stands_for_its_original(&server);
    another_zones_token_never_gets_the_bytes(&server);
    every_data_route_refuses_a_missing_forged_or_revoked_token(&server);
    paths_that_are_no_hash_are_400_and_touch_nothing(&server);
    a_huge_body_is_answered_413_without_reading_it_to_the_end(&server);
    drop(server);
    a_slow_request_is_answered_503_at_the_timeout(url);
    stalled_headers_are_cut_off_at_the_header_timeout(url);
    token_guessing_is_throttled_429_per_address(url);
}

fn an_upload_is_stored_once_and_served_back(server: &TestServer) {
    let client = server.client(&server.zone("雨湖"));
    let doc = file(1, 40_000);
    let h = sha(&doc);
    assert_eq!(missing(&client, &[&h]), vec![h.clone()]);
    let first = put(&client, &doc, None);
    assert_eq!(first.status, 201, "{first:?}");
    let again = put(&client, &doc, None);
    assert_eq!(
        again.status, 200,
        "a repeated upload is no error and stores nothing new"
    );
    assert!(missing(&client, &[&h]).is_empty());
    let got = client.bytes("GET", &format!("/v1/blobs/{h}"), &[], None);
    assert_eq!(got.status, 200);
    assert_eq!(got.body, doc);
    assert_eq!(got.header(BLOB_SHA_HEADER), Some(h.as_str()));
    let unknown = sha(b"never uploaded");
    let none = client.bytes("GET", &format!("/v1/blobs/{unknown}"), &[], None);
    assert_eq!(
        (none.status, none.code().as_str()),
        (404, "not_found"),
        "{none:?}"
    );
    assert!(none.message().contains("附件"), "{none:?}");
    assert_eq!(
        missing(&client, &[&unknown, &h]),
        vec![unknown.clone()],
        "in the order asked"
    );
    let health = client.send("GET", "/health", &[], None);
    assert_eq!(health.body["max_blob_bytes"], MAX_BLOB as u64);
}

fn a_body_that_is_not_its_hash_is_400_and_not_stored(server: &TestServer) {
    let client = server.client(&server.zone("岳塘"));
    let (claimed, sent) = (file(2, 1000), file(3, 1000));
    let reply = client.bytes(
        "PUT",
        &format!("/v1/blobs/{}", sha(&claimed)),
        &[],
        Some(&sent),
    );
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "malformed"),
        "{reply:?}"
    );
    assert!(reply.message().contains("不符"), "{reply:?}");
    assert_eq!(
        missing(&client, &[&sha(&claimed), &sha(&sent)]).len(),
        2,
        "nothing stored"
    );
    let empty = client.bytes("PUT", &format!("/v1/blobs/{}", sha(b"")), &[], Some(b""));
    assert_eq!(empty.status, 400, "{empty:?}");
    let bad_header = client.bytes(
        "PUT",
        &format!("/v1/blobs/{}", sha(&sent)),
        &[(PREVIEW_OF_HEADER, "../etc")],
        Some(&sent),
    );
    assert_eq!(bad_header.status, 400, "{bad_header:?}");
    let too_many: Vec<String> = (0..1001).map(|i| sha(&[i as u8, (i >> 8) as u8])).collect();
    let body = serde_json::json!({ "hashes": too_many }).to_string();
    let reply = client.send("POST", "/v1/blobs/missing", &[], Some(&body));
    assert_eq!(
        (reply.status, reply.code()),
        (413, "too_large"),
        "{reply:?}"
    );
    let body = serde_json::json!({ "hashes": ["../../etc/passwd"] }).to_string();
    let reply = client.send("POST", "/v1/blobs/missing", &[], Some(&body));
    assert_eq!(
        (reply.status, reply.code()),
        (400, "malformed"),
        "{reply:?}"
    );
}

fn a_file_over_the_blob_limit_is_413_and_not_stored(server: &TestServer) {
    let client = server.client(&server.zone("九华"));
    // Past the push limit too: the blob limit is its own.
    let at_limit = file(4, MAX_BLOB);
    assert_eq!(put(&client, &at_limit, None).status, 201);
    let over = file(5, MAX_BLOB + 1);
    let reply = put(&client, &over, None);
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (413, "too_large"),
        "{reply:?}"
    );
    assert_eq!(missing(&client, &[&sha(&over)]).len(), 1);
}

fn a_photo_copy_stands_for_its_original(server: &TestServer) {
    let client = server.client(&server.zone("昭山"));
    let (original, copy) = (file(6, 30_000), file(7, 3_000));
    let h = sha(&original);
    assert_eq!(put(&client, &copy, Some(&h)).status, 201);
    assert!(
        missing(&client, &[&h]).is_empty(),
        "the original counts as held"
    );
    let got = client.bytes("GET", &format!("/v1/blobs/{h}"), &[], None);
    assert_eq!(got.status, 200);
    assert_eq!(got.body, copy);
    assert_eq!(got.header(BLOB_SHA_HEADER), Some(sha(&copy).as_str()));
    assert_eq!(got.header(PREVIEW_OF_HEADER), Some(h.as_str()));
}

fn another_zones_token_never_gets_the_bytes(server: &TestServer) {
    let own = server.client(&server.zone("易俗河"));
    let other = server.client(&server.zone("韶山"));
    let secret = file(8, 5_000);
    let h = sha(&secret);
    assert_eq!(put(&own, &secret, None).status, 201);
    let (orig, copy) = (file(9, 9_000), file(10, 900));
    assert_eq!(put(&own, &copy, Some(&sha(&orig))).status, 201);
    for asked in [h.clone(), sha(&orig), sha(&copy)] {
        let reply = other.bytes("GET", &format!("/v1/blobs/{asked}"), &[], None);
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (404, "not_found"),
            "{reply:?}"
        );
        assert!(!reply
            .body
            .windows(64)
            .any(|w| secret.windows(64).next() == Some(w)));
    }
    assert_eq!(
        missing(&other, &[&h, &sha(&orig)]).len(),
        2,
        "the other zone holds neither"
    );
    // Uploading the same bytes there stores the other zone's own copy.
    assert_eq!(put(&other, &secret, None).status, 201);
}

fn every_data_route_refuses_a_missing_forged_or_revoked_token(server: &TestServer) {
    let good = server.zone("湘潭经开区");
    let revoked = server.token("湘潭经开区", "丢失的笔记本");
    let id = server
        .block_on(server.storage.list_tokens())
        .unwrap()
        .last()
        .unwrap()
        .id;
    server.block_on(server.storage.revoke_token(id)).unwrap();
    let doc = file(11, 2_000);
    let h = sha(&doc);
    let forged = format!("lx1_{}", "0".repeat(64));
    for (token, code) in [
        (None, "unauthorized"),
        (Some(""), "unauthorized"),
        (Some(forged.as_str()), "unauthorized"),
        (Some(&good[..good.len() - 1]), "unauthorized"),
        (Some(revoked.as_str()), "revoked"),
    ] {
        let client = Client {
            token: token.map(str::to_owned),
            ..server.client("")
        };
        let query = serde_json::json!({ "hashes": [h] }).to_string();
        let replies = [
            (
                "push",
                client.push(&changes("d1", 1..3)).status,
                client.push(&changes("d1", 1..3)).code().to_owned(),
            ),
            (
                "pull",
                client.pull(0, 10).status,
                client.pull(0, 10).code().to_owned(),
            ),
            (
                "put",
                put(&client, &doc, None).status,
                put(&client, &doc, None).code(),
            ),
            (
                "get",
                client
                    .bytes("GET", &format!("/v1/blobs/{h}"), &[], None)
                    .status,
                client
                    .bytes("GET", &format!("/v1/blobs/{h}"), &[], None)
                    .code(),
            ),
            (
                "missing",
                client
                    .send("POST", "/v1/blobs/missing", &[], Some(&query))
                    .status,
                client
                    .send("POST", "/v1/blobs/missing", &[], Some(&query))
                    .code()
                    .to_owned(),
            ),
            // A path that is no hash is refused for the token first: nothing about it is told.
            (
                "bad path",
                client
                    .bytes("GET", "/v1/blobs/NOT-A-HASH", &[], None)
                    .status,
                client
                    .bytes("GET", "/v1/blobs/NOT-A-HASH", &[], None)
                    .code(),
            ),
        ];
        for (route, status, got) in replies {
            assert_eq!(
                (status, got.as_str()),
                (401, code),
                "{route} with {token:?}"
            );
        }
    }
    let owner = server.client(&good);
    assert!(
        owner.pull_all(0, 10).is_empty(),
        "no refused push was stored"
    );
    assert_eq!(
        missing(&owner, &[&h]),
        vec![h.clone()],
        "no refused upload was stored"
    );
}

fn paths_that_are_no_hash_are_400_and_touch_nothing(server: &TestServer) {
    let token = server.zone("雨湖高新区");
    let client = server.client(&token);
    let doc = file(12, 500);
    let h = sha(&doc);
    let tricks = [
        "..".to_string(),
        "../push".into(),
        "../../v1/push".into(),
        "%2e%2e".into(),
        "%2e%2e%2fpush".into(),
        "%2E%2E/%2E%2E/etc/passwd".into(),
        format!("{}/{}", &h[..32], &h[32..]),
        format!("{h}/"),
        format!("{h}/x"),
        h.to_uppercase(),
        h[..63].to_string(),
        format!("{h}0"),
        format!("{}g", &h[..63]),
        format!("%{}", &h[..63]),
        format!("{h}%00"),
        format!("{h}%2f"),
    ];
    for trick in &tricks {
        for method in ["PUT", "GET"] {
            let head = format!(
                "{method} /v1/blobs/{trick} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {token}\r\nlianxin-protocol: {PROTOCOL_VERSION}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                if method == "PUT" { doc.len() } else { 0 }
            );
            // One write, so the server has the whole request when it answers before the body.
            let mut request = head.into_bytes();
            if method == "PUT" {
                request.extend_from_slice(&doc);
            }
            let (status, text) = raw_http(&server.base, "", &request, Duration::ZERO).unwrap();
            assert_eq!(status, 400, "{method} {trick}: {text}");
            assert!(
                text.contains("malformed") && text.contains("SHA-256"),
                "{method} {trick}: {text}"
            );
        }
    }
    assert_eq!(
        missing(&client, &[&h]),
        vec![h.clone()],
        "no trick stored the body"
    );
    assert!(client.pull_all(0, 10).is_empty(), "no trick reached push");
}

fn a_huge_body_is_answered_413_without_reading_it_to_the_end(server: &TestServer) {
    let token = server.zone("竹埠港");
    let doc = file(13, 1000);
    // It says a gigabyte follows; the server reads four times its limit, drops it, and answers
    // while the client has sent only that much.
    let head = format!(
        "PUT /v1/blobs/{} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {token}\r\nlianxin-protocol: {PROTOCOL_VERSION}\r\ncontent-length: {}\r\n\r\n",
        sha(&doc),
        1u64 << 30
    );
    let sent = vec![7u8; MAX_BLOB * 4 + 1];
    let started = Instant::now();
    let (status, text) = raw_http(&server.base, &head, &sent, Duration::ZERO).unwrap();
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("too_large"), "{text}");
    assert!(started.elapsed() < Duration::from_secs(20));
    let client = server.client(&token);
    assert_eq!(missing(&client, &[&sha(&doc)]).len(), 1);
    // And a push body past its own limit is 413 the same way.
    let head = format!(
        "POST /v1/push HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {token}\r\nlianxin-protocol: {PROTOCOL_VERSION}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        1u64 << 30
    );
    let (status, text) = raw_http(
        &server.base,
        &head,
        &vec![b' '; (64 << 10) * 4 + 1],
        Duration::ZERO,
    )
    .unwrap();
    assert_eq!(status, 413, "{text}");
}

fn a_slow_request_is_answered_503_at_the_timeout(url: &str) {
    let server = TestServer::start(
        url,
        Limits {
            timeout: Duration::from_secs(1),
            ..roomy()
        },
    );
    let token = server.zone("慢速园区");
    let doc = file(14, 1000);
    // The headers, a few bytes of the body, then nothing for three seconds (a stalled or
    // deliberately slow client holding a connection).
    let head = format!(
        "PUT /v1/blobs/{} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {token}\r\nlianxin-protocol: {PROTOCOL_VERSION}\r\ncontent-length: {}\r\n\r\n",
        sha(&doc),
        doc.len()
    );
    let started = Instant::now();
    let addr = server.base.trim_start_matches("http://").to_owned();
    let answer = std::thread::spawn(move || {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(&doc[..10]).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut answer = Vec::new();
        let mut buf = vec![0u8; 4096];
        while let Ok(n @ 1..) = s.read(&mut buf) {
            answer.extend_from_slice(&buf[..n]);
            if String::from_utf8_lossy(&answer).contains("timeout") {
                break;
            }
        }
        String::from_utf8_lossy(&answer).to_string()
    })
    .join()
    .unwrap();
    let took = started.elapsed();
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("timeout"), "{answer}");
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(5),
        "{took:?}"
    );
    assert_eq!(
        missing(&server.client(&token), &[&sha(&file(14, 1000))]).len(),
        1
    );
    // The server still answers others.
    assert_eq!(server.client(&token).pull(0, 1).status, 200);
}

fn stalled_headers_are_cut_off_at_the_header_timeout(url: &str) {
    use std::io::{Read, Write};
    let server = TestServer::start_with(url, roomy(), Duration::from_secs(1));
    let token = server.zone("慢速请求头");
    let addr = server.base.trim_start_matches("http://").to_owned();
    // Half a request line, then silence (the request's own timeout has not started: no request
    // has been read yet).
    let started = Instant::now();
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    s.write_all(b"GET /v1/pull?after=0 HTTP/1.1\r\nhost: x\r\nlianxin-prot")
        .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut buf = [0u8; 1024];
    let closed = matches!(s.read(&mut buf), Ok(0) | Err(_));
    let took = started.elapsed();
    assert!(closed, "the connection is closed, not answered");
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(5),
        "{took:?}"
    );
    // Others are served meanwhile and after.
    assert_eq!(server.client(&token).pull(0, 1).status, 200);
}

fn token_guessing_is_throttled_429_per_address(url: &str) {
    let server = TestServer::start(
        url,
        Limits {
            auth_failures_per_second: 0.001,
            auth_failure_burst: 5,
            ..roomy()
        },
    );
    let good = server.client(&server.zone("限流园区"));
    // A good token's requests never count.
    for _ in 0..20 {
        assert_eq!(good.pull(0, 1).status, 200);
    }
    for i in 0..5 {
        let guess = Client {
            token: Some(format!("lx1_{i:064x}")),
            ..good.clone()
        };
        assert_eq!(guess.pull(0, 1).status, 401, "guess {i}");
    }
    let guess = Client {
        token: Some(format!("lx1_{:064x}", 99)),
        ..good.clone()
    };
    let refused = guess.pull(0, 1);
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
    let no_token = Client {
        token: None,
        ..good.clone()
    };
    assert_eq!(
        no_token.pull(0, 1).status,
        429,
        "no token at all counts as a guess"
    );
    // Until the bucket refills, this address is answered 429 before any lookup, good token or
    // not (behind one proxy, the price of a guesser among its clients); /health still answers.
    assert_eq!(good.pull(0, 1).status, 429);
    assert_eq!(good.send("GET", "/health", &[], None).status, 200);
}
