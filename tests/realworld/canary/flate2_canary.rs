//! ffisan canary for the flate2 (zlib) suite, built as an example of the
//! copied crate by tests/realworld/run.sh. Each mode plants one boundary bug
//! of the kind a caller of libz-sys writes; without an argument the same work
//! is done correctly. Natively every mode exits 0: the 6-byte overflow lands
//! in malloc's slack, and the dangling input only makes zlib fail with
//! Z_DATA_ERROR, which a caller may well treat as bad data.
//!   overflow : `uncompress` told the output buffer is larger than it is
//!   uaf      : `uncompress` given an input buffer that was already dropped
#![allow(non_camel_case_types)]
use std::os::raw::{c_int, c_ulong};

// flate2 turns off libz-sys's default "libc" feature, which declares these:
// declare them here (libz-sys links the system libz).
extern crate libz_sys;
type uLong = c_ulong;
const Z_OK: c_int = 0;
extern "C" {
    fn compressBound(source_len: uLong) -> uLong;
    fn compress2(dst: *mut u8, dst_len: *mut uLong, src: *const u8, src_len: uLong, level: c_int) -> c_int;
    fn uncompress(dst: *mut u8, dst_len: *mut uLong, src: *const u8, src_len: uLong) -> c_int;
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let plain: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut packed = vec![0u8; unsafe { compressBound(plain.len() as uLong) } as usize];
    let mut packed_len = packed.len() as uLong;
    // Level 0: stored blocks, which zlib's inflate copies with memcpy.
    let rc = unsafe {
        compress2(packed.as_mut_ptr(), &mut packed_len, plain.as_ptr(), plain.len() as uLong, 0)
    };
    assert_eq!(rc, Z_OK);
    packed.truncate(packed_len as usize);

    let mut out = vec![0u8; plain.len()];
    let mut out_len = out.len() as uLong;
    let rc = match mode.as_str() {
        "overflow" => {
            let mut small = vec![0u8; plain.len() - 6];
            let mut small_len = plain.len() as uLong; // BUG: claims 6 bytes too many
            let rc = unsafe {
                uncompress(small.as_mut_ptr(), &mut small_len, packed.as_ptr(), packed_len)
            };
            println!("{}", small[0]);
            rc
        }
        "uaf" => {
            let input = packed.clone();
            let p = input.as_ptr();
            drop(input); // BUG: the input is released before zlib reads it
            unsafe { uncompress(out.as_mut_ptr(), &mut out_len, p, packed_len) }
        }
        _ => unsafe { uncompress(out.as_mut_ptr(), &mut out_len, packed.as_ptr(), packed_len) },
    };
    println!("rc={rc}");
    if mode.is_empty() {
        assert_eq!(rc, Z_OK);
        assert_eq!(out, plain);
    }
}
