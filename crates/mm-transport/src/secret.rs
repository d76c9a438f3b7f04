//! A string that never shows itself in `Debug` or `Display` output.

use std::fmt;

/// A secret value: a token, a password, an MFA code.
///
/// Its `Debug` output is `Secret("***")` and it has no `Display`; read it with [`Secret::expose`]
/// only where it is sent to the server.
///
/// ```
/// use mm_transport::Secret;
///
/// let token = Secret::new("my-token");
/// let from_str: Secret = "my-token".into(); // also `From<String>` and `From<&String>`
/// assert_eq!(token, from_str);
///
/// // Safe to log: the value never shows.
/// assert_eq!(format!("{token:?}"), r#"Secret("***")"#);
/// assert!(!token.is_empty());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself. Call it only to send it, never to log it.
    ///
    /// ```
    /// use mm_transport::Secret;
    /// use mm_transport::http::HeaderValue;
    ///
    /// let token = Secret::new("my-token");
    /// // Read where it leaves the process, and mark the header sensitive.
    /// let mut header = HeaderValue::from_str(&format!("Bearer {}", token.expose()))?;
    /// header.set_sensitive(true);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&String> for Secret {
    fn from(value: &String) -> Self {
        Self(value.clone())
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_hides_the_value() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(\"***\")");
        assert!(!format!("{:#?}", Some(secret.clone())).contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2");
    }
}
