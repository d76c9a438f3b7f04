//! [`StringMap`]: the models' string-to-string map (Go's `map[string]string`, the server's
//! `model.StringMap`).

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use compact_str::CompactString;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A map from strings to strings, kept as one sorted list.
///
/// The server's string maps are small (a user's `notify_props` has about a dozen entries, its
/// `timezone` three) and their keys and values short, so a sorted vector of inline strings reads
/// them with a few allocations per map (the vector as it grows, and strings longer than 24
/// bytes) where a `BTreeMap<String, String>` needed two per entry and its nodes: a page of 200
/// users decodes about 1.5× faster (see the README's performance section). Lookups are binary searches; inserting is linear in the length, which suits maps
/// of this size.
///
/// Entries iterate in key order, the order Go writes them, and each key appears once: when a
/// body repeats a key, the last value wins, as with any serde map.
///
/// ```
/// use mm_types::StringMap;
///
/// let mut notify = StringMap::from([("desktop", "mention"), ("push", "all")]);
/// notify.insert("push", "none");
/// assert_eq!(notify.get("push"), Some("none"));
/// assert_eq!(notify.iter().map(|(key, _)| key).collect::<Vec<_>>(), ["desktop", "push"]);
/// assert_eq!(serde_json::to_string(&notify)?, r#"{"desktop":"mention","push":"none"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StringMap {
    /// Sorted by key, keys unique.
    entries: Vec<(CompactString, CompactString)>,
}

impl StringMap {
    /// An empty map; does not allocate.
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// An empty map with room for `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: Vec::with_capacity(capacity),
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(probe, _)| probe.as_str().cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        let index = self.position(key).ok()?;
        self.entries.get(index).map(|(_, value)| value.as_str())
    }

    /// Whether the map has `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(&mut self, key: impl AsRef<str>, value: impl AsRef<str>) -> Option<String> {
        let key = key.as_ref();
        let value = CompactString::from(value.as_ref());
        match self.position(key) {
            Ok(index) => self
                .entries
                .get_mut(index)
                .map(|(_, old)| std::mem::replace(old, value).into_string()),
            Err(index) => {
                self.entries
                    .insert(index, (CompactString::from(key), value));
                None
            }
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        let index = self.position(key).ok()?;
        Some(self.entries.remove(index).1.into_string())
    }

    /// Keeps only the entries for which `keep` returns `true`.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        self.entries.retain(|(key, value)| keep(key, value));
    }

    /// Removes every entry, keeping the allocation.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            inner: self.entries.iter(),
        }
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.entries.iter().map(|(key, _)| key.as_str())
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.entries.iter().map(|(_, value)| value.as_str())
    }

    /// Sorts `entries` by key and drops all but the last of each repeated key (the one a map
    /// filled in order would keep).
    fn from_unsorted(mut entries: Vec<(CompactString, CompactString)>) -> Self {
        // Go writes its maps in key order, so a body from the server takes only this check.
        if !entries.is_sorted_by(|a, b| a.0.as_str() < b.0.as_str()) {
            // Reversed, so that the stable sort puts the last of each repeated key first, the
            // one `dedup_by` keeps.
            entries.reverse();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            entries.dedup_by(|later, earlier| later.0 == earlier.0);
        }
        Self { entries }
    }
}

impl fmt::Debug for StringMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The entries of a [`StringMap`] in key order, as `(key, value)`.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    inner: std::slice::Iter<'a, (CompactString, CompactString)>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        self.inner
            .next()
            .map(|(key, value)| (key.as_str(), value.as_str()))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner
            .next_back()
            .map(|(key, value)| (key.as_str(), value.as_str()))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a StringMap {
    type Item = (&'a str, &'a str);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The owned entries of a [`StringMap`] in key order.
#[derive(Debug)]
pub struct IntoIter {
    inner: std::vec::IntoIter<(CompactString, CompactString)>,
}

impl Iterator for IntoIter {
    type Item = (String, String);

    fn next(&mut self) -> Option<Self::Item> {
        self.inner
            .next()
            .map(|(key, value)| (key.into_string(), value.into_string()))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for IntoIter {}

impl IntoIterator for StringMap {
    type Item = (String, String);
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        IntoIter {
            inner: self.entries.into_iter(),
        }
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for StringMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        Self::from_unsorted(
            entries
                .into_iter()
                .map(|(key, value)| {
                    (
                        CompactString::from(key.as_ref()),
                        CompactString::from(value.as_ref()),
                    )
                })
                .collect(),
        )
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Extend<(K, V)> for StringMap {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        for (key, value) in entries {
            self.insert(key, value);
        }
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> From<[(K, V); N]> for StringMap {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl From<BTreeMap<String, String>> for StringMap {
    fn from(map: BTreeMap<String, String>) -> Self {
        // Already sorted and unique.
        Self {
            entries: map
                .into_iter()
                .map(|(key, value)| (CompactString::from(key), CompactString::from(value)))
                .collect(),
        }
    }
}

impl<S> From<HashMap<String, String, S>> for StringMap {
    fn from(map: HashMap<String, String, S>) -> Self {
        Self::from_unsorted(
            map.into_iter()
                .map(|(key, value)| (CompactString::from(key), CompactString::from(value)))
                .collect(),
        )
    }
}

impl From<StringMap> for BTreeMap<String, String> {
    fn from(map: StringMap) -> Self {
        map.into_iter().collect()
    }
}

impl Serialize for StringMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (key, value) in &self.entries {
            map.serialize_entry(key.as_str(), value.as_str())?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for StringMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(StringMapVisitor)
    }
}

struct StringMapVisitor;

impl<'de> Visitor<'de> for StringMapVisitor {
    type Value = StringMap;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of strings to strings")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StringMap, A::Error> {
        // A vector that grows as entries arrive was faster, measured, than gathering the first
        // ones on the stack to allocate once at the final size.
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<CompactString, CompactString>()? {
            entries.push(entry);
        }
        Ok(StringMap::from_unsorted(entries))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn reads_a_go_map_in_order_and_writes_it_back_byte_for_byte() {
        let body = r#"{"channel":"true","desktop":"mention","mention_keys":"alice,@alice","push":"mention"}"#;
        let map: StringMap = serde_json::from_str(body).unwrap();
        assert_eq!(map.len(), 4);
        assert_eq!(map.get("mention_keys"), Some("alice,@alice"));
        assert_eq!(map.get("email"), None);
        assert_eq!(serde_json::to_string(&map).unwrap(), body);
    }

    #[test]
    fn an_unsorted_body_is_sorted_and_the_last_of_a_repeated_key_wins() {
        let map: StringMap =
            serde_json::from_str(r#"{"b":"1","a":"first","c":"3","a":"second","a":"last"}"#)
                .unwrap();
        assert_eq!(
            map.iter().collect::<Vec<_>>(),
            [("a", "last"), ("b", "1"), ("c", "3")]
        );
        let collected: StringMap = [("z", "1"), ("y", "2"), ("z", "3")].into();
        assert_eq!(
            collected.iter().collect::<Vec<_>>(),
            [("y", "2"), ("z", "3")]
        );
    }

    #[test]
    fn long_and_escaped_values_survive() {
        let long = "x".repeat(300);
        let body = format!(
            r#"{{"customStatus":"{{\"emoji\":\"calendar\",\"text\":\"In a meeting\"}}","long":"{long}","ü":"é"}}"#
        );
        let map: StringMap = serde_json::from_str(&body).unwrap();
        assert_eq!(
            map.get("customStatus"),
            Some(r#"{"emoji":"calendar","text":"In a meeting"}"#)
        );
        assert_eq!(map.get("long"), Some(long.as_str()));
        assert_eq!(map.get("ü"), Some("é"));
        assert_eq!(serde_json::to_string(&map).unwrap(), body);
    }

    #[test]
    fn a_value_that_is_not_a_string_is_an_error_naming_it() {
        let error = serde_json::from_str::<StringMap>(r#"{"a":1}"#).unwrap_err();
        assert!(
            error.to_string().contains("invalid type: integer `1`"),
            "{error}"
        );
        let error = serde_json::from_str::<StringMap>(r#"["a"]"#).unwrap_err();
        assert!(
            error.to_string().contains("a map of strings to strings"),
            "{error}"
        );
    }

    #[test]
    fn insert_replace_remove_and_retain_keep_the_order() {
        let mut map = StringMap::new();
        assert_eq!(map.insert("m", "1"), None);
        assert_eq!(map.insert("a", "2"), None);
        assert_eq!(map.insert("z", "3"), None);
        assert_eq!(map.insert("m", "4"), Some("1".to_owned()));
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "m", "z"]);
        assert_eq!(map.values().collect::<Vec<_>>(), ["2", "4", "3"]);
        assert_eq!(map.remove("a"), Some("2".to_owned()));
        assert_eq!(map.remove("a"), None);
        map.retain(|key, _| key != "z");
        assert_eq!(map.iter().collect::<Vec<_>>(), [("m", "4")]);
        assert!(map.contains_key("m"));
        assert!(!map.contains_key("z"));
        assert_eq!(format!("{map:?}"), r#"{"m": "4"}"#);
    }

    #[test]
    fn converts_to_and_from_the_standard_maps() {
        let btree: BTreeMap<String, String> = [
            ("b".to_owned(), "2".to_owned()),
            ("a".to_owned(), "1".to_owned()),
        ]
        .into();
        let map = StringMap::from(btree.clone());
        assert_eq!(map.iter().collect::<Vec<_>>(), [("a", "1"), ("b", "2")]);
        assert_eq!(BTreeMap::from(map.clone()), btree);
        let hash: HashMap<String, String> = btree.into_iter().collect();
        assert_eq!(StringMap::from(hash), map);
        assert_eq!(
            map.into_iter().collect::<Vec<_>>(),
            [
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), "2".to_owned())
            ]
        );
    }
}
