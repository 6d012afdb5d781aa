//! Where the database lives and the open store the commands share.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use lianxin_core::Store;

use crate::error::AppError;

/// The open store, or why it could not be opened (e.g. a database from a newer version); the
/// UI shows that message instead of the app. Behind a lock so a restore can put a freshly
/// opened store in its place (commands already running keep the one they took).
pub struct AppState {
    store: RwLock<Result<Arc<Store>, AppError>>,
    path: PathBuf,
}

impl AppState {
    pub fn open(path: PathBuf) -> Self {
        let store = Store::open(&path).map(Arc::new).map_err(AppError::from);
        AppState { store: RwLock::new(store), path }
    }

    pub fn store(&self) -> Result<Arc<Store>, AppError> {
        self.store.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The database file, opened or not (backups live beside it).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the file again (after a restore replaced its content).
    pub fn reopen(&self) -> Result<Arc<Store>, AppError> {
        let store = Store::open(&self.path).map(Arc::new).map_err(AppError::from);
        *self.store.write().unwrap_or_else(|e| e.into_inner()) = store.clone();
        store
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
