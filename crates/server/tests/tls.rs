//! HTTPS with rustls from a certificate and key given as PEM files.

mod common;

use std::io::{Read, Write};
use std::process::Command;
use std::sync::Arc;

use lianxin_server::serve::{serve_tls_on, TlsFiles};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;

#[test]
fn serves_https_with_the_given_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let files = TlsFiles {
        cert: dir.path().join("cert.pem"),
        key: dir.path().join("key.pem"),
    };
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "2",
        ])
        .args([
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
        ])
        // A server certificate, not a CA (rustls refuses a CA certificate as a server's).
        .args([
            "-addext",
            "basicConstraints=critical,CA:FALSE",
            "-addext",
            "extendedKeyUsage=serverAuth",
        ])
        .arg("-keyout")
        .arg(&files.key)
        .arg("-out")
        .arg(&files.cert)
        .output()
        .expect("openssl makes the test's certificate (Debian: openssl)");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let url = format!("sqlite://{}", dir.path().join("server.db").display());
    let storage = runtime.block_on(lianxin_server::open(&url)).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let app = lianxin_server::router(storage.clone(), &common::roomy());
    let served = files.clone();
    runtime.spawn(async move { serve_tls_on(listener, app, &served).await });

    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_file(&files.cert).unwrap())
        .unwrap();
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let conn =
        rustls::ClientConnection::new(Arc::new(config), "localhost".try_into().unwrap()).unwrap();
    let mut tls = rustls::StreamOwned::new(conn, std::net::TcpStream::connect(addr).unwrap());
    tls.write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    // The server may close without a TLS close_notify; what arrived before is the answer.
    let _ = tls.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""status":"ok""#), "{answer}");

    // A missing key file is a clear error at start, not a server that cannot handshake.
    let missing = TlsFiles {
        cert: files.cert.clone(),
        key: dir.path().join("none.pem"),
    };
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let app = lianxin_server::router(storage, &common::roomy());
    let err = runtime
        .block_on(serve_tls_on(listener, app, &missing))
        .unwrap_err();
    assert!(
        err.to_string().starts_with("TLS 证书或私钥无法读取"),
        "{err}"
    );
}
