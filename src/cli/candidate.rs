//! `callsheet candidate show|edit|merge`: correcting who a candidate is,
//! and the identity lines of the import summary (docs/identity.md).

use crate::sanitize;
use crate::store::ImportReport;

/// The import summary's identity lines: which region numbers without a
/// country code were read in, names that share a number with another
/// person, and names kept as aliases.
pub fn import_summary(out: &mut String, r: &ImportReport) {
    if let Some(region) = &r.region {
        out.push_str(&format!(
            "numbers without a country code read as {region} (default_region in the config)\n"
        ));
    }
    for s in &r.identity {
        out.push_str(&format!("note {}\n", sanitize::line(s)));
    }
}
