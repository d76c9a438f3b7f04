//! Token lookup in a `.netrc` file.
//!
//! The entry for the server's host (or the `default` entry) supplies the token in its
//! `password` field, the way API tokens are usually kept in `.netrc`:
//!
//! ```text
//! machine chat.example.com login bot password <personal access token>
//! ```

use std::path::{Path, PathBuf};

use mm_transport::{Error, Secret};

/// One `machine` (or `default`) entry.
///
/// ```
/// use mm_driver::netrc::Netrc;
///
/// let netrc = Netrc::parse("machine chat.example.com login bot password my-token")?;
/// let entry = netrc.entry("chat.example.com").expect("an entry");
/// assert_eq!(entry.machine.as_deref(), Some("chat.example.com"));
/// assert_eq!(entry.login.as_deref(), Some("bot"));
/// assert!(entry.password.is_some()); // a `Secret`: `Debug` shows `***`
/// # Ok::<(), mm_driver::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetrcEntry {
    /// The host, or `None` for `default`.
    pub machine: Option<String>,
    /// The `login` field.
    pub login: Option<String>,
    /// The `password` field.
    pub password: Option<Secret>,
}

/// A parsed `.netrc` file.
///
/// The driver reads it for you ([`DriverBuilder::netrc`](crate::DriverBuilder::netrc)); parse one
/// yourself to check a file:
///
/// ```
/// use mm_driver::netrc::Netrc;
///
/// let netrc = Netrc::parse(
///     "# API tokens
/// machine chat.example.com
///   login bot
///   password my-token
/// default login anonymous password guest-token
/// ",
/// )?;
/// assert!(netrc.token("chat.example.com").is_some_and(|token| token.expose() == "my-token"));
/// assert!(netrc.token("CHAT.EXAMPLE.COM").is_some()); // host names ignore case
/// assert_eq!(netrc.entry("other.example.com").and_then(|e| e.login.as_deref()), Some("anonymous"));
/// assert!(!format!("{netrc:?}").contains("my-token"));
/// # Ok::<(), mm_driver::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Netrc {
    entries: Vec<NetrcEntry>,
}

impl Netrc {
    /// Parses the text of a `.netrc` file. `macdef` bodies are skipped; unknown tokens are an error.
    ///
    /// ```
    /// use mm_driver::ErrorKind;
    /// use mm_driver::netrc::Netrc;
    ///
    /// let error = Netrc::parse("machine chat.example.com password").unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    /// assert!(error.to_string().contains("`password` without a value"));
    ///
    /// // A password with a space cannot be written in .netrc: refused, without showing it.
    /// let error = Netrc::parse("machine chat.example.com password my secret").unwrap_err();
    /// assert!(!error.to_string().contains("secret"));
    /// ```
    pub fn parse(text: &str) -> Result<Self, Error> {
        let mut entries: Vec<NetrcEntry> = Vec::new();
        let mut lines = text.lines();
        let mut tokens: Vec<&str> = Vec::new();
        // Tokenize line by line so that a `macdef` can swallow lines up to the next blank one.
        while let Some(line) = lines.next() {
            let mut words = line.split_whitespace().peekable();
            while let Some(word) = words.next() {
                if word.starts_with('#') {
                    break;
                }
                if word == "macdef" {
                    for body in lines.by_ref() {
                        if body.trim().is_empty() {
                            break;
                        }
                    }
                    words = "".split_whitespace().peekable();
                    continue;
                }
                tokens.push(word);
            }
        }
        let mut iter = tokens.into_iter();
        let bad = |what: &str| Error::config(format!("the .netrc file is malformed: {what}"));
        while let Some(token) = iter.next() {
            match token {
                "machine" => {
                    let host = iter.next().ok_or_else(|| bad("`machine` without a host"))?;
                    entries.push(NetrcEntry {
                        machine: Some(host.to_owned()),
                        login: None,
                        password: None,
                    });
                }
                "default" => entries.push(NetrcEntry {
                    machine: None,
                    login: None,
                    password: None,
                }),
                "login" | "password" | "account" => {
                    let value = iter
                        .next()
                        .ok_or_else(|| bad(&format!("`{token}` without a value")))?;
                    let entry = entries
                        .last_mut()
                        .ok_or_else(|| bad(&format!("`{token}` before any `machine`")))?;
                    match token {
                        "login" => entry.login = Some(value.to_owned()),
                        "password" => entry.password = Some(Secret::new(value)),
                        _ => {}
                    }
                }
                _ => {
                    // The word is not shown: it may be part of a password.
                    return Err(bad(
                        "an unexpected word after an entry (values cannot contain spaces)",
                    ));
                }
            }
        }
        Ok(Self { entries })
    }

    /// Reads and parses `path`.
    ///
    /// ```
    /// use mm_driver::netrc::{Netrc, default_path};
    ///
    /// let lookup = |name: &str| std::env::var(name).ok();
    /// if let Some(path) = default_path(&lookup).filter(|path| path.exists()) {
    ///     let netrc = Netrc::read(&path)?;
    ///     println!("token for chat.example.com: {}", netrc.token("chat.example.com").is_some());
    /// }
    /// # Ok::<(), mm_driver::Error>(())
    /// ```
    pub fn read(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::config(format!(
                "could not read the .netrc file {}: {e}",
                path.display()
            ))
        })?;
        Self::parse(&text)
    }

    /// The entry for `host`, else the `default` entry.
    pub fn entry(&self, host: &str) -> Option<&NetrcEntry> {
        self.entries
            .iter()
            .find(|e| {
                e.machine
                    .as_deref()
                    .is_some_and(|m| m.eq_ignore_ascii_case(host))
            })
            .or_else(|| self.entries.iter().find(|e| e.machine.is_none()))
    }

    /// The token (the `password` field) for `host`.
    pub fn token(&self, host: &str) -> Option<Secret> {
        self.entry(host).and_then(|e| e.password.clone())
    }
}

/// `$NETRC`, else `~/.netrc` (`$HOME/.netrc`), read through `lookup`.
///
/// ```
/// use std::path::PathBuf;
/// use mm_driver::netrc::default_path;
///
/// let env = |name: &str| match name {
///     "HOME" => Some("/home/bot".to_owned()),
///     _ => None,
/// };
/// assert_eq!(default_path(&env), Some(PathBuf::from("/home/bot/.netrc")));
///
/// let env = |name: &str| (name == "NETRC").then(|| "/run/secrets/netrc".to_owned());
/// assert_eq!(default_path(&env), Some(PathBuf::from("/run/secrets/netrc")));
/// ```
pub fn default_path(lookup: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    lookup("NETRC")
        .map(PathBuf::from)
        .or_else(|| lookup("HOME").map(|home| PathBuf::from(home).join(".netrc")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
# comment
machine other.example.com login x password nope
machine chat.example.com
  login bot
  password tok-123
macdef init
  cd /pub

default login anon password fallback
";

    #[test]
    fn finds_the_host_then_the_default() {
        let netrc = Netrc::parse(SAMPLE).unwrap();
        assert_eq!(netrc.token("chat.example.com").unwrap().expose(), "tok-123");
        assert_eq!(netrc.token("CHAT.example.com").unwrap().expose(), "tok-123");
        assert_eq!(
            netrc.token("unknown.example.com").unwrap().expose(),
            "fallback"
        );
        assert_eq!(
            netrc.entry("chat.example.com").unwrap().login.as_deref(),
            Some("bot")
        );
    }

    #[test]
    fn malformed_files_are_errors_that_hide_the_password() {
        let error = Netrc::parse("machine h password").unwrap_err();
        assert!(error.to_string().contains("`password` without a value"));
        let error = Netrc::parse("password s3cret").unwrap_err();
        assert!(!error.to_string().contains("s3cret"));
        assert!(format!("{:?}", Netrc::parse(SAMPLE).unwrap()).contains("***"));
        assert!(!format!("{:?}", Netrc::parse(SAMPLE).unwrap()).contains("tok-123"));
    }

    #[test]
    fn netrc_path_prefers_the_variable() {
        let lookup = |k: &str| match k {
            "NETRC" => Some("/tmp/n".to_owned()),
            "HOME" => Some("/home/u".to_owned()),
            _ => None,
        };
        assert_eq!(default_path(&lookup), Some(PathBuf::from("/tmp/n")));
        let lookup = |k: &str| (k == "HOME").then(|| "/home/u".to_owned());
        assert_eq!(default_path(&lookup), Some(PathBuf::from("/home/u/.netrc")));
    }
}
