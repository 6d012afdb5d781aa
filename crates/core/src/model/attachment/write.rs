//! Adding, editing and deleting attachments. A row and its file are written together: the
//! files go into the attachments folder inside the row's transaction (under the store's one
//! connection lock), and if anything fails the files this call created are taken back, so
//! there is never a row without its file, nor a new file without its row.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::media;
use super::record::{Attachment, AttachmentKind, OwnerKind, PhotoRole};
use crate::blob::{Blobs, Variant};
use crate::error::{CoreError, Result};
use crate::model::{new_id, text};
use crate::store::{get, Store};

/// What 添加照片/文件 sends: the owner and the path the open dialog gave.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct AttachInput {
    pub owner_kind: OwnerKind,
    pub owner_id: String,
    pub path: String,
    /// A project photo's place; 过程 when not given. Ignored for documents and other owners.
    pub role: Option<PhotoRole>,
    pub caption: Option<String>,
}

/// An edit of an attachment's caption and (a project photo's) role.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct AttachmentEdit {
    pub caption: Option<String>,
    pub role: Option<PhotoRole>,
}

const CAPTION_MAX: usize = 200;

/// The blob folder of a store: beside its database file.
pub fn blobs(store: &Store) -> Blobs {
    Blobs::beside(store.path())
}

fn caption(s: &Option<String>) -> Result<Option<String>> {
    let c = text::opt(s);
    if let Some(c) = &c {
        text::limit("caption", "说明", c, CAPTION_MAX)?;
    }
    Ok(c)
}

fn live_owner(conn: &Connection, kind: OwnerKind, id: &str) -> Result<()> {
    let sql = format!("SELECT 1 FROM {} WHERE id = ?1 AND deleted = 0", kind.table());
    let found: Option<i64> = conn.query_row(&sql, [id], |r| r.get(0)).optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(CoreError::validation("owner_id", format!("所选{}不存在或已删除", kind.zh()))),
    }
}

/// Whether a live attachment still names the file `sha256`.
fn referenced(conn: &Connection, sha256: &str) -> Result<bool> {
    let n: i64 = conn.query_row("SELECT count(*) FROM attachments WHERE sha256 = ?1 AND deleted = 0", [sha256], |r| r.get(0))?;
    Ok(n > 0)
}

/// Takes back files this call created when its row was not written, unless another row came
/// to name them meanwhile.
fn take_back(store: &Store, sha256: &str, created: &[PathBuf]) {
    if created.is_empty() || store.read(|c| referenced(c, sha256)).unwrap_or(true) {
        return;
    }
    for p in created {
        let _ = std::fs::remove_file(p);
    }
}

/// Attaches the file at `input.path` to its owner. Every check of the file happens before
/// anything is written; the same bytes attached twice (here or to another owner) are stored once.
pub fn add(store: &Store, input: &AttachInput) -> Result<Attachment> {
    let owner_id = input.owner_id.trim().to_string();
    if owner_id.is_empty() {
        return Err(CoreError::validation("owner_id", format!("请先保存{}再添加附件", input.owner_kind.zh())));
    }
    let caption = caption(&input.caption)?;
    store.read(|c| live_owner(c, input.owner_kind, &owner_id))?;
    let m = media::read(Path::new(&input.path))?;
    let role = match (input.owner_kind, m.kind) {
        (OwnerKind::Project, AttachmentKind::Photo) => Some(input.role.unwrap_or(PhotoRole::Other)),
        _ => None,
    };
    let blobs = blobs(store);
    let mut created = Vec::new();
    let written = store.write(|w| {
        live_owner(w.conn(), input.owner_kind, &owner_id)?;
        let mut files = vec![(Variant::Original, &m.bytes)];
        if let Some(p) = &m.photo {
            files.push((Variant::Preview, &p.preview));
            files.push((Variant::Thumb, &p.thumb));
        }
        for (variant, bytes) in files {
            created.extend(blobs.put(&m.sha256, variant, bytes)?);
        }
        let a = Attachment {
            id: new_id(),
            owner_kind: input.owner_kind,
            owner_id: owner_id.clone(),
            sha256: m.sha256.clone(),
            file_name: m.file_name.clone(),
            mime: m.mime.clone(),
            byte_size: m.bytes.len() as i64,
            kind: m.kind,
            role,
            caption,
            width: m.photo.as_ref().map(|p| p.width as i32),
            height: m.photo.as_ref().map(|p| p.height as i32),
            created_at: String::new(),
            updated_at: String::new(),
        };
        w.insert(&a)?;
        get::<Attachment>(w.conn(), &a.id)
    });
    if written.is_err() {
        take_back(store, &m.sha256, &created);
    }
    written
}

/// Edits the caption and, for a project's photo, its role (施工前/施工后/过程).
pub fn update(store: &Store, id: &str, edit: &AttachmentEdit) -> Result<Attachment> {
    let caption = caption(&edit.caption)?;
    store.write(|w| {
        let old: Attachment = get(w.conn(), id)?;
        let role = match (old.owner_kind, old.kind) {
            (OwnerKind::Project, AttachmentKind::Photo) => edit.role.or(old.role),
            _ => None,
        };
        let new = Attachment { caption, role, ..old.clone() };
        w.update(&old, &new)?;
        get(w.conn(), id)
    })
}

/// Tombstones the attachment; its file goes when no live attachment names it any more.
pub fn delete(store: &Store, id: &str) -> Result<()> {
    let a: Attachment = store.write(|w| {
        let a: Attachment = get(w.conn(), id)?;
        w.tombstone(&a)?;
        Ok(a)
    })?;
    // The row is gone either way; a file left behind is swept by `collect_garbage`.
    let _ = store.read(|c| {
        if !referenced(c, &a.sha256)? {
            blobs(store).remove(&a.sha256)?;
        }
        Ok(())
    });
    Ok(())
}

/// What garbage collection removed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Collected {
    pub files: u32,
    #[specta(type = f64)]
    pub bytes: u64,
}

/// Removes the stored files no live attachment names (left by a delete that could not remove
/// them, or by a crash between a file and its row), and temporary files a crash left behind.
pub fn collect_garbage(store: &Store) -> Result<Collected> {
    let blobs = blobs(store);
    // Under the connection lock, so no add can be between its file and its row.
    store.read(|c| {
        let (hashes, stale) = blobs.scan()?;
        let mut out = Collected::default();
        for h in hashes {
            if !referenced(c, &h)? {
                out.bytes += blobs.remove(&h)?;
                out.files += 1;
            }
        }
        for p in stale {
            out.bytes += std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
            std::fs::remove_file(&p)?;
            out.files += 1;
        }
        Ok(out)
    })
}
