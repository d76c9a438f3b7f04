//! The HTTP stack: user tower layers, TLS, proxies, HTTP/2.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use http::{Request, Response};
use mm_driver::{Body, Driver, ErrorKind};
use mm_transport::{BaseUrl, HttpService, ProxyConfig, TlsConfig, Transport};
use tests::{
    ConnectProxy, RecordingSleeper, Reply, ScriptedServer, TestPki, test_retry, user_json,
};
use tower::{Layer, Service};

/// A metrics layer: counts requests and records the paths and auth headers it sees.
#[derive(Clone, Default)]
struct Metrics {
    calls: Arc<AtomicUsize>,
    saw_auth_header: Arc<AtomicUsize>,
}

impl<S> Layer<S> for Metrics {
    type Service = MetricsService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        MetricsService {
            metrics: self.clone(),
            inner,
        }
    }
}

#[derive(Clone)]
struct MetricsService<S> {
    metrics: Metrics,
    inner: S,
}

impl<S: Service<Request<Body>, Response = Response<Body>>> Service<Request<Body>>
    for MetricsService<S>
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> S::Future {
        self.metrics.calls.fetch_add(1, Ordering::SeqCst);
        if request.headers().contains_key("authorization") {
            self.metrics.saw_auth_header.fetch_add(1, Ordering::SeqCst);
        }
        self.inner.call(request)
    }
}

#[tokio::test]
async fn custom_layers_see_every_attempt_but_not_the_credentials() {
    let server = ScriptedServer::sequence(vec![
        Reply::status(503),
        Reply::json(200, user_json("u1", "a")),
    ])
    .await;
    let metrics = Metrics::default();
    let driver = Driver::builder()
        .url(server.url())
        .token("pat")
        .retry_config(test_retry(3, &RecordingSleeper::default()))
        .layer(tower::limit::ConcurrencyLimitLayer::new(2))
        .layer(metrics.clone())
        .build()
        .unwrap();
    driver.users().get_user("u1").await.unwrap();
    assert_eq!(metrics.calls.load(Ordering::SeqCst), 2);
    assert_eq!(metrics.saw_auth_header.load(Ordering::SeqCst), 0);
    assert_eq!(
        server.requests()[1].header("authorization"),
        Some("Bearer pat")
    );
}

#[tokio::test]
async fn a_concurrency_limit_layer_bounds_requests_in_flight() {
    let in_flight = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let server = ScriptedServer::start(|_| Reply::json(200, serde_json::json!({}))).await;
    let driver = Driver::builder()
        .url(server.url())
        .layer(tower::limit::ConcurrencyLimitLayer::new(3))
        .layer(tower::layer::layer_fn({
            let (in_flight, peak) = (in_flight.clone(), peak.clone());
            move |inner: HttpService| {
                let (in_flight, peak) = (in_flight.clone(), peak.clone());
                tower::service_fn(move |request: Request<Body>| {
                    let (in_flight, peak, mut inner) =
                        (in_flight.clone(), peak.clone(), inner.clone());
                    async move {
                        let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(now, Ordering::SeqCst);
                        tokio::task::yield_now().await;
                        let result = inner.call(request).await;
                        in_flight.fetch_sub(1, Ordering::SeqCst);
                        result
                    }
                })
            }
        }))
        .build()
        .unwrap();
    let calls: Vec<_> = (0..20)
        .map(|_| driver.get("/api/v4/system/ping").into_future())
        .collect();
    for result in futures_util::future::join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(server.request_count(), 20);
    assert!(
        peak.load(Ordering::SeqCst) <= 3,
        "peak {}",
        peak.load(Ordering::SeqCst)
    );
}

#[tokio::test]
async fn a_layer_with_its_own_error_type_reports_it_clearly() {
    let server = ScriptedServer::start(|_| Reply::Hang).await;
    let sleeper = RecordingSleeper::default();
    let driver = Driver::builder()
        .url(server.url())
        .retry_config(test_retry(3, &sleeper))
        .layer(tower::timeout::TimeoutLayer::new(
            std::time::Duration::from_millis(20),
        ))
        .build()
        .unwrap();
    let error = driver.get("/api/v4/x").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Layer);
    assert!(error.to_string().contains("custom tower layer"), "{error}");
    assert!(
        sleeper.sleeps().is_empty(),
        "a layer's own error is not retried"
    );
    assert_eq!(server.request_count(), 1);
}

fn tls_builder(server: &ScriptedServer) -> mm_driver::DriverBuilder {
    Driver::builder().url(server.https_url()).max_retries(0)
}

#[tokio::test]
async fn an_unknown_certificate_is_rejected_by_default() {
    let pki = TestPki::new();
    let server = ScriptedServer::tls_user(&pki).await;
    let error = tls_builder(&server)
        .build()
        .unwrap()
        .get("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Tls, "{error}");
    assert!(error.to_string().contains("certificate"), "{error}");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn the_certificate_is_accepted_with_its_ca_file() {
    let pki = TestPki::new();
    let server = ScriptedServer::tls_user(&pki).await;
    let path = std::env::temp_dir().join(format!(
        "mm-ca-{}-{}.pem",
        std::process::id(),
        server.addr.port()
    ));
    std::fs::write(&path, &pki.ca_pem).unwrap();
    let driver = tls_builder(&server).ca_file(&path).build().unwrap();
    assert_eq!(
        driver.users().get_user("u1").await.unwrap().username,
        "alice"
    );
    let driver = tls_builder(&server)
        .ca_pem(pki.ca_pem.as_bytes())
        .build()
        .unwrap();
    driver.users().get_user("u1").await.unwrap();
    std::fs::remove_file(&path).unwrap();
}

#[tokio::test]
async fn a_ca_bundle_replaces_the_platform_roots() {
    let pki = TestPki::new();
    let other = TestPki::new();
    let server = ScriptedServer::tls_user(&pki).await;
    let error = tls_builder(&server)
        .ca_pem(other.ca_pem.as_bytes())
        .build()
        .unwrap()
        .get("/x")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Tls);
}

#[tokio::test]
async fn http2_is_negotiated_by_alpn_when_enabled() {
    let pki = TestPki::new();
    let server = ScriptedServer::tls_user(&pki).await;
    let h2 = tls_builder(&server)
        .ca_pem(pki.ca_pem.as_bytes())
        .http2(true)
        .build()
        .unwrap();
    h2.get("/api/v4/x").await.unwrap();
    let h1 = tls_builder(&server)
        .ca_pem(pki.ca_pem.as_bytes())
        .build()
        .unwrap();
    h1.get("/api/v4/x").await.unwrap();
    let versions: Vec<_> = server.requests().iter().map(|r| r.version).collect();
    assert_eq!(
        versions,
        vec![http::Version::HTTP_2, http::Version::HTTP_11]
    );
}

#[tokio::test]
async fn requests_go_through_a_configured_proxy() {
    let server = ScriptedServer::start(|_| Reply::json(200, user_json("u1", "alice"))).await;
    let proxy = ConnectProxy::start().await;
    let driver = Driver::builder()
        .url(server.url())
        .proxy(format!("http://user:proxy-pass@{}", proxy.addr), None)
        .build()
        .unwrap();
    driver.users().get_user("u1").await.unwrap();
    assert_eq!(
        proxy.targets.lock().unwrap().clone(),
        vec![server.addr.to_string()]
    );
    // user:proxy-pass in base64
    assert_eq!(
        proxy.auth_headers.lock().unwrap().clone(),
        vec!["Basic dXNlcjpwcm94eS1wYXNz".to_owned()]
    );
    assert!(!format!("{driver:?}").contains("proxy-pass"));
}

#[tokio::test]
async fn tls_goes_end_to_end_through_the_proxy() {
    let pki = TestPki::new();
    let server = ScriptedServer::tls_user(&pki).await;
    let proxy = ConnectProxy::start().await;
    let driver = tls_builder(&server)
        .ca_pem(pki.ca_pem.as_bytes())
        .proxy(format!("http://{}", proxy.addr), None)
        .build()
        .unwrap();
    driver.users().get_user("u1").await.unwrap();
    assert_eq!(
        proxy.targets.lock().unwrap().clone(),
        vec![format!("localhost:{}", server.addr.port())]
    );
}

#[tokio::test]
async fn proxy_settings_from_the_environment_and_no_proxy() {
    let server = ScriptedServer::start(|_| Reply::json(200, serde_json::json!({}))).await;
    let proxy = ConnectProxy::start().await;
    let proxy_url = format!("http://{}", proxy.addr);
    let base = BaseUrl::parse(&server.url()).unwrap();

    let with_proxy =
        ProxyConfig::from_lookup(|name| (name == "http_proxy").then(|| proxy_url.clone()));
    assert!(with_proxy.is_enabled());
    let transport = Transport::builder(base.clone())
        .proxy(with_proxy)
        .build()
        .unwrap();
    transport
        .send(Request::get("/a").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(proxy.targets.lock().unwrap().len(), 1);

    let bypassed = ProxyConfig::from_lookup(|name| match name {
        "HTTP_PROXY" => Some(proxy_url.clone()),
        "NO_PROXY" => Some("127.0.0.1".to_owned()),
        _ => None,
    });
    let transport = Transport::builder(base).proxy(bypassed).build().unwrap();
    transport
        .send(Request::get("/b").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(
        proxy.targets.lock().unwrap().len(),
        1,
        "NO_PROXY bypasses the proxy"
    );
    assert_eq!(server.request_count(), 2);

    assert!(!ProxyConfig::from_lookup(|_| None).is_enabled());
    let schemeless = ProxyConfig::from_lookup(|name| {
        (name == "HTTPS_PROXY").then(|| "user:hunter2@proxy:3128".to_owned())
    });
    assert!(
        !format!("{schemeless:?}").contains("hunter2"),
        "{schemeless:?}"
    );
}

#[tokio::test]
async fn a_dead_proxy_is_a_connect_error() {
    let dead = tests::closed_port().await;
    let driver = Driver::builder()
        .url("http://127.0.0.1:9")
        .proxy(format!("http://{dead}"), None)
        .max_retries(0)
        .build()
        .unwrap();
    let error = driver.get("/api/v4/x").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connect, "{error}");
}

#[tokio::test]
async fn the_transport_is_usable_on_its_own() {
    let server = ScriptedServer::start(|_| Reply::json(200, serde_json::json!({"ok": true}))).await;
    let transport = Transport::builder(BaseUrl::parse(&server.url()).unwrap())
        .tls(TlsConfig::new())
        .build()
        .unwrap();
    fn assert_traits<T: Clone + Send + Sync + 'static>(_: &T) {}
    assert_traits(&transport);
    let response = transport
        .send(
            Request::get("/api/v4/system/ping?x=1")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.json::<serde_json::Value>().unwrap()["ok"], true);
    assert_eq!(server.requests()[0].query.as_deref(), Some("x=1"));
}

#[tokio::test]
async fn absolute_urls_to_another_server_are_refused() {
    let server = ScriptedServer::start(|_| Reply::json(200, serde_json::json!({}))).await;
    let transport = Transport::builder(BaseUrl::parse(&server.url()).unwrap())
        .bearer_token(mm_transport::BearerToken::new("secret").unwrap())
        .build()
        .unwrap();
    let error = transport
        .send(
            Request::get("http://other.example/api/v4/users/me")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    let same = format!("{}/api/v4/users/me", server.url());
    transport
        .send(Request::get(same.as_str()).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(server.request_count(), 1);
    let https_proxy = Driver::builder()
        .url(server.url())
        .proxy("https://proxy.example:443", None)
        .build()
        .unwrap_err();
    assert_eq!(https_proxy.kind(), ErrorKind::InvalidConfig);
}

#[test]
fn a_call_outside_a_tokio_runtime_is_an_error_not_a_panic() {
    let transport = Transport::builder(BaseUrl::parse("http://127.0.0.1:9").unwrap())
        .build()
        .unwrap();
    let mut call = std::pin::pin!(transport.send(Request::get("/x").body(Body::empty()).unwrap()));
    let mut context = Context::from_waker(std::task::Waker::noop());
    let Poll::Ready(Err(error)) = call.as_mut().poll(&mut context) else {
        panic!("the call went on without a runtime");
    };
    assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    assert!(error.to_string().contains("tokio runtime"), "{error}");
}
