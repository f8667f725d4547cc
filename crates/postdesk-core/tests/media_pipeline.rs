//! The image pipeline on generated fixtures: orientation, metadata removal, colour types,
//! broken files and decompression bombs. Every fixture is generated here.

use image::{DynamicImage, GenericImageView, Rgb, RgbImage};
use postdesk_core::media::{self, ImportOptions};

pub fn opts() -> ImportOptions {
    ImportOptions::default()
}

/// A TIFF (EXIF) block, big-endian, with the given IFD0 entries (tag, type, count, value).
fn tiff(entries: &[(u16, u16, u32, [u8; 4])]) -> Vec<u8> {
    let mut t = b"MM\0*\0\0\0\x08".to_vec();
    t.extend_from_slice(&(entries.len() as u16).to_be_bytes());
    for (tag, ty, count, value) in entries {
        t.extend_from_slice(&tag.to_be_bytes());
        t.extend_from_slice(&ty.to_be_bytes());
        t.extend_from_slice(&count.to_be_bytes());
        t.extend_from_slice(value);
    }
    t.extend_from_slice(&[0, 0, 0, 0]);
    t
}

/// Inserts an APPn segment right after SOI.
fn insert_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn exif_app1(entries: &[(u16, u16, u32, [u8; 4])]) -> Vec<u8> {
    let mut p = b"Exif\0\0".to_vec();
    p.extend_from_slice(&tiff(entries));
    p
}

fn orientation_entry(n: u8) -> (u16, u16, u32, [u8; 4]) {
    (0x0112, 3, 1, [0, n, 0, 0])
}

fn encode_jpeg(img: &DynamicImage, q: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q)
        .encode_image(img)
        .unwrap();
    out
}

fn encode(img: &DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), format)
        .unwrap();
    out
}

/// Upright picture: red top-left, green top-right, blue bottom-left, white bottom-right.
fn quadrants(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| match (x < w / 2, y < h / 2) {
        (true, true) => Rgb([255, 0, 0]),
        (false, true) => Rgb([0, 255, 0]),
        (true, false) => Rgb([0, 0, 255]),
        (false, false) => Rgb([255, 255, 255]),
    })
}

fn close(a: [u8; 3], b: [u8; 3], tol: i32) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| (*x as i32 - y as i32).abs() <= tol)
}

fn assert_quadrants(img: &DynamicImage, what: &str) {
    let (w, h) = img.dimensions();
    let rgb = img.to_rgb8();
    let at = |fx: f32, fy: f32| {
        rgb.get_pixel((w as f32 * fx) as u32, (h as f32 * fy) as u32)
            .0
    };
    for (fx, fy, want, name) in [
        (0.25, 0.25, [255, 0, 0], "red top-left"),
        (0.75, 0.25, [0, 255, 0], "green top-right"),
        (0.25, 0.75, [0, 0, 255], "blue bottom-left"),
        (0.75, 0.75, [255, 255, 255], "white bottom-right"),
    ] {
        let got = at(fx, fy);
        assert!(close(got, want, 40), "{what}: expected {name}, got {got:?}");
    }
}

/// The stored picture that, turned by EXIF orientation `n`, shows `upright`.
fn stored_for(upright: &RgbImage, n: u8) -> DynamicImage {
    use image::metadata::Orientation;
    let up = DynamicImage::ImageRgb8(upright.clone());
    let turn = Orientation::from_exif(n).unwrap();
    (1..=8)
        .map(|k| {
            let mut s = up.clone();
            s.apply_orientation(Orientation::from_exif(k).unwrap());
            s
        })
        .find(|s| {
            let mut t = s.clone();
            t.apply_orientation(turn);
            t.to_rgb8() == *upright
        })
        .expect("the eight orientations form a group")
}

fn jpeg_with_orientation(upright: &RgbImage, n: u8) -> Vec<u8> {
    let stored = encode_jpeg(&stored_for(upright, n), 95);
    let with = insert_segment(&stored, 0xE1, &exif_app1(&[orientation_entry(n)]));
    // The fixture really carries the tag.
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&with))
        .unwrap();
    let tag = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .unwrap();
    assert_eq!(tag.value.get_uint(0), Some(n as u32));
    with
}

fn no_metadata(out: &[u8]) {
    assert!(
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(out))
            .is_err(),
        "the output still has EXIF"
    );
    assert!(media::jpeg_metadata_markers(out).is_empty());
    for needle in [
        &b"Exif\0"[..],
        b"http://ns.adobe.com/xap",
        b"Photoshop 3.0",
        b"xmpmeta",
    ] {
        assert!(
            !out.windows(needle.len()).any(|w| w == needle),
            "{} left in the output",
            String::from_utf8_lossy(needle)
        );
    }
}

#[test]
fn every_orientation_comes_out_upright_at_full_size() {
    let upright = quadrants(48, 32);
    for n in 1..=8 {
        let input = jpeg_with_orientation(&upright, n);
        let p = media::process(&input, &opts(), 1600).unwrap();
        assert_eq!((p.width, p.height), (48, 32), "orientation {n}");
        let out = image::load_from_memory(&p.bytes).unwrap();
        assert_eq!(out.dimensions(), (48, 32), "orientation {n}");
        assert_quadrants(&out, &format!("orientation {n}"));
        no_metadata(&p.bytes);
    }
}

#[test]
fn every_orientation_comes_out_upright_when_downscaled() {
    // 800 px wide shown, 200 px asked: the JPEG is shrunk 1/4 in the DCT, turned after.
    let upright = quadrants(800, 400);
    for n in 1..=8 {
        let input = jpeg_with_orientation(&upright, n);
        let p = media::process(&input, &opts(), 200).unwrap();
        assert_eq!((p.width, p.height), (200, 100), "orientation {n}");
        let out = image::load_from_memory(&p.bytes).unwrap();
        assert_eq!(out.dimensions(), (200, 100));
        assert_quadrants(&out, &format!("orientation {n}, downscaled"));
        no_metadata(&p.bytes);
    }
}

#[test]
fn exif_gps_xmp_iptc_and_comments_are_gone_icc_stays() {
    let img = DynamicImage::ImageRgb8(quadrants(64, 48));
    let mut j = encode_jpeg(&img, 95);
    // GPSInfo pointer + make; XMP; IPTC; a comment; an ICC profile.
    j = insert_segment(
        &j,
        0xE1,
        &exif_app1(&[(0x010F, 2, 4, *b"ACM\0"), (0x8825, 4, 1, [0, 0, 0, 0x1A])]),
    );
    j = insert_segment(
        &j,
        0xE1,
        b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>48,51N</exif:GPSLatitude></x:xmpmeta>",
    );
    j = insert_segment(&j, 0xED, b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x05Paris");
    j = insert_segment(&j, 0xFE, b"shot at home");
    let profile = b"fake-but-verbatim ICC profile bytes".to_vec();
    let mut icc = b"ICC_PROFILE\0\x01\x01".to_vec();
    icc.extend_from_slice(&profile);
    j = insert_segment(&j, 0xE2, &icc);
    for max in [1600, 32] {
        let p = media::process(&j, &opts(), max).unwrap();
        no_metadata(&p.bytes);
        assert!(!p.bytes.windows(5).any(|w| w == b"Paris"));
        assert!(!p.bytes.windows(12).any(|w| w == b"shot at home"));
        assert!(
            p.bytes.windows(profile.len()).any(|w| w == &profile[..]),
            "the ICC profile must be kept (max width {max})"
        );
    }
}

/// Number of colour components in a JPEG's frame header.
fn sof_components(j: &[u8]) -> u8 {
    let i = j
        .windows(2)
        .position(|w| w[0] == 0xFF && matches!(w[1], 0xC0..=0xC2))
        .expect("a frame header");
    j[i + 9]
}

#[test]
fn grayscale_and_cmyk_jpegs_import() {
    let gray = DynamicImage::ImageLuma8(image::GrayImage::from_fn(300, 200, |x, _| {
        image::Luma([if x < 150 { 30 } else { 220 }])
    }));
    let mut gray_jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut gray_jpeg, 90)
        .encode(gray.as_bytes(), 300, 200, jpeg_encoder::ColorType::Luma)
        .unwrap();
    assert_eq!(sof_components(&gray_jpeg), 1);
    let p = media::process(&gray_jpeg, &opts(), 100).unwrap();
    assert_eq!(sof_components(&p.bytes), 1, "stays a one-channel JPEG");
    let out = image::load_from_memory(&p.bytes).unwrap();
    assert_eq!(out.dimensions(), (100, 67));
    let l = out.to_luma8();
    assert!((l.get_pixel(10, 30).0[0] as i32 - 30).abs() < 12);
    assert!((l.get_pixel(90, 30).0[0] as i32 - 220).abs() < 12);

    // CMYK (Adobe, as Photoshop writes for print): left half cyan, right half black ink.
    let (w, h) = (240u16, 160u16);
    let mut cmyk = Vec::new();
    for _y in 0..h {
        for x in 0..w {
            cmyk.extend_from_slice(if x < w / 2 {
                &[255, 0, 0, 0]
            } else {
                &[0, 0, 0, 255]
            });
        }
    }
    let mut j = Vec::new();
    jpeg_encoder::Encoder::new(&mut j, 95)
        .encode(&cmyk, w, h, jpeg_encoder::ColorType::Cmyk)
        .unwrap();
    // What a reference decoder (zune-jpeg via image) shows for the source.
    let reference = image::load_from_memory(&j).unwrap().to_rgb8();
    let left_ref = reference.get_pixel(20, 80).0;
    let right_ref = reference.get_pixel(220, 80).0;
    let p = media::process(&j, &opts(), 120).unwrap();
    let out = image::load_from_memory(&p.bytes).unwrap().to_rgb8();
    assert_eq!(out.dimensions(), (120, 80));
    assert!(
        close(out.get_pixel(10, 40).0, left_ref, 20),
        "{:?} vs {left_ref:?}",
        out.get_pixel(10, 40)
    );
    assert!(close(out.get_pixel(110, 40).0, right_ref, 20));
    // Cyan ink is cyan, black ink is dark.
    let c = out.get_pixel(10, 40).0;
    assert!(
        c[0] < 100 && c[1] > 150 && c[2] > 150,
        "cyan came out as {c:?}"
    );
    assert!(out.get_pixel(110, 40).0.iter().all(|v| *v < 80));
}

#[test]
fn sixteen_bit_and_palette_pngs_import() {
    let deep = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(400, 100, |x, _| {
        if x < 200 {
            image::Rgb([65535, 0, 0])
        } else {
            image::Rgb([0, 0, 65535])
        }
    });
    let png16 = encode(&DynamicImage::ImageRgb16(deep), image::ImageFormat::Png);
    let p = media::process(&png16, &opts(), 200).unwrap();
    assert_eq!((p.format, p.ext), ("png", "png"));
    let out = image::load_from_memory(&p.bytes).unwrap();
    assert_eq!(out.dimensions(), (200, 50));
    let rgb = out.to_rgb8();
    assert!(close(rgb.get_pixel(20, 25).0, [255, 0, 0], 4));
    assert!(close(rgb.get_pixel(180, 25).0, [0, 0, 255], 4));

    // An indexed (palette) PNG with a transparent entry, written with the png crate.
    let (w, h) = (64u32, 64u32);
    let mut pal = Vec::new();
    {
        let mut e = png::Encoder::new(&mut pal, w, h);
        e.set_color(png::ColorType::Indexed);
        e.set_depth(png::BitDepth::Eight);
        e.set_palette(vec![255, 255, 0, 0, 128, 0]);
        e.set_trns(vec![255, 0]);
        let mut wr = e.write_header().unwrap();
        let data: Vec<u8> = (0..w * h).map(|i| ((i % w) >= w / 2) as u8).collect();
        wr.write_image_data(&data).unwrap();
    }
    // Not resized: either the same file minus metadata, or a smaller re-encoding.
    let p = media::process(&pal, &opts(), 1600).unwrap();
    assert!(p.bytes.len() <= pal.len());
    let out = image::load_from_memory(&p.bytes).unwrap().to_rgba8();
    assert_eq!(out.get_pixel(5, 5).0, [255, 255, 0, 255]);
    assert_eq!(out.get_pixel(60, 5).0[3], 0, "transparency kept");
    // Resized: transparent half stays transparent.
    let p = media::process(&pal, &opts(), 32).unwrap();
    let out = image::load_from_memory(&p.bytes).unwrap().to_rgba8();
    assert_eq!(out.dimensions(), (32, 32));
    assert!(close(
        [
            out.get_pixel(3, 3).0[0],
            out.get_pixel(3, 3).0[1],
            out.get_pixel(3, 3).0[2]
        ],
        [255, 255, 0],
        3
    ));
    assert_eq!(out.get_pixel(30, 3).0[3], 0);
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for b in data {
        c ^= *b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn chunk(out: &mut Vec<u8>, ty: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = ty.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

#[test]
fn a_50000_by_50000_png_header_bomb_is_refused_before_decoding() {
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&50_000u32.to_be_bytes());
    ihdr.extend_from_slice(&50_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut bomb, b"IHDR", &ihdr);
    // A valid zlib stream of one stored block of zero bytes (the first row's start).
    let mut z = vec![0x78, 0x01, 0x01];
    z.extend_from_slice(&1000u16.to_le_bytes());
    z.extend_from_slice(&(!1000u16).to_le_bytes());
    z.extend_from_slice(&[0u8; 1000]);
    z.extend_from_slice(&[0, 0, 0, 1]);
    chunk(&mut bomb, b"IDAT", &z);
    chunk(&mut bomb, b"IEND", &[]);
    let e = media::process(&bomb, &opts(), 1600).unwrap_err();
    assert!(e.message.contains("50000 × 50000"), "{}", e.message);
    assert!(e.message.contains("megapixels"), "{}", e.message);

    // The memory cap applies on its own too.
    let small = ImportOptions {
        max_memory: 1 << 20,
        ..opts()
    };
    let png = encode(
        &DynamicImage::ImageRgb8(quadrants(1000, 1000)),
        image::ImageFormat::Png,
    );
    let e = media::process(&png, &small, 1600).unwrap_err();
    assert!(e.message.contains("memory"), "{}", e.message);
}

#[test]
fn broken_and_wrong_files_get_clear_errors() {
    let j = encode_jpeg(&DynamicImage::ImageRgb8(quadrants(200, 200)), 90);
    let e = media::process(&j[..j.len() / 2], &opts(), 1600).unwrap_err();
    assert!(e.message.contains("truncated"), "{}", e.message);
    let e = media::process(&[], &opts(), 1600).unwrap_err();
    assert!(e.message.contains("empty"), "{}", e.message);
    let e = media::process(b"Dear diary,\nnot a photo at all.\n", &opts(), 1600).unwrap_err();
    assert!(e.message.contains("text"), "{}", e.message);
    let png = encode(
        &DynamicImage::ImageRgb8(quadrants(200, 200)),
        image::ImageFormat::Png,
    );
    let e = media::process(&png[..png.len() - 40], &opts(), 1600).unwrap_err();
    assert!(e.message.contains("truncated"), "{}", e.message);
    let e = media::process(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", &opts(), 1600).unwrap_err();
    assert!(
        e.message.contains("HEIC") && e.message.contains("JPEG"),
        "{}",
        e.message
    );
}

#[test]
fn animated_gifs_are_kept_with_a_warning_static_ones_resized() {
    use image::codecs::gif::GifEncoder;
    use image::{Delay, Frame, RgbaImage};
    let mut gif = Vec::new();
    {
        let mut enc = GifEncoder::new(&mut gif);
        for c in [[255, 0, 0, 255], [0, 0, 255, 255]] {
            let f = Frame::from_parts(
                RgbaImage::from_pixel(300, 100, image::Rgba(c)),
                0,
                0,
                Delay::from_numer_denom_ms(100, 1),
            );
            enc.encode_frame(f).unwrap();
        }
    }
    let p = media::process(&gif, &opts(), 100).unwrap();
    assert_eq!((p.format, p.width, p.height), ("gif", 300, 100));
    assert!(
        p.warnings.iter().any(|w| w.contains("animated")),
        "{:?}",
        p.warnings
    );
    let frames = image::codecs::gif::GifDecoder::new(std::io::Cursor::new(&p.bytes)).unwrap();
    use image::AnimationDecoder;
    assert_eq!(frames.into_frames().count(), 2);

    let still = encode(
        &DynamicImage::ImageRgb8(quadrants(300, 100)),
        image::ImageFormat::Gif,
    );
    let p = media::process(&still, &opts(), 100).unwrap();
    assert_eq!((p.format, p.width, p.height), ("png", 100, 33));
    assert_quadrants(&image::load_from_memory(&p.bytes).unwrap(), "static GIF");
}

#[test]
fn photos_already_small_are_copied_minus_metadata_when_that_is_smaller() {
    // A q60 JPEG: re-encoding at q82 would be bigger, so the stripped original is kept.
    let img = DynamicImage::ImageRgb8(RgbImage::from_fn(300, 200, |x, y| {
        Rgb([
            (x * 7 % 256) as u8,
            (y * 5 % 256) as u8,
            ((x * y) % 256) as u8,
        ])
    }));
    let mut small = Vec::new();
    jpeg_encoder::Encoder::new(&mut small, 40)
        .encode(img.as_bytes(), 300, 200, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    let with_exif = insert_segment(&small, 0xE1, &exif_app1(&[(0x010F, 2, 4, *b"ACM\0")]));
    let p = media::process(&with_exif, &opts(), 1600).unwrap();
    assert!(
        p.bytes == small,
        "the picture data is copied byte for byte (got {} bytes, original {}, header {:?})",
        p.bytes.len(),
        small.len(),
        &p.bytes[..24.min(p.bytes.len())]
    );
    no_metadata(&p.bytes);
}

#[test]
fn webp_svg_and_unknown_formats() {
    let webp = encode(
        &DynamicImage::ImageRgb8(quadrants(120, 80)),
        image::ImageFormat::WebP,
    );
    let p = media::process(&webp, &opts(), 1600).unwrap();
    assert_eq!((p.format, p.width, p.height), ("webp", 120, 80));
    let p = media::process(&webp, &opts(), 60).unwrap();
    assert_eq!((p.width, p.height), (60, 40));
    assert_quadrants(&image::load_from_memory(&p.bytes).unwrap(), "WebP resized");

    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><script>alert(2)</script><rect width="10" height="10"/></svg>"#;
    let p = media::process(svg, &opts(), 1600).unwrap();
    assert_eq!(p.format, "svg");
    let text = String::from_utf8(p.bytes).unwrap();
    assert!(!text.contains("alert") && text.contains("<rect"), "{text}");
    assert!(!p.warnings.is_empty());

    let mut bmp = b"BM\x46\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0".to_vec();
    bmp.extend_from_slice(&[0u8; 40]);
    let e = media::process(&bmp, &opts(), 1600).unwrap_err();
    assert!(e.message.contains("BMP"), "{}", e.message);
}

#[test]
fn progressive_and_restart_marker_jpegs_downscale_correctly() {
    let up = quadrants(800, 400);
    for (progressive, restart) in [(true, None), (false, Some(4u16)), (true, Some(2))] {
        let mut j = Vec::new();
        let mut e = jpeg_encoder::Encoder::new(&mut j, 90);
        e.set_progressive(progressive);
        if let Some(r) = restart {
            e.set_restart_interval(r);
        }
        e.encode(up.as_raw(), 800, 400, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        let with = insert_segment(&j, 0xE1, &exif_app1(&[orientation_entry(1)]));
        let p = media::process(&with, &opts(), 200).unwrap();
        let out = image::load_from_memory(&p.bytes).unwrap();
        assert_eq!(out.dimensions(), (200, 100));
        let what = format!("progressive {progressive}, restart {restart:?}");
        assert_quadrants(&out, &what);
        no_metadata(&p.bytes);
    }
}
