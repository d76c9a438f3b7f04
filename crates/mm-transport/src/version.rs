//! Server versions: `X-Version-Id` (`11.6.0.11.6.0.abcdef.false`) and the "Minimum server
//! version" of operations (`9.5`), compared as release numbers.

/// The release part of an `X-Version-Id` (`11.6.0` of `11.6.0.11.6.0.abcdef.false`).
///
/// Empty when the header holds no release (a development build says `dev`).
///
/// ```
/// use mm_transport::version::release;
///
/// assert_eq!(release("11.6.0.11.6.0.abcdef.false"), "11.6.0");
/// assert_eq!(release("9.5.1"), "9.5.1");
/// assert_eq!(release("dev"), "");
/// ```
pub fn release(version_id: &str) -> &str {
    let mut end = 0;
    for (index, part) in version_id.split('.').take(3).enumerate() {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        end += part.len() + usize::from(index > 0);
    }
    &version_id[..end]
}

/// The numbers of a release (`11.6.0` → `[11, 6, 0]`); `None` when it is not one.
fn numbers(release: &str) -> Option<[u64; 3]> {
    let mut out = [0u64; 3];
    let mut parts = release.split('.');
    for slot in &mut out {
        match parts.next() {
            Some(part) => *slot = part.parse().ok()?,
            None => break,
        }
    }
    Some(out)
}

/// Whether the server (`X-Version-Id` or a release) is older than `needed` (`9.5`). Unknown
/// or unparseable versions are never "older".
///
/// ```
/// use mm_transport::version::older;
///
/// // The `X-Version-Id` of an 11.6 server against operations' minimum versions.
/// let server = "11.6.0.11.6.0.abcdef.false";
/// assert!(older(server, "11.10")); // release numbers, not text: 6 < 10
/// assert!(!older(server, "9.5"));
/// assert!(!older("dev", "9.5")); // unknown: assume the server is recent enough
/// ```
pub fn older(server: &str, needed: &str) -> bool {
    let server = release(server);
    if server.is_empty() {
        return false;
    }
    match (numbers(server), numbers(needed)) {
        (Some(server), Some(needed)) => server < needed,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_and_comparisons() {
        assert_eq!(release("11.6.0.11.6.0.abcdef.false"), "11.6.0");
        assert_eq!(release("9.5.1"), "9.5.1");
        assert_eq!(release("dev"), "");
        assert!(older("11.6.0.11.6.0.x.false", "11.10"));
        assert!(!older("11.10.0", "11.10"));
        assert!(!older("12.0.0", "9.5"));
        assert!(!older("", "9.5"));
        assert!(!older("garbage", "9.5"));
    }
}
