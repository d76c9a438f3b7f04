//! Mattermost's AppError JSON bodies, with the real server's error ids.

use http::StatusCode;
use serde_json::json;

use crate::request::Reply;

/// An error answer: status, error id and message, as `model.AppError` serializes them.
#[derive(Debug, Clone)]
pub(crate) struct AppError {
    pub status: StatusCode,
    pub id: &'static str,
    pub message: String,
    pub detailed_error: String,
}

impl AppError {
    pub fn new(status: StatusCode, id: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            id,
            message: message.into(),
            detailed_error: String::new(),
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detailed_error = detail.into();
        self
    }

    /// 401 for a missing, invalid or expired session.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "api.context.session_expired.app_error",
            "Invalid or expired session, please login again.",
        )
    }

    /// 403 for a missing permission.
    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "api.context.permissions.app_error",
            "You do not have the appropriate permissions.",
        )
    }

    /// 404 for an unknown route.
    pub fn no_route() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "api.context.404.app_error",
            "Sorry, we could not find the page.",
        )
    }

    /// 404 for an unknown resource.
    pub fn not_found(id: &'static str, what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            id,
            format!("Unable to find the existing {what}."),
        )
    }

    /// 400 for an invalid or missing body field.
    pub fn invalid_body(field: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "api.context.invalid_body_param.app_error",
            format!("Invalid or missing {field} in request body."),
        )
    }

    /// 400 for an invalid or missing URL parameter.
    pub fn invalid_param(name: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "api.context.invalid_url_param.app_error",
            format!("Invalid or missing {name} parameter in request URL."),
        )
    }

    /// 501 for a feature switched off in the configuration.
    pub fn disabled(id: &'static str, what: &str) -> Self {
        Self::new(
            StatusCode::NOT_IMPLEMENTED,
            id,
            format!("{what} have been disabled by the system admin."),
        )
    }

    pub fn into_reply(self, request_id: &str) -> Reply {
        Reply::json(
            self.status,
            &json!({
                "id": self.id,
                "message": self.message,
                "detailed_error": self.detailed_error,
                "request_id": request_id,
                "status_code": self.status.as_u16(),
            }),
        )
    }
}

/// A handler's result.
pub(crate) type HandlerResult = Result<Reply, AppError>;
