//! The realtime (websocket) side of the mm Mattermost driver.
//!
//! **Status:** this crate holds the websocket settings the driver builder exposes and the
//! derivation of the websocket URL from the server URL. The client itself (typed events,
//! actions, keepalive, reconnect with resume) is not written yet; it is tracked by the realtime
//! issue.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod config;
pub mod url;

pub use config::WebsocketConfig;
pub use url::websocket_url;
