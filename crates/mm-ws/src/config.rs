//! Websocket settings (the Python driver's `timeout`, `keepalive`, `keepalive_delay` and
//! `websocket_kw_args`).

use std::time::Duration;

/// How the websocket client connects, pings and reconnects.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebsocketConfig {
    /// How often the `ping` action is sent (Python's `timeout`; default 30 s).
    pub ping_interval: Duration,
    /// Reconnect when the connection drops (default off: a drop ends the stream with an error).
    pub keepalive: bool,
    /// The first wait before reconnecting (Python's `keepalive_delay`; default 5 s).
    pub keepalive_delay: Duration,
    /// The longest wait between reconnect attempts (default 300 s, as the JS client).
    pub max_reconnect_delay: Duration,
    /// How long to wait for the `hello` event after connecting (default 10 s).
    pub hello_timeout: Duration,
    /// The largest inbound message accepted, in bytes (default 64 MiB).
    pub max_message_size: usize,
}

impl Default for WebsocketConfig {
    fn default() -> Self {
        Self {
            ping_interval: Duration::from_secs(30),
            keepalive: false,
            keepalive_delay: Duration::from_secs(5),
            max_reconnect_delay: Duration::from_secs(300),
            hello_timeout: Duration::from_secs(10),
            max_message_size: 64 << 20,
        }
    }
}
