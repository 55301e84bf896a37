//! JSON pieces the readers of other apps' files share, made so that a
//! hostile file cannot make trayotp allocate more than it must: a list that
//! counts its entries as they are parsed and stops at [`MAX_ENTRIES`]
//! (never a `serde_json::Value` for a list), and a number that apps write
//! either as a number or as a string (anything else is skipped unread).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, SeqAccess, Visitor};

/// No export holds this many accounts; a file with more is refused while
/// it is being parsed.
pub const MAX_ENTRIES: usize = 10_000;

/// A JSON array of at most [`MAX_ENTRIES`] elements, refused at the first
/// one past the limit.
#[derive(Debug)]
pub(crate) struct List<T>(pub Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
            type Value = List<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a list of at most {MAX_ENTRIES} entries")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                // The hint is the file's claim: never trusted for more than a few.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) = seq.next_element()? {
                    if items.len() == MAX_ENTRIES {
                        return Err(de::Error::invalid_length(MAX_ENTRIES + 1, &self));
                    }
                    items.push(item);
                }
                Ok(List(items))
            }

            fn visit_unit<E: de::Error>(self) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
        }

        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

/// Whether a parse error is the entry limit (to say so in the message).
pub(crate) fn too_many(error: &serde_json::Error) -> bool {
    // Only the length error: a list of the wrong type ("services": 5) names
    // the same expectation.
    let message = error.to_string();
    error.is_data() && message.starts_with("invalid length") && message.contains("a list of at most")
}

/// A number written as a number or as a numeric string; anything else
/// (text, `null`, a list, an object) reads as absent and is skipped
/// without being kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct LenientInt(pub Option<i64>);

impl<'de> Deserialize<'de> for LenientInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntVisitor;

        impl<'de> Visitor<'de> for IntVisitor {
            type Value = LenientInt;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }

            fn visit_i64<E>(self, v: i64) -> Result<LenientInt, E> {
                Ok(LenientInt(Some(v)))
            }

            fn visit_u64<E>(self, v: u64) -> Result<LenientInt, E> {
                Ok(LenientInt(Some(i64::try_from(v).unwrap_or(i64::MAX))))
            }

            fn visit_f64<E>(self, v: f64) -> Result<LenientInt, E> {
                Ok(LenientInt(v.is_finite().then_some(v as i64)))
            }

            fn visit_str<E>(self, v: &str) -> Result<LenientInt, E> {
                Ok(LenientInt(v.trim().parse().ok()))
            }

            fn visit_bool<E>(self, _: bool) -> Result<LenientInt, E> {
                Ok(LenientInt(None))
            }

            fn visit_unit<E>(self) -> Result<LenientInt, E> {
                Ok(LenientInt(None))
            }

            fn visit_none<E>(self) -> Result<LenientInt, E> {
                Ok(LenientInt(None))
            }

            fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<LenientInt, D::Error> {
                LenientInt::deserialize(deserializer)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LenientInt, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(LenientInt(None))
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<LenientInt, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(LenientInt(None))
            }
        }

        deserializer.deserialize_any(IntVisitor)
    }
}

/// Text, or absent for anything that is not text (a number, a list, an
/// object: skipped without being kept).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Text(pub Option<String>);

impl Text {
    pub(crate) fn get(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text")
            }

            fn visit_str<E>(self, v: &str) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }

            fn visit_string<E>(self, v: String) -> Result<Text, E> {
                Ok(Text(Some(v)))
            }

            fn visit_i64<E>(self, _: i64) -> Result<Text, E> {
                Ok(Text(None))
            }

            fn visit_u64<E>(self, _: u64) -> Result<Text, E> {
                Ok(Text(None))
            }

            fn visit_f64<E>(self, _: f64) -> Result<Text, E> {
                Ok(Text(None))
            }

            fn visit_bool<E>(self, _: bool) -> Result<Text, E> {
                Ok(Text(None))
            }

            fn visit_unit<E>(self) -> Result<Text, E> {
                Ok(Text(None))
            }

            fn visit_none<E>(self) -> Result<Text, E> {
                Ok(Text(None))
            }

            fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Text, D::Error> {
                Text::deserialize(deserializer)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
        }

        deserializer.deserialize_any(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Doc {
        #[serde(default)]
        list: List<LenientInt>,
        #[serde(default)]
        text: Text,
    }

    #[test]
    fn numbers_and_text_are_lenient() {
        let doc: Doc =
            serde_json::from_str(r#"{"list": [6, "8", null, "x", 30.0, [1, 2], {"a": 1}, true], "text": 5}"#)
                .expect("json");
        let ints: Vec<_> = doc.list.0.iter().map(|i| i.0).collect();
        assert_eq!(ints, [Some(6), Some(8), None, None, Some(30), None, None, None]);
        assert_eq!(doc.text.get(), None);
        let doc: Doc = serde_json::from_str(r#"{"list": null, "text": "a"}"#).expect("json");
        assert!(doc.list.0.is_empty());
        assert_eq!(doc.text.get(), Some("a"));
    }

    #[test]
    fn a_list_past_the_limit_is_refused_while_parsed() {
        let ok = format!("{{\"list\": [{}1]}}", "1,".repeat(MAX_ENTRIES - 1));
        assert_eq!(
            serde_json::from_str::<Doc>(&ok).expect("at the limit").list.0.len(),
            MAX_ENTRIES
        );
        let over = format!("{{\"list\": [{}1]}}", "1,".repeat(MAX_ENTRIES));
        let error = serde_json::from_str::<Doc>(&over).expect_err("over the limit");
        assert!(too_many(&error), "{error}");
    }
}
