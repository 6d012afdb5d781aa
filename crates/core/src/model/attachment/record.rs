//! The attachment row, as stored, and its vocabularies.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::issue::kinds::vocab;
use crate::store::{ColKind, Entity, Table};

vocab!(
    /// What an attachment hangs on.
    OwnerKind {
        Issue = "issue" / "问题",
        Engagement = "engagement" / "走访活动",
        Project = "project" / "项目",
    }
);

impl OwnerKind {
    /// The owner's table (a literal, never user text).
    pub(crate) fn table(self) -> &'static str {
        match self {
            OwnerKind::Issue => "issues",
            OwnerKind::Engagement => "engagements",
            OwnerKind::Project => "projects",
        }
    }
}

vocab!(
    /// A photo (decoded, with a thumbnail and a downscaled copy) or a document kept as it is.
    AttachmentKind {
        Photo = "photo" / "照片",
        Document = "document" / "文件",
    }
);

vocab!(
    /// Where a project's photo belongs on its page.
    PhotoRole {
        Before = "before" / "施工前",
        After = "after" / "施工后",
        Other = "other" / "过程",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Attachment {
    pub id: String,
    pub owner_kind: OwnerKind,
    pub owner_id: String,
    /// The original file's SHA-256 (lower-case hex): where its bytes live (`blob`).
    pub sha256: String,
    /// The name the user's file had.
    pub file_name: String,
    pub mime: String,
    #[specta(type = f64)]
    pub byte_size: i64,
    pub kind: AttachmentKind,
    /// A project's photo's place (施工前/施工后/过程); none otherwise.
    pub role: Option<PhotoRole>,
    pub caption: Option<String>,
    /// A photo's size as shown (after its EXIF orientation).
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub created_at: String,
    pub updated_at: String,
}

static ATTACHMENTS: Table = Table {
    name: "attachments",
    what: "附件",
    cols: &[
        ("owner_kind", ColKind::Text),
        ("owner_id", ColKind::Text),
        ("sha256", ColKind::Text),
        ("file_name", ColKind::Text),
        ("mime", ColKind::Text),
        ("byte_size", ColKind::Int),
        ("kind", ColKind::Text),
        ("role", ColKind::Text),
        ("caption", ColKind::Text),
        ("width", ColKind::Int),
        ("height", ColKind::Int),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for Attachment {
    const TABLE: &'static Table = &ATTACHMENTS;
    fn id(&self) -> &str {
        &self.id
    }
}
