//! Websocket settings (the Python driver's `timeout`, `keepalive`, `keepalive_delay` and
//! `websocket_kw_args`).

use std::time::Duration;

/// The default [`WebsocketConfig::read_buffer_size`]: 4 KiB.
pub const DEFAULT_READ_BUFFER_SIZE: usize = 4 * 1024;

/// How the websocket client connects, pings and reconnects.
///
/// With keepalive, a dropped connection is reconnected and resumed: the stream says so, and
/// no event is lost. Here, against a server that drops the connection once:
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let server = mm_mock::MockServer::start().await?;
/// # let seed = server.seed();
/// # let (url, token) = (server.url(), seed.user.token.clone());
/// use std::sync::Arc;
/// use std::time::Duration;
/// use futures_util::StreamExt;
/// use mm_transport::{BaseUrl, BearerToken, ProxyConfig, TlsConfig};
/// use mm_ws::{ConnectOptions, EventType, Message, WebsocketConfig};
///
/// let config = WebsocketConfig::new()
///     .keepalive(true)
///     .keepalive_delay(Duration::from_millis(100))
///     .max_jitter(Duration::ZERO)
///     .ping_interval(Duration::from_secs(10));
/// let mut events = mm_ws::connect(ConnectOptions {
///     base: BaseUrl::parse(&url)?,
///     auth: Some(Arc::new(BearerToken::new(token)?)),
///     tls: TlsConfig::new(),
///     proxy: ProxyConfig::none(),
///     config,
///     only: None,
/// })
/// .await?;
/// assert!(matches!(events.next().await, Some(Ok(Message::Connected { .. }))));
/// # server.ws_drop_after(1);
/// # let broadcast = mm_mock::Broadcast { channel_id: seed.channel_id.clone(), ..Default::default() };
/// # let typing = serde_json::json!({"parent_id": "", "user_id": seed.admin.id});
/// # server.publish(mm_mock::MockEvent::new("typing", typing, broadcast.clone(), vec![seed.user.id.clone()]));
/// # let post = serde_json::json!({"id": "ag1yb3ekqbd4tkkxhdzjm4y6mo", "message": "hello", "channel_id": seed.channel_id});
/// # let posted = serde_json::json!({"post": post.to_string(), "sender_name": "@admin", "channel_type": "O"});
/// # server.publish(mm_mock::MockEvent::new("posted", posted, broadcast, vec![seed.user.id.clone()]));
///
/// // Events arrive; the connection drops after the first one, and is resumed.
/// while let Some(message) = events.next().await {
///     match message? {
///         Message::Event(event) => {
///             println!("{}", event.event); // typing, then posted
///             if event.event == EventType::Posted {
///                 break;
///             }
///         }
///         Message::Reconnecting { attempt, delay } => println!("reconnecting (attempt {attempt}) in {delay:?}"),
///         Message::Resumed { .. } => println!("resumed: no event was lost"),
///         Message::Missed { .. } => println!("events were lost: refetch what matters over REST"),
///         _ => {}
///     }
/// }
/// # Ok(()) }
/// ```
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
    /// The socket's read buffer, allocated when a connection opens and grown for larger
    /// frames (default 4 KiB: most events are smaller). It is most of what an idle
    /// connection costs: lower it to hold many connections, raise it for event-heavy ones.
    pub read_buffer_size: usize,
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
            read_buffer_size: DEFAULT_READ_BUFFER_SIZE,
            authenticate_with_challenge: false,
        }
    }
}

/// Setters, so that a configuration can be built outside this crate (the struct is
/// `#[non_exhaustive]`): each returns the changed configuration.
///
/// ```
/// use std::time::Duration;
/// use mm_ws::WebsocketConfig;
///
/// let config = WebsocketConfig::new()
///     .keepalive(true)
///     .keepalive_delay(Duration::from_secs(1))
///     .ping_interval(Duration::ZERO); // no pings
/// assert!(config.keepalive);
/// assert_eq!(config.ping_interval, Duration::ZERO);
/// ```
impl WebsocketConfig {
    /// The defaults (see each field).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`ping_interval`](Self::ping_interval); `Duration::ZERO` turns pings off.
    pub fn ping_interval(mut self, interval: Duration) -> Self {
        self.ping_interval = interval;
        self
    }

    /// Sets [`keepalive`](Self::keepalive): reconnect and resume after a drop.
    pub fn keepalive(mut self, enabled: bool) -> Self {
        self.keepalive = enabled;
        self
    }

    /// Sets [`keepalive_delay`](Self::keepalive_delay).
    pub fn keepalive_delay(mut self, delay: Duration) -> Self {
        self.keepalive_delay = delay;
        self
    }

    /// Sets [`max_reconnect_delay`](Self::max_reconnect_delay).
    pub fn max_reconnect_delay(mut self, delay: Duration) -> Self {
        self.max_reconnect_delay = delay;
        self
    }

    /// Sets [`max_jitter`](Self::max_jitter).
    pub fn max_jitter(mut self, jitter: Duration) -> Self {
        self.max_jitter = jitter;
        self
    }

    /// Sets [`hello_timeout`](Self::hello_timeout).
    pub fn hello_timeout(mut self, timeout: Duration) -> Self {
        self.hello_timeout = timeout;
        self
    }

    /// Sets [`action_timeout`](Self::action_timeout).
    pub fn action_timeout(mut self, timeout: Duration) -> Self {
        self.action_timeout = timeout;
        self
    }

    /// Sets [`max_message_size`](Self::max_message_size), in bytes.
    pub fn max_message_size(mut self, bytes: usize) -> Self {
        self.max_message_size = bytes;
        self
    }

    /// Sets [`read_buffer_size`](Self::read_buffer_size), in bytes.
    pub fn read_buffer_size(mut self, bytes: usize) -> Self {
        self.read_buffer_size = bytes;
        self
    }

    /// Sets [`authenticate_with_challenge`](Self::authenticate_with_challenge).
    pub fn authenticate_with_challenge(mut self, enabled: bool) -> Self {
        self.authenticate_with_challenge = enabled;
        self
    }

    /// The wait before reconnect attempt `attempt` (1-based): the delay for the first 7, then
    /// `delay · attempt²`, capped, plus jitter.
    ///
    /// ```
    /// use std::time::Duration;
    /// use mm_ws::WebsocketConfig;
    ///
    /// let config = WebsocketConfig::new().max_jitter(Duration::ZERO); // default delay: 3 s
    /// assert_eq!(config.reconnect_delay(1), Duration::from_secs(3));
    /// assert_eq!(config.reconnect_delay(7), Duration::from_secs(3));
    /// assert_eq!(config.reconnect_delay(8), Duration::from_secs(3 * 64));
    /// assert_eq!(config.reconnect_delay(20), Duration::from_secs(300)); // the cap
    /// ```
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
