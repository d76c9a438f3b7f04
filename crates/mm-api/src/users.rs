//! The `users` group (the operations the driver core needs; the rest is generated later).

use http::Method;
use mm_transport::request::encode_path_segment;
use mm_transport::{RequestBuilder, Transport};
use mm_types::{LoginRequest, StatusOk, User};

use crate::call::Call;

/// Operations on users.
#[derive(Debug, Clone)]
pub struct Users {
    transport: Transport,
}

impl Users {
    /// The group over `transport`.
    pub fn new(transport: Transport) -> Self {
        Self { transport }
    }

    /// `GET /api/v4/users/{user_id}`: a user by id, or the logged-in user with `"me"`.
    pub fn get_user(&self, user_id: &str) -> Call<User> {
        let path = encode_path_segment("user_id", user_id).map(|id| format!("/api/v4/users/{id}"));
        Call::new(RequestBuilder::try_new(
            self.transport.clone(),
            Method::GET,
            path,
        ))
    }

    /// `POST /api/v4/users/login`: logs in with a password (and MFA code); the session token
    /// comes back in the `Token` header, so read it from [`Call::send`]'s raw response.
    pub fn login(&self, body: &LoginRequest) -> Call<User> {
        Call::new(
            RequestBuilder::new(self.transport.clone(), Method::POST, "/api/v4/users/login")
                .json(body),
        )
    }

    /// `POST /api/v4/users/logout`: ends the current session.
    pub fn logout(&self) -> Call<StatusOk> {
        Call::new(RequestBuilder::new(
            self.transport.clone(),
            Method::POST,
            "/api/v4/users/logout",
        ))
    }
}
