// C memcpy()s 24 bytes into a 16-byte Rust Vec buffer: heap-buffer-overflow.
use std::os::raw::c_void;

extern "C" {
    fn c_fill(dst: *mut c_void, src: *const c_void, n: usize);
}

fn main() {
    let mut v: Vec<u8> = vec![0u8; 16]; // line:alloc
    let src = [0x41u8; 64];
    unsafe { c_fill(v.as_mut_ptr() as *mut c_void, src.as_ptr() as *const c_void, 24) }; // line:call
    std::hint::black_box(&mut v);
    eprintln!("done");
}
