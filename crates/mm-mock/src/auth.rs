//! Finding the session of a request, the ways the real server accepts it.

use crate::request::MockRequest;
use crate::store::Store;

/// The token of a request: `Authorization: Bearer|Token <t>`, the `MMAUTHTOKEN` cookie, or the
/// `access_token` query parameter.
pub(crate) fn request_token(request: &MockRequest) -> Option<String> {
    if let Some(value) = request.header("authorization") {
        let mut parts = value.splitn(2, ' ');
        let scheme = parts.next().unwrap_or_default();
        if let Some(token) = parts.next()
            && (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token"))
        {
            return Some(token.trim().to_owned());
        }
    }
    if let Some(cookies) = request.header("cookie") {
        for cookie in cookies.split(';') {
            if let Some(token) = cookie.trim().strip_prefix("MMAUTHTOKEN=") {
                return Some(token.to_owned());
            }
        }
    }
    request.query("access_token").map(str::to_owned)
}

/// The user id of the request's session, if the token is valid and the user active.
pub(crate) fn session_user(store: &Store, request: &MockRequest) -> Option<String> {
    let token = request_token(request)?;
    let session = store.sessions.get(&token)?;
    store
        .user(&session.user_id)
        .filter(|u| u.delete_at == 0)
        .map(|u| u.id.clone())
}
