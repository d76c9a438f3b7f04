//! The user model.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// A Mattermost user, as `GET /api/v4/users/{user_id}` returns it.
///
/// The server leaves sensitive fields (`password`, `mfa_secret`) empty in responses; this type
/// has no field for them at all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct User {
    /// The 26-character id.
    pub id: String,
    /// Creation time, milliseconds since the epoch.
    pub create_at: i64,
    /// Last update, milliseconds since the epoch.
    pub update_at: i64,
    /// Deletion time (0 when active), milliseconds since the epoch.
    pub delete_at: i64,
    /// The username.
    pub username: String,
    /// The e-mail address (empty when the viewer may not see it).
    pub email: String,
    /// Whether the e-mail address was verified.
    pub email_verified: bool,
    /// The authentication service (`""`, `gitlab`, `ldap`, `saml`, ...).
    pub auth_service: String,
    /// Space-separated role names (`system_user system_admin`).
    pub roles: String,
    /// The nickname.
    pub nickname: String,
    /// The first name.
    pub first_name: String,
    /// The last name.
    pub last_name: String,
    /// The position.
    pub position: String,
    /// The locale (`en`).
    pub locale: String,
    /// Notification settings.
    pub notify_props: HashMap<String, String>,
    /// Free-form properties.
    pub props: HashMap<String, String>,
    /// Last password update, milliseconds since the epoch.
    pub last_password_update: i64,
    /// Last profile picture update, milliseconds since the epoch.
    pub last_picture_update: i64,
    /// Failed login attempts since the last success.
    pub failed_attempts: i64,
    /// Whether MFA is active.
    pub mfa_active: bool,
    /// Time zone settings.
    pub timezone: HashMap<String, String>,
    /// Whether the user is a bot.
    pub is_bot: bool,
    /// The bot's description, for bots.
    pub bot_description: String,
    /// Whether the user accepted the terms of service.
    pub terms_of_service_id: String,
    /// When the terms of service were accepted, milliseconds since the epoch.
    pub terms_of_service_create_at: i64,
}

impl User {
    /// Whether the user has the `system_admin` role.
    pub fn is_system_admin(&self) -> bool {
        self.roles
            .split_whitespace()
            .any(|role| role == "system_admin")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_server_json_with_missing_and_unknown_fields() {
        let json = r#"{"id":"abcdefghijklmnopqrstuvwxyz","username":"alice","roles":"system_user system_admin",
            "notify_props":{"email":"true"},"some_future_field":{"x":1}}"#;
        let user: User = serde_json::from_str(json).unwrap();
        assert_eq!(user.username, "alice");
        assert!(user.is_system_admin());
        assert_eq!(user.create_at, 0);
        assert_eq!(user.notify_props["email"], "true");
    }
}

/// The body of `POST /api/v4/users/login`. `Debug` hides the password and the MFA code.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoginRequest {
    /// Username or e-mail address.
    pub login_id: String,
    /// The password.
    pub password: String,
    /// The MFA code, for users with MFA active.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub token: String,
    /// A device id for push notifications.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub device_id: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("login_id", &self.login_id)
            .field("password", &"***")
            .field("token", &if self.token.is_empty() { "" } else { "***" })
            .field("device_id", &self.device_id)
            .finish()
    }
}

/// `{"status": "OK"}`, the body of calls that return no data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusOk {
    /// `OK`.
    pub status: String,
}

#[cfg(test)]
mod login_tests {
    use super::*;

    #[test]
    fn login_request_debug_hides_secrets() {
        let request = LoginRequest {
            login_id: "alice".into(),
            password: "hunter2".into(),
            token: "123456".into(),
            device_id: String::new(),
        };
        let shown = format!("{request:?}");
        assert!(shown.contains("alice"));
        assert!(
            !shown.contains("hunter2") && !shown.contains("123456"),
            "{shown}"
        );
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(json["token"], "123456");
        assert!(json.get("device_id").is_none());
    }
}
