//! Mattermost API v4 endpoints for the mm driver.
//!
//! Each API group is a small handle over a [`mm_transport::Transport`]; each operation returns
//! a [`Call`] whose `.await` sends it and decodes the typed output, and whose
//! [`Call::send`] returns the raw response.
//!
//! This crate holds the hand-written operations the driver core needs (login, logout, get a
//! user); the codegen issue generates every operation of the spec beside them.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod call;
pub mod users;

pub use call::Call;
pub use users::Users;
