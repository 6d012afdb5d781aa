//! 连心's sync server: holds the change logs of many zones, serves each zone only to the tokens
//! bound to it. The wire types are `lianxin_protocol`'s; this crate links neither core nor its
//! spreadsheet and pinyin dependencies.

pub mod admin;
pub mod app;
mod blobs;
mod error;
pub mod load;
mod rate;
mod routes;
pub mod serve;
pub mod storage;
pub mod token;

pub use app::{router, Limits};
pub use error::ServerError;
pub use storage::{open, Storage};

#[cfg(test)]
mod tests {
    /// The rule: the server links neither core nor its spreadsheet, pinyin and SQLite
    /// stack, directly or through the protocol crate.
    #[test]
    fn the_server_does_not_depend_on_core() {
        for manifest in [
            include_str!("../Cargo.toml"),
            include_str!("../../protocol/Cargo.toml"),
        ] {
            assert!(!manifest.contains("lianxin-core"), "{manifest}");
        }
    }
}
