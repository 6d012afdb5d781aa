//! 附件: photos and documents on issues, engagements and projects. The row is an entity (the
//! one write path logs it; sync carries it); the bytes live content-addressed beside the
//! database (`blob`), stored once however many rows name them. Photos are decoded with the
//! `image` crate and get a thumbnail (lists, panels) and a downscaled copy (showing large,
//! and what sync will carry); a project's photos are 施工前, 施工后 or 过程.

mod media;
mod query;
mod record;
mod write;
#[cfg(test)]
mod tests;

pub use media::{size_text, MAX_BYTES, PREVIEW_PX, THUMB_PX};
pub(crate) use media::{copies_of, thumb_of_preview};
pub use query::{of_owner, original, photo_summaries, preview, view, views_of, AttachmentView, PhotoSummary};
pub use record::{Attachment, AttachmentKind, OwnerKind, PhotoRole};
pub use write::{add, blobs, collect_garbage, delete, update, AttachInput, AttachmentEdit, Collected};
