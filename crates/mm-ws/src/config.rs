//! Websocket settings (the Python driver's `timeout`, `keepalive`, `keepalive_delay` and
//! `websocket_kw_args`).

use std::time::Duration;

/// How the websocket client connects, pings and reconnects.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebsocketConfig {
    /// How often the `ping` action is sent (Python's `timeout`; default 30 s). A connection
    /// that stays silent for a whole interval after a ping is declared dead. `Duration::ZERO`
    /// turns pings and the dead-peer detection off.
    pub ping_interval: Duration,
    /// Reconnect and resume when the connection drops (default off: a drop ends the stream with
    /// an error).
    pub keepalive: bool,
    /// The wait before each of the first 7 reconnect attempts (Python's `keepalive_delay`;
    /// default 3 s as the official JS client). Later attempts wait `delay · n²`.
    pub keepalive_delay: Duration,
    /// The longest wait between reconnect attempts (default 300 s).
    pub max_reconnect_delay: Duration,
    /// Random extra wait added to each reconnect delay, up to this (default 2 s).
    pub max_jitter: Duration,
    /// How long to wait for the `hello` event after connecting (default 10 s).
    pub hello_timeout: Duration,
    /// How long an action waits for its reply (default 30 s).
    pub action_timeout: Duration,
    /// The largest inbound message accepted, in bytes (default 64 MiB).
    pub max_message_size: usize,
    /// Authenticate with the `authentication_challenge` action after the socket opens instead
    /// of on the upgrade request (default off). Needed only behind proxies that strip the
    /// `Authorization` header; the server cannot resume such connections, so every reconnect
    /// reports [`crate::Message::Missed`].
    pub authenticate_with_challenge: bool,
}

impl Default for WebsocketConfig {
    fn default() -> Self {
        Self {
            ping_interval: Duration::from_secs(30),
            keepalive: false,
            keepalive_delay: Duration::from_secs(3),
            max_reconnect_delay: Duration::from_secs(300),
            max_jitter: Duration::from_secs(2),
            hello_timeout: Duration::from_secs(10),
            action_timeout: Duration::from_secs(30),
            max_message_size: 64 << 20,
            authenticate_with_challenge: false,
        }
    }
}

impl WebsocketConfig {
    /// The wait before reconnect attempt `attempt` (1-based): the delay for the first 7, then
    /// `delay · attempt²`, capped, plus jitter.
    pub fn reconnect_delay(&self, attempt: u32) -> Duration {
        let base = if attempt <= 7 {
            self.keepalive_delay
        } else {
            self.keepalive_delay
                .saturating_mul(attempt.saturating_mul(attempt))
        };
        let jitter = self.max_jitter.mul_f64(fastrand::f64());
        base.min(self.max_reconnect_delay) + jitter
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_follows_the_js_client() {
        let config = WebsocketConfig {
            max_jitter: Duration::ZERO,
            ..WebsocketConfig::default()
        };
        assert_eq!(config.reconnect_delay(1), Duration::from_secs(3));
        assert_eq!(config.reconnect_delay(7), Duration::from_secs(3));
        assert_eq!(config.reconnect_delay(8), Duration::from_secs(192));
        assert_eq!(config.reconnect_delay(10), Duration::from_secs(300));
        let jittered = WebsocketConfig::default().reconnect_delay(1);
        assert!(jittered >= Duration::from_secs(3) && jittered < Duration::from_secs(5));
    }
}
