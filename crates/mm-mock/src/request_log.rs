//! The log of what clients sent, for tests to assert on. Secrets are removed: the
//! `Authorization`, `Cookie` and `Token` headers are redacted, and so are JSON body values whose
//! key names a secret (`password`, `token`, ...).

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};

const SECRET_HEADERS: &[&str] = &["authorization", "cookie", "token", "x-csrf-token"];
const SECRET_KEYS: &[&str] = &["password", "token", "secret", "mfa"];

/// One request as the mock received it.
///
/// ```
/// # use mm_mock::doc_support::call;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let server = mm_mock::MockServer::start().await?;
/// # let seed = server.seed();
/// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
/// let body = r#"{"login_id":"user","password":"user-password"}"#;
/// call(&server, "POST", "/api/v4/users/login?redirect_to=%2Fteam", "", body).await?;
///
/// let logged = &server.requests()[0];
/// assert_eq!(logged.method, http::Method::POST);
/// assert_eq!(logged.path, "/api/v4/users/login");
/// assert_eq!(logged.query_param("redirect_to"), Some("/team")); // decoded
/// assert_eq!(logged.header("content-type"), Some("application/json"));
/// assert_eq!(logged.json().map(|json| json["password"].clone()), Some("[redacted]".into()));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct LoggedRequest {
    /// The method.
    pub method: Method,
    /// The path, without the query.
    pub path: String,
    /// The decoded query parameters.
    pub query: Vec<(String, String)>,
    /// The headers, secrets redacted.
    pub headers: HeaderMap,
    /// The body; JSON secrets redacted.
    pub body: Bytes,
}

impl LoggedRequest {
    pub(crate) fn new(
        method: Method,
        path: String,
        query: Vec<(String, String)>,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Self {
        let mut headers = headers.clone();
        for name in SECRET_HEADERS {
            if headers.contains_key(*name) {
                headers.insert(*name, HeaderValue::from_static("[redacted]"));
            }
        }
        let query = query
            .into_iter()
            .map(|(key, value)| {
                if SECRET_KEYS
                    .iter()
                    .any(|s| key.to_ascii_lowercase().contains(s))
                {
                    (key, "[redacted]".to_owned())
                } else {
                    (key, value)
                }
            })
            .collect();
        Self {
            method,
            path,
            query,
            headers,
            body: redact_body(body),
        }
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A query parameter's first value.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, when it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

fn redact_body(body: &Bytes) -> Bytes {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            if redact_value(&mut value) {
                Bytes::from(value.to_string())
            } else {
                body.clone()
            }
        }
        Err(_) => body.clone(),
    }
}

/// Redacts secret string values in place; whether anything changed.
fn redact_value(value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::Object(map) => {
            let mut changed = false;
            for (key, item) in map.iter_mut() {
                let lower = key.to_ascii_lowercase();
                if item.is_string() && SECRET_KEYS.iter().any(|s| lower.contains(s)) {
                    *item = serde_json::Value::String("[redacted]".to_owned());
                    changed = true;
                } else {
                    changed |= redact_value(item);
                }
            }
            changed
        }
        serde_json::Value::Array(items) => {
            // Every item must be visited: no short-circuit.
            let mut changed = false;
            for item in items {
                changed |= redact_value(item);
            }
            changed
        }
        _ => false,
    }
}
