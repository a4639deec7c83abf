/// Text shown on one line of a report: line breaks become spaces, and text longer than
/// `limit` characters is cut with "…".
func oneLine(_ text: String, limit: Int = .max) -> String {
    let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
    return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
}
