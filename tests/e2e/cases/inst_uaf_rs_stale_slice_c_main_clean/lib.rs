// A Rust checksum service over a C buffer: rs_attach() keeps the buffer as
// a (pointer, length) view, rs_checksum() reads it through a slice.
use std::sync::Mutex;

struct View(*const u8, usize);
unsafe impl Send for View {}

static VIEW: Mutex<Option<View>> = Mutex::new(None);

#[no_mangle]
pub extern "C" fn rs_attach(p: *const u8, n: usize) {
    *VIEW.lock().unwrap() = Some(View(p, n));
}

#[no_mangle]
pub extern "C" fn rs_checksum() -> u32 {
    let g = VIEW.lock().unwrap();
    let v = g.as_ref().expect("attached");
    let s: &[u8] = unsafe { std::slice::from_raw_parts(v.0, v.1) };
    let mut sum = 0u32;
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        sum = sum.wrapping_mul(31).wrapping_add(b as u32);
        i += 1;
    }
    sum
}

#[no_mangle]
pub extern "C" fn rs_detach() {
    *VIEW.lock().unwrap() = None;
}
