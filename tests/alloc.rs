//! The module's allocator (src/alloc.rs), in the build the browser runs: a freed block is reused
//! for the next request of its size, contents survive reallocation across sizes, and blocks
//! larger than a page work. Run by scripts/test.sh.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_freed_block_is_reused_for_its_size_and_blocks_do_not_overlap() {
    let first = Box::new([7u8; 100]);
    let address = first.as_ptr() as usize;
    drop(first);
    let again = Box::new([9u8; 120]); // the same block size (128)
    assert_eq!(again.as_ptr() as usize, address);
    let other = Box::new([1u8; 100]);
    assert_ne!(other.as_ptr() as usize, address, "a block in use is not handed out");
    assert!(again.iter().all(|&b| b == 9) && other.iter().all(|&b| b == 1));
    let small: Vec<Box<u64>> = (0..1000).map(Box::new).collect();
    let mut addresses: Vec<usize> = small.iter().map(|b| &**b as *const u64 as usize).collect();
    assert!(addresses.iter().all(|a| a % 8 == 0), "aligned");
    addresses.sort_unstable();
    assert!(addresses.windows(2).all(|w| w[1] - w[0] >= 8), "no two blocks overlap");
    assert!(small.iter().enumerate().all(|(i, b)| **b == i as u64));
}

#[wasm_bindgen_test]
fn contents_survive_growing_and_shrinking() {
    let mut text = String::new();
    for i in 0..50_000u32 {
        text.push(char::from(b'a' + (i % 26) as u8));
    }
    assert!(text.bytes().enumerate().all(|(i, b)| b == b'a' + (i % 26) as u8));
    text.truncate(300);
    text.shrink_to_fit();
    assert_eq!(text.len(), 300);
    assert!(text.bytes().enumerate().all(|(i, b)| b == b'a' + (i % 26) as u8));
}

#[wasm_bindgen_test]
fn blocks_larger_than_a_page() {
    let big: Vec<Vec<u8>> = (0..4u8).map(|i| vec![i; 200_000]).collect();
    for (i, block) in big.iter().enumerate() {
        assert!(block.iter().all(|&b| b == i as u8));
    }
    let addresses: Vec<usize> = big.iter().map(|b| b.as_ptr() as usize).collect();
    drop(big);
    let reused = vec![5u8; 150_000]; // the same block size (256 KiB)
    assert!(addresses.contains(&(reused.as_ptr() as usize)));
}
