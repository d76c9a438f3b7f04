//! A rate limiter that answers like Mattermost's: a token bucket per token (or per address),
//! `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds) on every
//! response, and 429 with the plain-text body `limit exceeded` when empty.
//!
//! It reads tokio's clock, so tests with paused time control it exactly.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

/// `per_second` requests per second with bursts of `burst`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RateLimit {
    pub per_second: f64,
    pub burst: u32,
}

/// The outcome for one request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Decision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until a request would be allowed (when denied) or the bucket is full (when allowed).
    pub reset_seconds: u64,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: RateLimit,
    buckets: HashMap<String, Bucket>,
}

impl RateLimiter {
    pub fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            buckets: HashMap::new(),
        }
    }

    pub fn check(&mut self, key: &str) -> Decision {
        let now = Instant::now();
        let capacity = f64::from(self.limit.burst.max(1));
        let rate = self.limit.per_second.max(f64::MIN_POSITIVE);
        let bucket = self.buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(capacity);
        bucket.updated = now;
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        }
        let seconds_until = |tokens_needed: f64| {
            Duration::from_secs_f64((tokens_needed.max(0.0)) / rate)
                .as_secs_f64()
                .ceil() as u64
        };
        Decision {
            allowed,
            limit: self.limit.burst,
            remaining: bucket.tokens.floor().max(0.0) as u32,
            reset_seconds: if allowed {
                seconds_until(capacity - bucket.tokens)
            } else {
                seconds_until(1.0 - bucket.tokens).max(1)
            },
        }
    }
}
