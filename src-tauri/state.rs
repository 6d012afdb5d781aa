//! Where the database lives and the open store the commands share.

use std::path::PathBuf;
use std::sync::Arc;

use lianxin_core::Store;

use crate::error::AppError;

/// The open store, or why it could not be opened (e.g. a database from a newer version); the
/// UI shows that message instead of the app.
pub struct AppState {
    pub store: Result<Arc<Store>, AppError>,
}

impl AppState {
    pub fn open(path: PathBuf) -> Self {
        AppState { store: Store::open(&path).map(Arc::new).map_err(AppError::from) }
    }

    pub fn store(&self) -> Result<Arc<Store>, AppError> {
        self.store.clone()
    }
}

/// The data folder: `LIANXIN_DATA_DIR` if set (tests, portable installs), else the OS's
/// app-data folder.
pub fn data_dir(os_default: Option<PathBuf>) -> PathBuf {
    std::env::var_os("LIANXIN_DATA_DIR")
        .map(PathBuf::from)
        .or(os_default)
        .unwrap_or_else(|| PathBuf::from("."))
}

pub const DB_FILE: &str = "lianxin.db";
