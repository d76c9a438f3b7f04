#![doc = include_str!("../README.md")]
//!
//! ---
//!
//! The realtime (websocket) client of the mm Mattermost driver.
//!
//! [`connect`] opens `/api/v4/websocket`, authenticated at the upgrade (so that the server can
//! resume the connection), and returns [`Events`], a `Stream` of [`Message`]s: typed events
//! ([`Event`], every event type string of the server with typed data for the common ones),
//! and what happens to the connection (connected, reconnecting, resumed, missed). A
//! [`Handle`] sends actions (`ping`, `user_typing`, statuses, ...) and matches their replies.
//!
//! With `keepalive`, a dropped or silent connection is reconnected with backoff and resumed
//! from the last event received, so events arrive exactly once and in order; when the server
//! cannot resume, the stream says [`Message::Missed`] and goes on.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod client;
pub mod config;
pub mod event;
mod upgrade;
pub mod url;

pub use client::{ConnectOptions, Events, Handle, Message, Pong, connect};
pub use config::WebsocketConfig;
pub use event::{Broadcast, Event, EventData, EventType, InvalidData};
pub use url::websocket_url;
