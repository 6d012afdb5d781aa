//! 连心 core: the whole domain, free of Tauri and of any GUI. Front ends (the desktop app, the
//! CLI, the sync server) are thin layers over these functions.

pub mod backup;
pub mod blob;
pub mod calendar;
pub mod day;
pub mod generate;
pub mod error;
pub mod hlc;
pub mod io;
pub mod model;
pub mod registry;
pub mod search;
pub mod search_doc;
pub mod store;
pub mod sync;
pub mod uscc;

pub use error::{CoreError, Result};
pub use store::Store;
