// C strcpy()s a Rust buffer onto itself with overlap: mut-borrow-overlap.
use std::os::raw::c_char;

extern "C" {
    fn c_make_room(s: *mut c_char);
}

fn main() {
    let mut buf = vec![0u8; 32];
    buf[..10].copy_from_slice(b"abcdefghij");
    unsafe { c_make_room(buf.as_mut_ptr() as *mut c_char) }; // line:call
    eprintln!("done {}", String::from_utf8_lossy(&buf[..12]));
}
