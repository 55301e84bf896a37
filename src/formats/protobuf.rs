//! Just enough of the Protocol Buffers wire format to read and write
//! Google Authenticator's export: a field number and a wire type per field,
//! varints, and length-delimited bytes (strings and nested messages).
//!
//! Hand-written rather than `prost` because the whole schema is one message
//! of seven fields inside another of five: this reader is a few dozen lines
//! that check every length against what is left (so arbitrary bytes give an
//! error, never a panic or a huge allocation), where `prost` would bring a
//! derive macro and build-time code generation for the same result. The
//! writer ([`put_varint`], [`put_bytes`]) appends to a buffer the caller
//! sized with [`varint_field_len`] and [`bytes_field_len`], so that a key
//! passing through it is never left behind in a reallocated copy.

/// One field's value, by wire type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    /// Wire type 0: integers, enums and booleans.
    Varint(u64),
    /// Wire type 2: bytes, strings and nested messages.
    Bytes(&'a [u8]),
    /// Wire types 1 and 5: fixed-size numbers, which the schema does not use.
    Fixed,
}

/// Why bytes are not a well-formed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("the data ends in the middle of a field")]
    Truncated,
    #[error("a number is longer than 64 bits")]
    VarintTooLong,
    #[error("unsupported wire type {0}")]
    WireType(u8),
}

/// Reads the fields of one message in order.
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(message: &'a [u8]) -> Self {
        Self { rest: message }
    }

    /// The next field number and value, or `None` at the end of the message.
    pub fn next_field(&mut self) -> Result<Option<(u64, Value<'a>)>, WireError> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        let key = self.varint()?;
        let number = key >> 3;
        let value = match key & 7 {
            0 => Value::Varint(self.varint()?),
            1 => {
                self.take(8)?;
                Value::Fixed
            }
            2 => {
                let len = usize::try_from(self.varint()?).map_err(|_| WireError::Truncated)?;
                Value::Bytes(self.take(len)?)
            }
            5 => {
                self.take(4)?;
                Value::Fixed
            }
            other => return Err(WireError::WireType(other as u8)),
        };
        Ok(Some((number, value)))
    }

    fn varint(&mut self) -> Result<u64, WireError> {
        let mut value = 0u64;
        for (index, &byte) in self.rest.iter().enumerate().take(10) {
            let bits = u64::from(byte & 0x7f);
            if index == 9 && bits > 1 {
                return Err(WireError::VarintTooLong);
            }
            value |= bits << (7 * index);
            if byte & 0x80 == 0 {
                self.rest = &self.rest[index + 1..];
                return Ok(value);
            }
        }
        if self.rest.len() >= 10 {
            Err(WireError::VarintTooLong)
        } else {
            Err(WireError::Truncated)
        }
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], WireError> {
        if len > self.rest.len() {
            return Err(WireError::Truncated);
        }
        let (taken, rest) = self.rest.split_at(len);
        self.rest = rest;
        Ok(taken)
    }
}

/// Appends field `number` as a varint (wire type 0).
pub fn put_varint(out: &mut Vec<u8>, number: u32, value: u64) {
    write_varint(out, u64::from(number) << 3);
    write_varint(out, value);
}

/// Appends field `number` as length-delimited bytes (wire type 2).
pub fn put_bytes(out: &mut Vec<u8>, number: u32, bytes: &[u8]) {
    write_varint(out, u64::from(number) << 3 | 2);
    write_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// The bytes [`put_varint`] appends.
pub fn varint_field_len(number: u32, value: u64) -> usize {
    varint_len(u64::from(number) << 3) + varint_len(value)
}

/// The bytes [`put_bytes`] appends for `len` bytes.
pub fn bytes_field_len(number: u32, len: usize) -> usize {
    varint_len(u64::from(number) << 3 | 2) + varint_len(len as u64) + len
}

fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn varint_len(value: u64) -> usize {
    // 7 bits a byte; 0 still takes one byte.
    (64 - (value | 1).leading_zeros() as usize).div_ceil(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(bytes: &[u8]) -> Result<Vec<(u64, Value<'_>)>, WireError> {
        let mut reader = Reader::new(bytes);
        let mut out = Vec::new();
        while let Some(field) = reader.next_field()? {
            out.push(field);
        }
        Ok(out)
    }

    #[test]
    fn reads_the_examples_of_the_encoding_guide() {
        // Field 1 = 150 (varint 0x96 0x01); field 2 = "testing"; a fixed32 and a fixed64.
        let bytes = b"\x08\x96\x01\x12\x07testing\x1d\x01\x02\x03\x04\x21\x01\x02\x03\x04\x05\x06\x07\x08";
        assert_eq!(
            fields(bytes),
            Ok(vec![
                (1, Value::Varint(150)),
                (2, Value::Bytes(b"testing")),
                (3, Value::Fixed),
                (4, Value::Fixed)
            ])
        );
        assert_eq!(
            fields(b"\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"),
            Ok(vec![(1, Value::Varint(u64::MAX))])
        );
    }

    #[test]
    fn writes_the_examples_of_the_encoding_guide_and_reads_them_back() {
        let mut out = Vec::new();
        put_varint(&mut out, 1, 150);
        put_bytes(&mut out, 2, b"testing");
        assert_eq!(out, b"\x08\x96\x01\x12\x07testing");
        assert_eq!(varint_field_len(1, 150) + bytes_field_len(2, 7), out.len());
        for value in [0, 1, 127, 128, 16_383, 16_384, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            put_varint(&mut out, 5, value);
            assert_eq!(out.len(), varint_field_len(5, value), "{value}");
            assert_eq!(fields(&out), Ok(vec![(5, Value::Varint(value))]), "{value}");
        }
        let long = vec![7u8; 300];
        let mut out = Vec::new();
        put_bytes(&mut out, 1, &long);
        assert_eq!(out.len(), bytes_field_len(1, 300));
        assert_eq!(&out[..3], b"\x0a\xac\x02");
        assert_eq!(fields(&out), Ok(vec![(1, Value::Bytes(&long[..]))]));
    }

    #[test]
    fn malformed_messages_are_errors() {
        assert_eq!(fields(b"\x08"), Err(WireError::Truncated));
        assert_eq!(fields(b"\x08\x96"), Err(WireError::Truncated));
        assert_eq!(fields(b"\x12\x07test"), Err(WireError::Truncated));
        assert_eq!(fields(b"\x12\xff\xff\xff\xff\x0f"), Err(WireError::Truncated));
        assert_eq!(fields(b"\x0b"), Err(WireError::WireType(3)));
        assert_eq!(
            fields(b"\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02"),
            Err(WireError::VarintTooLong)
        );
        assert_eq!(
            fields(&[0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
            Err(WireError::VarintTooLong)
        );
    }
}
