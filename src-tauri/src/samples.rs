//! The sample articles shipped in the repository's `samples/` folder, embedded in the app so that
//! a first start on an empty database shows a populated memory.

/// (file name, text) of every sample article.
pub(crate) const SAMPLE_ARTICLES: &[(&str, &str)] = &[
    ("samples/000_a6fa0aa4d8e2f0f3.txt", include_str!("../../samples/000_a6fa0aa4d8e2f0f3.txt")),
    ("samples/001_cc20114ba520b0ba.txt", include_str!("../../samples/001_cc20114ba520b0ba.txt")),
    ("samples/002_12b8442f5b1b4126.txt", include_str!("../../samples/002_12b8442f5b1b4126.txt")),
    ("samples/003_acf944a331a36742.txt", include_str!("../../samples/003_acf944a331a36742.txt")),
    ("samples/004_d5901761ccbce47b.txt", include_str!("../../samples/004_d5901761ccbce47b.txt")),
];
