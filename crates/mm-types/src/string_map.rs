//! [`StringMap`]: the models' string-to-string map (Go's `map[string]string`, the server's
//! `model.StringMap`).

use std::cell::Cell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A map from strings to strings, packed into one allocation.
///
/// The server's string maps are small (a user's `notify_props` has about a dozen entries, its
/// `timezone` three) and are read far more often than changed. So a map is one buffer: its
/// entry count and offsets, then every key and value one after the other, in key order. Reading
/// one from a server's body (keys in order, as Go writes them) costs a single allocation, where a
/// `BTreeMap<String, String>` needed two per entry and its nodes: with the body read as `&str`, a
/// page of 200 users decodes about 2× faster (see the README's performance section).
/// Lookups are binary searches; `insert`, `remove` and `retain` rebuild the buffer, which is
/// linear in its size and suits maps of this kind, not a map grown one entry at a time to
/// thousands (build one of those with `collect` instead).
///
/// Entries iterate in key order, the order Go writes them, and each key appears once: when a
/// body or an iterator repeats a key, the last value wins, as with any map. A `null` value reads
/// as `""`, as Go reads it.
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
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct StringMap {
    /// Empty when the map is. Otherwise the entry count, then each entry's key end and value end
    /// as offsets into the text (native-endian `usize` words), then the text: each key followed
    /// by its value, in key order, keys unique. Only ever built from whole `str`s at their
    /// boundaries, so every range it records is UTF-8. One map has one packed form, so the
    /// derived equality and hash are those of the entries.
    packed: Vec<u8>,
}

/// Bytes of one count or offset in the packed form.
const WORD: usize = std::mem::size_of::<usize>();

/// The word at `at`, or 0 past the end (which the packed form never reaches).
fn word(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..at.saturating_add(WORD))
        .and_then(|word| <[u8; WORD]>::try_from(word).ok())
        .map_or(0, usize::from_ne_bytes)
}

/// A range of the packed text as a `str`. Every range the packed form records is UTF-8, so this
/// never takes the empty fallback.
fn as_str(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// A read-only view of a packed map.
#[derive(Debug, Clone, Copy)]
struct Packed<'a> {
    len: usize,
    index: &'a [u8],
    text: &'a [u8],
}

impl<'a> Packed<'a> {
    fn of(packed: &'a [u8]) -> Self {
        let len = word(packed, 0);
        let text_start = len.saturating_mul(2 * WORD).saturating_add(WORD);
        Self {
            len,
            index: packed.get(WORD..text_start).unwrap_or_default(),
            text: packed.get(text_start..).unwrap_or_default(),
        }
    }

    /// Entry `at` as (key, value) bytes.
    fn entry(self, at: usize) -> (&'a [u8], &'a [u8]) {
        let start = match at.checked_sub(1) {
            Some(before) => word(self.index, (2 * before + 1) * WORD),
            None => 0,
        };
        let key_end = word(self.index, 2 * at * WORD);
        let value_end = word(self.index, (2 * at + 1) * WORD);
        (
            self.text.get(start..key_end).unwrap_or_default(),
            self.text.get(key_end..value_end).unwrap_or_default(),
        )
    }

    /// Entry `at` as (key, value) strings.
    fn str_entry(self, at: usize) -> (&'a str, &'a str) {
        let (key, value) = self.entry(at);
        (as_str(key), as_str(value))
    }

    fn entries(self) -> impl ExactSizeIterator<Item = (&'a [u8], &'a [u8])> {
        (0..self.len).map(move |at| self.entry(at))
    }

    /// Where `key` is, or where it would go.
    fn position(self, key: &[u8]) -> Result<usize, usize> {
        let (mut low, mut high) = (0, self.len);
        while low < high {
            let middle = low + (high - low) / 2;
            match self.entry(middle).0.cmp(key) {
                Ordering::Less => low = middle + 1,
                Ordering::Greater => high = middle,
                Ordering::Equal => return Ok(middle),
            }
        }
        Err(low)
    }
}

impl StringMap {
    /// An empty map; does not allocate.
    pub const fn new() -> Self {
        Self { packed: Vec::new() }
    }

    fn view(&self) -> Packed<'_> {
        Packed::of(&self.packed)
    }

    /// Packs entries that are sorted by key, keys unique.
    fn pack(entries: &[(&[u8], &[u8])]) -> Self {
        let text: usize = entries
            .iter()
            .map(|(key, value)| key.len() + value.len())
            .sum();
        let ends = entries.iter().scan(0, |end, (key, value)| {
            let key_end = *end + key.len();
            *end = key_end + value.len();
            Some((key_end, *end))
        });
        Self::assemble(entries.len(), ends, text, |packed| {
            for (key, value) in entries {
                packed.extend_from_slice(key);
                packed.extend_from_slice(value);
            }
        })
    }

    /// The packed form (the one place that writes it) of `count` entries with these key and
    /// value ends, `write_text` appending their `text` bytes.
    fn assemble(
        count: usize,
        ends: impl Iterator<Item = (usize, usize)>,
        text: usize,
        write_text: impl FnOnce(&mut Vec<u8>),
    ) -> Self {
        if count == 0 {
            return Self::new();
        }
        let mut packed = Vec::with_capacity(WORD * (1 + 2 * count) + text);
        packed.extend_from_slice(&count.to_ne_bytes());
        for (key_end, value_end) in ends {
            packed.extend_from_slice(&key_end.to_ne_bytes());
            packed.extend_from_slice(&value_end.to_ne_bytes());
        }
        write_text(&mut packed);
        Self { packed }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.view().len
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        let view = self.view();
        let at = view.position(key.as_bytes()).ok()?;
        Some(view.str_entry(at).1)
    }

    /// Whether the map has `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.view().position(key.as_bytes()).is_ok()
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(&mut self, key: impl AsRef<str>, value: impl AsRef<str>) -> Option<String> {
        let (key, value) = (key.as_ref().as_bytes(), value.as_ref().as_bytes());
        let view = self.view();
        let mut entries: Vec<_> = view.entries().collect();
        let replaced = match view.position(key) {
            Ok(at) => entries
                .get_mut(at)
                .map(|entry| as_str(std::mem::replace(&mut entry.1, value)).to_owned()),
            Err(at) => {
                entries.insert(at, (key, value));
                None
            }
        };
        let packed = Self::pack(&entries);
        *self = packed;
        replaced
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        let view = self.view();
        let at = view.position(key.as_bytes()).ok()?;
        let mut entries: Vec<_> = view.entries().collect();
        let (_, value) = entries.remove(at);
        let value = as_str(value).to_owned();
        let packed = Self::pack(&entries);
        *self = packed;
        Some(value)
    }

    /// Keeps only the entries for which `keep` returns `true`.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        let view = self.view();
        let kept: Vec<_> = view
            .entries()
            .filter(|(key, value)| keep(as_str(key), as_str(value)))
            .collect();
        if kept.len() < view.len {
            let packed = Self::pack(&kept);
            *self = packed;
        }
    }

    /// Removes every entry, keeping the allocation.
    pub fn clear(&mut self) {
        self.packed.clear();
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_> {
        let view = self.view();
        Iter {
            view,
            front: 0,
            back: view.len,
        }
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.iter().map(|(key, _)| key)
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.iter().map(|(_, value)| value)
    }
}

/// Where a map's entries gather in the order they come, before they are packed once at their
/// final size.
#[derive(Default)]
struct Scratch {
    text: Vec<u8>,
    /// Each entry's key end and value end in `text`.
    ends: Vec<(usize, usize)>,
}

impl Scratch {
    /// Entry `at` as (key, value) bytes; its key starts where the entry before it ends.
    fn entry(&self, at: usize) -> (&[u8], &[u8]) {
        let start = at
            .checked_sub(1)
            .and_then(|before| self.ends.get(before))
            .map_or(0, |&(_, value_end)| value_end);
        let (key_end, value_end) = self.ends.get(at).copied().unwrap_or_default();
        (
            self.text.get(start..key_end).unwrap_or_default(),
            self.text.get(key_end..value_end).unwrap_or_default(),
        )
    }
}

thread_local! {
    /// One per thread, kept between maps, so that reading a map of ordinary size allocates
    /// only its buffer.
    static SCRATCH: Cell<Scratch> = const {
        Cell::new(Scratch { text: Vec::new(), ends: Vec::new() })
    };
}

/// Scratch space larger than this is given back after its map rather than kept for the
/// thread's life: one huge map must not hold memory once it is read.
const SCRATCH_KEPT: usize = 16 * 1024;

/// Runs `build` with the thread's scratch space, taken out of its cell meanwhile, so that a map
/// built while building another (an iterator given to `collect` or `extend` that builds maps
/// itself) simply gets fresh space.
fn with_builder<R>(build: impl FnOnce(&mut Builder<'_>) -> R) -> R {
    let mut scratch = SCRATCH.try_with(Cell::take).unwrap_or_default();
    scratch.text.clear();
    scratch.ends.clear();
    let result = build(&mut Builder {
        scratch: &mut scratch,
        last_key: (0, 0),
        sorted: true,
    });
    let size =
        scratch.text.capacity() + scratch.ends.capacity() * std::mem::size_of::<(usize, usize)>();
    if size <= SCRATCH_KEPT {
        // Fails only while the thread exits, when the space is simply freed.
        let _ = SCRATCH.try_with(|cell| cell.set(scratch));
    }
    result
}

/// A map being gathered.
struct Builder<'s> {
    scratch: &'s mut Scratch,
    /// The last key's range in the text: derivable from the ends, but this check runs for
    /// every entry read, and keeping it costs less than finding it again (measured).
    last_key: (usize, usize),
    /// Whether every key so far came after the one before it (Go writes its maps sorted).
    sorted: bool,
}

impl Builder<'_> {
    /// Ends the key just appended to the text, returning where it ends.
    #[inline]
    fn end_key(&mut self) -> usize {
        let Scratch { text, ends } = &*self.scratch;
        let start = ends.last().map_or(0, |&(_, value_end)| value_end);
        let end = text.len();
        if self.sorted && !ends.is_empty() {
            let last = text
                .get(self.last_key.0..self.last_key.1)
                .unwrap_or_default();
            self.sorted = comes_before(last, text.get(start..end).unwrap_or_default());
        }
        self.last_key = (start, end);
        end
    }

    /// Ends the value just appended to the text.
    fn end_value(&mut self, key_end: usize) {
        let value_end = self.scratch.text.len();
        self.scratch.ends.push((key_end, value_end));
    }

    fn push(&mut self, key: &str, value: &str) {
        self.scratch.text.extend_from_slice(key.as_bytes());
        let key_end = self.end_key();
        self.scratch.text.extend_from_slice(value.as_bytes());
        self.end_value(key_end);
    }

    fn finish(&self) -> StringMap {
        let Scratch { text, ends } = &*self.scratch;
        if self.sorted {
            // The common case, a body from the server: the gathered form is the packed one.
            return StringMap::assemble(ends.len(), ends.iter().copied(), text.len(), |packed| {
                packed.extend_from_slice(text)
            });
        }
        let mut entries: Vec<(&[u8], &[u8])> =
            (0..ends.len()).map(|at| self.scratch.entry(at)).collect();
        // Reversed, so that the stable sort puts the last of each repeated key first, the one
        // `dedup_by` keeps.
        entries.reverse();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        entries.dedup_by(|later, earlier| later.0 == earlier.0);
        StringMap::pack(&entries)
    }
}

/// Whether `a` sorts before `b`, as `a < b` does. This runs for every entry read until a key
/// comes out of order, and a loop that stops at the first difference costs less than a slice
/// comparison's call to `memcmp` on keys this short.
fn comes_before(a: &[u8], b: &[u8]) -> bool {
    match a.iter().zip(b).find(|(x, y)| x != y) {
        Some((x, y)) => x < y,
        None => a.len() < b.len(),
    }
}

impl PartialOrd for StringMap {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Entry by entry, as a sorted list of `(key, value)` pairs compares.
impl Ord for StringMap {
    fn cmp(&self, other: &Self) -> Ordering {
        self.iter().cmp(other.iter())
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
    view: Packed<'a>,
    front: usize,
    back: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        let entry = self.view.str_entry(self.front);
        self.front += 1;
        Some(entry)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.back - self.front;
        (left, Some(left))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        Some(self.view.str_entry(self.back))
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
    map: StringMap,
    front: usize,
}

impl Iterator for IntoIter {
    type Item = (String, String);

    fn next(&mut self) -> Option<Self::Item> {
        let view = self.map.view();
        if self.front == view.len {
            return None;
        }
        let (key, value) = view.str_entry(self.front);
        self.front += 1;
        Some((key.to_owned(), value.to_owned()))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.map.len() - self.front;
        (left, Some(left))
    }
}

impl ExactSizeIterator for IntoIter {}

impl IntoIterator for StringMap {
    type Item = (String, String);
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        IntoIter {
            map: self,
            front: 0,
        }
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for StringMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        with_builder(|builder| {
            for (key, value) in entries {
                builder.push(key.as_ref(), value.as_ref());
            }
            builder.finish()
        })
    }
}

/// Packs the map once per call, for the whole iterator (so extend with many entries at once,
/// not one at a time); a key already present takes the new value.
impl<K: AsRef<str>, V: AsRef<str>> Extend<(K, V)> for StringMap {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        let extended = with_builder(|builder| {
            for (key, value) in self.iter() {
                builder.push(key, value);
            }
            for (key, value) in entries {
                builder.push(key.as_ref(), value.as_ref());
            }
            builder.finish()
        });
        *self = extended;
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> From<[(K, V); N]> for StringMap {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl From<BTreeMap<String, String>> for StringMap {
    fn from(map: BTreeMap<String, String>) -> Self {
        map.into_iter().collect()
    }
}

impl<S> From<HashMap<String, String, S>> for StringMap {
    fn from(map: HashMap<String, String, S>) -> Self {
        map.into_iter().collect()
    }
}

impl From<StringMap> for BTreeMap<String, String> {
    fn from(map: StringMap) -> Self {
        map.into_iter().collect()
    }
}

impl Serialize for StringMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (key, value) in self {
            map.serialize_entry(key, value)?;
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
        // Keys and values go straight from the body into the gathered text: no string of
        // their own, escaped or not.
        with_builder(|builder| {
            while map
                .next_key_seed(AppendStr(&mut builder.scratch.text))?
                .is_some()
            {
                let key_end = builder.end_key();
                map.next_value_seed(AppendValue(&mut builder.scratch.text))?;
                builder.end_value(key_end);
            }
            Ok(builder.finish())
        })
    }
}

/// Reads a string onto the end of a map's gathered text.
struct AppendStr<'b>(&'b mut Vec<u8>);

impl<'de> DeserializeSeed<'de> for AppendStr<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for AppendStr<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.0.extend_from_slice(value.as_bytes());
        Ok(())
    }

    /// Formats that hand strings over as bytes: taken when they are UTF-8.
    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<(), E> {
        let text = std::str::from_utf8(value)
            .map_err(|_| E::invalid_value(de::Unexpected::Bytes(value), &self))?;
        self.visit_str(text)
    }
}

/// Reads a map value onto the end of the gathered text; in JSON, `null` is `""`, as Go reads it
/// into a `map[string]string`.
struct AppendValue<'b>(&'b mut Vec<u8>);

impl<'de> DeserializeSeed<'de> for AppendValue<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if deserializer.is_human_readable() {
            deserializer.deserialize_option(self)
        } else {
            // A binary format cannot tell a `null` from a string without a tag the map's own
            // serialization never writes: read what it wrote, a plain string.
            deserializer.deserialize_str(AppendStr(self.0))
        }
    }
}

impl<'de> Visitor<'de> for AppendValue<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(AppendStr(self.0))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        AppendStr(self.0).visit_str(value)
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
    fn keys_compare_as_strings_do() {
        let keys = [
            "",
            "a",
            "b",
            "desktop",
            "desktop_sound",
            "desktop_threads",
            "desktopx",
            "desktop_s",
            "abcdefgh",
            "abcdefghi",
            "abcdefgg",
            "abcdefghabcdefgh",
            "abcdefghabcdefgi",
            "é",
            "z",
        ];
        for a in keys {
            for b in keys {
                assert_eq!(
                    comes_before(a.as_bytes(), b.as_bytes()),
                    a < b,
                    "{a:?} < {b:?}"
                );
            }
        }
    }

    #[test]
    fn extend_gives_new_values_the_last_word_and_clear_empties() {
        let mut map = StringMap::from([("b", "1"), ("d", "2")]);
        map.extend([("a", "x"), ("d", "y"), ("a", "z")]);
        assert_eq!(
            map.iter().collect::<Vec<_>>(),
            [("a", "z"), ("b", "1"), ("d", "y")]
        );
        assert_eq!(map.iter().next_back(), Some(("d", "y")));
        assert_eq!(map.iter().len(), 3);
        map.retain(|_, value| value != "z");
        assert_eq!(map.keys().collect::<Vec<_>>(), ["b", "d"]);
        map.clear();
        assert!(map.is_empty());
        assert_eq!(map, StringMap::new());
        assert_eq!(map.get("b"), None);
    }

    #[test]
    fn a_binary_format_reads_back_what_it_wrote() {
        let map = StringMap::from([
            ("a", "b"),
            ("", "x"),
            ("empty", ""),
            ("long", &*"é".repeat(40)),
        ]);
        let bytes = postcard::to_allocvec(&map).unwrap();
        assert_eq!(postcard::from_bytes::<StringMap>(&bytes).unwrap(), map);
        assert_eq!(
            postcard::from_bytes::<StringMap>(&postcard::to_allocvec(&StringMap::new()).unwrap())
                .unwrap(),
            StringMap::new()
        );
    }

    #[test]
    fn strings_handed_over_as_bytes_are_read_when_utf8() {
        use serde::de::value::{BorrowedBytesDeserializer, Error};
        let mut text = Vec::new();
        AppendStr(&mut text)
            .deserialize(BorrowedBytesDeserializer::<Error>::new("é!".as_bytes()))
            .unwrap();
        assert_eq!(text, "é!".as_bytes());
        let error = AppendStr(&mut text)
            .deserialize(BorrowedBytesDeserializer::<Error>::new(&[0xff, 0x00]))
            .unwrap_err();
        assert!(error.to_string().contains("expected a string"), "{error}");
    }

    #[test]
    fn reads_from_a_json_value_too() {
        let value = serde_json::json!({"b": "2", "a": null, "c": "3"});
        let map: StringMap = serde_json::from_value(value).unwrap();
        assert_eq!(
            map.iter().collect::<Vec<_>>(),
            [("a", ""), ("b", "2"), ("c", "3")]
        );
    }

    #[test]
    fn a_map_larger_than_the_kept_scratch_reads_whole_and_the_next_one_still_reads() {
        let big: StringMap = (0..5_000)
            .map(|i| (format!("key{i:05}"), "v".repeat(i % 40)))
            .collect();
        let body = serde_json::to_string(&big).unwrap();
        assert!(body.len() > SCRATCH_KEPT);
        let read: StringMap = serde_json::from_str(&body).unwrap();
        assert_eq!(read, big);
        assert_eq!(read.len(), 5_000);
        assert_eq!(read.get("key04999"), Some("v".repeat(4_999 % 40).as_str()));
        let small: StringMap = serde_json::from_str(r#"{"a":"1"}"#).unwrap();
        assert_eq!(small.iter().collect::<Vec<_>>(), [("a", "1")]);
    }

    #[test]
    fn a_null_value_reads_as_empty_as_go_reads_it() {
        let map: StringMap = serde_json::from_str(r#"{"a":null,"b":"2"}"#).unwrap();
        assert_eq!(map.iter().collect::<Vec<_>>(), [("a", ""), ("b", "2")]);
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
