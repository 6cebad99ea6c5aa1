// Clean twin of inst_hbo_c_nul_rust_main: Rust keeps one byte for the NUL.
extern "C" {
    fn c_copy_name(dst: *mut u8, n: usize);
}

fn main() {
    let mut v: Vec<u8> = vec![0u8; 16];
    unsafe { c_copy_name(v.as_mut_ptr(), v.len() - 1) };
    std::hint::black_box(&mut v);
    assert_eq!(&v[..], b"ffisan-widget-0\0");
    eprintln!("done: {}", String::from_utf8_lossy(&v[..15]));
}
