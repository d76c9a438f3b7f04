//! The full mm stack against a bare hyper client, side by side in one run, against a local
//! hyper server returning a 700-byte Mattermost user.
//!
//! - `full`: base URL + default headers + auth + retry + timeout + tracing + typed decode;
//! - `bare`: `hyper_util` legacy client + the same decode as mm's (a UTF-8 check, then
//!   `serde_json::from_str`) into the same type.
//!
//! Each is measured with sequential keep-alive requests and with 64 requests in flight.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use http::Request;
use http_body_util::{BodyExt, Empty, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use mm_transport::{BaseUrl, BearerToken, Body, Transport};
use serde::Deserialize;

/// The fields of a Mattermost user (as in mm-types, which this crate does not depend on).
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct User {
    id: String,
    create_at: i64,
    update_at: i64,
    delete_at: i64,
    username: String,
    email: String,
    email_verified: bool,
    nickname: String,
    first_name: String,
    last_name: String,
    position: String,
    roles: String,
    locale: String,
    notify_props: HashMap<String, String>,
    timezone: HashMap<String, String>,
    last_password_update: i64,
    last_picture_update: i64,
    mfa_active: bool,
    is_bot: bool,
}

const USER: &str = r#"{"id":"u1234567890abcdefghijklmno","create_at":1700000000000,"update_at":1700000100000,"delete_at":0,"username":"alice","auth_data":"","auth_service":"","email":"alice@example.com","email_verified":true,"nickname":"","first_name":"Alice","last_name":"Liddell","position":"Engineer","roles":"system_user","allow_marketing":false,"notify_props":{"channel":"true","comments":"never","desktop":"mention","desktop_sound":"true","email":"true","first_name":"false","mention_keys":"","push":"mention","push_status":"away"},"last_password_update":1700000000000,"last_picture_update":0,"locale":"en","timezone":{"automaticTimezone":"Europe/Berlin","manualTimezone":"","useAutomaticTimezone":"true"},"disable_welcome_email":false,"mfa_active":false,"is_bot":false,"bot_description":""}"#;

/// Starts the server on a thread and runtime of its own, as a real server would be: the client's
/// runtime then measures only the client.
fn start_server() -> SocketAddr {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(serve(sender));
    });
    receiver.recv().unwrap()
}

async fn serve(ready: std::sync::mpsc::Sender<SocketAddr>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    ready.send(listener.local_addr().unwrap()).unwrap();
    {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(|_request| async {
                    let mut response =
                        hyper::Response::new(Full::new(Bytes::from_static(USER.as_bytes())));
                    response
                        .headers_mut()
                        .insert("content-type", "application/json".parse().unwrap());
                    Ok::<_, Infallible>(response)
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    }
}

async fn full_call(transport: &Transport) {
    let request = Request::get("/api/v4/users/me")
        .body(Body::empty())
        .unwrap();
    let response = transport
        .send(request)
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    let user: User = response.json().unwrap();
    assert_eq!(user.username, "alice");
}

async fn bare_call(client: &Client<HttpConnector, Empty<Bytes>>, uri: &http::Uri) {
    let response = client.get(uri.clone()).await.unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let user: User = serde_json::from_str(std::str::from_utf8(&body).unwrap()).unwrap();
    assert_eq!(user.username, "alice");
}

fn stack(c: &mut Criterion) {
    // One core for the client, one for the server.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let addr = start_server();
    let transport = runtime.block_on(async {
        Transport::builder(BaseUrl::parse(&format!("http://{addr}")).unwrap())
            .bearer_token(BearerToken::new("bench-token").unwrap())
            .build()
            .unwrap()
    });
    let bare: Client<HttpConnector, Empty<Bytes>> = runtime
        .block_on(async { Client::builder(TokioExecutor::new()).build(HttpConnector::new()) });
    let uri: http::Uri = format!("http://{addr}/api/v4/users/me").parse().unwrap();

    let mut sequential = c.benchmark_group("get_user_sequential");
    sequential.bench_function("bare_hyper", |b| {
        b.to_async(&runtime).iter(|| bare_call(&bare, &uri))
    });
    sequential.bench_function("mm_full_stack", |b| {
        b.to_async(&runtime).iter(|| full_call(&transport))
    });
    sequential.finish();

    let mut parallel = c.benchmark_group("get_user_64_in_flight");
    parallel.bench_function("bare_hyper", |b| {
        b.to_async(&runtime).iter(|| async {
            futures_util::future::join_all((0..64).map(|_| bare_call(&bare, &uri))).await;
        })
    });
    parallel.bench_function("mm_full_stack", |b| {
        b.to_async(&runtime).iter(|| async {
            futures_util::future::join_all((0..64).map(|_| full_call(&transport))).await;
        })
    });
    parallel.finish();
}

criterion_group!(benches, stack);
criterion_main!(benches);
