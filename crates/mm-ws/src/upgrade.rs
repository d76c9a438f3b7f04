//! The websocket upgrade, done with hyper so that no dependency ever sees a credential it could
//! log: tungstenite `trace!`s the whole upgrade request (with `Authorization`) and every frame it
//! writes (with a challenge token). Here hyper sends the upgrade and the challenge frame is
//! written on the raw stream; tungstenite only gets the upgraded connection.

use http::header::{CONNECTION, HOST, UPGRADE};
use http::{HeaderMap, HeaderValue, Request, StatusCode, Uri};
use http_body_util::Empty;
use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use mm_transport::{Error, ErrorKind};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::client::generate_key;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};

/// The upgraded connection.
pub(crate) type UpgradedIo = TokioIo<Upgraded>;

fn ws_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::WebSocket, message)
}

/// Upgrades `io` (already connected, TLS done) to a websocket at `uri`, with `headers`
/// (credentials among them) on the upgrade request.
pub(crate) async fn upgrade<T>(io: T, uri: &Uri, headers: HeaderMap) -> Result<UpgradedIo, Error>
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(|e| ws_error("the websocket upgrade failed").with_source(e))?;
    // Drives the connection until it is handed over to the websocket.
    tokio::spawn(async move {
        let _ = connection.with_upgrades().await;
    });
    let key = generate_key();
    let host = match uri.port() {
        Some(port) => format!("{}:{port}", uri.host().unwrap_or_default()),
        None => uri.host().unwrap_or_default().to_owned(),
    };
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut request = Request::get(path)
        .header(HOST, host)
        .header(CONNECTION, "Upgrade")
        .header(UPGRADE, "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", key.as_str())
        .body(Empty::<bytes::Bytes>::new())
        .map_err(|_| Error::config("cannot build the websocket upgrade request"))?;
    for (name, value) in headers.iter() {
        request.headers_mut().insert(name.clone(), value.clone());
    }
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| ws_error("the websocket upgrade failed").with_source(e))?;
    match response.status() {
        StatusCode::SWITCHING_PROTOCOLS => {}
        StatusCode::UNAUTHORIZED => {
            return Err(Error::new(
                ErrorKind::NoAccessTokenProvided,
                "the server refused the websocket credentials (401)",
            ));
        }
        other => {
            return Err(ws_error(format!(
                "the server answered the websocket upgrade with {other}, not 101"
            )));
        }
    }
    let expected = derive_accept_key(key.as_bytes());
    if response.headers().get("sec-websocket-accept")
        != HeaderValue::from_str(&expected).ok().as_ref()
    {
        return Err(ws_error(
            "the server's websocket accept key does not match: not a websocket server",
        ));
    }
    let upgraded = hyper::upgrade::on(response)
        .await
        .map_err(|e| ws_error("the websocket upgrade failed").with_source(e))?;
    Ok(TokioIo::new(upgraded))
}

/// Writes one masked text frame on the raw stream (RFC 6455 §5.2), so that its content (an
/// authentication challenge with a token) never passes through tungstenite's logging.
pub(crate) async fn write_text_frame(io: &mut UpgradedIo, text: &str) -> Result<(), Error> {
    let payload = text.as_bytes();
    let mut frame = Vec::with_capacity(payload.len() + 14);
    frame.push(0x81); // FIN, text
    match payload.len() {
        len @ 0..=125 => frame.push(0x80 | len as u8),
        len @ 126..=65535 => {
            frame.push(0x80 | 126);
            frame.extend_from_slice(&(len as u16).to_be_bytes());
        }
        len => {
            frame.push(0x80 | 127);
            frame.extend_from_slice(&(len as u64).to_be_bytes());
        }
    }
    let mask: [u8; 4] = fastrand::u32(..).to_be_bytes();
    frame.extend_from_slice(&mask);
    frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    io.write_all(&frame)
        .await
        .map_err(|e| ws_error("could not send the authentication challenge").with_source(e))?;
    io.flush()
        .await
        .map_err(|e| ws_error("could not send the authentication challenge").with_source(e))
}

/// The websocket over the upgraded connection.
pub(crate) async fn websocket(
    io: UpgradedIo,
    config: WebSocketConfig,
) -> WebSocketStream<UpgradedIo> {
    WebSocketStream::from_raw_socket(io, Role::Client, Some(config)).await
}
