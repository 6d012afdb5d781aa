//! Content-addressed files beside the database: `<folder of the database>/attachments/<first two
//! hex digits>/<sha256>`, so the same bytes are stored once however many records name them, and
//! a file's name says what it must hold (sync can check what it carries). A photo's thumbnail
//! and downscaled copy sit beside the original, named after the original's hash, since they are
//! made from it. A file is written to a temporary name in its folder and renamed, so a crash
//! never leaves a half-written file under a real name. Knows nothing of records.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};

/// One stored form of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The bytes as the user gave them.
    Original,
    /// A photo downscaled for showing large and for sync (JPEG).
    Preview,
    /// A photo's list thumbnail (JPEG).
    Thumb,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::Original, Variant::Preview, Variant::Thumb];

    fn suffix(self) -> &'static str {
        match self {
            Variant::Original => "",
            Variant::Preview => ".preview.jpg",
            Variant::Thumb => ".thumb.jpg",
        }
    }
}

/// The folder of content-addressed files.
#[derive(Debug, Clone)]
pub struct Blobs {
    root: PathBuf,
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// A hash as this store writes it. Hashes also arrive in records from elsewhere (sync), so one
/// is checked before it becomes part of a path: never `..` or a separator.
fn checked(hash: &str) -> Result<&str> {
    if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Ok(hash)
    } else {
        Err(CoreError::Internal(format!("附件的校验值“{hash}”不是 SHA-256")))
    }
}

impl Blobs {
    /// The attachments folder beside the database file at `db`.
    pub fn beside(db: &Path) -> Blobs {
        let dir = db.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Blobs { root: dir.join("attachments") }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, hash: &str, variant: Variant) -> Result<PathBuf> {
        let hash = checked(hash)?;
        Ok(self.root.join(&hash[..2]).join(format!("{hash}{}", variant.suffix())))
    }

    pub fn has(&self, hash: &str, variant: Variant) -> bool {
        self.path(hash, variant).is_ok_and(|p| p.is_file())
    }

    /// Stores `bytes` as `variant` of `hash` unless that file is already there. Returns the
    /// path when this call created it (so a caller whose record then fails can take it back),
    /// None when it was there already.
    pub fn put(&self, hash: &str, variant: Variant, bytes: &[u8]) -> Result<Option<PathBuf>> {
        let path = self.path(hash, variant)?;
        if path.is_file() {
            return Ok(None);
        }
        let dir = path.parent().expect("a blob path has a folder");
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".{}.tmp-{}", path.file_name().unwrap_or_default().to_string_lossy(), uuid::Uuid::now_v7()));
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
        Ok(Some(path))
    }

    /// The bytes of `variant` of `hash`, or None when this device does not have that file.
    pub fn read(&self, hash: &str, variant: Variant) -> Result<Option<Vec<u8>>> {
        match std::fs::read(self.path(hash, variant)?) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes every stored form of `hash`, returning the bytes freed.
    pub fn remove(&self, hash: &str) -> Result<u64> {
        let mut freed = 0;
        for v in Variant::ALL {
            let p = self.path(hash, v)?;
            if let Ok(m) = std::fs::metadata(&p) {
                std::fs::remove_file(&p)?;
                freed += m.len();
            }
        }
        Ok(freed)
    }

    /// The hashes of every original or derived file in the folder, and the temporary files a
    /// crash left behind (for garbage collection).
    pub fn scan(&self) -> Result<(Vec<String>, Vec<PathBuf>)> {
        let mut hashes = Vec::new();
        let mut stale = Vec::new();
        let dirs = match std::fs::read_dir(&self.root) {
            Ok(d) => d,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((hashes, stale)),
            Err(e) => return Err(e.into()),
        };
        for dir in dirs {
            let dir = dir?.path();
            if !dir.is_dir() {
                continue;
            }
            for f in std::fs::read_dir(&dir)? {
                let p = f?.path();
                let name = p.file_name().unwrap_or_default().to_string_lossy().to_string();
                if name.starts_with('.') && name.contains(".tmp-") {
                    stale.push(p);
                } else if let Some(h) = name.get(..64).filter(|h| checked(h).is_ok()) {
                    if !hashes.iter().any(|x| x == h) {
                        hashes.push(h.to_string());
                    }
                }
            }
        }
        Ok((hashes, stale))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_bytes_are_stored_once_under_their_hash() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::beside(&dir.path().join("lianxin.db"));
        let h = sha256(b"abc");
        assert_eq!(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let first = blobs.put(&h, Variant::Original, b"abc").unwrap();
        assert_eq!(first.as_deref(), Some(dir.path().join("attachments/ba").join(&h).as_path()));
        assert_eq!(blobs.put(&h, Variant::Original, b"abc").unwrap(), None, "already there");
        assert_eq!(blobs.read(&h, Variant::Original).unwrap().as_deref(), Some(&b"abc"[..]));
        assert_eq!(blobs.read(&h, Variant::Thumb).unwrap(), None);
        let (hashes, stale) = blobs.scan().unwrap();
        assert_eq!((hashes, stale.len()), (vec![h.clone()], 0));
        assert_eq!(blobs.remove(&h).unwrap(), 3);
        assert!(!blobs.has(&h, Variant::Original));
    }

    #[test]
    fn a_hash_that_is_not_one_never_becomes_a_path() {
        let blobs = Blobs::beside(Path::new("/tmp/x.db"));
        for bad in ["../../etc/passwd", "", &"A".repeat(64), &format!("{}/", "a".repeat(63))] {
            assert!(blobs.path(bad, Variant::Original).is_err(), "{bad}");
        }
    }
}
