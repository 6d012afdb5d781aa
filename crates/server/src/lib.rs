//! 连心's sync server: holds the change logs of many zones, serves each zone only to the tokens
//! bound to it. The wire types are `lianxin_protocol`'s; this crate links neither core nor its
//! spreadsheet and pinyin dependencies.

pub mod admin;
pub mod app;
mod error;
mod rate;
mod routes;
pub mod serve;
pub mod storage;
pub mod token;

pub use app::{router, Limits};
pub use error::ServerError;
pub use storage::{open, Storage};
