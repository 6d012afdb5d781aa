//! Bearer tokens: 256 random bits, shown once, stored as their SHA-256.

use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Every token starts with this, so a leaked one is recognisable (and secret scanners can match).
pub const PREFIX: &str = "lx1_";

/// A new token: the prefix and 32 bytes from the operating system's generator, in hex.
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{PREFIX}{}", hex::encode(bytes))
}

/// What the database keeps of a token. A fast hash is enough: the token has 256 bits of
/// entropy, so there is nothing to brute-force, unlike a password.
pub fn hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Compares a presented token's hash with a stored one in constant time.
pub fn matches(presented: &[u8; 32], stored: &[u8]) -> bool {
    stored.len() == 32 && bool::from(presented.ct_eq(stored))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_distinct_and_match_only_their_hash() {
        let a = generate();
        let b = generate();
        assert_ne!(a, b);
        assert_eq!(a.len(), PREFIX.len() + 64);
        assert!(matches(&hash(&a), &hash(&a)));
        assert!(!matches(&hash(&a), &hash(&b)));
        assert!(!matches(&hash(&a), &hash(&a)[..31]));
    }
}
