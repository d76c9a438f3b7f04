//! The websocket URL of a server: `ws(s)://host[:port]/base/api/v4/websocket`.

use http::Uri;
use mm_transport::{BaseUrl, Error};

/// The websocket endpoint below `base`, keeping its port and base path.
///
/// ```
/// use mm_transport::BaseUrl;
/// use mm_ws::websocket_url;
///
/// let base = BaseUrl::parse("https://example.com:8443/mattermost")?;
/// assert_eq!(websocket_url(&base)?, "wss://example.com:8443/mattermost/api/v4/websocket");
///
/// let local = BaseUrl::parse("http://127.0.0.1:8065")?;
/// assert_eq!(websocket_url(&local)?, "ws://127.0.0.1:8065/api/v4/websocket");
/// # Ok::<(), mm_transport::Error>(())
/// ```
pub fn websocket_url(base: &BaseUrl) -> Result<Uri, Error> {
    let scheme = if base.is_https() { "wss" } else { "ws" };
    let port = base.port().map(|p| format!(":{p}")).unwrap_or_default();
    let host = base.host();
    let url = format!(
        "{scheme}://{host}{port}{}/api/v4/websocket",
        base.base_path()
    );
    url.parse()
        .map_err(|_| Error::config(format!("could not build the websocket URL from {base}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_scheme_port_and_base_path() {
        let cases = [
            (
                "https://chat.example.com",
                "wss://chat.example.com/api/v4/websocket",
            ),
            (
                "http://127.0.0.1:8065",
                "ws://127.0.0.1:8065/api/v4/websocket",
            ),
            (
                "https://example.com:8443/mattermost/",
                "wss://example.com:8443/mattermost/api/v4/websocket",
            ),
        ];
        for (base, expected) in cases {
            let base = BaseUrl::parse(base).unwrap();
            assert_eq!(websocket_url(&base).unwrap().to_string(), expected);
        }
    }
}
