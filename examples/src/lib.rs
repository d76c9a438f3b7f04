//! Helpers shared by the examples: where to run them.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use mm_driver::{Driver, Error};
use mm_mock::MockServer;

/// The server an example runs against: a real one from `MM_URL`, or a fresh mm-mock.
pub enum Target {
    /// A real server; the driver is configured from the environment.
    Real(Driver),
    /// mm-mock, kept alive for the example's duration.
    Mock(MockServer),
}

impl Target {
    /// `MM_URL` set: the real server; unset: a new mm-mock.
    pub async fn from_env() -> Result<Self, Box<dyn std::error::Error>> {
        if std::env::var_os("MM_URL").is_some() {
            Ok(Self::Real(Driver::from_env()?))
        } else {
            Ok(Self::Mock(MockServer::start().await?))
        }
    }

    /// A short description for the first line of output.
    pub fn describe(&self) -> String {
        match self {
            Self::Real(driver) => format!("the server at {}", driver.base_url()),
            Self::Mock(server) => format!(
                "mm-mock at {} (set MM_URL to use a real server)",
                server.url()
            ),
        }
    }

    /// The server URL.
    pub fn url(&self) -> String {
        match self {
            Self::Real(driver) => driver.base_url().as_string(),
            Self::Mock(server) => server.url(),
        }
    }
}

/// A short random suffix, so that runs against a real server do not collide.
pub fn suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("{nanos:08x}")
}

/// Turns a driver error into the example's error.
pub fn boxed(error: Error) -> Box<dyn std::error::Error> {
    Box::new(error)
}
