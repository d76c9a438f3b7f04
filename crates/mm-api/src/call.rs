//! A typed call: a prepared request plus how its response is decoded.
//!
//! Building the request is plain code; sending goes through the one non-generic send path of
//! the transport; only the decoding is generic (and small).

use std::collections::VecDeque;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use bytes::Bytes;
use futures_util::Stream;
use mm_transport::{Error, RequestBuilder, Response};
use serde::de::DeserializeOwned;

use crate::TypedResponse;

/// How a response becomes the call's result.
pub trait Output: Send + 'static {
    /// What the call returns.
    type Item: Send + 'static;

    /// Decodes a successful response.
    fn decode(response: Response) -> Result<Self::Item, Error>;
}

/// A JSON body decoded into `T`. A body of `null` (what a Go handler sends for a nil slice or
/// map) is `T`'s zero value: an empty list or map.
pub struct Json<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned + Default + Send + 'static> Output for Json<T> {
    type Item = T;

    fn decode(response: Response) -> Result<T, Error> {
        response
            .json::<mm_types::support::NullAsDefault<T>>()
            .map(|body| body.0)
    }
}

/// A binary body (an image, a file, plain text), never JSON-decoded.
pub struct Binary;

impl Output for Binary {
    type Item = Bytes;

    fn decode(response: Response) -> Result<Bytes, Error> {
        Ok(response.into_bytes())
    }
}

/// No body of interest.
pub struct NoContent;

impl Output for NoContent {
    type Item = ();

    fn decode(_: Response) -> Result<(), Error> {
        Ok(())
    }
}

/// A request that decodes its response with `O` when awaited.
#[must_use = "a call does nothing until it is awaited or sent"]
pub struct Call<O> {
    request: RequestBuilder,
    output: PhantomData<fn() -> O>,
}

impl<O> fmt::Debug for Call<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .finish()
    }
}

impl<O> Call<O> {
    /// A call sending `request`.
    pub fn new(request: RequestBuilder) -> Self {
        Self {
            request,
            output: PhantomData,
        }
    }

    /// Sets a query parameter.
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.request = self.request.set_query(key, value);
        self
    }

    /// Sets a JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.request = self.request.json(body);
        self
    }

    /// The request, for changes the builder does not offer (headers, say).
    pub fn into_request(self) -> RequestBuilder {
        self.request
    }

    /// Sends the call and returns the raw response (status, headers, bytes), whatever its status.
    pub async fn send(self) -> Result<Response, Error> {
        self.request.send().await
    }
}

impl<O: Output> Call<O> {
    /// Sends the call and decodes the output like `.await`, keeping the answer's status and
    /// headers beside it.
    pub async fn with_response(self) -> Result<TypedResponse<O::Item>, Error> {
        let response = self.request.await?;
        let status = response.status();
        let headers = response.headers().clone();
        O::decode(response).map(|body| TypedResponse::new(status, headers, body))
    }
}

impl<O: Output> IntoFuture for Call<O> {
    type Output = Result<O::Item, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<O::Item, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        let sent = self.request.into_future();
        Box::pin(async move { O::decode(sent.await?) })
    }
}

/// The items of a paged listing, one page after another.
pub type Pages<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

/// Pages fetched when the caller did not choose a page size: the server's maximum.
const DEFAULT_PAGE_SIZE: usize = 200;

impl<T: DeserializeOwned + Send + 'static> Call<Json<Vec<T>>> {
    /// Every item, fetching `page` = 0, 1, 2, ... (from the page set, if any) until a page comes
    /// back shorter than `per_page` (200 unless set). An error ends the stream after it is
    /// yielded.
    pub fn paginate(self) -> Pages<T> {
        let per_page = self
            .request
            .query_value("per_page")
            .and_then(|v| v.parse().ok())
            .filter(|n: &usize| *n > 0)
            // The server never returns more than 200 per page: a larger size would look like a
            // short page and end the stream early.
            .map_or(DEFAULT_PAGE_SIZE, |n| n.min(DEFAULT_PAGE_SIZE));
        let first_page: u64 = self
            .request
            .query_value("page")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let template = self.request.set_query("per_page", per_page);
        struct State<T> {
            template: RequestBuilder,
            page: u64,
            buffer: VecDeque<T>,
            done: bool,
        }
        let state = State {
            template,
            page: first_page,
            buffer: VecDeque::new(),
            done: false,
        };
        Box::pin(futures_util::stream::unfold(
            state,
            move |mut state| async move {
                loop {
                    if let Some(item) = state.buffer.pop_front() {
                        return Some((Ok(item), state));
                    }
                    if state.done {
                        return None;
                    }
                    let Some(request) = state.template.try_clone() else {
                        state.done = true;
                        return Some((
                            Err(Error::invalid_request(
                                "a paged request cannot have a streaming body",
                            )),
                            state,
                        ));
                    };
                    let result =
                        Call::<Json<Vec<T>>>::new(request.set_query("page", state.page)).await;
                    match result {
                        Ok(items) => {
                            state.done = items.len() < per_page;
                            state.page += 1;
                            state.buffer.extend(items);
                        }
                        Err(error) => {
                            state.done = true;
                            return Some((Err(error), state));
                        }
                    }
                }
            },
        ))
    }
}

#[cfg(feature = "blocking")]
impl<O: Output> Call<O> {
    /// `.await` from synchronous code (feature `blocking`): wherever a thread may block,
    /// `spawn_blocking` included (see [`crate::blocking`]).
    pub fn call_blocking(self) -> Result<O::Item, Error> {
        crate::blocking::block_on(self.into_future())
    }

    /// [`with_response`](Self::with_response) from synchronous code (feature `blocking`).
    pub fn with_response_blocking(self) -> Result<TypedResponse<O::Item>, Error> {
        crate::blocking::block_on(self.with_response())
    }
}

#[cfg(feature = "blocking")]
impl<T: DeserializeOwned + Send + 'static> Call<Json<Vec<T>>> {
    /// [`paginate`](Self::paginate) from synchronous code (feature `blocking`): an iterator
    /// that fetches the next page when it runs out of items.
    pub fn paginate_blocking(self) -> PagesIter<T> {
        PagesIter {
            pages: Some(self.paginate()),
        }
    }
}

/// The items of a paged listing as a blocking iterator (feature `blocking`); an error ends
/// it after it is yielded.
///
/// ```no_run
/// # fn run(client: mm_api::Client) -> Result<(), mm_transport::Error> {
/// for member in client.teams().get_team_members("team-id").paginate_blocking() {
///     println!("{}", member?.user_id);
/// }
/// # Ok(()) }
/// ```
#[cfg(feature = "blocking")]
pub struct PagesIter<T> {
    pages: Option<Pages<T>>,
}

#[cfg(feature = "blocking")]
impl<T> fmt::Debug for PagesIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PagesIter")
            .field("done", &self.pages.is_none())
            .finish()
    }
}

#[cfg(feature = "blocking")]
impl<T> Iterator for PagesIter<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        use futures_util::StreamExt;
        let pages = self.pages.as_mut()?;
        let item = match crate::blocking::run(pages.next()) {
            Ok(item) => item,
            Err(error) => Some(Err(error)),
        };
        if matches!(item, None | Some(Err(_))) {
            self.pages = None;
        }
        item
    }
}
