//! The HTTP application: routes, and the layers every request passes (log and timeout, protocol
//! version, token and rate limit). The body limits are the handlers' (`routes::read_body`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use lianxin_protocol::{ErrorCode, MIN_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION};
use tracing::Instrument;

use crate::rate::RateLimiter;
use crate::storage::Storage;
use crate::{blobs, routes, token, ServerError};

/// The limits a server enforces; `serve`'s flags set them.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body of a push, in bytes (413 beyond).
    pub max_body: usize,
    /// Largest file a device may upload (`PUT /v1/blobs/…`), in bytes (413 beyond). Files are
    /// stored in the database and read whole into memory, so this bounds a request's memory too.
    pub max_blob: usize,
    /// Requests per second a token may make on average…
    pub rate_per_second: f64,
    /// …and in one burst.
    pub burst: u32,
    /// Longest a request may take before it is answered 503 `timeout`.
    pub timeout: Duration,
    /// Refused tokens (missing, unknown, revoked) one peer address may present per second on
    /// average, and in one burst; beyond, the address gets 429 before any token is looked up.
    pub auth_failures_per_second: f64,
    pub auth_failure_burst: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body: 8 << 20,
            max_blob: 25 << 20,
            rate_per_second: 50.0,
            burst: 500,
            timeout: Duration::from_secs(30),
            auth_failures_per_second: 1.0,
            auth_failure_burst: 30,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub storage: Arc<dyn Storage>,
    pub max_body: usize,
    pub max_blob: usize,
    limiter: Arc<RateLimiter>,
    failures: Arc<RateLimiter<IpAddr>>,
}

/// The zone an authorised request may read and write (put there by `authorize`).
#[derive(Debug, Clone, Copy)]
pub struct ZoneId(pub i64);

pub fn router(storage: Arc<dyn Storage>, limits: &Limits) -> Router {
    let limiter = Arc::new(RateLimiter::new(limits.rate_per_second, limits.burst));
    let failures = Arc::new(RateLimiter::new(
        limits.auth_failures_per_second,
        limits.auth_failure_burst,
    ));
    let state = AppState {
        storage,
        max_body: limits.max_body,
        max_blob: limits.max_blob,
        limiter,
        failures,
    };
    let data = Router::new()
        .route("/v1/push", post(routes::push))
        .route("/v1/pull", get(routes::pull))
        .route("/v1/blobs/missing", post(blobs::missing))
        // Every other path under /v1/blobs/ comes here (behind the token), so a path that is no
        // hash (`..`, a slash, an escape) is refused 400 by the handler, not routed elsewhere.
        .route("/v1/blobs/{*path}", put(blobs::put).get(blobs::get))
        .route_layer(from_fn_with_state(state.clone(), authorize))
        .route_layer(from_fn(check_protocol));
    let timeout = limits.timeout;
    Router::new()
        .merge(data)
        .route("/health", get(routes::health))
        .fallback(|| async { (axum::http::StatusCode::NOT_FOUND, "没有这个地址") })
        .layer(from_fn(move |req, next| {
            log_and_time_out(timeout, req, next)
        }))
        .with_state(state)
}

/// One span per request with its method, path and (once known) token; one line at its end.
async fn log_and_time_out(timeout: Duration, req: Request, next: Next) -> Response {
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        path = %req.uri().path(),
        token = tracing::field::Empty,
        zone = tracing::field::Empty,
    );
    let started = Instant::now();
    let response = match tokio::time::timeout(timeout, next.run(req).instrument(span.clone())).await
    {
        Ok(response) => response,
        Err(_) => ServerError::refused(ErrorCode::Timeout).into_response(),
    };
    let _enter = span.enter();
    tracing::info!(
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "answered"
    );
    response
}

/// Refuses a client whose protocol this server does not speak, before anything else.
async fn check_protocol(req: Request, next: Next) -> Result<Response, ServerError> {
    let version = req
        .headers()
        .get(PROTOCOL_HEADER)
        .and_then(|v| v.to_str().ok()?.trim().parse::<u32>().ok());
    match version {
        Some(v) if v > PROTOCOL_VERSION => Err(ServerError::refused_with(
            ErrorCode::ServerTooOld,
            format!("客户端协议 {v}，服务器协议 {PROTOCOL_VERSION}"),
        )),
        Some(v) if v >= MIN_PROTOCOL_VERSION => Ok(next.run(req).await),
        // No header: a client from before the protocol was versioned, or not 连心 at all.
        other => Err(ServerError::refused_with(
            ErrorCode::ClientTooOld,
            format!(
                "客户端协议 {}，服务器要求 {MIN_PROTOCOL_VERSION}–{PROTOCOL_VERSION}",
                other.map_or("未知".into(), |v| v.to_string())
            ),
        )),
    }
}

/// Resolves the bearer token to its zone, or refuses; then takes one from its rate bucket.
/// A peer that presented too many refused tokens lately is answered 429 before its token is
/// looked up (guessing is slowed to `auth_failures_per_second`; a good token is never
/// counted). Behind a proxy every client is the proxy's address: then a flood of bad tokens
/// slows everyone behind it, which is the price of not trusting forwarded headers.
async fn authorize(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, ServerError> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    state
        .failures
        .check(peer)
        .map_err(ServerError::RateLimited)?;
    let refuse = |code: ErrorCode| {
        let _ = state.failures.take(peer);
        tracing::warn!(%peer, ?code, "token refused");
        ServerError::refused(code)
    };
    let Some(presented) = bearer(req.headers()) else {
        return Err(refuse(ErrorCode::Unauthorized));
    };
    let hash = token::hash(presented);
    let record = state.storage.find_token(&hash).await?;
    let record = match record {
        Some(r) if token::matches(&hash, &r.hash) => r,
        _ => return Err(refuse(ErrorCode::Unauthorized)),
    };
    // Logged before the revoked check, so the log shows which lost laptop still knocks.
    let span = tracing::Span::current();
    span.record("token", record.id);
    span.record("zone", record.zone_id);
    if record.revoked {
        return Err(refuse(ErrorCode::Revoked));
    }
    state
        .limiter
        .take(record.id)
        .map_err(ServerError::RateLimited)?;
    req.extensions_mut().insert(ZoneId(record.zone_id));
    Ok(next.run(req).await)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}
