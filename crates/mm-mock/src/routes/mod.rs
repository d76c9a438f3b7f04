//! The REST handlers, one module per API group.

pub(crate) mod channels;
pub(crate) mod files;
pub(crate) mod posts;
pub(crate) mod system;
pub(crate) mod teams;
pub(crate) mod users;
pub(crate) mod webhooks;

use std::sync::MutexGuard;

use crate::app_error::AppError;
use crate::events::{Broadcast, MockEvent};
use crate::request::MockRequest;
use crate::server::Shared;
use crate::store::Store;

/// What a handler works with.
pub(crate) struct Ctx<'a> {
    pub shared: &'a Shared,
    pub request: &'a MockRequest,
}

impl Ctx<'_> {
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.shared.store()
    }

    /// The session's user, or 401.
    pub fn user(&self, store: &Store) -> Result<String, AppError> {
        crate::auth::session_user(store, self.request).ok_or_else(AppError::unauthorized)
    }

    /// Resolves `me` to the session's user.
    pub fn user_id_param(&self, store: &Store, id: &str) -> Result<String, AppError> {
        let me = self.user(store)?;
        Ok(if id == "me" { me } else { id.to_owned() })
    }

    /// Publishes an event to the users who would receive it.
    pub fn publish(
        &self,
        store: &Store,
        event: &str,
        data: serde_json::Value,
        broadcast: Broadcast,
    ) {
        let mut recipients = if !broadcast.channel_id.is_empty() {
            store.channel_member_ids(&broadcast.channel_id)
        } else if !broadcast.team_id.is_empty() {
            store.team_member_ids(&broadcast.team_id)
        } else if !broadcast.user_id.is_empty() {
            vec![broadcast.user_id.clone()]
        } else {
            let mut all: Vec<String> = store.users.keys().cloned().collect();
            all.sort();
            all
        };
        if let Some(omit) = &broadcast.omit_users {
            recipients.retain(|user| !omit.contains_key(user));
        }
        self.shared
            .publish(MockEvent::new(event, data, broadcast, recipients));
    }
}

/// A broadcast to a channel's members.
pub(crate) fn to_channel(channel_id: &str) -> Broadcast {
    Broadcast {
        channel_id: channel_id.to_owned(),
        ..Broadcast::default()
    }
}

/// A broadcast to one user.
pub(crate) fn to_user(user_id: &str) -> Broadcast {
    Broadcast {
        user_id: user_id.to_owned(),
        ..Broadcast::default()
    }
}

/// Pages of a sorted list.
pub(crate) fn page<T: Clone>(items: &[T], page: usize, per_page: usize) -> Vec<T> {
    items
        .iter()
        .skip(page.saturating_mul(per_page))
        .take(per_page)
        .cloned()
        .collect()
}
