//! From the dropped bytes to the bytes written in the blog.
//!
//! 1. The format is read from the bytes, never from the name.
//! 2. Size and memory limits are checked from the header, before any pixel is decoded.
//! 3. JPEGs are decoded with DCT-domain downscaling (`jpeg-decoder`'s `scale`: the inverse DCT
//!    yields 1/2, 1/4 or 1/8 of the pixels directly, the smallest that is still at least the
//!    target size), so a 26 MP photo is never expanded to 26 MP of RGB.
//! 4. The rest of the way is a SIMD resize (`fast_image_resize`, Lanczos3: the sharpest of its
//!    filters without visible ringing on photos, and after the DCT shrink the remaining factor
//!    is below 2, which makes it cheap; it is also what libvips uses), then the EXIF rotation
//!    on the small picture (rotating 1600 px costs a tenth of rotating 26 MP), then encoding.
//! 5. Encoders write no metadata: EXIF, GPS, XMP, IPTC and maker notes are gone. The ICC
//!    profile is written back so colours do not shift. When nothing needs resizing or turning
//!    and the re-encoded file is not smaller, the original is copied with its metadata
//!    segments removed instead.

use std::io::Cursor;

use fast_image_resize as fir;
use image::{DynamicImage, ImageDecoder, ImageEncoder};

use super::{jpeg, strip, svg, ImportOptions};
use crate::error::{Error, Result};

/// An image ready to be written.
#[derive(Debug, Clone)]
pub struct Processed {
    pub bytes: Vec<u8>,
    /// File extension to use (`jpg`, `png`, `gif`, `webp`, `svg`).
    pub ext: &'static str,
    pub format: &'static str,
    pub width: u32,
    pub height: u32,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Jpeg,
    Png,
    Gif,
    Webp,
    Svg,
}

/// Processes one image. `max_width` is the widest output; smaller images are never enlarged.
pub fn process(b: &[u8], opts: &ImportOptions, max_width: u32) -> Result<Processed> {
    let max_width = max_width.max(1);
    match sniff(b)? {
        Kind::Jpeg => jpeg_image(b, opts, max_width),
        Kind::Png => png_image(b, opts, max_width),
        Kind::Gif => gif_image(b, opts, max_width),
        Kind::Webp => webp_image(b, opts, max_width),
        Kind::Svg => svg_image(b),
    }
}

fn sniff(b: &[u8]) -> Result<Kind> {
    if b.is_empty() {
        return Err(Error::image(
            "the file is empty (0 bytes); copy it again from where it came from",
        ));
    }
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Kind::Jpeg);
    }
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Kind::Png);
    }
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        return Ok(Kind::Gif);
    }
    if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        return Ok(Kind::Webp);
    }
    if b.len() >= 12 && &b[4..8] == b"ftyp" {
        let brand = &b[8..12];
        let name = match brand {
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1" => Some(
                "a HEIC photo (the iPhone's default format), which Postdesk cannot read yet. Export it as JPEG: on iPhone set Settings › Camera › Formats › Most Compatible, or on a Mac open it in Preview and choose File › Export › JPEG",
            ),
            b"avif" | b"avis" => Some(
                "an AVIF image, which Postdesk cannot import yet; export it as JPEG or PNG",
            ),
            _ => None,
        };
        return Err(Error::image(format!(
            "the file is {}",
            name.unwrap_or("a video or another ISO media file, not a picture")
        )));
    }
    let other = [
        (&b"II*\0"[..], "a TIFF image"),
        (b"MM\0*", "a TIFF image"),
        (b"BM", "a BMP image"),
        (b"8BPS", "a Photoshop document"),
        (b"%PDF", "a PDF document"),
        (b"\0\0\x01\0", "an icon (ICO) file"),
    ];
    for (magic, what) in other {
        if b.starts_with(magic) {
            return Err(Error::image(format!(
                "the file is {what}, which Postdesk does not import; export it as JPEG or PNG"
            )));
        }
    }
    if let Ok(text) = std::str::from_utf8(&b[..b.len().min(4096)]) {
        let t = text.trim_start_matches('\u{feff}').trim_start();
        let head = t.get(..t.len().min(4096)).unwrap_or(t);
        if (t.starts_with("<?xml") || t.starts_with("<svg") || t.starts_with("<!--"))
            && head.contains("<svg")
        {
            return Ok(Kind::Svg);
        }
    }
    let sample = &b[..b.len().min(4096)];
    let looks_text = std::str::from_utf8(sample).is_ok()
        || sample
            .iter()
            .all(|c| c.is_ascii_graphic() || c.is_ascii_whitespace());
    if looks_text && !sample.contains(&0) {
        return Err(Error::image(
            "the file is text, not a picture, whatever its name says; choose the image file itself",
        ));
    }
    Err(Error::image(
        "the file is not an image Postdesk can read (JPEG, PNG, GIF, WebP or SVG are); export it as JPEG or PNG",
    ))
}

fn check_limits(w: u32, h: u32, bytes_per_pixel: u64, opts: &ImportOptions) -> Result<()> {
    let pixels = w as u64 * h as u64;
    if pixels > opts.max_pixels {
        return Err(Error::image(format!(
            "the image is {w} × {h} pixels ({:.0} megapixels), more than the {:.0} megapixels Postdesk imports (a file this large is often a decompression bomb); resize it in an image editor first",
            pixels as f64 / 1e6,
            opts.max_pixels as f64 / 1e6
        )));
    }
    let memory = pixels.saturating_mul(bytes_per_pixel);
    if memory > opts.max_memory {
        return Err(Error::image(format!(
            "decoding this {w} × {h} image would take {} MB of memory, more than the {} MB allowed; resize it in an image editor first",
            memory >> 20,
            opts.max_memory >> 20
        )));
    }
    Ok(())
}

/// Output size (display orientation) when the display width exceeds `max_width`.
fn target(w: u32, h: u32, max_width: u32) -> Option<(u32, u32)> {
    (w > max_width).then(|| {
        let th = ((h as u64 * max_width as u64 + w as u64 / 2) / w as u64).max(1) as u32;
        (max_width, th)
    })
}

fn limits(opts: &ImportOptions) -> image::Limits {
    let mut l = image::Limits::default();
    l.max_alloc = Some(opts.max_memory);
    l.max_image_width = Some(u32::MAX);
    l.max_image_height = Some(u32::MAX);
    l
}

/// 8-bit pixels: 1 (gray), 3 (RGB) or 4 (RGBA) channels.
struct Pixels {
    w: u32,
    h: u32,
    channels: u8,
    data: Vec<u8>,
}

impl Pixels {
    fn from_dynamic(img: DynamicImage) -> Pixels {
        let (w, h) = (img.width(), img.height());
        let (channels, data) = match img {
            DynamicImage::ImageLuma8(b) => (1, b.into_raw()),
            DynamicImage::ImageLuma16(_) => (1, img.to_luma8().into_raw()),
            DynamicImage::ImageRgb8(b) => (3, b.into_raw()),
            i if !i.color().has_alpha() => (3, i.to_rgb8().into_raw()),
            i => (4, i.to_rgba8().into_raw()),
        };
        Pixels {
            w,
            h,
            channels,
            data,
        }
    }

    fn into_dynamic(self) -> DynamicImage {
        let (w, h) = (self.w, self.h);
        match self.channels {
            1 => DynamicImage::ImageLuma8(image::GrayImage::from_raw(w, h, self.data).unwrap()),
            3 => DynamicImage::ImageRgb8(image::RgbImage::from_raw(w, h, self.data).unwrap()),
            _ => DynamicImage::ImageRgba8(image::RgbaImage::from_raw(w, h, self.data).unwrap()),
        }
    }

    fn resize(self, tw: u32, th: u32) -> Result<Pixels> {
        if (self.w, self.h) == (tw, th) {
            return Ok(self);
        }
        let pt = match self.channels {
            1 => fir::PixelType::U8,
            3 => fir::PixelType::U8x3,
            _ => fir::PixelType::U8x4,
        };
        let err = |e: &dyn std::fmt::Display| Error::image(format!("resizing failed: {e}"));
        let src =
            fir::images::Image::from_vec_u8(self.w, self.h, self.data, pt).map_err(|e| err(&e))?;
        let mut dst = fir::images::Image::new(tw, th, pt);
        let options = fir::ResizeOptions::new()
            .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3));
        fir::Resizer::new()
            .resize(&src, &mut dst, &options)
            .map_err(|e| err(&e))?;
        Ok(Pixels {
            w: tw,
            h: th,
            channels: self.channels,
            data: dst.into_vec(),
        })
    }

    fn orient(self, exif_orientation: u8) -> Pixels {
        match image::metadata::Orientation::from_exif(exif_orientation) {
            Some(o) if exif_orientation != 1 => {
                let mut img = self.into_dynamic();
                img.apply_orientation(o);
                Pixels::from_dynamic(img)
            }
            _ => self,
        }
    }
}

fn encode_jpeg(px: &Pixels, quality: u8, icc: Option<&[u8]>) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(px.data.len() / 8);
    let mut enc = jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100));
    if let Some(icc) = icc {
        enc.add_icc_profile(icc)
            .map_err(|e| Error::image(format!("could not keep the colour profile: {e}")))?;
    }
    let ct = match px.channels {
        1 => jpeg_encoder::ColorType::Luma,
        3 => jpeg_encoder::ColorType::Rgb,
        _ => jpeg_encoder::ColorType::Rgba,
    };
    let (w, h) = (
        u16::try_from(px.w).map_err(|_| Error::image("the output is too wide for JPEG"))?,
        u16::try_from(px.h).map_err(|_| Error::image("the output is too tall for JPEG"))?,
    );
    enc.encode(&px.data, w, h, ct)
        .map_err(|e| Error::image(format!("JPEG encoding failed: {e}")))?;
    Ok(out)
}

fn encode_png(px: &Pixels, icc: Option<&[u8]>) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut enc = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Best,
        image::codecs::png::FilterType::Adaptive,
    );
    if let Some(icc) = icc {
        let _ = enc.set_icc_profile(icc.to_vec());
    }
    let ct = match px.channels {
        1 => image::ExtendedColorType::L8,
        3 => image::ExtendedColorType::Rgb8,
        _ => image::ExtendedColorType::Rgba8,
    };
    enc.write_image(&px.data, px.w, px.h, ct)
        .map_err(|e| Error::image(format!("PNG encoding failed: {e}")))?;
    Ok(out)
}

fn undecodable(kind: &str, e: impl std::fmt::Display) -> Error {
    Error::image(format!(
        "the {kind} is damaged or truncated and could not be decoded ({e}); open it in an image editor and export it again"
    ))
}

/// Decodes with `image` (zune-jpeg, png, gif, image-webp), within the memory limit. Returns the
/// pixels, the EXIF orientation and the ICC profile.
fn decode_with_image(
    b: &[u8],
    kind: &str,
    opts: &ImportOptions,
) -> Result<(DynamicImage, u8, Option<Vec<u8>>)> {
    let mut reader = image::ImageReader::new(Cursor::new(b))
        .with_guessed_format()
        .map_err(|e| undecodable(kind, e))?;
    reader.limits(limits(opts));
    let mut dec = reader.into_decoder().map_err(|e| undecodable(kind, e))?;
    let icc = dec.icc_profile().ok().flatten();
    let orientation = dec.orientation().ok().map(orientation_to_exif).unwrap_or(1);
    let img = DynamicImage::from_decoder(dec).map_err(|e| match e {
        image::ImageError::Limits(l) => Error::image(format!(
            "decoding it would exceed the memory limit ({l}); resize it in an image editor first"
        )),
        e => undecodable(kind, e),
    })?;
    Ok((img, orientation, icc))
}

fn orientation_to_exif(o: image::metadata::Orientation) -> u8 {
    use image::metadata::Orientation::*;
    match o {
        NoTransforms => 1,
        FlipHorizontal => 2,
        Rotate180 => 3,
        FlipVertical => 4,
        Rotate90FlipH => 5,
        Rotate90 => 6,
        Rotate270FlipH => 7,
        Rotate270 => 8,
    }
}

/// Decodes a JPEG, downscaled in the DCT domain to at least `want` (source orientation) when
/// given. CMYK/YCCK JPEGs, and any file `jpeg-decoder` refuses, go through zune-jpeg at full
/// size instead.
fn decode_jpeg(
    b: &[u8],
    h: &jpeg::Header,
    want: Option<(u32, u32)>,
    opts: &ImportOptions,
) -> Result<Pixels> {
    if h.components == 1 || h.components == 3 {
        let mut dec = jpeg_decoder::Decoder::new(b);
        dec.set_max_decoding_buffer_size(opts.max_memory.min(usize::MAX as u64) as usize);
        let scaled = match want {
            Some((w, hh)) => dec
                .scale(w.min(65535) as u16, hh.min(65535) as u16)
                .map(|_| ()),
            None => dec.read_info(),
        };
        if scaled.is_ok() {
            if let Ok(data) = dec.decode() {
                if let Some(info) = dec.info() {
                    let channels = match info.pixel_format {
                        jpeg_decoder::PixelFormat::L8 => Some(1),
                        jpeg_decoder::PixelFormat::RGB24 => Some(3),
                        _ => None,
                    };
                    if let Some(channels) = channels {
                        return Ok(Pixels {
                            w: info.width as u32,
                            h: info.height as u32,
                            channels,
                            data,
                        });
                    }
                }
            }
        }
    }
    let (img, _, _) = decode_with_image(b, "JPEG", opts)?;
    Ok(Pixels::from_dynamic(img))
}

fn jpeg_image(b: &[u8], opts: &ImportOptions, max_width: u32) -> Result<Processed> {
    let h = jpeg::header(b)?;
    // Worst case: a CMYK file decoded at full size, then converted.
    check_limits(h.width, h.height, h.components.max(3) as u64 + 3, opts)?;
    let o = h.orientation;
    let turned = o >= 5;
    let (dw, dh) = if turned {
        (h.height, h.width)
    } else {
        (h.width, h.height)
    };
    let icc = h.icc.as_deref();
    let q = opts.jpeg_quality;
    let Some((tw, th)) = target(dw, dh, max_width) else {
        let px = decode_jpeg(b, &h, None, opts)?.orient(o);
        let (w, hh) = (px.w, px.h);
        let re = encode_jpeg(&px, q, icc)?;
        let bytes = if o == 1 {
            let stripped = jpeg::strip_metadata(b)?;
            if stripped.len() <= re.len() {
                stripped
            } else {
                re
            }
        } else {
            re
        };
        return Ok(done(bytes, "jpg", "jpeg", w, hh));
    };
    let (sw, sh) = if turned { (th, tw) } else { (tw, th) };
    let px = decode_jpeg(b, &h, Some((sw, sh)), opts)?
        .resize(sw, sh)?
        .orient(o);
    let out = encode_jpeg(&px, q, icc)?;
    Ok(done(out, "jpg", "jpeg", px.w, px.h))
}

fn done(bytes: Vec<u8>, ext: &'static str, format: &'static str, w: u32, h: u32) -> Processed {
    Processed {
        bytes,
        ext,
        format,
        width: w,
        height: h,
        warnings: Vec::new(),
    }
}

fn animated_warning(kind: &str, bytes: usize) -> String {
    format!(
        "animated {kind} kept as it is, {:.1} MB, not resized (resizing would break the animation){}",
        bytes as f64 / 1e6,
        if bytes > 2_000_000 {
            "; a video or a still picture would load much faster"
        } else {
            ""
        }
    )
}

/// Shared by PNG, static GIF and static WebP: decode, resize, turn, encode as PNG (or JPEG
/// for an opaque WebP photo).
fn raster_image(
    b: &[u8],
    kind: &str,
    opts: &ImportOptions,
    max_width: u32,
    keep_as_is: impl FnOnce() -> Result<Vec<u8>>,
    same_format: (&'static str, &'static str),
) -> Result<Processed> {
    let (img, o, icc) = decode_with_image(b, kind, opts)?;
    let opaque_photo = kind == "WebP" && !img.color().has_alpha();
    let px = Pixels::from_dynamic(img);
    let (dw, dh) = if o >= 5 { (px.h, px.w) } else { (px.w, px.h) };
    let encode = |px: &Pixels| -> Result<(Vec<u8>, &'static str, &'static str)> {
        if opaque_photo {
            Ok((
                encode_jpeg(px, opts.jpeg_quality, icc.as_deref())?,
                "jpg",
                "jpeg",
            ))
        } else {
            Ok((encode_png(px, icc.as_deref())?, "png", "png"))
        }
    };
    match target(dw, dh, max_width) {
        None if o == 1 => {
            let original = keep_as_is()?;
            // Only PNG is worth re-encoding at the same size (it may compress better);
            // a GIF or WebP is copied minus its metadata.
            if kind == "PNG" {
                let (re, ext, format) = encode(&px)?;
                if re.len() < original.len() {
                    return Ok(done(re, ext, format, px.w, px.h));
                }
            }
            Ok(done(original, same_format.0, same_format.1, px.w, px.h))
        }
        t => {
            let (tw, th) = t.unwrap_or((dw, dh));
            let (sw, sh) = if o >= 5 { (th, tw) } else { (tw, th) };
            let px = px.resize(sw, sh)?.orient(o);
            let (bytes, ext, format) = encode(&px)?;
            Ok(done(bytes, ext, format, px.w, px.h))
        }
    }
}

fn png_image(b: &[u8], opts: &ImportOptions, max_width: u32) -> Result<Processed> {
    let info = strip::png_header(b)?;
    // 16-bit RGBA decodes to 8 bytes a pixel.
    check_limits(info.width, info.height, 8, opts)?;
    if info.animated {
        let bytes = strip::png(b)?;
        let mut p = done(bytes, "png", "png", info.width, info.height);
        p.warnings.push(animated_warning("PNG", p.bytes.len()));
        return Ok(p);
    }
    // Check it is complete before decoding (a truncated PNG is refused, not half-shown).
    strip::png(b)?;
    raster_image(b, "PNG", opts, max_width, || strip::png(b), ("png", "png"))
}

fn gif_image(b: &[u8], opts: &ImportOptions, max_width: u32) -> Result<Processed> {
    let info = strip::gif(b)?;
    check_limits(info.width, info.height, 4, opts)?;
    if info.frames > 1 {
        let mut p = done(info.stripped, "gif", "gif", info.width, info.height);
        p.warnings.push(animated_warning("GIF", p.bytes.len()));
        return Ok(p);
    }
    let stripped = info.stripped;
    raster_image(
        b,
        "GIF",
        opts,
        max_width,
        move || Ok(stripped),
        ("gif", "gif"),
    )
}

fn webp_image(b: &[u8], opts: &ImportOptions, max_width: u32) -> Result<Processed> {
    let info = strip::webp(b)?;
    let (w, h) = match info.canvas {
        Some(c) => c,
        None => image::ImageReader::with_format(Cursor::new(b), image::ImageFormat::WebP)
            .into_dimensions()
            .map_err(|e| undecodable("WebP", e))?,
    };
    check_limits(w, h, 4, opts)?;
    if info.animated {
        let mut p = done(info.stripped, "webp", "webp", w, h);
        p.warnings.push(animated_warning("WebP", p.bytes.len()));
        return Ok(p);
    }
    let stripped = info.stripped;
    raster_image(
        b,
        "WebP",
        opts,
        max_width,
        move || Ok(stripped),
        ("webp", "webp"),
    )
}

fn svg_image(b: &[u8]) -> Result<Processed> {
    let s = svg::sanitize(b)?;
    let mut p = done(s.text, "svg", "svg", s.width, s.height);
    if s.removed > 0 {
        p.warnings.push(format!(
            "{} script, event handler or embedded element(s) removed from the SVG",
            s.removed
        ));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_never_upscale_and_keep_the_ratio() {
        assert_eq!(target(1000, 500, 1600), None);
        assert_eq!(target(6240, 4160, 1600), Some((1600, 1067)));
        assert_eq!(target(4000, 1, 1600), Some((1600, 1)));
    }

    #[test]
    fn sniffing_names_what_it_refuses() {
        let e = |b: &[u8]| sniff(b).unwrap_err().message;
        assert!(e(b"").contains("empty"));
        assert!(e(b"hello, this is not a photo\n").contains("text"));
        assert!(e(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic").contains("HEIC"));
        assert!(e(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").contains("PDF"));
        assert_eq!(
            sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap(),
            Kind::Svg
        );
    }
}
