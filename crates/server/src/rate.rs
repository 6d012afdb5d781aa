//! Rate limits: a token bucket per key, in this process's memory. Keyed by token id for the
//! requests a token makes, and by the peer's address for refused tokens (`app::authorize`), so
//! guessing tokens is slowed to the failure rate before any lookup.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::Instant;

pub struct RateLimiter<K = i64> {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<K, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Buckets kept before idle full ones are dropped (a scan of addresses cannot grow the map
/// without bound).
const MAX_BUCKETS: usize = 100_000;

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    pub fn new(per_second: f64, burst: u32) -> Self {
        RateLimiter {
            per_second,
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from the token's bucket: `Ok`, or `Err(seconds)` to wait before retrying.
    pub fn take(&self, key: K) -> Result<(), u64> {
        self.take_at(key, Instant::now(), true)
    }

    /// Whether the key's bucket holds a request, without taking it: `Ok`, or `Err(seconds)`.
    pub fn check(&self, key: K) -> Result<(), u64> {
        self.take_at(key, Instant::now(), false)
    }

    fn take_at(&self, key: K, now: Instant, take: bool) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_BUCKETS && !buckets.contains_key(&key) {
            let (per_second, burst) = (self.per_second, self.burst);
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_second < burst
            });
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            if take {
                bucket.tokens -= 1.0;
            }
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / self.per_second;
            Err(wait.ceil().clamp(1.0, 3600.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_then_refused_then_refilled_per_token() {
        let limiter = RateLimiter::new(2.0, 3);
        let t0 = Instant::now();
        assert_eq!(
            limiter.take_at(1, t0, false),
            Ok(()),
            "a check takes nothing"
        );
        for _ in 0..3 {
            assert_eq!(limiter.take_at(1, t0, true), Ok(()));
        }
        assert_eq!(limiter.take_at(1, t0, false), Err(1));
        assert_eq!(limiter.take_at(1, t0, true), Err(1));
        assert_eq!(
            limiter.take_at(2, t0, true),
            Ok(()),
            "another token has its own bucket"
        );
        let later = t0 + Duration::from_millis(500);
        assert_eq!(limiter.take_at(1, later, true), Ok(()));
        assert!(limiter.take_at(1, later, true).is_err());
    }
}
