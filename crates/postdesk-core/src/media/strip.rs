//! Metadata removal for files copied without re-encoding (PNG, GIF, WebP): the container's
//! chunks are filtered, the picture data is copied byte for byte. Also tells animations apart.

use crate::error::{Error, Result};

fn damaged(kind: &str, what: &str) -> Error {
    Error::image(format!(
        "the {kind} is damaged ({what}); open it in an image editor and export it again"
    ))
}

fn truncated(kind: &str) -> Error {
    Error::image(format!(
        "the {kind} is truncated (the file ends before the picture does); copy or export it again"
    ))
}

pub struct PngInfo {
    pub width: u32,
    pub height: u32,
    pub animated: bool,
}

const PNG_SIG: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Chunks kept when a PNG is copied: the picture, its palette and transparency, colour
/// information (gamma, chromaticities, sRGB, ICC, CICP, HDR), pixel size and APNG frames.
/// Dropped: text (tEXt/zTXt/iTXt, where XMP lives), eXIf, tIME and private chunks.
const PNG_KEEP: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"pHYs", b"bKGD", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLi",
];

fn png_chunks(b: &[u8], mut f: impl FnMut(&[u8], std::ops::Range<usize>)) -> Result<()> {
    let mut i = PNG_SIG.len();
    loop {
        if i + 8 > b.len() {
            return Err(truncated("PNG"));
        }
        let len = u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize;
        let end = i
            .checked_add(12)
            .and_then(|x| x.checked_add(len))
            .ok_or_else(|| damaged("PNG", "a chunk with an impossible length"))?;
        if end > b.len() {
            return Err(truncated("PNG"));
        }
        let ty = &b[i + 4..i + 8];
        f(ty, i..end);
        if ty == b"IEND" {
            return Ok(());
        }
        i = end;
    }
}

/// Size from IHDR, read before anything is decoded.
pub fn png_header(b: &[u8]) -> Result<PngInfo> {
    if b.len() < 33 {
        return Err(truncated("PNG"));
    }
    if &b[12..16] != b"IHDR" {
        return Err(damaged("PNG", "no IHDR header"));
    }
    let width = u32::from_be_bytes([b[16], b[17], b[18], b[19]]);
    let height = u32::from_be_bytes([b[20], b[21], b[22], b[23]]);
    if width == 0 || height == 0 {
        return Err(damaged("PNG", "its width or height is 0"));
    }
    // acTL must come before the first IDAT; look only that far.
    let mut animated = false;
    let mut i = PNG_SIG.len();
    while i + 8 <= b.len() {
        let len = u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize;
        let ty = &b[i + 4..i + 8];
        if ty == b"acTL" {
            animated = true;
        }
        if ty == b"IDAT" {
            break;
        }
        i = i.saturating_add(12).saturating_add(len);
    }
    Ok(PngInfo {
        width,
        height,
        animated,
    })
}

pub fn png(b: &[u8]) -> Result<Vec<u8>> {
    let mut out = PNG_SIG.to_vec();
    png_chunks(b, |ty, r| {
        if PNG_KEEP.iter().any(|k| &k[..] == ty) {
            out.extend_from_slice(&b[r]);
        }
    })?;
    Ok(out)
}

pub struct GifInfo {
    pub width: u32,
    pub height: u32,
    pub frames: usize,
    /// The file without comments and application extensions other than looping.
    pub stripped: Vec<u8>,
}

pub fn gif(b: &[u8]) -> Result<GifInfo> {
    if b.len() < 13 {
        return Err(truncated("GIF"));
    }
    let width = u16::from_le_bytes([b[6], b[7]]) as u32;
    let height = u16::from_le_bytes([b[8], b[9]]) as u32;
    let flags = b[10];
    let mut i = 13;
    if flags & 0x80 != 0 {
        i += 3 << ((flags & 7) + 1);
    }
    if i > b.len() {
        return Err(truncated("GIF"));
    }
    let mut out = b[..i].to_vec();
    let mut frames = 0;
    // Sub-blocks: size byte, data, … until a 0 size. Returns the offset past the terminator.
    let sub_blocks = |mut j: usize| -> Result<usize> {
        loop {
            let n = *b.get(j).ok_or_else(|| truncated("GIF"))? as usize;
            j += 1 + n;
            if n == 0 {
                return Ok(j);
            }
            if j > b.len() {
                return Err(truncated("GIF"));
            }
        }
    };
    loop {
        match b.get(i) {
            None => return Err(truncated("GIF")),
            Some(0x3B) => {
                out.push(0x3B);
                break;
            }
            Some(0x21) => {
                let label = *b.get(i + 1).ok_or_else(|| truncated("GIF"))?;
                let end = sub_blocks(i + 2)?;
                let keep = match label {
                    0xF9 | 0x01 => true,
                    0xFF => {
                        let id = b.get(i + 3..i + 14).unwrap_or(&[]);
                        id == b"NETSCAPE2.0" || id == b"ANIMEXTS1.0"
                    }
                    _ => false,
                };
                if keep {
                    out.extend_from_slice(&b[i..end]);
                }
                i = end;
            }
            Some(0x2C) => {
                let f = *b.get(i + 9).ok_or_else(|| truncated("GIF"))?;
                let mut j = i + 10;
                if f & 0x80 != 0 {
                    j += 3 << ((f & 7) + 1);
                }
                let end = sub_blocks(j + 1)?;
                out.extend_from_slice(&b[i..end]);
                frames += 1;
                i = end;
            }
            Some(x) => return Err(damaged("GIF", &format!("unknown block 0x{x:02x}"))),
        }
    }
    if frames == 0 {
        return Err(damaged("GIF", "it holds no picture"));
    }
    Ok(GifInfo {
        width,
        height,
        frames,
        stripped: out,
    })
}

pub struct WebpInfo {
    pub animated: bool,
    /// Canvas size from VP8X, when present.
    pub canvas: Option<(u32, u32)>,
    /// The file without EXIF and XMP chunks (flags in VP8X cleared to match).
    pub stripped: Vec<u8>,
}

pub fn webp(b: &[u8]) -> Result<WebpInfo> {
    if b.len() < 12 || &b[..4] != b"RIFF" || &b[8..12] != b"WEBP" {
        return Err(damaged("WebP", "no RIFF/WEBP header"));
    }
    let riff_len = u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize;
    if riff_len + 8 > b.len() {
        return Err(truncated("WebP"));
    }
    let body = &b[12..riff_len + 8];
    let mut out = b"RIFF\0\0\0\0WEBP".to_vec();
    let mut animated = false;
    let mut canvas = None;
    let mut i = 0;
    while i + 8 <= body.len() {
        let ty = &body[i..i + 4];
        let len = u32::from_le_bytes([body[i + 4], body[i + 5], body[i + 6], body[i + 7]]) as usize;
        let end = i + 8 + len + (len & 1);
        if i + 8 + len > body.len() {
            return Err(truncated("WebP"));
        }
        let end = end.min(body.len());
        match ty {
            b"EXIF" | b"XMP " => {}
            b"VP8X" if len >= 10 => {
                let flags = body[i + 8];
                animated |= flags & 0x02 != 0;
                let p = &body[i + 8..];
                let w = 1 + (p[4] as u32 | (p[5] as u32) << 8 | (p[6] as u32) << 16);
                let h = 1 + (p[7] as u32 | (p[8] as u32) << 8 | (p[9] as u32) << 16);
                canvas = Some((w, h));
                let start = out.len();
                out.extend_from_slice(&body[i..end]);
                out[start + 8] = flags & !0x0C;
            }
            _ => {
                if ty == b"ANIM" || ty == b"ANMF" {
                    animated = true;
                }
                out.extend_from_slice(&body[i..end]);
            }
        }
        i = end;
    }
    let len = (out.len() - 8) as u32;
    out[4..8].copy_from_slice(&len.to_le_bytes());
    Ok(WebpInfo {
        animated,
        canvas,
        stripped: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_text_and_exif_chunks_go() {
        let img = image::RgbImage::from_pixel(4, 4, image::Rgb([1, 2, 3]));
        let mut p = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut p), image::ImageFormat::Png)
            .unwrap();
        // Insert a tEXt chunk after IHDR (CRC is not checked by our filter).
        let mut dirty = p[..33].to_vec();
        let text = b"Comment\0GPS 48.85,2.35";
        dirty.extend_from_slice(&(text.len() as u32).to_be_bytes());
        dirty.extend_from_slice(b"tEXt");
        dirty.extend_from_slice(text);
        dirty.extend_from_slice(&[0, 0, 0, 0]);
        dirty.extend_from_slice(&p[33..]);
        let clean = png(&dirty).unwrap();
        assert_eq!(clean, p);
        assert!(png(&p[..p.len() - 5]).is_err());
    }

    #[test]
    fn gif_comments_go_and_frames_are_counted() {
        let mut g = b"GIF89a\x02\x00\x02\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff".to_vec();
        g.extend_from_slice(b"\x21\xfe\x05hello\x00"); // comment
        let frame = b"\x2c\x00\x00\x00\x00\x02\x00\x02\x00\x00\x02\x02\x44\x01\x00";
        g.extend_from_slice(frame);
        g.extend_from_slice(frame);
        g.push(0x3B);
        let info = gif(&g).unwrap();
        assert_eq!((info.width, info.height, info.frames), (2, 2, 2));
        assert!(!info.stripped.windows(5).any(|w| w == b"hello"));
        assert!(gif(&g[..g.len() - 1]).is_err());
    }
}
