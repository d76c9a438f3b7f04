//! A typed call: a prepared request plus the type its response decodes into.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use mm_transport::{Error, RequestBuilder, Response};
use serde::de::DeserializeOwned;

/// A request that decodes its response into `T` when awaited.
///
/// Building the request is plain code; sending it goes through the one non-generic path of the
/// transport; only the decoding is generic.
#[must_use = "a call does nothing until it is awaited or sent"]
pub struct Call<T> {
    request: RequestBuilder,
    output: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .field("output", &std::any::type_name::<T>())
            .finish()
    }
}

impl<T> Call<T> {
    /// A call sending `request`.
    pub fn new(request: RequestBuilder) -> Self {
        Self {
            request,
            output: PhantomData,
        }
    }

    /// Adds a query parameter.
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.request = self.request.query(key, value);
        self
    }

    /// Sends the call and returns the raw response (status, headers, bytes), whatever its status.
    pub async fn send(self) -> Result<Response, Error> {
        self.request.send().await
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        let sent = self.request.into_future();
        Box::pin(async move { sent.await?.json::<T>() })
    }
}
