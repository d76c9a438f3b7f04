//! Hand-written conveniences on generated models.

use crate::generated::{PostList, User};

impl User {
    /// Whether the user has the `system_admin` role.
    ///
    /// ```
    /// use mm_types::User;
    ///
    /// let admin = User { roles: "system_user system_admin".into(), ..User::default() };
    /// assert!(admin.is_system_admin());
    /// let user = User { roles: "system_user".into(), ..User::default() };
    /// assert!(!user.is_system_admin());
    /// ```
    pub fn is_system_admin(&self) -> bool {
        self.roles
            .split_whitespace()
            .any(|role| role == "system_admin")
    }
}

impl PostList {
    /// The posts in `order` (newest first, as the server lists them).
    ///
    /// `posts` is a map by id; this walks `order` instead, skipping ids without a post.
    ///
    /// ```
    /// use mm_types::PostList;
    ///
    /// let list: PostList = serde_json::from_str(r#"{
    ///     "order": ["p2", "p1"],
    ///     "posts": {
    ///         "p1": {"id": "p1", "message": "first"},
    ///         "p2": {"id": "p2", "message": "second"}
    ///     }
    /// }"#)?;
    /// let messages: Vec<&str> = list.ordered().map(|post| post.message.as_str()).collect();
    /// assert_eq!(messages, ["second", "first"]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn ordered(&self) -> impl Iterator<Item = &crate::generated::Post> {
        self.order.iter().filter_map(|id| self.posts.get(id))
    }
}

#[cfg(test)]
mod tests {
    use crate::generated::{LoginRequest, UserAccessToken};
    use crate::{CreatePostRequest, Post, User};

    #[test]
    fn decodes_server_json_with_missing_and_unknown_fields() {
        let json = r#"{"id":"abcdefghijklmnopqrstuvwxyz","username":"alice","roles":"system_user system_admin",
            "notify_props":{"email":"true"},"some_future_field":{"x":1}}"#;
        let user: User = serde_json::from_str(json).unwrap();
        assert_eq!(user.username, "alice");
        assert!(user.is_system_admin());
        assert_eq!(user.create_at, 0);
        assert_eq!(user.notify_props.get("email"), Some("true"));
    }

    #[test]
    fn secrets_are_hidden_from_debug() {
        let login = LoginRequest {
            login_id: Some("alice".into()),
            password: Some("hunter2".into()),
            token: Some("123456".into()),
            ..LoginRequest::default()
        };
        let shown = format!("{login:?}");
        assert!(shown.contains("alice"));
        assert!(
            !shown.contains("hunter2") && !shown.contains("123456"),
            "{shown}"
        );
        let token = UserAccessToken {
            token: "secret-token".into(),
            ..UserAccessToken::default()
        };
        assert!(!format!("{token:?}").contains("secret-token"));
    }

    #[test]
    fn request_bodies_send_only_what_was_set() {
        let login = LoginRequest {
            login_id: Some("alice".into()),
            password: Some("pw".into()),
            ..LoginRequest::default()
        };
        assert_eq!(
            serde_json::to_value(&login).unwrap(),
            serde_json::json!({"login_id": "alice", "password": "pw"})
        );
        let post = CreatePostRequest {
            channel_id: "c".into(),
            message: "hi".into(),
            ..CreatePostRequest::default()
        };
        assert_eq!(
            serde_json::to_value(&post).unwrap(),
            serde_json::json!({"channel_id": "c", "message": "hi"})
        );
        // Models read from the server take missing fields as Go's zero values.
        let read: Post = serde_json::from_str(r#"{"id": "p1"}"#).unwrap();
        assert_eq!(
            (read.id.as_str(), read.message.as_str(), read.file_ids.len()),
            ("p1", "", 0)
        );
    }

    #[test]
    fn string_enums_keep_unknown_values() {
        use crate::generated::ChannelBookmarkType;
        let known: ChannelBookmarkType = serde_json::from_str("\"link\"").unwrap();
        assert_eq!(known, ChannelBookmarkType::Link);
        let unknown: ChannelBookmarkType = serde_json::from_str("\"hologram\"").unwrap();
        assert_eq!(unknown, ChannelBookmarkType::Unknown("hologram".into()));
        assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"hologram\"");
    }
}
