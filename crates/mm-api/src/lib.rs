#![doc = include_str!("../README.md")]
//!
//! ---
//!
//! Every Mattermost API v4 operation, generated from the OpenAPI spec.
//!
//! Operations are grouped by the spec's tags (`users`, `posts`, ... one cargo feature each;
//! `full` enables all). A group method takes the required path parameters, required query
//! parameters and the body positionally and returns a request builder: optional query
//! parameters are setters, `.await` sends it and decodes the typed output, `.send()` returns
//! the raw response. Listings with `page`/`per_page` also have `.paginate()`, a `Stream` of
//! items. With the `blocking` feature every builder has `.call_blocking()` (and listings
//! `.paginate_blocking()`, an iterator).
//!
//! ```no_run
//! # async fn run(client: mm_api::Client) -> Result<(), mm_transport::Error> {
//! let me = client.users().get_user("me").await?;
//! let page = client.users().get_users().in_team("team-id").page(0).per_page(200).await?;
//! # Ok(()) }
//! ```
#![warn(missing_docs)]
#![forbid(unsafe_code)]

/// Sending and decoding for a generated builder (a newtype over [`Call`]).
#[macro_export]
#[doc(hidden)]
macro_rules! operation {
    ($builder:ident, $output:ty) => {
        impl $builder {
            /// The underlying call (to change its request, say).
            pub fn into_call(self) -> $crate::Call<$output> {
                self.0
            }
        }

        $crate::operation!($builder, $output, own_into_call);
    };
    // A builder with its own `into_call` (a multipart builder assembles its form there).
    ($builder:ident, $output:ty, own_into_call) => {
        impl $builder {
            /// Sends the request and returns the raw response (status, headers, bytes), whatever
            /// its status.
            pub async fn send(self) -> Result<mm_transport::Response, mm_transport::Error> {
                self.into_call().send().await
            }

            /// Sends the request and decodes the output, keeping the answer's status and
            /// headers beside it.
            pub async fn with_response(
                self,
            ) -> Result<$crate::TypedResponse<<$output as $crate::Output>::Item>, mm_transport::Error>
            {
                self.into_call().with_response().await
            }

            /// Sends the request from synchronous code and decodes the output (feature
            /// `blocking`; works wherever a thread may block, `spawn_blocking` included).
            #[cfg(feature = "blocking")]
            pub fn call_blocking(
                self,
            ) -> Result<<$output as $crate::Output>::Item, mm_transport::Error> {
                self.into_call().call_blocking()
            }

            /// [`with_response`](Self::with_response) from synchronous code (feature
            /// `blocking`).
            #[cfg(feature = "blocking")]
            pub fn with_response_blocking(
                self,
            ) -> Result<$crate::TypedResponse<<$output as $crate::Output>::Item>, mm_transport::Error>
            {
                self.into_call().with_response_blocking()
            }
        }

        impl std::future::IntoFuture for $builder {
            type Output = Result<<$output as $crate::Output>::Item, mm_transport::Error>;
            type IntoFuture = <$crate::Call<$output> as std::future::IntoFuture>::IntoFuture;

            fn into_future(self) -> Self::IntoFuture {
                self.into_call().into_future()
            }
        }
    };
}

/// `.paginate()` for a generated builder of a paged listing.
#[macro_export]
#[doc(hidden)]
macro_rules! paginated {
    ($builder:ident, $item:ty) => {
        impl $builder {
            /// Every item of the listing, page after page, until a short page.
            pub fn paginate(self) -> $crate::Pages<$item> {
                self.0.paginate()
            }

            /// [`paginate`](Self::paginate) as a blocking iterator (feature `blocking`).
            #[cfg(feature = "blocking")]
            pub fn paginate_blocking(self) -> $crate::call::PagesIter<$item> {
                self.0.paginate_blocking()
            }
        }
    };
}

/// Synchronous calls (feature `blocking`).
#[cfg(feature = "blocking")]
pub use mm_transport::blocking;
pub mod call;
pub mod generated;
mod operation;
pub mod path;
mod prelude;
mod typed_response;

pub use call::{Binary, Call, Json, NoContent, Output, Pages};
pub use generated::{Client, OPERATIONS};
pub use operation::Operation;
pub use typed_response::TypedResponse;
