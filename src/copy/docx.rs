//! Plain text of a `.docx` file: a minimal ZIP reader (central directory, stored or deflated
//! entries via `miniz_oxide`) and a text extractor for `word/document.xml` (`<w:t>` runs; a new
//! line per paragraph `</w:p>` and `<w:br/>`, a tab per `<w:tab/>`). Tables, headers and notes are
//! ignored; formatting is dropped. Never panics; sizes are bounded.

use std::fmt;

/// Largest `word/document.xml` accepted once decompressed (zip bombs are refused).
pub const MAX_XML_BYTES: usize = 32 * 1024 * 1024;

/// Why a `.docx` could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// Not a ZIP archive (or a damaged one).
    NotZip,
    /// No `word/document.xml` inside.
    NoDocument,
    /// Compressed with something other than deflate, or encrypted.
    Unsupported,
    /// The document is larger than `MAX_XML_BYTES` (32 MiB) once decompressed.
    TooLarge,
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DocxError::NotZip => "不是有效的 .docx 文件（文件已损坏，或是旧版 .doc 格式，请另存为 .docx 或 .txt）。 (Not a valid .docx file: damaged, or an old .doc; save it as .docx or .txt.)",
            DocxError::NoDocument => "该 .docx 文件中没有正文（word/document.xml）。 (The .docx has no word/document.xml.)",
            DocxError::Unsupported => "该 .docx 文件使用了不支持的压缩方式或已加密，请另存为 .txt。 (The .docx uses an unsupported compression or is encrypted; save it as .txt.)",
            DocxError::TooLarge => "该 .docx 文件的正文过大。 (The .docx document is too large.)",
        })
    }
}

impl std::error::Error for DocxError {}

fn u16_at(b: &[u8], i: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], i: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?) as usize)
}

/// The bytes of the entry `name` of a ZIP archive.
fn zip_entry(zip: &[u8], name: &str) -> Result<Vec<u8>, DocxError> {
    // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
    let lo = zip.len().saturating_sub(65_557);
    let eocd = (lo..zip.len().saturating_sub(21))
        .rev()
        .find(|&i| zip[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .ok_or(DocxError::NotZip)?;
    let entries = u16_at(zip, eocd + 10).ok_or(DocxError::NotZip)?;
    let mut p = u32_at(zip, eocd + 16).ok_or(DocxError::NotZip)?;
    for _ in 0..entries {
        if zip.get(p..p + 4) != Some(&[0x50, 0x4b, 0x01, 0x02][..]) {
            return Err(DocxError::NotZip);
        }
        let flags = u16_at(zip, p + 8).ok_or(DocxError::NotZip)?;
        let method = u16_at(zip, p + 10).ok_or(DocxError::NotZip)?;
        let csize = u32_at(zip, p + 20).ok_or(DocxError::NotZip)?;
        let usize_ = u32_at(zip, p + 24).ok_or(DocxError::NotZip)?;
        let nlen = u16_at(zip, p + 28).ok_or(DocxError::NotZip)?;
        let elen = u16_at(zip, p + 30).ok_or(DocxError::NotZip)?;
        let clen = u16_at(zip, p + 32).ok_or(DocxError::NotZip)?;
        let local = u32_at(zip, p + 42).ok_or(DocxError::NotZip)?;
        let entry_name = zip.get(p + 46..p + 46 + nlen).ok_or(DocxError::NotZip)?;
        if entry_name == name.as_bytes() {
            if flags & 1 != 0 {
                return Err(DocxError::Unsupported);
            }
            if zip.get(local..local + 4) != Some(&[0x50, 0x4b, 0x03, 0x04][..]) {
                return Err(DocxError::NotZip);
            }
            let lnlen = u16_at(zip, local + 26).ok_or(DocxError::NotZip)?;
            let lelen = u16_at(zip, local + 28).ok_or(DocxError::NotZip)?;
            let start = local + 30 + lnlen + lelen;
            let data = zip
                .get(start..start.saturating_add(csize))
                .ok_or(DocxError::NotZip)?;
            return match method {
                0 if data.len() <= MAX_XML_BYTES => Ok(data.to_vec()),
                0 => Err(DocxError::TooLarge),
                8 => {
                    if usize_ > MAX_XML_BYTES {
                        return Err(DocxError::TooLarge);
                    }
                    miniz_oxide::inflate::decompress_to_vec_with_limit(data, MAX_XML_BYTES).map_err(
                        |e| match e.status {
                            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => DocxError::TooLarge,
                            _ => DocxError::NotZip,
                        },
                    )
                }
                _ => Err(DocxError::Unsupported),
            };
        }
        p += 46 + nlen + elen + clen;
    }
    Err(DocxError::NoDocument)
}

/// Decodes the five XML entities and numeric character references.
fn unescape(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(j) = rest.find(';').filter(|&j| j <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..j];
        let c = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => ent
                .strip_prefix("#x")
                .or_else(|| ent.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[j + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The text of `word/document.xml`.
fn document_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    let mut in_text = false;
    while let Some(lt) = rest.find('<') {
        if in_text {
            unescape(&rest[..lt], &mut out);
        }
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        match (tag.starts_with('/'), name) {
            (false, "w:t") => in_text = !tag.ends_with('/'),
            (true, "w:t") => in_text = false,
            (true, "w:p") => out.push('\n'),
            (false, "w:br" | "w:cr") => out.push('\n'),
            (false, "w:tab") => out.push('\t'),
            _ => {}
        }
        rest = &rest[gt + 1..];
    }
    out
}

/// The plain text of a `.docx` file's main document, one line per paragraph.
pub fn docx_text(bytes: &[u8]) -> Result<String, DocxError> {
    let xml = zip_entry(bytes, "word/document.xml")?;
    let xml = String::from_utf8_lossy(&xml);
    Ok(document_text(&xml))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_runs_paragraphs_and_entities() {
        let xml = r#"<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>关于做好</w:t></w:r><w:r><w:t xml:space="preserve">信息 &amp; 宣传</w:t></w:r></w:p><w:p><w:r><w:tab/><w:t>第二段&#x1F600;&lt;</w:t><w:br/><w:t>换行</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(
            document_text(xml),
            "关于做好信息 & 宣传\n\t第二段😀<\n换行\n"
        );
    }

    #[test]
    fn refuses_non_zip_without_panicking() {
        assert_eq!(docx_text(b"plain text"), Err(DocxError::NotZip));
        assert_eq!(docx_text(b""), Err(DocxError::NotZip));
        let mut junk = vec![0u8; 100];
        junk.extend_from_slice(&[0x50, 0x4b, 0x05, 0x06]);
        junk.extend_from_slice(&[0xff; 18]);
        assert!(docx_text(&junk).is_err());
    }
}
