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
///
/// ```
/// use mm_transport::excerpt::{MAX_EXCERPT_CHARS, excerpt};
///
/// let body = br#"{"id":"tok1","token":"my-token","user_id":"u1"}"#;
/// assert_eq!(excerpt(body), r#"{"id":"tok1","token":"[redacted]","user_id":"u1"}"#);
///
/// // A 10 KiB HTML page from a proxy is cut, saying how much was left out.
/// let page = "<html>".repeat(2000);
/// let shown = excerpt(page.as_bytes());
/// assert!(shown.starts_with("<html>") && shown.ends_with("(11744 more characters)"));
/// assert!(shown.chars().count() < MAX_EXCERPT_CHARS + 30);
/// ```
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
///
/// The match is a case-insensitive substring test on `token`, `password`, `secret`, `mfa`,
/// `cookie`, `authorization` and `session`.
///
/// ```
/// use mm_transport::excerpt::is_secret_key;
///
/// assert!(is_secret_key("access_token"));
/// assert!(is_secret_key("X-Session-Id"));
/// assert!(!is_secret_key("username"));
/// ```
pub fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    SECRET_KEY_PARTS.iter().any(|part| key.contains(part))
}

/// Replaces the values (of any JSON type) of secret-looking keys with `"[redacted]"`, and the
/// values of secret-looking `key=value` pairs of form bodies.
///
/// The text is not cut; use [`excerpt`] for a bounded excerpt.
///
/// ```
/// use mm_transport::excerpt::redact_json_secrets;
///
/// let json = r#"{"login_id":"alice","password":"my-password","mfa":{"code":123456}}"#;
/// assert_eq!(
///     redact_json_secrets(json),
///     r#"{"login_id":"alice","password":"[redacted]","mfa":"[redacted]"}"#,
/// );
/// let form = "login_id=alice&password=my-password";
/// assert_eq!(redact_json_secrets(form), "login_id=alice&password=[redacted]");
/// ```
pub fn redact_json_secrets(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < text.len() {
        let Some(offset) = text[index..].find('"') else {
            out.push_str(&redact_form_pairs(&text[index..]));
            break;
        };
        let start = index + offset;
        out.push_str(&redact_form_pairs(&text[index..start]));
        let end = string_end(text, start);
        let literal = &text[start..end];
        out.push_str(literal);
        index = end;
        // A key: `"name"` followed by `:`.
        let after = text[index..].trim_start();
        if !after.starts_with(':') || !is_secret_key(literal.trim_matches('"')) {
            continue;
        }
        let colon = index + (text[index..].len() - after.len());
        out.push_str(&text[index..=colon]);
        let value_start =
            colon + 1 + (text[colon + 1..].len() - text[colon + 1..].trim_start().len());
        out.push_str(&text[colon + 1..value_start]);
        let value_end = value_end(text, bytes, value_start);
        out.push_str("\"[redacted]\"");
        index = value_end;
    }
    out
}

/// The end (exclusive) of the string literal starting at `start` (a `"`); the whole rest when
/// it is unterminated.
fn string_end(text: &str, start: usize) -> usize {
    let mut escaped = false;
    for (offset, ch) in text[start + 1..].char_indices() {
        match ch {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return start + 1 + offset + 1,
            _ => escaped = false,
        }
    }
    text.len()
}

/// The end (exclusive) of the JSON value starting at `start`: a string, an array or object
/// (brackets counted outside strings), or a scalar up to `,`, `}` or `]`.
fn value_end(text: &str, bytes: &[u8], start: usize) -> usize {
    match bytes.get(start) {
        None => start,
        Some(b'"') => string_end(text, start),
        Some(b'[' | b'{') => {
            let mut depth = 0usize;
            let mut index = start;
            while index < text.len() {
                match bytes[index] {
                    b'"' => {
                        index = string_end(text, index);
                        continue;
                    }
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return index + 1;
                        }
                    }
                    _ => {}
                }
                index += 1;
            }
            text.len()
        }
        Some(_) => text[start..]
            .find([',', '}', ']'])
            .map_or(text.len(), |offset| start + offset),
    }
}

/// `password=hunter2&x=1` → `password=[redacted]&x=1`, for form bodies and query strings.
fn redact_form_pairs(text: &str) -> String {
    if !text.contains('=') {
        return text.to_owned();
    }
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if is_secret_key(key.rsplit(['?', ' ', '\n']).next().unwrap_or(key)) => {
                format!("{key}=[redacted]")
            }
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
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
    fn redacts_values_of_any_type_and_form_pairs() {
        let out = redact_json_secrets(
            r#"{"tokens":["a1","b2"],"secret":{"k":"v"},"mfa_code":123456,"ok":1}"#,
        );
        assert!(
            !out.contains("a1")
                && !out.contains("b2")
                && !out.contains("\"v\"")
                && !out.contains("123456"),
            "{out}"
        );
        assert!(out.contains(r#""ok":1"#), "{out}");
        let form = redact_json_secrets("login_id=alice&password=hunter2&x=1");
        assert_eq!(form, "login_id=alice&password=[redacted]&x=1");
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
