//! Small clients for the examples in mm-mock's own documentation: mm-mock depends on no HTTP
//! client, so its examples talk raw HTTP/1.1 and websocket through these. Not part of the API
//! (hidden from the docs); tests of your own should use mm's driver or your HTTP client.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::MockServer;

/// A websocket client connection.
pub type Socket = WebSocketStream<TcpStream>;

/// An error of these helpers.
pub type Failure = Box<dyn std::error::Error>;

/// Sends one request (`Connection: close`) with a bearer token and a JSON body; returns the
/// status and the body (status 0 and an empty body when the server drops the connection).
pub async fn call(
    server: &MockServer,
    method: &str,
    path: &str,
    token: &str,
    body: &str,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(server.addr()).await?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(format!("{head}{body}").as_bytes()).await?;
    let mut response = String::new();
    // A dropped connection reads as "".
    let _ = stream.read_to_string(&mut response).await;
    let status = response
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, body)| body)
        .to_owned();
    Ok((status, body))
}

/// Opens the websocket with a bearer token; `query` is appended to the URL
/// (`?connection_id=...&sequence_number=...` to resume).
pub async fn ws(server: &MockServer, token: &str, query: &str) -> Result<Socket, Failure> {
    let mut request = format!("{}{query}", server.websocket_url()).into_client_request()?;
    request
        .headers_mut()
        .insert("authorization", format!("Bearer {token}").parse()?);
    let stream = TcpStream::connect(server.addr()).await?;
    Ok(tokio_tungstenite::client_async(request, stream).await?.0)
}

/// The next text frame, skipping others; `None` when the socket ends.
pub async fn next_text(socket: &mut Socket) -> Option<String> {
    use futures_util::StreamExt;
    while let Some(Ok(message)) = socket.next().await {
        if let Message::Text(text) = message {
            return Some(text.as_str().to_owned());
        }
    }
    None
}

/// Sends a text frame.
pub async fn send_text(socket: &mut Socket, text: &str) -> Result<(), Failure> {
    use futures_util::SinkExt;
    Ok(socket.send(Message::text(text)).await?)
}
