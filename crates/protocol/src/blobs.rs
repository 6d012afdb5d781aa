//! Attachment files ("blobs"), content-addressed per zone. The record naming a file travels as a
//! change; the bytes travel here, by their SHA-256, so a file is sent once however many records
//! and devices name it.
//!
//! A photo travels as its downscaled copy (≤ 1600 px JPEG), not its original: the copy is
//! uploaded under its own hash (so the server can check every body against its address) with
//! the header [`PREVIEW_OF_HEADER`] naming the original's hash, which is what the record holds.
//! Asking for the original's hash then answers the copy, with [`BLOB_SHA_HEADER`] saying which
//! bytes came, so the receiver can check them too. Nobody can check that a copy was made from
//! the original it names (only the device holding the original could): a zone's devices are
//! trusted with that as they are with the records they write. The first copy stored for an
//! original is the one served. (Recording the copy's hash in the attachment row would have let
//! receivers check it, at the price of a schema change that cuts older apps off from every
//! record; it can come with the next migration.)

use serde::{Deserialize, Serialize};

/// On `PUT /v1/blobs/{sha256}`: the body is the downscaled copy of the photo whose original
/// has this hash.
pub const PREVIEW_OF_HEADER: &str = "lianxin-preview-of";
/// On a `GET /v1/blobs/{sha256}` answer: the SHA-256 of the body (the path's own hash, or the
/// hash of a photo's copy when the path named its original).
pub const BLOB_SHA_HEADER: &str = "lianxin-blob-sha256";
/// The most hashes one [`BlobQuery`] may hold.
pub const MAX_BLOB_QUERY: usize = 1000;

/// `POST /v1/blobs/missing`: hashes of files (originals, as records name them) a client holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobQuery {
    pub hashes: Vec<String>,
}

/// The hashes of a [`BlobQuery`] the server holds no file for (neither the file nor, for a
/// photo, its copy), in the query's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobsMissing {
    pub missing: Vec<String>,
}

/// Whether `s` is a hash as the protocol writes it: exactly 64 lower-case hex digits. Anything
/// else (upper case, `..`, a separator, percent-escapes, 63 or 65 digits) is no blob's name.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_64_lower_case_hex_digits_name_a_blob() {
        assert!(is_sha256(&"0a".repeat(32)));
        for bad in [
            "0a".repeat(32).to_uppercase(),
            "a".repeat(63),
            "a".repeat(65),
            format!("..{}", "a".repeat(62)),
            format!("%2e%2e{}", "a".repeat(58)),
            format!("{}/{}", "a".repeat(31), "a".repeat(32)),
            String::new(),
        ] {
            assert!(!is_sha256(&bad), "{bad}");
        }
    }
}
