//! The handlers: health, push, pull (the blob routes are `blobs.rs`).

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};
use http_body_util::BodyExt;
use lianxin_protocol::{
    ErrorCode, Health, PullPage, PushAck, PushPage, MAX_PULL_CHANGES, MAX_PUSH_CHANGES,
    MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, SCHEMA_HEADER, SCHEMA_VERSION,
};
use serde::Deserialize;

use crate::app::{AppState, ZoneId};
use crate::ServerError;

pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let (status, word) = match state.storage.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::warn!(error = %e, "health: storage unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable")
        }
    };
    let health = Health {
        status: word.into(),
        protocol: PROTOCOL_VERSION,
        min_protocol: MIN_PROTOCOL_VERSION,
        schema: SCHEMA_VERSION,
        time_ms: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_millis() as i64),
        max_blob_bytes: Some(state.max_blob as u64),
    };
    (status, Json(health))
}

pub async fn push(
    State(state): State<AppState>,
    Extension(ZoneId(zone)): Extension<ZoneId>,
    body: Body,
) -> Result<Json<PushAck>, ServerError> {
    let bytes = read_body(body, state.max_body).await?;
    let page: PushPage = serde_json::from_slice(&bytes)
        .map_err(|e| ServerError::refused_with(ErrorCode::Malformed, e))?;
    if page.changes.len() > MAX_PUSH_CHANGES {
        return Err(ServerError::refused_with(
            ErrorCode::TooLarge,
            format!(
                "一页最多 {MAX_PUSH_CHANGES} 条，收到 {} 条",
                page.changes.len()
            ),
        ));
    }
    if let Some(newer) = page.changes.iter().find(|c| c.schema > SCHEMA_VERSION) {
        return Err(ServerError::refused_with(
            ErrorCode::ServerTooOld,
            format!("数据版本 {}，服务器只认识到 {SCHEMA_VERSION}", newer.schema),
        ));
    }
    if let Some(bad) = page
        .changes
        .iter()
        .find(|c| c.hlc < 0 || c.device.is_empty() || c.entity.is_empty())
    {
        return Err(ServerError::refused_with(
            ErrorCode::Malformed,
            format!("变更 {}/{} 缺少设备、实体或时间戳", bad.entity, bad.hlc),
        ));
    }
    state.storage.push(zone, &page.changes).await?;
    let ack = PushAck {
        count: page.changes.len() as u32,
        last: page.changes.last().map(|c| c.id()),
    };
    Ok(Json(ack))
}

#[derive(Debug, Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    after: i64,
    limit: Option<usize>,
}

pub async fn pull(
    State(state): State<AppState>,
    Extension(ZoneId(zone)): Extension<ZoneId>,
    headers: HeaderMap,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<PullPage>, ServerError> {
    let Query(query) =
        query.map_err(|e| ServerError::refused_with(ErrorCode::Malformed, e.body_text()))?;
    let client_schema = headers
        .get(SCHEMA_HEADER)
        .and_then(|v| v.to_str().ok()?.trim().parse::<u32>().ok())
        .ok_or_else(|| {
            ServerError::refused_with(ErrorCode::Malformed, format!("缺少请求头 {SCHEMA_HEADER}"))
        })?;
    let limit = query
        .limit
        .unwrap_or(MAX_PULL_CHANGES)
        .clamp(1, MAX_PULL_CHANGES);
    // One more than asked tells whether more wait.
    let mut changes = state.storage.pull(zone, query.after, limit + 1).await?;
    let mut more = changes.len() > limit;
    changes.truncate(limit);
    // A page ends before the first change the client's schema cannot read: the client applies
    // what it can, and its next pull is refused with the reason.
    if let Some(i) = changes.iter().position(|c| c.change.schema > client_schema) {
        if i == 0 {
            return Err(ServerError::refused_with(
                ErrorCode::SchemaTooNew,
                format!(
                    "数据版本 {}，本机版本 {client_schema}",
                    changes[0].change.schema
                ),
            ));
        }
        changes.truncate(i);
        more = true;
    }
    let next = changes.last().map_or(query.after, |c| c.seq);
    Ok(Json(PullPage {
        changes,
        next,
        more,
    }))
}

/// How much more than the limit is read and thrown away before a 413, so the client, still
/// sending, gets the answer instead of a reset connection.
const DRAIN_FACTOR: usize = 4;

/// Reads a body of at most `max` bytes. A larger one is 413: read on (and dropped) up to
/// `DRAIN_FACTOR` times the limit so the answer reaches the client, then answered.
pub(crate) async fn read_body(mut body: Body, max: usize) -> Result<Vec<u8>, ServerError> {
    let (mut bytes, mut total) = (Vec::new(), 0usize);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| ServerError::refused_with(ErrorCode::Malformed, e))?;
        // Trailers carry no data.
        let Ok(chunk) = frame.into_data() else {
            continue;
        };
        total += chunk.len();
        if total <= max {
            bytes.extend_from_slice(&chunk);
        } else if total > max.saturating_mul(DRAIN_FACTOR) {
            break;
        }
    }
    if total > max {
        return Err(ServerError::refused_with(
            ErrorCode::TooLarge,
            format!("请求超过 {max} 字节"),
        ));
    }
    Ok(bytes)
}
