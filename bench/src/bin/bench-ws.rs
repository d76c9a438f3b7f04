//! Opens N idle websockets to a Mattermost server (mm-mock in another process, for
//! `cargo xtask bench --websockets`) and reports the heap they hold, counted by the global
//! allocator, through mm (`Driver::websocket`) or through a bare tokio-tungstenite client with
//! the same read buffer.
//!
//! `bench-ws URL TOKEN --connections N --client mm|tungstenite [--read-buffer BYTES]`
//!
//! Prints `connections bytes_per_connection first_half_ms second_half_ms`: the two times to
//! open each half of the connections show whether opening them is linear.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use peak_alloc::PeakAlloc;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

type Failure = Box<dyn std::error::Error>;

fn value(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, token, ..] = args.as_slice() else {
        return Err("usage: bench-ws URL TOKEN --connections N --client mm|tungstenite [--read-buffer BYTES]".into());
    };
    let connections: usize = value(&args, "--connections")
        .ok_or("--connections N")?
        .parse()?;
    let mm = match value(&args, "--client").as_deref() {
        Some("mm") => true,
        Some("tungstenite") => false,
        other => return Err(format!("--client mm|tungstenite, not {other:?}").into()),
    };
    let read_buffer: usize = value(&args, "--read-buffer")
        .map_or(Ok(mm_ws::config::DEFAULT_READ_BUFFER_SIZE), |b| b.parse())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let driver = mm_driver::Driver::builder()
            .url(url)
            .token(token)
            .websocket(mm_ws::WebsocketConfig::new().read_buffer_size(read_buffer))
            .build()?;
        let ws_url = format!("{}/api/v4/websocket", url.replacen("http", "ws", 1));
        // One connection first, so that one-time allocations (TLS roots, caches) are not
        // counted per connection.
        let mut held = Vec::with_capacity(connections + 1);
        held.push(open(&driver, &ws_url, token, mm, read_buffer).await?);
        tokio::time::sleep(Duration::from_millis(200)).await;
        let before = HEAP.current_usage();
        let started = Instant::now();
        let mut halfway = Duration::ZERO;
        for n in 0..connections {
            if n == connections / 2 {
                halfway = started.elapsed();
            }
            held.push(open(&driver, &ws_url, token, mm, read_buffer).await?);
        }
        let total = started.elapsed();
        // Let every connection task settle into its idle state.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let after = HEAP.current_usage();
        let per_connection = after.saturating_sub(before) / connections.max(1);
        println!(
            "{connections} {per_connection} {} {}",
            halfway.as_millis(),
            (total - halfway).as_millis()
        );
        drop(held);
        Ok::<_, Failure>(())
    })
}

/// A connection held open. Not boxed: the list holding them is allocated before counting, so
/// a box would only add a counted allocation to the bare client.
#[allow(clippy::large_enum_variant)]
enum Held {
    Mm(#[allow(dead_code)] mm_ws::Events),
    Bare(#[allow(dead_code)] tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>),
}

async fn open(
    driver: &mm_driver::Driver,
    ws_url: &str,
    token: &str,
    mm: bool,
    read_buffer: usize,
) -> Result<Held, Failure> {
    Ok(if mm {
        Held::Mm(driver.websocket().await?)
    } else {
        Held::Bare(bare(ws_url, token, read_buffer).await?)
    })
}

/// A bare client: the upgrade with the token, then `hello`; the stream is held, unpolled.
async fn bare(
    url: &str,
    token: &str,
    read_buffer: usize,
) -> Result<tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>, Failure> {
    let mut request = url.into_client_request()?;
    request
        .headers_mut()
        .insert("authorization", format!("Bearer {token}").parse()?);
    let host = request
        .uri()
        .authority()
        .ok_or("no host")?
        .as_str()
        .to_owned();
    let tcp = tokio::net::TcpStream::connect(host).await?;
    let config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
        .read_buffer_size(read_buffer)
        .write_buffer_size(0);
    let (mut socket, _) =
        tokio_tungstenite::client_async_with_config(request, tcp, Some(config)).await?;
    // `hello`.
    socket.next().await.ok_or("closed before hello")??;
    Ok(socket)
}
