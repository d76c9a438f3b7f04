#![doc = include_str!("../README.md")]
//!
//! ---
//!
//! **mm**: a typed Rust driver for the Mattermost API v4.
//!
//! ```no_run
//! # async fn run() -> Result<(), mm_driver::Error> {
//! use mm_driver::Driver;
//!
//! let driver = Driver::builder()
//!     .url("https://chat.example.com")
//!     .login_id("alice")
//!     .password("correct horse battery staple")
//!     .build()?;
//! let me = driver.login().await?;
//! let same = driver.users().get_user(&me.id).await?;
//! assert_eq!(me.id, same.id);
//! let raw = driver.get("/api/v4/system/ping").send().await?;
//! println!("{} {}", raw.status(), raw.text()?);
//! driver.logout().await?;
//! # Ok(()) }
//! ```
//!
//! Logging: the driver emits [`tracing`] spans and events (target `mm_transport`), never with
//! secrets. The Python driver's `debug=True` is `RUST_LOG=mm_transport=debug` with a
//! `tracing-subscriber` installed.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod builder;
pub mod driver;
pub mod netrc;
#[doc = include_str!("migration.md")]
pub mod migration {}

pub use builder::DriverBuilder;
pub use driver::Driver;

pub use mm_api as api;
pub use mm_transport as transport;
pub use mm_types as types;
pub use mm_ws as ws;

pub use driver::HandlerFlow;
pub use mm_api::{Client, OPERATIONS};
/// The `http` crate (methods, headers, status codes), as the transport uses it: what a custom
/// [`AuthProvider`] or a raw request needs, without adding the dependency yourself.
pub use mm_transport::http;
pub use mm_transport::{
    ApiError, AuthProvider, Body, BoxFuture, Error, ErrorKind, Form, Part, RequestBuilder,
    Response, RetryConfig, Secret, Upload,
};
pub use mm_types::{IncomingWebhookPayload, User};

/// The repository README's code blocks, compiled as doctests (only under `cargo test --doc`,
/// so that the packaged crate does not need a file outside it).
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct RepositoryReadme;
