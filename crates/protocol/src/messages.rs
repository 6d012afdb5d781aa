//! Push and pull pages.

use serde::{Deserialize, Serialize};

use crate::{Change, ChangeId};

/// The server's position in one zone's changes: the sequence number it gave the last change a
/// client has. Sequence numbers increase in the order changes became visible, may have gaps, and
/// belong to one zone. 0 is before the first change.
pub type Cursor = i64;

/// One page of a device's outbox, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushPage {
    pub changes: Vec<Change>,
}

/// The server holds every change of the page (new or already held). A replayed page gets the
/// same answer, so a client that lost an ack simply sends the page again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushAck {
    /// How many changes the page held.
    pub count: u32,
    /// The page's last change, from which the client's next push starts.
    pub last: Option<ChangeId>,
}

/// A change with the sequence number the server gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PulledChange {
    pub seq: Cursor,
    #[serde(flatten)]
    pub change: Change,
}

/// Changes after the request's cursor, in sequence order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullPage {
    pub changes: Vec<PulledChange>,
    /// Where the next pull starts (the last change's seq, or the request's cursor if none).
    pub next: Cursor,
    /// More changes wait after `next`.
    pub more: bool,
}

/// `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"`, or `"storage_unavailable"` (then the status is 503).
    pub status: String,
    pub protocol: u32,
    pub min_protocol: u32,
    pub schema: u32,
    /// The server's clock, in milliseconds since 1970 (UTC). A client compares its own with it
    /// and corrects the stamps it makes when it runs ahead (optional: older servers omit it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_ms: Option<i64>,
    /// The largest file `PUT /v1/blobs/…` accepts, in bytes (optional: older servers omit it,
    /// and do not serve blobs at all). A client does not send a larger one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_blob_bytes: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pulled_change_is_its_change_with_a_seq() {
        let change = Change {
            entity: "enterprises".into(),
            row_id: "e1".into(),
            fields: serde_json::json!({"name": "湘潭电机", "deleted": 0})
                .as_object()
                .unwrap()
                .clone(),
            hlc: 1 << 20,
            actor: "李四".into(),
            device: "d1".into(),
            schema: 8,
        };
        let pulled = PulledChange { seq: 7, change };
        let json = serde_json::to_value(&pulled).unwrap();
        assert_eq!(json["seq"], 7);
        assert_eq!(json["fields"]["name"], "湘潭电机");
        assert_eq!(
            serde_json::from_value::<PulledChange>(json).unwrap(),
            pulled
        );
    }
}
