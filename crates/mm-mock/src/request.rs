//! The request as handlers see it, and the reply they build.

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::app_error::AppError;

/// A request with its body read and its query decoded.
#[derive(Debug, Clone)]
pub(crate) struct MockRequest {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl MockRequest {
    /// The first value of a query parameter.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// An integer query parameter, with a default; garbage is a 400 as on the real server.
    pub fn query_int(&self, name: &str, default: i64) -> Result<i64, AppError> {
        match self.query(name) {
            None | Some("") => Ok(default),
            Some(value) => value.parse().map_err(|_| AppError::invalid_param(name)),
        }
    }

    /// `page` and `per_page` (default 60, at most 200), as the server reads them.
    pub fn paging(&self) -> Result<(usize, usize), AppError> {
        let page = self.query_int("page", 0)?;
        let per_page = self.query_int("per_page", 60)?;
        if page < 0 || per_page < 0 {
            return Err(AppError::invalid_param(if page < 0 {
                "page"
            } else {
                "per_page"
            }));
        }
        Ok((page as usize, (per_page as usize).min(200)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The JSON body as `T`; a 400 naming `what` when it does not decode.
    pub fn json<T: DeserializeOwned>(&self, what: &str) -> Result<T, AppError> {
        serde_json::from_slice(&self.body)
            .map_err(|e| AppError::invalid_body(what).detail(e.to_string()))
    }
}

/// Decodes `a=1&b=x%20y` into pairs (`+` is a space, as in forms).
pub(crate) fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

pub(crate) fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// What a handler answers.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: Vec<(&'static str, String)>,
    pub body: Bytes,
}

impl Reply {
    pub fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Self {
        let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
        Self {
            status,
            headers: vec![("content-type", "application/json".to_owned())],
            body: Bytes::from(body),
        }
    }

    pub fn ok<T: Serialize + ?Sized>(value: &T) -> Self {
        Self::json(StatusCode::OK, value)
    }

    pub fn created<T: Serialize + ?Sized>(value: &T) -> Self {
        Self::json(StatusCode::CREATED, value)
    }

    /// `{"status": "OK"}`.
    pub fn status_ok() -> Self {
        Self::ok(&serde_json::json!({"status": "OK"}))
    }

    pub fn bytes(content_type: &str, body: Bytes) -> Self {
        Self {
            status: StatusCode::OK,
            headers: vec![("content-type", content_type.to_owned())],
            body,
        }
    }

    pub fn text(status: StatusCode, text: &str) -> Self {
        Self {
            status,
            headers: vec![("content-type", "text/plain; charset=utf-8".to_owned())],
            body: Bytes::from(text.to_owned()),
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn into_response(self) -> http::Response<http_body_util::Full<Bytes>> {
        let mut response = http::Response::new(http_body_util::Full::new(self.body));
        *response.status_mut() = self.status;
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.headers_mut().append(name, value);
            }
        }
        response
    }
}
