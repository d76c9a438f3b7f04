//! The user model with its string and map storage as type parameters, so that the decode
//! benchmark compares storage choices on the same fields, with the same null tolerance:
//! `UserG<String, BTreeMap<String, String>>` is the model before `StringMap`,
//! `UserG<String, VecStringMap>` the model with `StringMap`'s first design, and
//! `UserG<CompactString, StringMap>` the alternative of inline strings in every field.
#![allow(dead_code, missing_docs)]

use compact_str::CompactString;
use mm_types::support::null_as_default;
use serde::de::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default, M: Deserialize<'de> + Default"))]
pub struct UserG<S, M> {
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: S,
    #[serde(default, deserialize_with = "null_as_default")]
    pub create_at: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub update_at: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub delete_at: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub username: S,
    #[serde(default, deserialize_with = "null_as_default")]
    pub password: S,
    #[serde(default)]
    pub auth_data: Option<S>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub auth_service: S,
    #[serde(default, deserialize_with = "null_as_default")]
    pub email: S,
    #[serde(default, deserialize_with = "null_as_default")]
    pub email_verified: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub nickname: S,
    #[serde(default, deserialize_with = "null_as_default")]
    pub first_name: S,
    #[serde(default, deserialize_with = "null_as_default")]
    pub last_name: S,
    #[serde(default, deserialize_with = "null_as_default")]
    pub position: S,
    #[serde(default, deserialize_with = "null_as_default")]
    pub roles: S,
    #[serde(default, deserialize_with = "null_as_default")]
    pub allow_marketing: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub props: M,
    #[serde(default, deserialize_with = "null_as_default")]
    pub notify_props: M,
    #[serde(default, deserialize_with = "null_as_default")]
    pub last_password_update: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub last_picture_update: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub failed_attempts: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub locale: S,
    #[serde(default, deserialize_with = "null_as_default")]
    pub timezone: M,
    #[serde(default, deserialize_with = "null_as_default")]
    pub mfa_active: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub mfa_secret: S,
    #[serde(default)]
    pub remote_id: Option<S>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub last_activity_at: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_bot: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub bot_description: S,
    #[serde(default, deserialize_with = "null_as_default")]
    pub bot_last_icon_update: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub terms_of_service_id: S,
    #[serde(default, deserialize_with = "null_as_default")]
    pub terms_of_service_create_at: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub disable_welcome_email: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub last_login: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub mfa_used_timestamps: Vec<S>,
}

/// `StringMap` as it was first built: a sorted vector of inline-string pairs, grown as entries
/// arrive (a few allocations per map: the vector as it grows, and strings longer than 24 bytes).
/// Only what reading needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VecStringMap(Vec<(CompactString, CompactString)>);

impl<'de> Deserialize<'de> for VecStringMap {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor;
        impl<'de> serde::de::Visitor<'de> for MapVisitor {
            type Value = VecStringMap;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map of strings to strings")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<VecStringMap, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<CompactString, CompactString>()? {
                    entries.push(entry);
                }
                if !entries.is_sorted_by(|a: &(CompactString, CompactString), b| a.0 < b.0) {
                    entries.reverse();
                    entries.sort_by(|a, b| a.0.cmp(&b.0));
                    entries.dedup_by(|later, earlier| later.0 == earlier.0);
                }
                Ok(VecStringMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor)
    }
}
