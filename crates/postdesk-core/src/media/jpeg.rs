//! JPEG at the byte level: the header facts needed before decoding (size, components, EXIF
//! orientation, ICC profile), whether the file is complete, and a copy of the file without
//! its metadata segments.

use crate::error::{Error, Result};

#[derive(Debug, Default)]
pub struct Header {
    pub width: u32,
    pub height: u32,
    pub components: u8,
    /// EXIF orientation 1–8 (1 when absent or unreadable).
    pub orientation: u8,
    /// The ICC profile, reassembled from its APP2 chunks.
    pub icc: Option<Vec<u8>>,
    /// Byte offset just past the EOI marker, when the file has one.
    pub end: Option<usize>,
}

/// Markers kept by [`strip_metadata`]: everything needed to decode and show the picture
/// (tables, frame, scans, JFIF, Adobe colour transform, ICC profile); dropped: EXIF and XMP
/// (APP1), IPTC/Photoshop (APP13), maker and vendor segments, comments, the MPF index and the
/// extra pictures (previews, depth maps) stored after the end of the main one.
fn keep_segment(marker: u8, payload: &[u8]) -> bool {
    match marker {
        0xE0 => payload.starts_with(b"JFIF\0"),
        0xE2 => payload.starts_with(b"ICC_PROFILE\0"),
        0xEE => payload.starts_with(b"Adobe"),
        0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
        _ => true,
    }
}

fn truncated() -> Error {
    Error::image(
        "the JPEG is truncated (the file ends before the picture does); copy it again from the camera or export it again",
    )
}

fn damaged(what: &str) -> Error {
    Error::image(format!(
        "the JPEG is damaged ({what}); open it in an image editor and export it again"
    ))
}

/// Walks the segments of the whole file, calling `seg` for each marker segment (marker,
/// payload, full byte range) and `data` for each run of entropy-coded bytes. Returns the offset
/// just past EOI, or None when the file ends first.
fn walk(
    b: &[u8],
    mut seg: impl FnMut(u8, &[u8], std::ops::Range<usize>),
    mut data: impl FnMut(std::ops::Range<usize>),
) -> Result<Option<usize>> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return Err(damaged("no start-of-image marker"));
    }
    let mut i = 2;
    let mut in_scan = false;
    loop {
        if in_scan {
            // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or RSTn.
            let start = i;
            loop {
                if i + 1 >= b.len() {
                    data(start..b.len());
                    return Ok(None);
                }
                if b[i] == 0xFF {
                    let m = b[i + 1];
                    if m == 0x00 || (0xD0..=0xD7).contains(&m) {
                        i += 2;
                        continue;
                    }
                    if m == 0xFF {
                        i += 1;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            data(start..i);
            in_scan = false;
        }
        // Skip fill bytes.
        while i < b.len() && b[i] == 0xFF && i + 1 < b.len() && b[i + 1] == 0xFF {
            i += 1;
        }
        if i + 1 >= b.len() {
            return Ok(None);
        }
        if b[i] != 0xFF {
            return Err(damaged(&format!("no marker at byte {i}")));
        }
        let m = b[i + 1];
        match m {
            0xD9 => return Ok(Some(i + 2)),
            0xD0..=0xD7 | 0x01 => {
                seg(m, &[], i..i + 2);
                i += 2;
                continue;
            }
            _ => {}
        }
        if i + 4 > b.len() {
            return Ok(None);
        }
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        if len < 2 {
            return Err(damaged("a segment with an impossible length"));
        }
        let end = i + 2 + len;
        if end > b.len() {
            return Ok(None);
        }
        seg(m, &b[i + 4..end], i..end);
        i = end;
        if m == 0xDA {
            in_scan = true;
        }
    }
}

/// Reads the header facts and checks the file is complete (has its end marker).
pub fn header(b: &[u8]) -> Result<Header> {
    let mut h = Header {
        orientation: 1,
        ..Default::default()
    };
    let mut icc_chunks: Vec<(u8, Vec<u8>)> = Vec::new();
    let mut frame = false;
    let end = walk(
        b,
        |m, p, _| match m {
            0xC0..=0xCF if m != 0xC4 && m != 0xC8 && m != 0xCC && p.len() >= 6 && !frame => {
                frame = true;
                h.height = u16::from_be_bytes([p[1], p[2]]) as u32;
                h.width = u16::from_be_bytes([p[3], p[4]]) as u32;
                h.components = p[5];
            }
            0xE1 if p.starts_with(b"Exif\0\0") => {
                if let Some(o) = exif_orientation(&p[6..]) {
                    h.orientation = o;
                }
            }
            0xE2 if p.starts_with(b"ICC_PROFILE\0") && p.len() > 14 => {
                icc_chunks.push((p[12], p[14..].to_vec()));
            }
            _ => {}
        },
        |_| {},
    )?;
    if !frame {
        return Err(if end.is_none() {
            truncated()
        } else {
            damaged("no frame header")
        });
    }
    if h.width == 0 || h.height == 0 {
        return Err(damaged("its width or height is 0"));
    }
    h.end = end;
    if !icc_chunks.is_empty() {
        icc_chunks.sort_by_key(|c| c.0);
        h.icc = Some(icc_chunks.into_iter().flat_map(|c| c.1).collect());
    }
    if h.end.is_none() {
        return Err(truncated());
    }
    Ok(h)
}

/// The orientation tag of an EXIF (TIFF) block, read with kamadak-exif.
pub fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let exif = exif::Reader::new().read_raw(tiff.to_vec()).ok()?;
    let f = exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?;
    let v = f.value.get_uint(0)?;
    (1..=8).contains(&v).then_some(v as u8)
}

/// The same JPEG without metadata segments and without anything after the end marker. The
/// compressed picture, tables, JFIF, Adobe and ICC segments are copied byte for byte.
pub fn strip_metadata(b: &[u8]) -> Result<Vec<u8>> {
    let out = std::cell::RefCell::new(Vec::with_capacity(b.len()));
    out.borrow_mut().extend_from_slice(&[0xFF, 0xD8]);
    let end = walk(
        b,
        |m, p, r| {
            if keep_segment(m, p) {
                out.borrow_mut().extend_from_slice(&b[r]);
            }
        },
        |r| out.borrow_mut().extend_from_slice(&b[r]),
    )?;
    let mut out = out.into_inner();
    if end.is_none() {
        return Err(truncated());
    }
    out.extend_from_slice(&[0xFF, 0xD9]);
    Ok(out)
}

/// Every metadata segment marker left in a JPEG (APP1 EXIF/XMP, APP13 IPTC, COM…): empty for
/// a clean file. Used by tests and by the pipeline's own check.
pub fn metadata_markers(b: &[u8]) -> Vec<u8> {
    let mut found = Vec::new();
    let _ = walk(
        b,
        |m, p, _| {
            if !keep_segment(m, p) {
                found.push(m);
            }
        },
        |_| {},
    );
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_jpeg() -> Vec<u8> {
        let img = image::RgbImage::from_pixel(16, 8, image::Rgb([200, 10, 10]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&img)
            .unwrap();
        out
    }

    fn with_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, marker]);
        out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(payload);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    #[test]
    fn strips_app1_app13_comments_and_trailing_pictures() {
        let j = tiny_jpeg();
        let mut dirty = with_segment(&j, 0xE1, b"Exif\0\0MM\0*\0\0\0\x08\0\0");
        dirty = with_segment(&dirty, 0xED, b"Photoshop 3.0\0junk");
        dirty = with_segment(&dirty, 0xFE, b"a comment");
        dirty = with_segment(&dirty, 0xE2, b"ICC_PROFILE\0\x01\x01profile");
        dirty.extend_from_slice(&j); // an MPF-style second picture after EOI
        assert_eq!(metadata_markers(&dirty), vec![0xFE, 0xED, 0xE1]);
        let clean = strip_metadata(&dirty).unwrap();
        assert!(metadata_markers(&clean).is_empty());
        let h = header(&clean).unwrap();
        assert_eq!((h.width, h.height, h.components), (16, 8, 3));
        assert_eq!(h.icc.as_deref(), Some(&b"profile"[..]));
        assert_eq!(h.end, Some(clean.len()));
        assert!(clean.len() < j.len() + 40);
        image::load_from_memory(&clean).unwrap();
    }

    #[test]
    fn truncated_files_are_refused() {
        let j = tiny_jpeg();
        let e = header(&j[..j.len() - 10]).unwrap_err();
        assert!(e.message.contains("truncated"), "{}", e.message);
        assert!(header(&j[..20]).unwrap_err().message.contains("truncated"));
    }
}
