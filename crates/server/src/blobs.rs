//! The blob routes: attachment files by SHA-256, per zone. Every body is checked against the
//! hash in its path before it is stored, every path is checked before anything is read.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use lianxin_protocol::{
    is_sha256, BlobQuery, BlobsMissing, ErrorCode, BLOB_SHA_HEADER, MAX_BLOB_QUERY,
    PREVIEW_OF_HEADER,
};
use sha2::{Digest, Sha256};

use crate::app::{AppState, ZoneId};
use crate::routes::read_body;
use crate::ServerError;

const PREFIX: &str = "/v1/blobs/";

/// The hash a path names, taken from the raw path (before any percent-decoding), so `%2e%2e`,
/// an escaped slash or an upper-case hash is refused as it was sent.
fn hash_of(uri: &Uri) -> Result<String, ServerError> {
    let raw = uri.path().strip_prefix(PREFIX).unwrap_or(uri.path());
    if is_sha256(raw) {
        Ok(raw.to_owned())
    } else {
        let shown: String = raw.chars().take(80).collect();
        Err(ServerError::refused_with(
            ErrorCode::Malformed,
            format!("附件地址“{shown}”不是 64 位小写十六进制的 SHA-256 校验值"),
        ))
    }
}

/// `POST /v1/blobs/missing`: which of the hashes the zone holds no file for.
pub async fn missing(
    State(state): State<AppState>,
    Extension(ZoneId(zone)): Extension<ZoneId>,
    body: Body,
) -> Result<Json<BlobsMissing>, ServerError> {
    let bytes = read_body(body, state.max_body).await?;
    let query: BlobQuery = serde_json::from_slice(&bytes)
        .map_err(|e| ServerError::refused_with(ErrorCode::Malformed, e))?;
    if query.hashes.len() > MAX_BLOB_QUERY {
        return Err(ServerError::refused_with(
            ErrorCode::TooLarge,
            format!(
                "一次最多询问 {MAX_BLOB_QUERY} 个文件，收到 {} 个",
                query.hashes.len()
            ),
        ));
    }
    if let Some(bad) = query.hashes.iter().find(|h| !is_sha256(h)) {
        let shown: String = bad.chars().take(80).collect();
        return Err(ServerError::refused_with(
            ErrorCode::Malformed,
            format!("“{shown}”不是 64 位小写十六进制的 SHA-256 校验值"),
        ));
    }
    let missing = state.storage.blobs_missing(zone, &query.hashes).await?;
    Ok(Json(BlobsMissing { missing }))
}

/// `PUT /v1/blobs/{sha256}`: stores the body if its SHA-256 is the path's; 201 when stored,
/// 200 when the zone held it already (a retry or another device's upload).
pub async fn put(
    State(state): State<AppState>,
    Extension(ZoneId(zone)): Extension<ZoneId>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, ServerError> {
    let hash = hash_of(&uri)?;
    let preview_of = match headers.get(PREVIEW_OF_HEADER) {
        None => None,
        Some(v) => match v.to_str().ok().filter(|v| is_sha256(v)) {
            Some(v) => Some(v.to_owned()),
            None => {
                return Err(ServerError::refused_with(
                    ErrorCode::Malformed,
                    format!("请求头 {PREVIEW_OF_HEADER} 不是 SHA-256 校验值"),
                ))
            }
        },
    };
    let bytes = read_body(body, state.max_blob).await?;
    if bytes.is_empty() {
        return Err(ServerError::refused_with(
            ErrorCode::Malformed,
            "附件文件是空的",
        ));
    }
    let got = hex::encode(Sha256::digest(&bytes));
    if got != hash {
        return Err(ServerError::refused_with(
            ErrorCode::Malformed,
            format!("附件内容的校验值 {got} 与地址中的 {hash} 不符，文件可能在传输中损坏"),
        ));
    }
    let created = state
        .storage
        .put_blob(zone, &hash, preview_of.as_deref(), bytes)
        .await?;
    Ok(if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    })
}

/// `GET /v1/blobs/{sha256}`: the file, or a photo's downscaled copy when the path names its
/// original; 404 when the zone holds neither (whatever another zone holds).
pub async fn get(
    State(state): State<AppState>,
    Extension(ZoneId(zone)): Extension<ZoneId>,
    uri: Uri,
) -> Result<Response, ServerError> {
    let hash = hash_of(&uri)?;
    let Some(blob) = state.storage.get_blob(zone, &hash).await? else {
        return Err(ServerError::refused(ErrorCode::NotFound));
    };
    let mut response = (StatusCode::OK, blob.bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(v) = HeaderValue::from_str(&blob.sha256) {
        headers.insert(BLOB_SHA_HEADER, v);
    }
    if let Some(v) = blob
        .preview_of
        .as_deref()
        .and_then(|p| HeaderValue::from_str(p).ok())
    {
        headers.insert(PREVIEW_OF_HEADER, v);
    }
    Ok(response)
}
