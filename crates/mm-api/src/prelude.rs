//! What the generated code uses.

pub(crate) use crate::call::{Binary, Call, Json, NoContent};
pub(crate) use http::Method;
#[allow(unused_imports)]
pub(crate) use mm_transport::{Body, Form, RequestBuilder, Transport, Upload};
pub(crate) use mm_types::generated as types;

/// A request to `template` (`/api/v4/users/{user_id}`) with its path parameters escaped; a
/// refused parameter (empty, `.` or `..`) fails the request before anything is sent.
pub(crate) fn request(
    transport: &Transport,
    method: Method,
    template: &str,
    params: &[(&str, &str)],
) -> RequestBuilder {
    RequestBuilder::try_new(
        transport.clone(),
        method,
        crate::path::fill(template, params),
    )
}
