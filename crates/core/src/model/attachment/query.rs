//! Reading attachments: an owner's, with thumbnails as data URLs the webview shows directly; a
//! photo's downscaled copy; the original's path to open with the system; and, for a page of
//! owners, each one's photo count and first thumbnail in one query.

use std::collections::HashMap;
use std::path::PathBuf;

use base64::Engine;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::record::{Attachment, AttachmentKind, OwnerKind};
use super::write::blobs;
use crate::blob::{Blobs, Variant};
use crate::error::{CoreError, Result};
use crate::store::{entity_from_row, get, Entity, Store};

/// An attachment as a panel lists it.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct AttachmentView {
    pub attachment: Attachment,
    /// A photo's thumbnail as a `data:image/jpeg;base64,…` URL; none for documents, or when
    /// this device does not have the file.
    pub thumb: Option<String>,
    /// Whether the original is on this device (a synced photo may come with its copies only).
    pub has_original: bool,
}

/// An owner's photos for a list's thumbnail column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PhotoSummary {
    pub count: u32,
    /// The thumbnail of its latest 施工后 photo, else of its first one.
    pub thumb: Option<String>,
}

fn data_url(bytes: &[u8]) -> String {
    format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

fn thumb(blobs: &Blobs, a: &Attachment) -> Option<String> {
    if a.kind != AttachmentKind::Photo {
        return None;
    }
    blobs.read(&a.sha256, Variant::Thumb).ok().flatten().map(|b| data_url(&b))
}

/// An owner's live attachments in the order they were added.
pub fn of_owner(store: &Store, kind: OwnerKind, owner_id: &str) -> Result<Vec<Attachment>> {
    store.read(|c| {
        let sql = format!(
            "SELECT {} FROM attachments WHERE owner_id = ?1 AND owner_kind = ?2 AND deleted = 0 ORDER BY created_at, rowid",
            Attachment::TABLE.select_list()
        );
        let mut stmt = c.prepare_cached(&sql)?;
        let mut rows = stmt.query([owner_id, kind.as_str()])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(entity_from_row(r)?);
        }
        Ok(out)
    })
}

/// An attachment with its thumbnail, as a panel shows it.
pub fn view(store: &Store, a: Attachment) -> AttachmentView {
    let blobs = blobs(store);
    AttachmentView { thumb: thumb(&blobs, &a), has_original: blobs.has(&a.sha256, Variant::Original), attachment: a }
}

/// An owner's attachments with their thumbnails, for its panel.
pub fn views_of(store: &Store, kind: OwnerKind, owner_id: &str) -> Result<Vec<AttachmentView>> {
    Ok(of_owner(store, kind, owner_id)?.into_iter().map(|a| view(store, a)).collect())
}

/// A photo's downscaled copy (≤ 1600 px) as a data URL, for showing it large.
pub fn preview(store: &Store, id: &str) -> Result<String> {
    let a: Attachment = store.read(|c| get(c, id))?;
    if a.kind != AttachmentKind::Photo {
        return Err(CoreError::Attachment(format!("「{}」不是照片,没有预览", a.file_name)));
    }
    match blobs(store).read(&a.sha256, Variant::Preview)? {
        Some(b) => Ok(data_url(&b)),
        None => Err(CoreError::Attachment(format!("照片「{}」的文件不在本机(可能尚未同步)", a.file_name))),
    }
}

/// Where the original file is, to open it with the system's program. The stored file is named
/// by its hash; the caller copies it under its own name if the program needs the extension.
pub fn original(store: &Store, id: &str) -> Result<(Attachment, PathBuf)> {
    let a: Attachment = store.read(|c| get(c, id))?;
    let blobs = blobs(store);
    let path = blobs.path(&a.sha256, Variant::Original)?;
    if !path.is_file() {
        // Sync carries a photo's downscaled copy, never its original.
        if a.kind == AttachmentKind::Photo && blobs.has(&a.sha256, Variant::Preview) {
            return Err(CoreError::Attachment(format!(
                "照片「{}」的原图只保存在添加它的电脑上;本机有同步来的缩小图,可点开查看",
                a.file_name
            )));
        }
        return Err(CoreError::Attachment(format!("「{}」的原文件不在本机(可能尚未同步)", a.file_name)));
    }
    Ok((a, path))
}

/// For each of `ids` (owners of `kind`) that has photos: how many, and a thumbnail. One query
/// for the page, whatever its length.
pub fn photo_summaries(store: &Store, kind: OwnerKind, ids: &[&str]) -> Result<HashMap<String, PhotoSummary>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let firsts: Vec<(String, u32, String)> = store.read(|c| {
        let marks = vec!["?"; ids.len()].join(", ");
        // Per owner: the count, and the hash of the photo to show (施工后 first, newest first
        // among them; else the first photo added).
        let sql = format!(
            "SELECT owner_id, n, sha256 FROM (
               SELECT owner_id, sha256, count(*) OVER (PARTITION BY owner_id) AS n,
                      row_number() OVER (PARTITION BY owner_id
                        ORDER BY role = 'after' DESC, CASE WHEN role = 'after' THEN -rowid ELSE rowid END) AS k
               FROM attachments
               WHERE owner_id IN ({marks}) AND owner_kind = '{}' AND kind = 'photo' AND deleted = 0)
             WHERE k = 1",
            kind.as_str()
        );
        let mut stmt = c.prepare(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(ids.iter()), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    })?;
    let blobs = blobs(store);
    Ok(firsts
        .into_iter()
        .map(|(owner, count, sha)| {
            let thumb = blobs.read(&sha, Variant::Thumb).ok().flatten().map(|b| data_url(&b));
            (owner, PhotoSummary { count, thumb })
        })
        .collect())
}
