//! Filling path templates with escaped parameters.

use mm_transport::Error;
use mm_transport::request::push_path_segment;

/// Replaces each `{name}` of `template` with its value from `params`, percent-encoded as one
/// path segment. Empty, `.` and `..` values are refused.
///
/// ```
/// use mm_api::path::fill;
/// use mm_transport::ErrorKind;
///
/// let path = fill("/api/v4/users/{user_id}/teams/{team_id}", &[("user_id", "me"), ("team_id", "t/1")])?;
/// assert_eq!(path, "/api/v4/users/me/teams/t%2F1");
///
/// // `..` would climb to another route: refused, as are missing parameters.
/// let error = fill("/api/v4/users/{user_id}", &[("user_id", "..")]).unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::InvalidRequest);
/// assert!(fill("/api/v4/users/{user_id}", &[]).is_err());
/// # Ok::<(), mm_transport::Error>(())
/// ```
pub fn fill(template: &str, params: &[(&str, &str)]) -> Result<String, Error> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map(|e| start + e).ok_or_else(|| {
            Error::invalid_request(format!("unclosed parameter in path template {template:?}"))
        })?;
        let name = &rest[start + 1..end];
        let value = params
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| *value)
            .ok_or_else(|| {
                Error::invalid_request(format!("no value for path parameter `{name}`"))
            })?;
        push_path_segment(&mut out, name, value)?;
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fills_and_escapes() {
        assert_eq!(
            fill(
                "/api/v4/users/{user_id}/teams/{team_id}",
                &[("team_id", "t/1"), ("user_id", "me")]
            )
            .unwrap(),
            "/api/v4/users/me/teams/t%2F1"
        );
        assert!(fill("/api/v4/users/{user_id}", &[("user_id", "..")]).is_err());
        assert!(fill("/api/v4/users/{user_id}", &[]).is_err());
    }
}
