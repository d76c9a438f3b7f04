//! Your own tower layers in the driver's HTTP stack: a concurrency limit and a metrics layer
//! that counts requests and statuses. Layers sit inside the retry layer, so they see every
//! attempt, and outside the auth layer, so they never see the credentials.
//!
//! ```sh
//! cargo run -p examples --example custom_layer
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Instant;

use examples::Target;
use mm_driver::transport::HttpService;
use mm_driver::{Body, Driver, Error};
use tower::{Layer, Service};

/// Counts requests and non-success statuses; logs each with its latency.
#[derive(Clone, Default)]
struct MetricsLayer {
    requests: Arc<AtomicUsize>,
    failures: Arc<AtomicUsize>,
}

impl<S> Layer<S> for MetricsLayer {
    type Service = Metrics<S>;

    fn layer(&self, inner: S) -> Metrics<S> {
        Metrics {
            layer: self.clone(),
            inner,
        }
    }
}

#[derive(Clone)]
struct Metrics<S> {
    layer: MetricsLayer,
    inner: S,
}

impl Service<http::Request<Body>> for Metrics<HttpService> {
    type Response = http::Response<Body>;
    type Error = Error;
    type Future = mm_driver::BoxFuture<'static, Result<http::Response<Body>, Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        let layer = self.layer.clone();
        let line = format!("{} {}", request.method(), request.uri().path());
        let started = Instant::now();
        let response = self.inner.call(request);
        Box::pin(async move {
            let result = response.await;
            layer.requests.fetch_add(1, Ordering::Relaxed);
            let status = match &result {
                Ok(response) => response.status().to_string(),
                Err(error) => format!("error: {error}"),
            };
            if !matches!(&result, Ok(r) if r.status().is_success()) {
                layer.failures.fetch_add(1, Ordering::Relaxed);
            }
            println!(
                "   [metrics] {line} -> {status} in {:.1} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
            result
        })
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = Target::from_env().await?;
    println!("server: {}", target.describe());
    let metrics = MetricsLayer::default();
    let mut builder = match &target {
        Target::Real(_) => mm_driver::DriverBuilder::from_env(),
        Target::Mock(server) => {
            let seed = server.seed();
            Driver::builder().url(server.url()).token(seed.user.token)
        }
    };
    builder = builder
        .layer(tower::limit::ConcurrencyLimitLayer::new(4))
        .layer(metrics.clone());
    let driver = builder.build()?;

    let me = driver.login().await?;
    println!("logged in as {}", me.username);
    let calls = (0..8).map(|_| driver.get("/api/v4/system/ping").into_future());
    // Eight at once; the concurrency limit lets four reach the server at a time.
    for result in futures_util::future::join_all(calls).await {
        result?;
    }
    let missing = driver.users().get_user("abcdefghijklmnopqrstuvwxyz").await;
    println!(
        "an unknown user gives: {}",
        missing.err().map(|e| e.to_string()).unwrap_or_default()
    );
    println!(
        "metrics: {} requests, {} not successful",
        metrics.requests.load(Ordering::Relaxed),
        metrics.failures.load(Ordering::Relaxed)
    );
    Ok(())
}
