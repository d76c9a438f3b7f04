//! Sends GETs to a bench server and decodes them into mm's typed models, through mm (the full
//! default stack of `mm_driver::Driver`), through a bare hyper-util client (its pooled
//! `legacy::Client`), or over one bare hyper connection with no pool at all (`conn`, one request
//! at a time: the floor under any client).
//!
//! `bench-client URL --client mm|hyper|conn --requests N [--in-flight K] [--page]`
//!
//! Prints `requests wall_ns cpu_ns`. `cargo xtask bench` runs it under callgrind with two
//! request counts and subtracts, so that start-up is not counted.

use std::time::Instant;

use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use mm_types::User;
use mm_types::support::NullAsDefault;

type Failure = Box<dyn std::error::Error>;

#[derive(Clone, Copy, PartialEq)]
enum Which {
    Mm,
    Hyper,
    Connection,
}

struct Options {
    url: String,
    which: Which,
    requests: usize,
    in_flight: usize,
    page: bool,
}

fn options() -> Result<Options, Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    Ok(Options {
        url: args.first().cloned().ok_or(
            "usage: bench-client URL --client mm|hyper|conn --requests N [--in-flight K] [--page]",
        )?,
        which: match value("--client").as_deref() {
            Some("mm") => Which::Mm,
            Some("hyper") => Which::Hyper,
            Some("conn") => Which::Connection,
            other => return Err(format!("--client mm|hyper|conn, not {other:?}").into()),
        },
        requests: value("--requests").ok_or("--requests N")?.parse()?,
        in_flight: value("--in-flight").map_or(Ok(1), |k| k.parse())?,
        page: args.iter().any(|a| a == "--page"),
    })
}

async fn through_mm(driver: &mm_driver::Driver, page: bool) -> Result<usize, Failure> {
    Ok(if page {
        driver.users().get_users().per_page(200).await?.len()
    } else {
        usize::from(!driver.users().get_user("me").await?.id.is_empty())
    })
}

async fn through_hyper(
    client: &Client<HttpConnector, Empty<Bytes>>,
    uri: &http::Uri,
    page: bool,
) -> Result<usize, Failure> {
    let response = client.get(uri.clone()).await?;
    let body = response.into_body().collect().await?.to_bytes();
    decode(&body, page)
}

/// The request target and `Host` of a bare connection's requests, made once (as mm's pool
/// keeps its `Host`).
struct Target {
    path: http::Uri,
    host: http::HeaderValue,
}

/// One request on a bare hyper connection: origin-form target and `Host`, as HTTP/1.1 needs.
async fn through_connection(
    connection: &mut hyper::client::conn::http1::SendRequest<Empty<Bytes>>,
    target: &Target,
    page: bool,
) -> Result<usize, Failure> {
    connection.ready().await?;
    let mut request = http::Request::new(Empty::new());
    *request.uri_mut() = target.path.clone();
    request
        .headers_mut()
        .insert(http::header::HOST, target.host.clone());
    let response = connection.send_request(request).await?;
    let body = response.into_body().collect().await?.to_bytes();
    decode(&body, page)
}

fn decode(body: &Bytes, page: bool) -> Result<usize, Failure> {
    // The same decode as mm's (`decode_json`): one UTF-8 check, then a read from `&str`, so
    // that the ratio measures the stack and not the way of reading JSON.
    let text = std::str::from_utf8(body)?;
    Ok(if page {
        serde_json::from_str::<NullAsDefault<Vec<User>>>(text)?
            .0
            .len()
    } else {
        usize::from(!serde_json::from_str::<User>(text)?.id.is_empty())
    })
}

fn main() -> Result<(), Failure> {
    let options = options()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let driver = mm_driver::Driver::builder()
        .url(&options.url)
        .token("bench-token")
        .build()?;
    let client: Client<HttpConnector, Empty<Bytes>> = runtime
        .block_on(async { Client::builder(TokioExecutor::new()).build(HttpConnector::new()) });
    let path = if options.page {
        "/api/v4/users?per_page=200"
    } else {
        "/api/v4/users/me"
    };
    let uri: http::Uri = format!("{}{path}", options.url.trim_end_matches('/')).parse()?;
    let (which, page) = (options.which, options.page);
    // `conn`: one connection, lent to one request at a time (so through the same stream
    // machinery as the other clients, whose cost is thus the same on every side).
    let connection = std::cell::Cell::new(None);
    let target = Target {
        path: uri.path_and_query().map_or("/", |p| p.as_str()).parse()?,
        host: http::HeaderValue::from_str(uri.authority().map_or("", |a| a.as_str()))?,
    };
    if which == Which::Connection {
        if options.in_flight > 1 {
            return Err("--client conn sends one request at a time".into());
        }
        let address = uri.authority().map_or("", |a| a.as_str()).to_owned();
        let (sender, driving) = runtime.block_on(async {
            let stream = tokio::net::TcpStream::connect(address).await?;
            let io = hyper_util::rt::TokioIo::new(stream);
            Ok::<_, Failure>(hyper::client::conn::http1::handshake(io).await?)
        })?;
        runtime.spawn(driving);
        connection.set(Some(sender));
    }
    let one = |_| {
        let (driver, client, uri) = (&driver, &client, &uri);
        let (connection, target) = (&connection, &target);
        async move {
            match which {
                Which::Mm => through_mm(driver, page).await,
                Which::Hyper => through_hyper(client, uri, page).await,
                Which::Connection => {
                    let mut sender = connection.take().ok_or("the connection is in use")?;
                    let decoded = through_connection(&mut sender, target, page).await;
                    connection.set(Some(sender));
                    decoded
                }
            }
        }
    };
    let cpu_start = mm_bench::cpu_time();
    let start = Instant::now();
    let decoded: usize = runtime.block_on(async {
        futures_util::stream::iter(0..options.requests)
            .map(one)
            .buffer_unordered(options.in_flight.max(1))
            .fold(Ok(0), |total: Result<usize, Failure>, one| async move {
                Ok(total? + one?)
            })
            .await
    })?;
    let wall = start.elapsed();
    let cpu = match (cpu_start, mm_bench::cpu_time()) {
        (Some(start), Some(end)) => end.saturating_sub(start).as_nanos(),
        _ => 0,
    };
    let expected = options.requests * if page { 200 } else { 1 };
    if decoded != expected {
        return Err(format!("decoded {decoded} items, expected {expected}").into());
    }
    println!("{} {} {cpu}", options.requests, wall.as_nanos());
    Ok(())
}
