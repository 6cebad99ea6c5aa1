// Rust lends C an 8-byte array on its stack and a length of 9: C's ninth
// store lands in the array's redzone: stack-buffer-overflow by a plain C
// store (main.rs via ffisan-rustc gives the escaping array redzones).
extern "C" {
    fn c_fill_pattern(p: *mut u8, n: usize);
}

fn main() {
    let mut header = [0u8; 8]; // line:array
    unsafe { c_fill_pattern(header.as_mut_ptr(), header.len() + 1) }; // line:call
    std::hint::black_box(&header);
    eprintln!("done: {:02x}", header[7]);
}
