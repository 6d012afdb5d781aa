//! Attachment files through sync. Records travel as changes; the files they name travel here,
//! by hash, after the records: each sync uploads the files this device's live attachments name
//! that the server lacks, and downloads those it lacks itself that the server holds.
//!
//! - **What travels**: a document as it is; a photo as its downscaled copy (≤ 1600 px JPEG, a
//!   few hundred KB), not the original, under the copy's own hash with the original's named
//!   beside it (`lianxin_protocol::PREVIEW_OF_HEADER`). The receiver stores the copy as the
//!   original's `.preview.jpg`, makes the `.thumb.jpg` from it, and shows both; the original
//!   stays on the device that attached it (`AttachmentView.has_original`).
//! - **Checked before kept**: a download is written through `blob::Blobs` (temporary name, then
//!   renamed) only when its SHA-256 is the one the server says, and a copy only when it decodes
//!   as a JPEG of at most `PREVIEW_PX`; anything else is refused, not stored, and asked for
//!   again next sync.
//! - **Nothing queued**: what is missing is worked out again each sync (one query of the live
//!   attachments' distinct hashes, a file-exists check each, and one `blobs/missing` request per
//!   1,000 hashes), so a failed upload or download needs no bookkeeping and goes next time.
//!   `a_sync_finds_what_is_missing_cheaply` measures it.
//! - **Never fails the sync**: the records are done by now. A file larger than the server's
//!   limit is skipped and counted (`Summary::files_skipped`); a failure is counted
//!   (`files_waiting`) with its reason (`files_note`), and a failure a wait may fix (network,
//!   429, 5xx) ends this sync's file work, to be tried again next sync. A server from before
//!   the blob routes syncs records only, and the summary says so.

use lianxin_protocol::MAX_BLOB_QUERY;

use super::transport::{FetchedBlob, Transport};
use super::Summary;
use crate::blob::{sha256, Blobs, Variant};
use crate::error::{CoreError, Result};
use crate::model::attachment::{blobs, copies_of, thumb_of_preview};
use crate::store::Store;

/// A file live attachments name.
struct Named {
    sha256: String,
    photo: bool,
    /// One of the names it was attached under, for messages.
    file_name: String,
}

impl Named {
    /// The stored form that travels: a photo's copy, a document's original.
    fn travels(&self) -> Variant {
        if self.photo {
            Variant::Preview
        } else {
            Variant::Original
        }
    }
}

/// The distinct files this device's live attachments name.
fn named(store: &Store) -> Result<Vec<Named>> {
    store.read(|c| {
        let mut stmt = c.prepare(
            "SELECT sha256, max(kind = 'photo'), min(file_name) FROM attachments WHERE deleted = 0
             GROUP BY sha256 ORDER BY sha256",
        )?;
        let rows = stmt.query_map([], |r| Ok(Named { sha256: r.get(0)?, photo: r.get(1)?, file_name: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// What stopped this sync's file work, if anything: the sync itself has succeeded.
enum Stop {
    /// Go on with the next file.
    Next,
    /// Stop (the network or the server is down, or serves no files).
    All,
}

fn failed(summary: &mut Summary, e: CoreError) -> Stop {
    let (message, stop) = match &e {
        CoreError::Sync { code, message, .. } if code == "no_blobs" => (message.clone(), Stop::All),
        CoreError::Sync { message, retry: true, .. } => (message.clone(), Stop::All),
        e => (e.to_string(), Stop::Next),
    };
    summary.files_note.get_or_insert(message);
    stop
}

/// Uploads, then downloads, counting into `summary`. Errors only when this device's own
/// database cannot be read.
pub(crate) fn sync_files(store: &Store, t: &dyn Transport, summary: &mut Summary) -> Result<()> {
    let all = named(store)?;
    if all.is_empty() {
        return Ok(());
    }
    let blobs = blobs(store);
    let (here, lacking): (Vec<&Named>, Vec<&Named>) = all.iter().partition(|n| blobs.has(&n.sha256, n.travels()));
    if let Stop::All = upload(store, &blobs, t, &here, summary) {
        summary.files_waiting += lacking.len();
        return Ok(());
    }
    download(store, &blobs, t, &lacking, summary);
    Ok(())
}

fn upload(store: &Store, blobs: &Blobs, t: &dyn Transport, here: &[&Named], summary: &mut Summary) -> Stop {
    let limit = match t.health() {
        Ok(h) => h.max_blob_bytes,
        Err(e) => return failed(summary, e),
    };
    for chunk in here.chunks(MAX_BLOB_QUERY) {
        let hashes: Vec<String> = chunk.iter().map(|n| n.sha256.clone()).collect();
        let missing = match t.blobs_missing(&hashes) {
            Ok(m) => m,
            Err(e) => return failed(summary, e),
        };
        for (i, n) in chunk.iter().filter(|n| missing.contains(&n.sha256)).enumerate() {
            let bytes = match store.read(|_| blobs.read(&n.sha256, n.travels())) {
                Ok(Some(b)) => b,
                Ok(None) => continue, // deleted meanwhile
                Err(e) => {
                    summary.files_waiting += 1;
                    failed(summary, e);
                    continue;
                }
            };
            if limit.is_some_and(|l| bytes.len() as u64 > l) {
                summary.files_skipped += 1;
                continue;
            }
            let own = sha256(&bytes);
            let sent = if n.photo {
                t.put_blob(&own, Some(&n.sha256), &bytes)
            } else if own != n.sha256 {
                Err(CoreError::Attachment(format!("本机的文件「{}」已损坏(校验值不符),未上传", n.file_name)))
            } else {
                t.put_blob(&n.sha256, None, &bytes)
            };
            match sent {
                Ok(()) => summary.files_up += 1,
                Err(CoreError::Sync { code, .. }) if code == "too_large" => summary.files_skipped += 1,
                Err(e) => {
                    summary.files_waiting += 1;
                    if let Stop::All = failed(summary, e) {
                        summary.files_waiting += missing.len().saturating_sub(i + 1);
                        return Stop::All;
                    }
                }
            }
        }
    }
    Stop::Next
}

fn download(store: &Store, blobs: &Blobs, t: &dyn Transport, lacking: &[&Named], summary: &mut Summary) {
    for (c, chunk) in lacking.chunks(MAX_BLOB_QUERY).enumerate() {
        let hashes: Vec<String> = chunk.iter().map(|n| n.sha256.clone()).collect();
        let stop = |summary: &mut Summary, e| {
            failed(summary, e);
            summary.files_waiting += lacking.len() - c * MAX_BLOB_QUERY;
        };
        // Files their devices have not uploaded yet are not asked for one by one.
        let absent = match t.blobs_missing(&hashes) {
            Ok(m) => m,
            Err(e) => return stop(summary, e),
        };
        summary.files_waiting += absent.len();
        let held: Vec<&&Named> = chunk.iter().filter(|n| !absent.contains(&n.sha256)).collect();
        for (i, n) in held.iter().enumerate() {
            let got = match t.get_blob(&n.sha256) {
                Ok(Some(b)) => keep(store, blobs, n, b),
                Ok(None) => {
                    summary.files_waiting += 1;
                    continue;
                }
                Err(e) => Err(e),
            };
            match got {
                Ok(()) => summary.files_down += 1,
                Err(e) => {
                    summary.files_waiting += 1;
                    if let Stop::All = failed(summary, e) {
                        summary.files_waiting += held.len() - i - 1 + lacking.len().saturating_sub((c + 1) * MAX_BLOB_QUERY);
                        return;
                    }
                }
            }
        }
    }
}

/// Checks a downloaded file and stores it, with what lists need made from it. The file that
/// says it is done (a photo's copy, a document's original) is written last, so a crash between
/// leaves it missing and the next sync fetches it again.
fn keep(store: &Store, blobs: &Blobs, n: &Named, b: FetchedBlob) -> Result<()> {
    if sha256(&b.bytes) != b.sha256 || !lianxin_protocol::is_sha256(&b.sha256) {
        return Err(CoreError::Attachment(format!(
            "附件「{}」下载的内容与校验值不符(传输中损坏),已丢弃,下次同步时重新下载",
            n.file_name
        )));
    }
    let mut files = Vec::new();
    if b.sha256 == n.sha256 {
        if n.photo {
            let p = copies_of(&n.file_name, &b.bytes)?;
            files.push((Variant::Thumb, p.thumb));
            files.push((Variant::Original, b.bytes));
            files.push((Variant::Preview, p.preview));
        } else {
            files.push((Variant::Original, b.bytes));
        }
    } else if n.photo {
        files.push((Variant::Thumb, thumb_of_preview(&n.file_name, &b.bytes)?));
        files.push((Variant::Preview, b.bytes));
    } else {
        return Err(CoreError::Attachment(format!("同步服务器给出的不是文件「{}」本身,已丢弃", n.file_name)));
    }
    // Under the connection lock, as `attachment::add` writes, so garbage collection never sees
    // a file between its temporary name and its own.
    store.read(|_| {
        for (variant, bytes) in &files {
            blobs.put(&n.sha256, *variant, bytes)?;
        }
        Ok(())
    })
}

#[cfg(test)]
#[path = "blobs_tests.rs"]
mod tests;
