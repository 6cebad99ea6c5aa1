// C memcpy()s a Rust buffer onto itself with overlap: mut-borrow-overlap.
extern "C" {
    fn c_shift(buf: *mut u8, k: usize, n: usize);
}

fn main() {
    let mut v: Vec<u8> = (0..64u8).collect();
    unsafe { c_shift(v.as_mut_ptr(), 8, 32) }; // line:call
    eprintln!("done {}", v[8]);
}
