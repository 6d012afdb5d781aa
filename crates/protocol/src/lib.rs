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
//! 3. On 429 wait `Retry-After` seconds, on 503 retry later, on 426 tell the user to upgrade; a
//!    401 means the token is wrong or revoked.
//!
//! Changing a type here in a way an older peer cannot read means a new [`PROTOCOL_VERSION`];
//! adding an optional field does not.

mod change;
mod error;
mod messages;

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
