// Rust keeps a slice over a C buffer's storage, then appends to the buffer:
// C reallocates it and the slice dangles. Reading through the stale slice is
// a heap-use-after-free by a plain Rust load (main.rs built with ffisan-rustc).
#[repr(C)]
pub struct CBuf {
    _private: [u8; 0],
}

extern "C" {
    fn cbuf_new(n: usize, fill: u8) -> *mut CBuf;
    fn cbuf_data(b: *const CBuf) -> *const u8;
    fn cbuf_len(b: *const CBuf) -> usize;
    fn cbuf_push(b: *mut CBuf, byte: u8);
    fn cbuf_free(b: *mut CBuf);
}

fn main() {
    unsafe {
        let b = cbuf_new(32, 7); // line:new
        let view: &[u8] = std::slice::from_raw_parts(cbuf_data(b), cbuf_len(b));
        cbuf_push(b, 1); // line:push
        let x = std::hint::black_box(view)[3]; // line:read
        eprintln!("done: {x}");
        cbuf_free(b);
    }
}
