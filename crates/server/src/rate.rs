//! Per-token rate limit: a token bucket per token, in this process's memory.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<i64, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    pub fn new(per_second: f64, burst: u32) -> Self {
        RateLimiter {
            per_second,
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from the token's bucket: `Ok`, or `Err(seconds)` to wait before retrying.
    pub fn take(&self, token_id: i64) -> Result<(), u64> {
        self.take_at(token_id, Instant::now())
    }

    fn take_at(&self, token_id: i64, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let bucket = buckets.entry(token_id).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
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
        for _ in 0..3 {
            assert_eq!(limiter.take_at(1, t0), Ok(()));
        }
        assert_eq!(limiter.take_at(1, t0), Err(1));
        assert_eq!(
            limiter.take_at(2, t0),
            Ok(()),
            "another token has its own bucket"
        );
        assert_eq!(limiter.take_at(1, t0 + Duration::from_millis(500)), Ok(()));
        assert!(limiter.take_at(1, t0 + Duration::from_millis(500)).is_err());
    }
}
