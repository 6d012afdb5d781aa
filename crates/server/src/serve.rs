//! Listening: plain HTTP, or HTTPS with rustls (ring provider) when a certificate is given.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;

use crate::ServerError;

/// PEM files of the server's certificate chain and private key.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Serves `app` on `addr` until Ctrl-C or SIGTERM, then finishes the requests under way.
pub async fn run(app: Router, addr: SocketAddr, tls: Option<TlsFiles>) -> Result<(), ServerError> {
    match tls {
        None => {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            // The bound address, so `--listen 127.0.0.1:0` says which port it got.
            tracing::info!(addr = %listener.local_addr()?, "listening (http)");
            serve_on(listener, app).await
        }
        Some(files) => {
            let listener = std::net::TcpListener::bind(addr)?;
            tracing::info!(addr = %listener.local_addr()?, "listening (https)");
            serve_tls_on(listener, app, &files).await
        }
    }
}

/// Serves HTTPS on a bound listener with the certificate and key in `files`.
pub async fn serve_tls_on(
    listener: std::net::TcpListener,
    app: Router,
    files: &TlsFiles,
) -> Result<(), ServerError> {
    // Several crates may bring a provider; this process uses ring's. Installing twice is
    // harmless (the second call is refused and ignored).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&files.cert, &files.key)
        .await
        .map_err(|e| {
            ServerError::Tls(format!(
                "{} / {}: {e}",
                files.cert.display(),
                files.key.display()
            ))
        })?;
    listener.set_nonblocking(true)?;
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        stopper.graceful_shutdown(Some(Duration::from_secs(30)));
    });
    axum_server::from_tcp_rustls(listener, config)?
        .handle(handle)
        .serve(app.into_make_service_with_connect_info::<SocketAddr>())
        .await?;
    Ok(())
}

/// How long a client may take to send a request's headers before its connection is closed. The
/// request's own timeout (`Limits::timeout`) starts only once the headers are in; without this a
/// client sending its headers a byte at a time would hold a connection for ever.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves plain HTTP on a bound listener (what `run` and the tests use).
pub async fn serve_on(listener: tokio::net::TcpListener, app: Router) -> Result<(), ServerError> {
    serve_on_with(listener, app, HEADER_TIMEOUT).await
}

/// `serve_on` with another header timeout (a test's, shorter). Served by axum-server, which
/// gives hyper a timer: axum's own `serve` does not, and without one hyper ignores its header
/// timeout.
pub async fn serve_on_with(
    listener: tokio::net::TcpListener,
    app: Router,
    header_timeout: Duration,
) -> Result<(), ServerError> {
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        stopper.graceful_shutdown(Some(Duration::from_secs(30)));
    });
    let mut server = axum_server::from_tcp(listener.into_std()?)?.handle(handle);
    server
        .http_builder()
        .http1()
        .header_read_timeout(header_timeout);
    // With the peer's address, which the refused-token limit is keyed by.
    server
        .serve(app.into_make_service_with_connect_info::<SocketAddr>())
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
    tracing::info!("shutting down");
}
