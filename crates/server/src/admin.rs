//! The admin commands' work: zones and tokens, straight on the database.

use crate::storage::{Storage, TokenInfo};
use crate::{token, ServerError};

/// Creates a token for `zone` and returns it with the token itself, which is shown this once.
pub async fn create_token(
    storage: &dyn Storage,
    zone: &str,
    name: &str,
) -> Result<(TokenInfo, String), ServerError> {
    let secret = token::generate();
    let info = storage
        .create_token(zone, name, &token::hash(&secret))
        .await?;
    Ok((info, secret))
}

/// `token list` as a table.
pub fn token_table(tokens: &[TokenInfo]) -> String {
    let mut out = String::from("编号\t园区\t名称\t创建于\t状态\n");
    for t in tokens {
        let state = t
            .revoked_at
            .as_deref()
            .map_or("有效".to_owned(), |at| format!("已吊销 {at}"));
        out += &format!(
            "{}\t{}\t{}\t{}\t{}\n",
            t.id, t.zone, t.name, t.created_at, state
        );
    }
    out
}
