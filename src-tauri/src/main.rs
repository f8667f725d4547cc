// Prevents an extra console window on Windows in release.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// mimalloc keeps freed memory for reuse: each preview render allocates and frees megabytes,
/// which glibc's allocator returns to the kernel and faults back in on the next key press.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    postdesk_app::run();
}
