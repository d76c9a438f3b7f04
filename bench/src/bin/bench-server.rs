//! A local HTTP/1.1 server answering like Mattermost for the benchmarks: `GET
//! /api/v4/users/me` is one user, `GET /api/v4/users` a page of 200. Prints its URL, then
//! serves until killed. `--port N` (default: any free port).

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::Full;
use hyper_util::rt::TokioIo;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = match std::env::args().skip_while(|a| a != "--port").nth(1) {
        Some(port) => port.parse()?,
        None => 0,
    };
    let user = Bytes::from_static(mm_bench::USER.as_bytes());
    let page = Bytes::from(mm_bench::user_page());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        println!("http://{}", listener.local_addr()?);
        loop {
            let (stream, _) = listener.accept().await?;
            let (user, page) = (user.clone(), page.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request: hyper::Request<_>| {
                    let body = match request.uri().path() {
                        "/api/v4/users/me" => Some(user.clone()),
                        "/api/v4/users" => Some(page.clone()),
                        _ => None,
                    };
                    async move {
                        let response = match body {
                            Some(body) => hyper::Response::builder()
                                .header("content-type", "application/json")
                                .header("x-version-id", "11.6.0.7423.x.true")
                                .header("x-request-id", "bench000000000000000000000")
                                .body(Full::new(body)),
                            None => hyper::Response::builder()
                                .status(404)
                                .header("content-type", "application/json")
                                .body(Full::new(Bytes::from_static(
                                    br#"{"id":"api.context.404.app_error","message":"Sorry, we could not find the page.","status_code":404}"#,
                                ))),
                        };
                        Ok::<_, Infallible>(response.unwrap_or_default())
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}
