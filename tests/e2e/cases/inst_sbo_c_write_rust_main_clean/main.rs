// Clean twin of inst_sbo_c_write_rust_main: the length is the array's.
extern "C" {
    fn c_fill_pattern(p: *mut u8, n: usize);
}

fn main() {
    let mut header = [0u8; 8];
    unsafe { c_fill_pattern(header.as_mut_ptr(), header.len()) };
    std::hint::black_box(&header);
    eprintln!("done: {:02x}", header[7]);
}
