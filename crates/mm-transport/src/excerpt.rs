//! Bounded, redacted excerpts of bodies for error messages.
//!
//! Error messages quote what the server sent so that users can see an HTML proxy page or a
//! malformed field, but a body may hold secrets (a freshly created access token, say). JSON string
//! values whose key looks secret are replaced before the excerpt is cut. The scan is textual so
//! that it also works on truncated or malformed JSON.

/// The longest excerpt, in characters.
pub const MAX_EXCERPT_CHARS: usize = 256;

const SECRET_KEY_PARTS: &[&str] = &[
    "token",
    "password",
    "secret",
    "mfa",
    "cookie",
    "authorization",
    "session",
];

/// A lossy UTF-8, redacted excerpt of `body` of at most [`MAX_EXCERPT_CHARS`] characters.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let redacted = redact_json_secrets(&text);
    let total = redacted.chars().count();
    if total <= MAX_EXCERPT_CHARS {
        return redacted;
    }
    let mut cut: String = redacted.chars().take(MAX_EXCERPT_CHARS).collect();
    cut.push_str(&format!(
        "… ({} more characters)",
        total - MAX_EXCERPT_CHARS
    ));
    cut
}

/// Whether a JSON key names a secret.
pub fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    SECRET_KEY_PARTS.iter().any(|part| key.contains(part))
}

/// Replaces the string values of secret-looking keys with `[redacted]`.
pub fn redact_json_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // The key of the last `"key":` seen, when it was secret and its value is still to come.
    let mut pending_secret = false;
    while let Some(start) = rest.find('"') {
        let (before, from_quote) = rest.split_at(start);
        if !before.trim().is_empty() && !before.trim_end().ends_with(':') {
            pending_secret = false;
        }
        out.push_str(before);
        let (literal, after) = split_string_literal(from_quote);
        let after_trimmed = after.trim_start();
        if after_trimmed.starts_with(':') {
            // `literal` is a key.
            pending_secret = is_secret_key(literal.trim_matches('"'));
            out.push_str(literal);
        } else if pending_secret {
            out.push_str("\"[redacted]\"");
            pending_secret = false;
        } else {
            out.push_str(literal);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Splits `"..."rest` after the closing quote; an unterminated literal takes everything.
fn split_string_literal(text: &str) -> (&str, &str) {
    let mut escaped = false;
    for (index, ch) in text.char_indices().skip(1) {
        match ch {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return text.split_at(index + 1),
            _ => escaped = false,
        }
    }
    (text, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_secret_values_and_keeps_others() {
        let body = r#"{"id":"abc","token":"s3cr3t","user":{"password" : "hunter2","name":"x"}}"#;
        let out = redact_json_secrets(body);
        assert!(!out.contains("s3cr3t"));
        assert!(!out.contains("hunter2"));
        assert!(out.contains(r#""id":"abc""#));
        assert!(out.contains(r#""name":"x""#));
    }

    #[test]
    fn redacts_in_truncated_json() {
        let out = redact_json_secrets(r#"{"access_token":"abc\"def"#);
        assert!(!out.contains("abc"), "{out}");
    }

    #[test]
    fn escaped_quotes_do_not_confuse_the_scan() {
        let out = redact_json_secrets(r#"{"message":"say \"token\": now","token":"zzz"}"#);
        assert!(out.contains(r#"say \"token\": now"#));
        assert!(!out.contains("zzz"));
    }

    #[test]
    fn bounds_long_bodies_on_char_boundaries() {
        let body = "é".repeat(1000);
        let out = excerpt(body.as_bytes());
        assert!(out.starts_with(&"é".repeat(MAX_EXCERPT_CHARS)));
        assert!(out.ends_with("(744 more characters)"));
    }

    #[test]
    fn invalid_utf8_is_lossy_not_a_panic() {
        let out = excerpt(&[0xff, 0xfe, b'a']);
        assert!(out.ends_with('a'));
    }
}
