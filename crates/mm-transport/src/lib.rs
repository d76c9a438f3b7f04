#![doc = include_str!("../README.md")]
//!
//! ---
//!
//! The HTTP transport of the mm Mattermost driver.
//!
//! A [`Transport`] is a cheap-to-clone, type-erased tower stack over a hyper client with rustls.
//! Each layer lives in its own module and can be used on its own:
//!
//! | module | layer |
//! |---|---|
//! | [`base_url`] | resolves relative paths against the server URL (with base path) |
//! | [`default_headers`] | `User-Agent`, `X-Requested-With`, `Accept` |
//! | [`auth`] | Bearer token, session token, or your [`AuthProvider`] |
//! | [`retry`] | the retry policy (429 / 502-504 / connection errors) |
//! | [`trace`] | one tracing span per attempt |
//! | [`timeout`] | per-attempt timeout |
//!
//! plus [`tls`] and [`proxy`] for the connection (kept alive in a pool of the transport's own,
//! one server's connections), [`limits`] for what the transport accepts, [`error`] for the error model, and
//! [`request`], [`response`], [`multipart`] and [`body`] for the data that goes through.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod auth;
pub mod base_url;
#[cfg(feature = "blocking")]
pub mod blocking;
pub mod body;
pub mod client;
pub mod default_headers;
pub mod error;
pub mod excerpt;
pub mod limits;
pub mod multipart;
mod pool;
pub mod proxy;
pub mod request;
pub mod response;
pub mod retry;
pub mod secret;
pub mod timeout;
pub mod tls;
pub mod trace;
pub mod version;

pub use auth::{AuthProvider, BearerToken, BoxFuture, SessionToken};
pub use base_url::BaseUrl;
pub use body::Body;
pub use client::{HttpService, Transport, TransportBuilder};
pub use error::{ApiError, BoxError, Error, ErrorKind};
pub use limits::Limits;
pub use multipart::{Form, Part, Upload};
pub use proxy::ProxyConfig;
pub use request::RequestBuilder;
pub use response::Response;
pub use retry::{Clock, Jitter, RetryConfig, Sleeper};
pub use secret::Secret;
pub use tls::TlsConfig;

/// Re-exported so that users name the same versions.
pub use http;
