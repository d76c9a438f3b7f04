//! Mattermost API v4 models for the mm driver.
//!
//! Plain serde types with no runtime dependencies beyond serde, so that a crate can depend on
//! the models alone. Fields the server may omit default to Go's zero values, and unknown fields
//! are ignored, so that a newer server never breaks an older client.
//!
//! The hand-written models here cover the core (users, teams, channels, posts, files, webhooks,
//! tokens); the codegen issue adds every schema
//! of the OpenAPI spec beside them.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod channel;
pub mod file;
pub mod post;
pub mod team;
pub mod token;
pub mod user;
pub mod webhook;

pub use channel::{Channel, ChannelMember};
pub use file::{FileInfo, FileUploadResponse};
pub use post::{Post, PostList, Reaction};
pub use team::{Team, TeamMember};
pub use token::{Bot, UserAccessToken};
pub use user::{LoginRequest, StatusOk, User};
pub use webhook::{IncomingWebhook, IncomingWebhookPayload};
