// Rust hands C a Vec's buffer and its full length; C's terminating NUL lands
// one byte past the 16-byte block: heap-buffer-overflow by a plain C store.
extern "C" {
    fn c_copy_name(dst: *mut u8, n: usize);
}

fn main() {
    let mut v: Vec<u8> = vec![0u8; 16]; // line:alloc
    unsafe { c_copy_name(v.as_mut_ptr(), v.len()) }; // line:call
    std::hint::black_box(&mut v);
    eprintln!("done: {}", String::from_utf8_lossy(&v[..15]));
}
