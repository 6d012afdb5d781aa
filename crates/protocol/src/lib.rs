//! The sync protocol between 连心's app and `lianxin-server`: serde types only, so the server
//! links neither core nor SQLite through it.
//!
//! # Version 1
//!
//! Every request carries the header [`PROTOCOL_HEADER`] with the client's [`PROTOCOL_VERSION`]
//! and, on pull, [`SCHEMA_HEADER`] with the client's database schema version. Data routes carry
//! `Authorization: Bearer <token>`; the token names the zone, so no route names one.
//!
//! | route | body | answer |
//! |---|---|---|
//! | `GET /health` (no token) | – | [`Health`] |
//! | `POST /v1/push` | [`PushPage`] | [`PushAck`] |
//! | `GET /v1/pull?after=CURSOR&limit=N` | – | [`PullPage`] |
//! | `POST /v1/blobs/missing` | [`BlobQuery`] (≤ [`MAX_BLOB_QUERY`] hashes) | [`BlobsMissing`] |
//! | `PUT /v1/blobs/{sha256}` (optional [`PREVIEW_OF_HEADER`]) | the file's bytes | 201 stored, 200 held already |
//! | `GET /v1/blobs/{sha256}` | – | the bytes, with [`BLOB_SHA_HEADER`]; 404 [`ErrorCode::NotFound`] |
//!
//! Blobs belong to the token's zone like changes: another zone's token gets 404 for a hash this
//! zone holds. `{sha256}` is exactly 64 lower-case hex digits ([`is_sha256`]); anything else is
//! 400 before anything is read or stored. A body whose SHA-256 is not its path is 400; one over
//! the server's blob limit ([`Health::max_blob_bytes`]) is 413. `blobs.rs` says why a photo
//! travels as its downscaled copy.
//!
//! A failure answers its HTTP status and an [`ErrorBody`]: a machine-readable [`ErrorCode`] and
//! a Chinese message a client may show as it is. A client whose protocol the server does not
//! speak gets 426 with [`ErrorCode::ClientTooOld`] or [`ErrorCode::ServerTooOld`].
//!
//! # A sync, step by step
//!
//! 1. Push: send the outbox in [`PushPage`]s of at most [`MAX_PUSH_CHANGES`], oldest first,
//!    starting after the last change a [`PushAck`] acknowledged. A page whose answer was lost is
//!    simply sent again: the server stores a change once per zone, by its [`ChangeId`].
//! 2. Pull: ask for the changes after the last [`Cursor`] kept from a [`PullPage`] (0 at first)
//!    until `more` is false; keep `next` only once the page is applied. The page holds the
//!    client's own changes too (it recognises them by device).
//! 3. Files: ask which of the files this device's records name the server lacks
//!    (`/v1/blobs/missing`), upload those; ask which of the files it lacks itself the server
//!    holds, download those and check each body's hash before keeping it. Nothing is queued:
//!    each sync works out again what is missing, so a file that failed goes next time.
//! 4. On 429 wait `Retry-After` seconds, on 503 retry later, on 426 tell the user to upgrade; a
//!    401 means the token is wrong or revoked.
//!
//! Changing a type here in a way an older peer cannot read means a new [`PROTOCOL_VERSION`];
//! adding an optional field does not. Nor does adding routes: the blob routes came after
//! version 1 without a new version, because an older client never calls them and a newer
//! client meets an older server's 404 on `/v1/blobs/missing`, then syncs records without files
//! (and says so); a new version would have cut older clients off from records for a feature
//! they can live without.

mod blobs;
mod change;
mod error;
mod messages;

pub use blobs::{
    is_sha256, BlobQuery, BlobsMissing, BLOB_SHA_HEADER, MAX_BLOB_QUERY, PREVIEW_OF_HEADER,
};
pub use change::{Change, ChangeId};
pub use error::{ErrorBody, ErrorCode};
pub use messages::{Cursor, Health, PullPage, PulledChange, PushAck, PushPage};

/// The protocol this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;
/// The oldest client protocol a server of this build still serves.
pub const MIN_PROTOCOL_VERSION: u32 = 1;
/// Request header carrying the client's [`PROTOCOL_VERSION`].
pub const PROTOCOL_HEADER: &str = "lianxin-protocol";
/// Request header carrying the client's database schema version (on pull).
pub const SCHEMA_HEADER: &str = "lianxin-schema";

/// The newest database schema (core's migrations, `PRAGMA user_version`) this build knows. A
/// server refuses changes written by a newer schema, and a client is refused a pull page holding
/// changes of a schema newer than its own. The test `schema_version_follows_core_migrations`
/// fails when core gains a migration and this is not raised with it.
pub const SCHEMA_VERSION: u32 = 13;

/// The most changes one push page may hold.
pub const MAX_PUSH_CHANGES: usize = 1000;
/// The most changes one pull page holds (a larger `limit` is cut to this).
pub const MAX_PULL_CHANGES: usize = 1000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_version_follows_core_migrations() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/src/store/migrations");
        let newest = std::fs::read_dir(dir)
            .expect("core's migrations folder")
            .filter_map(|e| e.ok()?.file_name().to_str()?.get(..4)?.parse::<u32>().ok())
            .max()
            .expect("at least one migration");
        assert_eq!(
            newest, SCHEMA_VERSION,
            "core has migration {newest}: raise lianxin_protocol::SCHEMA_VERSION with it"
        );
    }
}
