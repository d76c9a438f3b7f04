//! A typed call: a prepared request plus how its response is decoded.
//!
//! Building the request is plain code; sending goes through the one non-generic send path of
//! the transport; only the decoding is generic (and small).

use std::collections::VecDeque;
use std::fmt;
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::pin::Pin;

use bytes::Bytes;
use futures_util::Stream;
use mm_transport::{Error, RequestBuilder, Response};
use serde::de::DeserializeOwned;

use crate::TypedResponse;

/// How a response becomes the call's result.
///
/// [`Json`], [`Binary`] and [`NoContent`] cover the spec's operations; implement it for a
/// body of another shape, here a CSV export read as text:
///
/// ```
/// use mm_api::{Call, Output};
/// use mm_transport::http::{HeaderMap, Method, StatusCode};
/// use mm_transport::{BaseUrl, Error, RequestBuilder, Response, Transport};
///
/// struct Text;
///
/// impl Output for Text {
///     type Item = String;
///
///     fn decode(response: Response) -> Result<String, Error> {
///         response.text()
///     }
/// }
///
/// assert_eq!(Text::decode(Response::new(StatusCode::OK, HeaderMap::new(), "id,total\n".into()))?, "id,total\n");
///
/// // A call that decodes with it when awaited: `let csv: String = export.await?;`
/// let transport = Transport::builder(BaseUrl::parse("https://chat.example.com")?).build()?;
/// let export = Call::<Text>::new(RequestBuilder::new(transport, Method::GET, "/plugins/com.example.reports/export.csv"));
/// # Ok::<(), Error>(())
/// ```
pub trait Output: Send + 'static {
    /// What the call returns.
    type Item: Send + 'static;

    /// Decodes a successful response.
    fn decode(response: Response) -> Result<Self::Item, Error>;
}

/// A JSON body decoded into `T`. A body of `null` (what a Go handler sends for a nil slice or
/// map) is `T`'s zero value: an empty list or map.
///
/// ```
/// use mm_api::{Json, Output};
/// use mm_transport::Response;
/// use mm_transport::http::{HeaderMap, StatusCode};
///
/// let null = Response::new(StatusCode::OK, HeaderMap::new(), "null".into());
/// let ids: Vec<String> = Json::<Vec<String>>::decode(null)?;
/// assert!(ids.is_empty());
///
/// let list = Response::new(StatusCode::OK, HeaderMap::new(), r#"["a","b"]"#.into());
/// assert_eq!(Json::<Vec<String>>::decode(list)?, ["a", "b"]);
/// # Ok::<(), mm_transport::Error>(())
/// ```
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
///
/// Calls with this output give [`Bytes`]:
///
/// ```no_run
/// # async fn run(client: mm_api::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let bytes = client.files().get_file("file-id").await?;
/// std::fs::write("download.bin", &bytes)?;
/// # Ok(()) }
/// ```
pub struct Binary;

impl Output for Binary {
    type Item = Bytes;

    fn decode(response: Response) -> Result<Bytes, Error> {
        Ok(response.into_bytes())
    }
}

/// No body of interest: the call gives `()` once the status says it succeeded.
///
/// ```
/// use mm_api::{NoContent, Output};
/// use mm_transport::Response;
/// use mm_transport::http::{HeaderMap, StatusCode};
///
/// let ok = Response::new(StatusCode::NO_CONTENT, HeaderMap::new(), Default::default());
/// assert_eq!(NoContent::decode(ok)?, ());
/// # Ok::<(), mm_transport::Error>(())
/// ```
pub struct NoContent;

impl Output for NoContent {
    type Item = ();

    fn decode(_: Response) -> Result<(), Error> {
        Ok(())
    }
}

/// A request that decodes its response with `O` when awaited.
///
/// Every generated builder wraps one. Make one yourself for an endpoint the spec lacks (a
/// plugin's, say), and it awaits, sends and decodes like the generated ones:
///
/// ```no_run
/// # async fn run(client: mm_api::Client) -> Result<(), mm_transport::Error> {
/// use mm_api::{Call, Json};
/// use mm_transport::RequestBuilder;
/// use mm_transport::http::Method;
///
/// #[derive(Debug, Default, serde::Deserialize)]
/// struct Poll {
///     id: String,
///     question: String,
/// }
///
/// let transport = client.transport().clone();
/// let create = |question: &str| {
///     Call::<Json<Poll>>::new(RequestBuilder::new(transport.clone(), Method::POST, "/plugins/com.example.poll/api/v1/polls"))
///         .query("notify", true)
///         .json(&serde_json::json!({ "question": question }))
/// };
///
/// let poll: Poll = create("Lunch?").await?; // decoded, or an error for a failure status
/// let answer = create("Dinner?").with_response().await?; // with status and headers
/// println!("{} (request id {:?})", answer.id, answer.headers().get("x-request-id"));
/// let raw = create("Breakfast?").send().await?; // the raw response, whatever its status
/// # Ok(()) }
/// ```
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
    ///
    /// ```no_run
    /// # async fn run(client: mm_api::Client) -> Result<(), mm_transport::Error> {
    /// use mm_transport::http::{HeaderValue, header::IF_NONE_MATCH};
    ///
    /// let response = client
    ///     .users()
    ///     .get_user("me")
    ///     .into_call()
    ///     .into_request()
    ///     .header(IF_NONE_MATCH, HeaderValue::from_static("\"etag-from-last-time\""))
    ///     .send()
    ///     .await?;
    /// if response.status() == 304 {
    ///     println!("unchanged");
    /// }
    /// # Ok(()) }
    /// ```
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
    type IntoFuture = futures_util::future::Map<
        mm_transport::client::ResponseFuture,
        fn(Result<Response, Error>) -> Result<O::Item, Error>,
    >;

    fn into_future(self) -> Self::IntoFuture {
        use futures_util::FutureExt;
        // The transport's one boxed future, decoded when it is done: no second box, no move
        // of the (large) request future into another.
        self.request.send().map(decode_success::<O>)
    }
}

/// The typed output of a response, or the error its status means.
fn decode_success<O: Output>(response: Result<Response, Error>) -> Result<O::Item, Error> {
    O::decode(response?.error_for_status()?)
}

/// The items of a paged listing, one page after another.
pub type Pages<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

/// Pages fetched when the caller did not choose a page size: the server's maximum.
const DEFAULT_PAGE_SIZE: usize = 200;

impl<T: DeserializeOwned + Send + 'static> Call<Json<Vec<T>>> {
    /// Every item, fetching `page` = 0, 1, 2, ... (from the page set, if any) until a page comes
    /// back shorter than `per_page` (200 unless set). An error ends the stream after it is
    /// yielded.
    ///
    /// ```no_run
    /// # async fn run(client: mm_api::Client) -> Result<(), mm_transport::Error> {
    /// use futures_util::{StreamExt, TryStreamExt};
    ///
    /// // Every user of the team, 200 a request.
    /// let mut users = client.users().get_users().in_team("team-id").paginate();
    /// while let Some(user) = users.next().await {
    ///     println!("{}", user?.username);
    /// }
    ///
    /// // Or collected, from the third page on, 50 a request.
    /// let members = client.teams().get_team_members("team-id").page(2).per_page(50).paginate();
    /// let members: Vec<_> = members.try_collect().await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # fn run(client: mm_api::Client) -> Result<(), mm_transport::Error> {
    /// let me = client.users().get_user("me").call_blocking()?;
    /// println!("{}", me.username);
    /// # Ok(()) }
    /// ```
    pub fn call_blocking(self) -> Result<O::Item, Error> {
        crate::blocking::block_on(self.into_future())
    }

    /// [`with_response`](Self::with_response) from synchronous code (feature `blocking`).
    ///
    /// ```no_run
    /// # fn run(client: mm_api::Client) -> Result<(), mm_transport::Error> {
    /// let me = client.users().get_user("me").with_response_blocking()?;
    /// println!("{} (etag {:?})", me.username, me.headers().get("etag"));
    /// # Ok(()) }
    /// ```
    pub fn with_response_blocking(self) -> Result<TypedResponse<O::Item>, Error> {
        crate::blocking::block_on(self.with_response())
    }
}

#[cfg(feature = "blocking")]
impl<T: DeserializeOwned + Send + 'static> Call<Json<Vec<T>>> {
    /// [`paginate`](Self::paginate) from synchronous code (feature `blocking`): an iterator
    /// that fetches the next page when it runs out of items.
    ///
    /// ```no_run
    /// # fn run(client: mm_api::Client) -> Result<(), mm_transport::Error> {
    /// let usernames = client
    ///     .users()
    ///     .get_users()
    ///     .paginate_blocking()
    ///     .map(|user| user.map(|user| user.username))
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// # Ok(()) }
    /// ```
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
